"""Tags of lessons: parsed from what a user typed, matched case-insensitively, created on first use."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.translation import gettext as _

from core.exceptions import Rules
from knowledge.models import Tag

MAX_TAGS = 10
MAX_TAG_LENGTH = 40
_SPLIT = re.compile(r"[,、，;\n]+")


def parse_tags(value: str | Iterable[str] | None) -> list[str]:
    """Tag names from a comma-separated string (also 、 and ，) or a list, cleaned, in order, without duplicates."""
    if value is None:
        return []
    parts = _SPLIT.split(value) if isinstance(value, str) else [str(v) for v in value]
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        name = " ".join(part.split()).lstrip("#").strip()
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def check_tags(rules: Rules, names: list[str]) -> None:
    rules.check(len(names) <= MAX_TAGS, "tags", _("Use at most %(n)d tags.") % {"n": MAX_TAGS})
    long = [n for n in names if len(n) > MAX_TAG_LENGTH]
    rules.check(
        not long,
        "tags",
        _("A tag has at most %(n)d characters: %(tag)s") % {"n": MAX_TAG_LENGTH, "tag": ", ".join(long)},
    )


def tags_for(names: list[str]) -> list[Tag]:
    """The Tag rows for ``names`` (created when new), in the given order."""
    keys = [n.casefold() for n in names]
    existing = {t.key: t for t in Tag.objects.filter(key__in=keys)}
    out = []
    for name, key in zip(names, keys, strict=True):
        tag = existing.get(key)
        if tag is None:
            tag, _created = Tag.objects.get_or_create(key=key, defaults={"name": name})
        out.append(tag)
    return out

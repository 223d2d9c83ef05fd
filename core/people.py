"""How people's names are shown: Japanese names family name first (佐藤 健), others as "First Last"."""

from __future__ import annotations

import unicodedata


def _is_cjk(text: str) -> bool:
    return any(unicodedata.name(ch, "").startswith(("CJK", "HIRAGANA", "KATAKANA")) for ch in text)


def display_name(user) -> str:
    """The name to show for ``user``; the username when no name is set. Empty for no user."""
    if user is None:
        return ""
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if first and last:
        return f"{last} {first}" if _is_cjk(first + last) else f"{first} {last}"
    return first or last or user.username

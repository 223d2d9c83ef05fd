"""Markdown to safe HTML: markdown-it-py (CommonMark + tables, raw HTML off), then nh3 (an allow-list sanitiser).

Two layers on purpose: markdown-it escapes raw HTML in the source, and nh3 removes anything the renderer could still
produce that is not plain prose (a ``javascript:`` link, an event handler, a ``data:`` image). Links keep only
http, https, mailto and relative URLs, and carry ``rel="noopener noreferrer nofollow"``.
"""

from __future__ import annotations

from functools import lru_cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "code", "del", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "kbd", "li", "ol", "p", "pre", "s", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
        "tr", "ul",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "th": {"align"},
    "td": {"align"},
    "ol": {"start"},
    "code": {"class"},
}
ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.enable("strikethrough")
    return md


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    """Only language classes on code blocks (``language-python``); nothing else may style the page."""
    if tag == "code" and attr == "class":
        return value if value.startswith("language-") and value.replace("-", "").isalnum() else None
    return value


def sanitize_html(html: str) -> str:
    """``html`` with everything outside the allow-list removed (tags kept as text content)."""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_attribute_filter,
    )


def render_markdown(text: str) -> SafeString:
    """The Markdown ``text`` as sanitised HTML, safe to insert into a page."""
    if not text:
        return mark_safe("")  # noqa: S308 - empty
    html = _renderer().render(str(text))
    return mark_safe(sanitize_html(html))  # noqa: S308 - sanitised by nh3 just above

"""core.markdown: Markdown renders to sanitised HTML; no script, iframe, event handler or dangerous URL survives."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import SafeString

from core.markdown import render_markdown

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<iframe src='https://evil.example'></iframe>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](java\tscript:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    "![img](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "<style>body{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<svg onload=alert(1)>",
    "<object data=x></object><embed src=x>",
    "[x](vbscript:msgbox(1))",
    '<a href="https://ok.example" onclick="alert(1)">x</a>',
    "<form action=x><input name=a></form>",
    "<!-- comment --><p onmouseover=alert(1)>hi</p>",
]

ALLOWED_SCHEMES = ("http:", "https:", "mailto:")
FORBIDDEN_TAGS = {"script", "iframe", "style", "svg", "object", "embed", "form", "input", "div", "math", "base"}


class Elements(HTMLParser):
    """The real elements and attributes of the rendered HTML (escaped text is not an element)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str):
    parser = Elements()
    parser.feed(html)
    return parser.found


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_render_inert(payload):
    html = str(render_markdown(payload))
    for tag, attrs in elements(html):
        assert tag not in FORBIDDEN_TAGS, html
        for name, value in attrs.items():
            assert not name.startswith("on"), html
            assert name != "style", html
            if name in ("href", "src"):
                url = (value or "").strip().lower()
                assert ":" not in url.split("/")[0] or url.startswith(ALLOWED_SCHEMES), html


def test_dangerous_link_does_not_become_a_link():
    assert not [t for t, a in elements(str(render_markdown("[x](javascript:alert(1))"))) if t == "a"]
    html = str(render_markdown('<a href="https://ok.example" onclick="alert(1)">x</a>'))
    assert "&lt;a" in html


def test_returns_safe_string_and_empty():
    assert isinstance(render_markdown("hi"), SafeString)
    assert render_markdown("") == ""


def test_commonmark_and_tables_render():
    html = str(render_markdown("# Title\n\n*em* **strong** `code`\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n- x\n- y\n"))
    for tag in ("<h1>", "<em>", "<strong>", "<code>", "<table>", "<th>", "<td>", "<ul>", "<li>"):
        assert tag in html


def test_links_keep_safe_schemes_with_rel():
    html = str(render_markdown("[a](https://example.com) [b](/standards/) [c](mailto:pmo@example.com)"))
    assert 'href="https://example.com"' in html
    assert 'href="/standards/"' in html
    assert 'href="mailto:pmo@example.com"' in html
    assert html.count('rel="noopener noreferrer nofollow"') == 3


def test_code_block_language_class_only():
    html = str(render_markdown("```python\nprint(1)\n```"))
    assert 'class="language-python"' in html
    assert '" onclick' not in str(render_markdown('```x" onclick="a\ny\n```'))


def test_japanese_text_survives():
    assert "週次品質チェック" in str(render_markdown("## 週次品質チェック\n\n納品物事前チェックを行う。"))


def test_template_filter():
    out = Template("{% load pmo %}{{ body|markdown }}").render(Context({"body": "**a** <script>x</script>"}))
    assert "<strong>a</strong>" in out
    assert "<script>" not in out

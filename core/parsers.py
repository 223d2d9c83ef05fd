"""The API's JSON parser: DRF's, made safe against hostile bodies.

A body nested too deeply (``[[[[…]]]]`` 10,000 levels down) makes Python's decoder raise ``RecursionError``, which
DRF's parser lets through as a 500; a NUL character (``\\u0000``) in a string or key reaches PostgreSQL, which
rejects it. Both answer 400 with a translated ``detail`` here, before any view or serializer sees the data.
"""

from __future__ import annotations

import codecs
import json

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: Deeper than any body the portal accepts (a report with its items is 4 levels deep).
MAX_DEPTH = 32


def check_json(data, *, max_depth: int = MAX_DEPTH) -> None:
    """Raise ``ParseError`` if ``data`` (parsed JSON) nests deeper than ``max_depth`` or holds a NUL character."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict | list):
            if depth > max_depth:
                raise ParseError(
                    _("The JSON body is nested too deeply (at most %(depth)d levels).") % {"depth": max_depth}
                )
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                if key is not None and "\x00" in key:
                    raise ParseError(_("Text must not contain the NUL character (\\u0000)."))
                stack.append((item, depth + 1))
        elif isinstance(value, str) and "\x00" in value:
            raise ParseError(_("Text must not contain the NUL character (\\u0000)."))


class SafeJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        try:
            text = codecs.getreader(encoding)(stream).read()
            data = json.loads(text, parse_constant=self._refuse_constant)
        except RecursionError:
            raise ParseError(
                _("The JSON body is nested too deeply (at most %(depth)d levels).") % {"depth": MAX_DEPTH}
            ) from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise ParseError(_("The body is not valid JSON: %(error)s") % {"error": exc}) from None
        check_json(data)
        return data

    @staticmethod
    def _refuse_constant(name: str):
        raise ValueError(_("%(constant)s is not a JSON number") % {"constant": name})

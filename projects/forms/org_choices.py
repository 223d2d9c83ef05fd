"""Choosing an org unit or a program: the select shows its code beside its name ("DIV-SI · SI事業部"), the code an
import file may name (``projects.imports`` accepts the name too)."""

from __future__ import annotations

from typing import Any

from django import forms


def coded_label(obj: Any) -> str:
    """``CODE · name`` of an org unit or program."""
    return f"{obj.code} · {obj.name}"


class CodedModelChoiceField(forms.ModelChoiceField):
    """A select of org units or programs labelled ``CODE · name``."""

    def label_from_instance(self, obj: Any) -> str:
        return coded_label(obj)

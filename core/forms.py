"""Form helpers for every app: Bootstrap 5 classes, and a service's ``RuleError`` shown at its fields."""

from __future__ import annotations

from typing import Any

from django import forms

from core.exceptions import RuleError


def bootstrap_widgets(form: forms.BaseForm) -> None:
    """Give every widget of ``form`` its Bootstrap 5 class (also used on FilterSet forms)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.HiddenInput):
            continue
        if isinstance(widget, forms.CheckboxInput):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select form-select-sm"
        else:
            css = "form-control form-control-sm"
        if isinstance(widget, forms.Textarea):
            widget.attrs.setdefault("rows", 2)
        if css not in widget.attrs.get("class", ""):
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


def mark_invalid(form: forms.BaseForm) -> None:
    """``is-invalid`` on the widgets of the fields that have errors."""
    for name in form._errors or {}:
        if name in form.fields:
            widget = form.fields[name].widget
            if "is-invalid" not in widget.attrs.get("class", ""):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


def add_rule_error(form: forms.BaseForm, exc: RuleError, *, field_map: dict[str, str | None] | None = None) -> None:
    """Show a service's refusal on ``form``: each message at its field (or above the form when the form has no
    such field). ``field_map`` renames a service field to the form's (``{"expected_version": None}``)."""
    if not hasattr(form, "cleaned_data"):
        form.cleaned_data = {}
    for field, messages in exc.errors.items():
        name = (field_map or {}).get(field, field) if field else None
        target = name if name in form.fields else None
        for message in messages:
            # add_error removes the field from cleaned_data, which is harmless after validation.
            form.add_error(target, message)
    mark_invalid(form)


class BootstrapFormMixin:
    """Bootstrap 5 classes on every widget, and ``is-invalid`` on the fields that have errors.

    ``aria-invalid`` and ``aria-describedby`` (help text and the ``<id>_error`` of templates/includes/field.html)
    are added by Django itself.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bootstrap_widgets(self)

    def full_clean(self) -> None:
        super().full_clean()
        mark_invalid(self)

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        mark_invalid(self)


class DisabledOptionsSelect(forms.Select):
    """A select whose options outside ``enabled`` are shown but cannot be chosen (``disabled``).

    The form still accepts every value, so a value the rules refuse reaches the service, which answers with the
    one message for that rule; the browser simply does not offer it.
    """

    def __init__(self, *args: Any, enabled: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.enabled = enabled

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        key = str(getattr(value, "value", value))
        if self.enabled is not None and key not in self.enabled and key != "" and not selected:
            option["attrs"]["disabled"] = True
        return option


def offer(field: forms.ModelChoiceField, offered) -> None:
    """Show only ``offered`` in the field's select while the field still accepts its whole queryset.

    What the browser offers is a convenience; what is allowed is the service's rule. A crafted value outside the
    offer therefore reaches the service and gets its message, the same as through the API.
    """
    choices = [("", field.empty_label)] if field.empty_label is not None else []
    choices += [(field.prepare_value(obj), field.label_from_instance(obj)) for obj in offered]
    field.widget.choices = choices

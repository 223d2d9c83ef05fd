"""Forms for documents, checklists, their items and categories (parse only)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from standards.models import Category, ChecklistPurpose, DocumentKind

LANGUAGE_CHOICES = [(code, _(name)) for code, name in settings.LANGUAGES]


class CategoryChoiceMixin(forms.Form):
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES, initial="ja")


class DocumentForm(BootstrapFormMixin, CategoryChoiceMixin):
    """A new document (with the body and file of its first draft) or, with ``creating=False``, its edit."""

    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("Letters, digits and hyphens, e.g. TPL-PLAN."))
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    body = forms.CharField(label=_("Body (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 14}))
    change_note = forms.CharField(label=_("Change note"), required=False, max_length=500)
    file = forms.FileField(label=_("Attached file (docx, xlsx, pptx, pdf)"), required=False)
    remove_file = forms.BooleanField(label=_("Remove the attached file"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    draft_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, creating: bool = True, has_draft: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["code"]
        else:
            del self.fields["remove_file"]
        if not has_draft:
            for name in ("body", "change_note", "file", "remove_file", "draft_version"):
                self.fields.pop(name, None)


class ChecklistForm(BootstrapFormMixin, CategoryChoiceMixin):
    code = forms.CharField(label=_("Code"), max_length=32, help_text=_("A stable code, e.g. DELIVERY-PRECHECK."))
    title = forms.CharField(label=_("Title"), max_length=200)
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ChecklistPurpose.choices)
    description = forms.CharField(
        label=_("Description (Markdown)"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    change_note = forms.CharField(label=_("Change note"), required=False, max_length=500)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    draft_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, creating: bool = True, has_draft: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not creating:
            del self.fields["code"]
        else:
            del self.fields["change_note"]
        if not has_draft and not creating:
            for name in ("description", "change_note", "draft_version"):
                self.fields.pop(name, None)


class ItemForm(BootstrapFormMixin, forms.Form):
    text = forms.CharField(label=_("Item"), max_length=500)
    guidance = forms.CharField(label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    required = forms.BooleanField(label=_("Required"), required=False)
    source_url = forms.CharField(label=_("Source link"), required=False, max_length=500)
    source_label = forms.CharField(label=_("Source"), required=False, max_length=200)


class ActionForm(forms.Form):
    """A state change button (publish, new version, retire) with the version read and an optional note."""

    action = forms.ChoiceField(choices=[(a, a) for a in ("publish", "new_version", "retire")])
    version = forms.IntegerField(required=False)
    note = forms.CharField(required=False, max_length=500)


class CategoryForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    description = forms.CharField(label=_("Description"), required=False, max_length=300)
    position = forms.IntegerField(label=_("Order"), min_value=0, initial=0)


class CategoryEditForm(CategoryForm):
    """Rename a category (or change its description and order), with the version the editor read."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CategoryMoveForm(forms.Form):
    direction = forms.ChoiceField(choices=[("up", "up"), ("down", "down")])

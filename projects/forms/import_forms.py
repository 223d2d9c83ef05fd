"""Forms of the import pages: choose what to import and upload the file; confirm a checked preview."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from projects import imports


class ImportUploadForm(forms.Form):
    """The kind and the file. A valid form has read the file: ``self.sheet`` holds its rows (not yet validated)."""

    kind = forms.ChoiceField(
        label=_("What to import"),
        choices=imports.KIND_CHOICES,
        initial=imports.PROJECTS,
        widget=forms.RadioSelect,
    )
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        widget=forms.FileInput(attrs={"accept": ".xlsx,.csv", "class": "form-control"}),
    )

    sheet: imports.Sheet | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            "Up to %(mb)s MB and %(rows)s rows. CSV in UTF-8 or Shift_JIS (as Excel saves it)."
        ) % {"mb": imports.MAX_UPLOAD_BYTES // (1024 * 1024), "rows": imports.MAX_ROWS}

    def clean(self):
        cleaned = super().clean()
        kind, upload = cleaned.get("kind"), cleaned.get("file")
        if kind and upload:
            try:
                self.sheet = imports.read_upload(kind, upload)
            except imports.ImportFileError as exc:
                for message in exc.messages:
                    self.add_error("file", message)
        return cleaned


class ImportConfirmForm(forms.Form):
    """The preview's confirmation: the token names the preview kept in the session."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)

"""Lesson forms. They parse (types, choices, lengths); ``knowledge.services`` decides every rule and its message
arrives at the field through ``core.forms.add_rule_error``."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from knowledge import permissions, selectors
from knowledge.models import Lesson
from knowledge.services.tags import parse_tags

MARKDOWN_HELP = _("Markdown: **bold**, lists with -, links [text](https://…).")


class LessonForm(BootstrapFormMixin, forms.ModelForm):
    """Write or edit a lesson. ``tags`` is typed comma-separated (、 works too)."""

    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=500,
        help_text=_("Separate tags with commas, e.g. 要件定義, review, vendor management."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Lesson
        fields = [
            "kind",
            "title",
            "situation",
            "what_happened",
            "root_cause",
            "recommendation",
            "dimension",
            "phase",
            "project_type",
            "source_project",
            "anonymised",
        ]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in ("situation", "what_happened", "root_cause")}
        widgets["recommendation"] = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if "source_project" in self.fields:
            field = self.fields["source_project"]
            field.queryset = selectors.source_project_choices(user, keep=self.instance.source_project_id)
            field.label_from_instance = lambda p: f"{p.code} {p.name}"
        for name in ("situation", "what_happened", "root_cause", "recommendation"):
            if name in self.fields:
                self.fields[name].help_text = MARKDOWN_HELP
        # Parsed only: the service says "Give the lesson a title." (and what publishing needs) at the field.
        self.fields["title"].required = False
        for name in ("title", "what_happened", "recommendation"):
            self.fields[name].show_required = True
        if self.instance.pk:
            self.fields["tags"].initial = ", ".join(t.name for t in self.instance.tags.all())
            self.fields["version"].initial = self.instance.version
        if "anonymised" in self.fields and not permissions.can_curate(user):
            self.fields["anonymised"].disabled = True

    def _post_clean(self) -> None:
        """No model validation here (and the instance keeps its saved values): the service checks every rule."""

    def lesson_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self._meta.fields if not self.fields[name].disabled}
        data["title"] = data.get("title") or ""
        data["tags"] = parse_tags(self.cleaned_data.get("tags", ""))
        return data


class ClosingLessonForm(LessonForm):
    """The closing page's lesson: the essentials; project, phase and type come from the project."""

    publish = forms.BooleanField(label=_("Publish now"), required=False, initial=True)

    class Meta(LessonForm.Meta):
        fields = ["kind", "title", "what_happened", "root_cause", "recommendation", "dimension"]


class PublishForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    anonymised = forms.BooleanField(label=_("Publish anonymised (hide the confidential project)"), required=False)


class RetireForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MergeForm(BootstrapFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    into = forms.ModelChoiceField(queryset=Lesson.objects.none(), label=_("Merge into (the lesson that stays)"),
                                  required=False)  # fmt: skip
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, user, lesson, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = selectors.merge_candidates(user, lesson)
        self.fields["into"].label_from_instance = lambda obj: f"#{obj.pk} {obj.title}"


class VoteForm(forms.Form):
    helpful = forms.TypedChoiceField(choices=[("1", "yes"), ("0", "no")], coerce=lambda v: v == "1")


class PromoteForm(BootstrapFormMixin, forms.Form):
    checklist = forms.ModelChoiceField(queryset=None, label=_("Checklist"), required=False)
    text = forms.CharField(label=_("Checklist item"), max_length=500, required=False)
    guidance = forms.CharField(label=_("Guidance"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    required = forms.BooleanField(label=_("Required item"), required=False)

    def __init__(self, *args, user, **kwargs):
        from knowledge.services.promotion import promotable_checklists

        super().__init__(*args, **kwargs)
        self.fields["checklist"].queryset = promotable_checklists(user)
        self.fields["checklist"].label_from_instance = lambda c: f"{c.code} {c.title}"


class AttachmentForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(label=_("File (PDF, Word, Excel, PowerPoint)"), required=False)


class SkipForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Reason for closing without a lesson"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].show_required = True

"""Forms of the resource pages and the satisfaction survey: they parse input; the services decide the rules."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core.forms import BootstrapFormMixin
from projects.models import OrgUnit, Skill
from projects.services.resources import parse_month


class PersonForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.all())
    user = forms.ModelChoiceField(
        label=_("Portal user"),
        queryset=get_user_model().objects.filter(is_active=True).order_by("username"),
        required=False,
        help_text=_("Optional: link the person to their login (their bookings then show on their pages)."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)
    capacity_fte = forms.DecimalField(
        label=_("Monthly capacity (FTE)"),
        max_digits=3,
        decimal_places=2,
        initial=1,
        help_text=_("1.00 = full time; 0.50 = half time."),
    )
    skills = forms.CharField(
        label=_("Skills"),
        required=False,
        max_length=2000,
        help_text=_("Comma-separated, e.g. Java, test, PMO."),
    )
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def skill_names(self) -> list[str]:
        text = self.cleaned_data.get("skills") or ""
        return [part.strip() for part in text.replace("、", ",").split(",") if part.strip()]


class PeopleFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    org_unit = forms.ModelChoiceField(label=_("Org unit"), queryset=OrgUnit.objects.all(), required=False)
    skill = forms.ModelChoiceField(label=_("Skill"), queryset=Skill.objects.all(), required=False)


class PeopleListFilterForm(PeopleFilterForm):
    inactive = forms.BooleanField(label=_("Include inactive people"), required=False)


class MonthField(forms.CharField):
    """``YYYY-MM`` → the first day of that month."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        from core.exceptions import RuleError

        try:
            return parse_month(value)
        except RuleError as exc:
            raise forms.ValidationError(exc.message) from None


class HeatmapFilterForm(PeopleFilterForm):
    start = MonthField(label=_("From (YYYY-MM)"), required=False, max_length=10)
    months = forms.TypedChoiceField(
        label=_("Months"), choices=[(6, "6"), (12, "12")], coerce=int, required=False, empty_value=6
    )
    over_only = forms.BooleanField(label=_("Only over-allocated people"), required=False)


class SurveyRoundForm(BootstrapFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question"),
        max_length=300,
        required=False,
        help_text=_("Empty: “How satisfied are you with the PMO's support?”"),
    )
    closes_on = forms.DateField(label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}))


class SurveyAnswerForm(BootstrapFormMixin, forms.Form):
    score = forms.TypedChoiceField(
        label=_("Score"),
        choices=[(5, _("5 – very satisfied")), (4, "4"), (3, "3"), (2, "2"), (1, _("1 – very dissatisfied"))],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Anonymous: your name is stored nowhere with your answer. Avoid naming yourself."),
    )

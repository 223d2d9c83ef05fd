"""Forms of the reporting pages: they parse input; every rule is the services'."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from core import roles
from core.forms import BootstrapFormMixin
from projects import selectors as project_selectors
from projects.models import OrgUnit
from reporting.models import ReportKind, Weekday

User = get_user_model()


class RunRequestForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    org_unit = forms.ModelChoiceField(
        label=_("Org unit"), queryset=None, required=False, empty_label=_("Whole portfolio")
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_selectors.portfolio(user).order_by("code")
        self.fields["org_unit"].queryset = OrgUnit.objects.restrict(user, "view").order_by("code")
        self.fields["org_unit"].help_text = _("QCD report only.")
        self.fields["project"].help_text = _("Weekly status report only.")


class ScheduleForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    project = forms.ModelChoiceField(label=_("Project"), queryset=None, required=False)
    org_unit = forms.ModelChoiceField(
        label=_("Org unit"), queryset=None, required=False, empty_label=_("Whole portfolio")
    )
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=Weekday.choices, coerce=int)
    time = forms.TimeField(label=_("Time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = project_selectors.portfolio(user).order_by("code")
        self.fields["org_unit"].queryset = OrgUnit.objects.restrict(user, "view").order_by("code")
        self.fields["time"].help_text = _("Asia/Tokyo time.")
        if editing:  # the kind and project of a schedule stay; a new schedule is made for another
            for name in ("kind", "project"):
                self.fields[name].disabled = True
                self.fields[name].required = False


class RecipientForm(BootstrapFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Portal user"), queryset=None, required=False)
    email = forms.EmailField(label=_("or e-mail address"), required=False)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("", _("The user's language")), *settings.LANGUAGES],
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(is_active=True, groups__name__in=roles.ALL_ROLES)
            .distinct()
            .order_by("last_name", "first_name", "username")
        )

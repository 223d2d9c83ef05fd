"""The roles of SPEC.md as Django groups (created by a data migration), and questions about a user's roles."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

PM = "PM"
MEMBER = "Member"
PMO = "PMO"
EXECUTIVE = "Executive"
STAKEHOLDER = "Stakeholder"

ALL_ROLES = (PM, MEMBER, PMO, EXECUTIVE, STAKEHOLDER)
LOGIN_ROLES = (PM, MEMBER, PMO, EXECUTIVE)
LABELS = {
    PM: _("Project manager"),
    MEMBER: _("Member"),
    PMO: _("PMO"),
    EXECUTIVE: _("Executive"),
    STAKEHOLDER: _("Stakeholder"),
}


def role_names(user) -> frozenset[str]:
    """The user's role group names, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_pmo_roles", None)
    if cached is None:
        cached = frozenset(user.groups.filter(name__in=ALL_ROLES).values_list("name", flat=True))
        user._pmo_roles = cached
    return cached


def is_pmo(user) -> bool:
    return bool(getattr(user, "is_superuser", False)) or PMO in role_names(user)


def is_executive(user) -> bool:
    return EXECUTIVE in role_names(user)


def is_pm(user) -> bool:
    return PM in role_names(user)


def is_member(user) -> bool:
    return MEMBER in role_names(user)


def has_any_role(user) -> bool:
    """A user without a login role sees nothing but their profile."""
    return is_pmo(user) or bool(role_names(user) & set(LOGIN_ROLES))


def sees_everything(user) -> bool:
    """PMO and executives see every project, confidential ones included."""
    return is_pmo(user) or is_executive(user)


def role_labels(user) -> list[str]:
    return [str(LABELS[name]) for name in ALL_ROLES if name in role_names(user)]

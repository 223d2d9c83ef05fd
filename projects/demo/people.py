"""The demo's people and organisation: the demo logins (created only when missing) and the org units and programs
(through ``projects.services.org``, with their audit entries).

An account that already exists under a demo username is never changed: not its password, its flags, its groups
nor its names. The demo uses it as it is when it can play its demo part (the PMO, a PM, a member…), and refuses to
run otherwise, before writing anything.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core import roles
from projects.demo import catalog
from projects.demo.context import DemoContext
from projects.services import org


class DemoRefused(Exception):
    """The demo cannot be built without changing an existing account (nothing was written)."""


#: What an existing account must be to play a demo role in the services (the PMO reviews and decides, a PM runs
#: projects, a member joins them). The executive only reads.
CAPABLE: dict[str, Callable[[Any], bool]] = {
    roles.PMO: roles.is_pmo,
    roles.PM: roles.is_pm,
    roles.MEMBER: roles.has_any_role,
    roles.EXECUTIVE: lambda user: True,
}


def existing_demo_users() -> dict[str, Any]:
    names = [spec.username for spec in catalog.USERS]
    return {user.username: user for user in get_user_model().objects.filter(username__in=names)}


def check_existing_users(existing: dict[str, Any]) -> None:
    """Refuse (``DemoRefused``) when an existing account cannot play its demo role without being changed."""
    unfit = [
        f"{spec.username} (needs to be an active {spec.role})"
        for spec in catalog.USERS
        if spec.username in existing
        and not (existing[spec.username].is_active and CAPABLE[spec.role](existing[spec.username]))
    ]
    if unfit:
        raise DemoRefused(
            "These accounts already exist and the demo never changes an existing account, but as they are they "
            f"cannot play their demo part: {', '.join(unfit)}. Nothing was written. Build the demo on another "
            "database, or give these accounts the role yourself."
        )


def looks_like_demo_login(user: Any, spec: catalog.DemoUser) -> bool:
    """An account as ``seed_demo`` creates it (an earlier run's): the demo's names, e-mail and single role."""
    return (
        (user.first_name, user.last_name, user.email) == (spec.first_name, spec.last_name, spec.email)
        and not user.is_staff
        and not user.is_superuser
        and set(user.groups.values_list("name", flat=True)) == {spec.role}
    )


def make_users(ctx: DemoContext) -> None:
    """Create the missing demo logins (password ``demo``); existing accounts are used as they are (those that are
    not an earlier run's demo logins are listed in ``ctx.kept_users``)."""
    User = get_user_model()
    existing = existing_demo_users()
    check_existing_users(existing)
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.ALL_ROLES}
    password = make_password(catalog.DEMO_PASSWORD)  # hashed once: demo accounts only
    for spec in catalog.USERS:
        user = existing.get(spec.username)
        if user is not None:
            if not looks_like_demo_login(user, spec):
                ctx.kept_users.append(spec.username)
        else:
            user = User.objects.create(
                username=spec.username,
                first_name=spec.first_name,
                last_name=spec.last_name,
                email=spec.email,
                password=password,
                is_active=True,
            )
            user.groups.set([groups[spec.role]])
        ctx.users[spec.username] = user


def make_organisation(ctx: DemoContext) -> None:
    """Org units and programs, created by the PMO through the services before the first project."""
    first_day = min((plan.created_on for plan in ctx.plans), default=ctx.today)
    with ctx.clock.during(ctx.at(first_day - dt.timedelta(days=14), 9)):
        for code, name, parent in catalog.ORG_UNITS:
            ctx.orgs[code] = org.create_org_unit(
                actor=ctx.pmo, code=code, name=name, parent=ctx.orgs[parent] if parent else None
            )
        for code, name, description, org_unit in catalog.PROGRAMS:
            ctx.programs[code] = org.create_program(
                actor=ctx.pmo, code=code, name=name, description=description, org_unit=ctx.orgs[org_unit]
            )

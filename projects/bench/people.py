"""The bench's 500 people (PMO, executives, PMs, members) and its organisation, inserted in bulk.

Every account's password is ``BENCH_PASSWORD`` (hashed once); the logins the benchmark uses are ``bench_pmo``,
``bench_exec`` and ``bench_pm`` (who runs the measured project).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from core import roles
from projects.models import OrgUnit, Program

BENCH_PASSWORD = "bench"  # noqa: S105 - a benchmark database's throwaway accounts
FAMILY = [
    "佐藤",
    "鈴木",
    "高橋",
    "田中",
    "伊藤",
    "渡辺",
    "山本",
    "中村",
    "小林",
    "加藤",
    "吉田",
    "山田",
    "佐々木",
    "松本",
]
GIVEN = ["翔太", "美咲", "大輔", "陽子", "健一", "由美", "拓也", "恵", "直樹", "真理", "誠", "彩", "亮", "香織"]
DIVISIONS = ["公共事業本部", "金融事業本部", "製造事業本部", "流通事業本部", "社内IT本部"]


@dataclass
class People:
    pmo: list[Any] = field(default_factory=list)
    executives: list[Any] = field(default_factory=list)
    pms: list[Any] = field(default_factory=list)
    members: list[Any] = field(default_factory=list)


def create_people(rng: random.Random, total: int = 500) -> People:
    """``total`` accounts: 5 PMO, 10 executives, a quarter PMs, the rest members."""
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    layout = [(roles.PMO, 5), (roles.EXECUTIVE, 10), (roles.PM, total // 4)]
    layout.append((roles.MEMBER, total - sum(n for _role, n in layout)))
    named = {roles.PMO: "bench_pmo", roles.EXECUTIVE: "bench_exec", roles.PM: "bench_pm"}
    users, by_role = [], []
    for role, count in layout:
        for i in range(count):
            username = named[role] if i == 0 and role in named else f"bench_{role.lower()}_{i:03d}"
            users.append(
                User(
                    username=username,
                    password=password,
                    last_name=rng.choice(FAMILY),
                    first_name=rng.choice(GIVEN),
                    email=f"{username}@bench.invalid",
                    is_active=True,
                )
            )
            by_role.append(role)
    users = User.objects.bulk_create(users, batch_size=1000)
    groups = {g.name: g for g in Group.objects.filter(name__in=roles.ALL_ROLES)}
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=u.pk, group_id=groups[role].pk) for u, role in zip(users, by_role, strict=True)]
    )
    people = People()
    target = {
        roles.PMO: people.pmo,
        roles.EXECUTIVE: people.executives,
        roles.PM: people.pms,
        roles.MEMBER: people.members,
    }
    for user, role in zip(users, by_role, strict=True):
        target[role].append(user)
    return people


def create_organisation() -> tuple[list[OrgUnit], list[Program]]:
    """A company, 5 divisions and 20 departments; 30 programs."""
    company = OrgUnit.objects.create(code="BN-HQ", name="ベンチ株式会社")
    divisions = OrgUnit.objects.bulk_create(
        [OrgUnit(code=f"BN-D{i}", name=name, parent=company) for i, name in enumerate(DIVISIONS)]
    )
    departments = OrgUnit.objects.bulk_create(
        [
            OrgUnit(
                code=f"BN-D{i % 5}-{i:02d}", name=f"{DIVISIONS[i % 5][:2]}第{i // 5 + 1}部", parent=divisions[i % 5]
            )
            for i in range(20)
        ]
    )
    programs = Program.objects.bulk_create(
        [Program(code=f"BN-PG{i:02d}", name=f"変革プログラム {i + 1}", org_unit=departments[i % 20]) for i in range(30)]
    )
    return departments, programs

"""The dashboard's portfolio rows written in Python (``reporting/templatetags/portfolio_rows.py``, issue 11) give
the markup the template gave: compared with it (kept here as the reference) in both languages, with values that
must be escaped, missing values and every flag."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reporting.selectors import portfolio
from tests.factories import ProgramFactory, ProjectFactory
from tests.projects.test_list_rows import NASTY, _both

pytestmark = pytest.mark.django_db

PORTFOLIO_ROW = """{% load i18n pmo %}
    <tr data-testid="row-{{ p.code }}">
      <td><a href="{{ p.get_absolute_url }}">{{ p.code }}</a> {{ p.name }}{% if p.confidential %} <i class="bi bi-lock" title="{% translate 'Confidential' %}" aria-label="{% translate 'Confidential' %}"></i>{% endif %}
        <div class="small text-body-secondary">{{ p.org_unit.name }}{% if p.program %} · {{ p.program.name }}{% endif %}</div></td>
      <td>{{ p.pm|person }}</td>
      <td>{{ p.get_phase_display }}{% if p.state != "active" %} <span class="badge text-bg-light border">{{ p.get_state_display }}</span>{% endif %}</td>
      <td class="text-nowrap">{% rag p.overall_rag %}
        {% if p.is_watermelon %}<span class="flag-watermelon" data-testid="watermelon" title="{% blocktranslate with s=p.suggested_label %}The PM overrode the suggested RAG ({{ s }}){% endblocktranslate %}"><i class="bi bi-exclamation-diamond-fill" aria-hidden="true"></i><span class="visually-hidden">{% translate "RAG overridden" %}</span></span>{% endif %}
        {% if p.escalated %}<span class="text-danger" title="{% translate 'Open escalation' %}"><i class="bi bi-megaphone-fill" aria-hidden="true"></i><span class="visually-hidden">{% translate "Open escalation" %}</span></span>{% endif %}</td>
      <td class="text-nowrap">{% rag p.snapshot_quality_rag %} {% rag p.snapshot_cost_rag %} {% rag p.snapshot_schedule_rag %}</td>
      <td class="text-end">{{ p.spi|ratio }}</td><td class="text-end">{{ p.cpi|ratio }}</td>
      <td class="text-end text-nowrap">{{ p.eac|money }} / {{ p.baseline.bac|money }}</td>
      <td>{{ p.next_milestone_name|default:"—" }} {% if p.next_milestone_date %}<span class="text-body-secondary small">{{ p.next_milestone_date|ymd }}</span>{% endif %}</td>
      <td class="text-end">{% if p.high_risks %}<span class="text-danger fw-semibold">{{ p.high_risks }}</span>{% else %}0{% endif %}</td>
      <td class="text-nowrap">{{ p.last_report_week|default:"—" }}{% if p.is_stale %} <span class="flag-stale" title="{% translate 'No report for two weeks or more' %}"><i class="bi bi-hourglass-bottom" aria-hidden="true"></i><span class="visually-hidden">{% translate "Stale report" %}</span></span>{% endif %}</td>
    </tr>"""  # noqa: E501


def test_portfolio_rows_match_the_template(pm_user):
    loud = ProjectFactory(code="PRJ-2026-401", name=NASTY, pm=pm_user, confidential=True, state="on_hold",
                          program=ProgramFactory(name="基幹 <刷新>"), overall_rag="green", snapshot_cost_rag="red",
                          spi=Decimal("0.91"), eac=Decimal("13500000"), next_milestone_name="受入 & 検収",
                          next_milestone_date=dt.date(2027, 1, 15), last_report_week="2026-W40")  # fmt: skip
    quiet = ProjectFactory(code="PRJ-2026-402", with_baseline=False)
    rows = {p.pk: p for p in portfolio.table(portfolio.base_queryset(pm_user), order=["code"])}
    for project, (watermelon, stale, escalated, risks) in ((loud, (True, True, True, 3)), (quiet, (False,) * 3 + (0,))):
        row = rows[project.pk]
        row.is_watermelon, row.is_stale, row.suggested_label = watermelon, stale, "赤 <red>"
        row.escalated, row.high_risks = escalated, risks
        _both(PORTFOLIO_ROW, "{% load portfolio_rows %}{% portfolio_row p %}", p=row)


ROLLUP_ROW = """{% load i18n pmo %}  <tr><td>{% if r.id %}<a href="?{{ param }}={{ r.id }}">{{ r.name }}</a>{% else %}<span class="text-body-secondary">{% translate "None" %}</span>{% endif %}</td>
  <td class="text-end">{{ r.n }}</td><td class="text-end">{{ r.red }}</td><td class="text-end">{{ r.amber }}</td><td class="text-end">{{ r.green }}</td>
  <td class="text-end text-nowrap">{{ r.bac|money }}</td><td class="text-end text-nowrap">{{ r.eac|money }}</td><td class="text-end text-nowrap{% if r.vac < 0 %} text-danger{% endif %}">{{ r.vac|money }}</td></tr>"""  # noqa: E501


def test_rollup_rows_match_the_template():
    rows = [
        {"id": 7, "name": "金融 <事業部> & Co", "n": 12, "red": 2, "amber": 3, "green": 7, "bac": Decimal("120000000"),
         "eac": Decimal("130000000"), "vac": Decimal("-10000000")},
        {"id": None, "name": "", "n": 1, "red": 0, "amber": 0, "green": 1, "bac": None, "eac": None, "vac": None},
        {"id": 8, "name": "公共", "n": 3, "red": 0, "amber": 1, "green": 2, "bac": Decimal(5), "eac": Decimal(4),
         "vac": Decimal(1)},
    ]  # fmt: skip
    for row in rows:
        _both(ROLLUP_ROW, "{% load portfolio_rows %}{% rollup_row r param %}", r=row, param="org_unit")

"""The rows written in Python (``projects/templatetags/project_rows.py``, issue 11) give the markup the templates
gave: each row is compared with the template it replaced (kept here as the reference), in both languages, with
values that must be escaped, missing values, overrides and every badge."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from projects.models import Issue, StatusReport
from tests.factories import IssueFactory, ProjectFactory, RiskFactory, UserFactory

pytestmark = pytest.mark.django_db

PROJECT_ROW = """{% load i18n pmo project_rows %}
  <tr>
    <td class="text-nowrap"><a href="{{ p.get_absolute_url }}">{{ p.code }}</a></td>
    <td class="col-name" title="{{ p.name }}">{{ p.name }}{% if p.confidential %} <span class="badge text-bg-dark"><i class="bi bi-lock-fill" aria-hidden="true"></i> {% translate "Confidential" %}</span>{% endif %}</td>
    <td class="col-truncate" title="{{ p.org_unit }}">{{ p.org_unit }}</td>
    <td class="text-nowrap">{{ p.pm|person }}</td>
    <td>{{ p.get_phase_display }}</td>
    <td>{{ p.get_state_display }}</td>
    <td>{% rag p.overall_rag %}</td>
    <td class="text-nowrap"><span class="visually-hidden">{% translate "Quality" %}</span>{% rag p.snapshot_quality_rag %} <span class="visually-hidden">{% translate "Cost" %}</span>{% rag p.snapshot_cost_rag %} <span class="visually-hidden">{% translate "Schedule" %}</span>{% rag p.snapshot_schedule_rag %}</td>
    <td class="text-end">{{ p.percent_complete|floatformat:0 }}%</td>
    <td class="text-end{% if p.spi is not None and p.spi < 0.85 %} text-danger fw-semibold{% endif %}">{{ p.spi|ratio }}</td>
    <td class="text-end{% if p.cpi is not None and p.cpi < 0.85 %} text-danger fw-semibold{% endif %}">{{ p.cpi|ratio }}</td>
    <td class="text-end text-nowrap"><span{% if p.eac is not None and p.baseline and p.eac > p.baseline.bac %} class="text-danger fw-semibold"{% endif %}>{{ p.eac|amount }}</span> / {{ p.baseline.bac|amount }}</td>
    <td class="col-name-sm">{% if p.next_milestone_name %}{{ p.next_milestone_name }} <span class="text-nowrap text-body-secondary">{{ p.next_milestone_date|date:"Y-m-d" }}</span>{% else %}—{% endif %}</td>
    <td class="text-end{% if p.max_slip_days > 0 %} text-danger{% endif %}">{{ p.max_slip_days }}</td>
    <td class="text-nowrap">{{ p.last_report_week|default:"—" }}</td>
  </tr>"""  # noqa: E501

STATUS_ROW = """{% load i18n pmo status_tags %}
    <tr data-week="{{ r.week }}">
      <th scope="row" class="text-nowrap"><a href="{% url 'projects:status_detail' code r.week %}">{{ r.week }}</a>{% if r.revision > 1 %} <span class="small text-body-secondary">{% blocktranslate with n=r.revision %}rev. {{ n }}{% endblocktranslate %}</span>{% endif %}</th>
      <td>{% state_badge r %}</td>
      <td class="text-nowrap">{% rag r.overall_rag %}{% override_hint r "overall_rag" %}</td>
      <td class="text-nowrap">{% rag r.quality_rag %}{% override_hint r "quality_rag" %}</td>
      <td class="text-nowrap">{% rag r.cost_rag %}{% override_hint r "cost_rag" %}</td>
      <td class="text-nowrap">{% rag r.schedule_rag %}{% override_hint r "schedule_rag" %}</td>
      <td>{% rag r.scope_rag %}</td>
      <td class="text-end">{{ r.percent_complete|floatformat:1 }}%</td>
      <td class="text-end">{{ r.spi|ratio }}</td>
      <td class="text-end">{{ r.cpi|ratio }}</td>
      <td class="text-end text-nowrap" data-testid="report-bac">{{ r.bac|amount }}{% if r.baseline_number %}<div class="small text-body-secondary">#{{ r.baseline_number }}</div>{% endif %}</td>
      <td class="small">{{ r.summary|truncatechars:80 }}</td>
      <td class="small text-nowrap">{% if r.submitted_at %}{{ r.submitted_by|person }}<br><span class="text-body-secondary">{{ r.submitted_at|date:"Y-m-d H:i" }}</span>{% else %}—{% endif %}</td>
      <td class="small">{% if r.reviewed_at and r.state != "submitted" and r.state != "draft" %}{{ r.reviewed_by|person }} <span class="text-body-secondary">{{ r.reviewed_at|date:"Y-m-d H:i" }}</span>{% if r.review_comment %}<div data-testid="review-comment">{{ r.review_comment|truncatechars:80 }}</div>{% endif %}{% else %}—{% endif %}</td>
    </tr>"""  # noqa: E501

ISSUE_ROW = """{% load i18n pmo %}
<tr id="{{ item.dom_id }}"{% if item.is_overdue %} class="table-danger"{% endif %}>
  <th scope="row" class="fw-normal">
    <span class="fw-semibold">{{ item.title }}</span>
    {% if item.source_risk_id %}<div class="small"><a href="{{ tab_urls.risks }}#risk-{{ item.source_risk_id }}"><i class="bi bi-link-45deg" aria-hidden="true"></i> {% translate "From risk" %}: {{ item.source_risk.title }}</a></div>{% endif %}
    {% if item.description %}<div class="small text-body-secondary">{{ item.description|truncatechars:160|linebreaksbr }}</div>{% endif %}
  </th>
  <td>{% if item.priority == "critical" %}<span class="badge text-bg-danger">{% elif item.priority == "high" %}<span class="badge text-bg-warning">{% elif item.priority == "medium" %}<span class="badge text-bg-secondary">{% else %}<span class="badge text-bg-light border">{% endif %}{{ item.get_priority_display }}</span></td>
  <td>{{ item.get_status_display }}</td>
  <td>{% if item.owner %}{{ item.owner|person }}{% else %}<span class="text-body-secondary">{% translate "Unassigned" %}</span>{% endif %}</td>
  <td class="text-nowrap">{{ item.raised_on|date:"Y-m-d" }}</td>
  <td class="text-nowrap">{{ item.due_date|date:"Y-m-d"|default:"—" }}{% if item.is_overdue %} <span class="badge text-bg-danger">{% translate "Overdue" %}</span>{% endif %}</td>
  <td>{% if item.escalation_level != "project" %}<i class="bi bi-arrow-up-circle-fill text-danger" aria-hidden="true"></i> {% endif %}{{ item.get_escalation_level_display }}</td>
  <td class="small">{{ item.resolution|truncatechars:160|linebreaksbr }}{% if item.resolved_on %}<div class="text-body-secondary">{% translate "Resolved" %} {{ item.resolved_on|date:"Y-m-d" }}</div>{% endif %}</td>
  <td class="text-end text-nowrap">{% if item.can_edit %}<a class="btn btn-outline-secondary btn-sm" href="{{ item.urls.edit }}" hx-get="{{ item.urls.edit }}" hx-target="closest tr" hx-swap="outerHTML"><i class="bi bi-pencil" aria-hidden="true"></i> {% translate "Edit" %}<span class="visually-hidden">: {{ item }}</span></a>{% endif %}
{% if item.can_delete %}<form class="d-inline" method="post" action="{{ item.urls.delete }}" data-confirm="{% blocktranslate with name=item %}Delete “{{ name }}”? This cannot be undone.{% endblocktranslate %}">{% csrf_token %}<button type="submit" class="btn btn-outline-danger btn-sm"><i class="bi bi-trash" aria-hidden="true"></i> {% translate "Delete" %}<span class="visually-hidden">: {{ item }}</span></button></form>{% endif %}</td>
</tr>"""  # noqa: E501

NASTY = "<script>alert(\"x\")</script> & 'q'"


def _html(text: str) -> str:
    """Markup without the whitespace between tags (the templates' indentation), nor before a block (``<div>``)."""
    return re.sub(r"\s+<div", "<div", re.sub(r">\s+<", "><", text.strip())).replace("\n", " ")


def _render(source: str, **context) -> str:
    return engines["django"].from_string(source).render(context)


def _both(reference: str, tag: str, **context):
    for language in ("ja", "en"):
        with translation.override(language):
            expected, actual = _html(_render(reference, **context)), _html(_render(tag, **context))
            assert actual == expected, f"{language}:\n{actual}\n!=\n{expected}"


@pytest.fixture
def projects(pm_user):
    pm_user.last_name, pm_user.first_name = "山田", "太郎"
    pm_user.save(update_fields=["last_name", "first_name"])
    loud = ProjectFactory(code="PRJ-2026-301", name=NASTY, pm=pm_user, confidential=True, phase="test",
                          overall_rag="red", snapshot_quality_rag="amber", snapshot_cost_rag="green",
                          spi=Decimal("0.80"), cpi=None, eac=Decimal("13000000.4"), percent_complete=Decimal("45.5"),
                          next_milestone_name="結合テスト <完了>", next_milestone_date=dt.date(2026, 12, 18),
                          max_slip_days=12, last_report_week="2026-W48")  # fmt: skip
    quiet = ProjectFactory(code="PRJ-2026-302", with_baseline=False, state="proposed", phase="initiation")
    return [loud, quiet]


def test_project_rows_match_the_template(projects):
    for project in projects:
        _both(PROJECT_ROW, "{% load project_rows %}{% project_row p %}", p=project)


def test_status_history_rows_match_the_template(projects, pm_user, pmo_user):
    project = projects[0]
    base = dict(project=project, percent_complete=Decimal("40.25"), bac=Decimal(12000000), created_by=pm_user)
    reviewed = StatusReport(
        **base, week="2026-W47", week_start=dt.date(2026, 11, 16), state="reviewed", revision=2, overall_rag="red",
        suggested_overall_rag="green", quality_rag="amber", cost_rag="green", schedule_rag="red", scope_rag="green",
        spi=Decimal("0.91"), cpi=Decimal("1.02"), baseline_number=1, summary=NASTY * 5, submitted_by=pm_user,
        submitted_at=dt.datetime(2026, 11, 20, 9, 30, tzinfo=dt.UTC), reviewed_by=pmo_user,
        reviewed_at=dt.datetime(2026, 11, 21, 18, 5, tzinfo=dt.UTC), review_comment="確認しました <b>OK</b>",
    )  # fmt: skip
    draft = StatusReport(**base, week="2026-W48", week_start=dt.date(2026, 11, 23), state="draft", summary="")
    reviewed.overrides = [{"field": "overall_rag", "suggested": "green"}]
    draft.overrides = []
    for report in (reviewed, draft):
        _both(STATUS_ROW, "{% load project_rows %}{% status_history_row r code %}", r=report, code=project.code)


def test_issue_rows_match_the_template(projects, pm_user):
    project = projects[0]
    risk = RiskFactory(project=project, title="ベンダー遅延 <risk>")
    owner = UserFactory(username="hanako", last_name="佐藤", first_name="花子")
    loud = IssueFactory(project=project, title=NASTY, description="一行目\r\n<b>二行目</b>\n" + "長" * 200,
                        priority="critical", status="open", owner=owner, raised_on=dt.date(2026, 11, 2),
                        due_date=dt.date(2026, 11, 20), escalation_level="pmo", source_risk=risk,
                        resolution="対応中\n確認待ち")  # fmt: skip
    quiet = IssueFactory(project=project, title="仕様確認", priority="low", status="resolved", owner=None,
                         raised_on=dt.date(2026, 11, 2), resolved_on=dt.date(2026, 11, 10))  # fmt: skip
    for item, may in ((loud, True), (quiet, False)):
        item = Issue.objects.select_related("source_risk", "owner").get(pk=item.pk)
        item.dom_id, item.can_edit, item.can_delete = f"issues-{item.pk}", may, may
        item.urls = {"edit": f"/edit/{item.pk}/?a=1&b=2", "delete": f"/delete/{item.pk}/"}
        _both(ISSUE_ROW, "{% load project_rows %}{% issue_row item %}", item=item,
              tab_urls={"risks": "/projects/PRJ-2026-301/risks/"}, csrf_token="token-123")  # fmt: skip

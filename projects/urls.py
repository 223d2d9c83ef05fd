"""URLs of the projects app (namespace ``projects``): every page of the app, in one list.

Codes in URLs follow ``core.validators.CODE_PATTERN`` (no ``/``), weeks are ISO weeks (``2026-W47``).
"""

from django.urls import path, re_path

from projects.views import (
    cost_pages,
    cross_lists,
    import_pages,
    items,
    project_pages,
    project_tabs,
    resource_pages,
    status_pages,
    status_report_pages,
    survey_pages,
    warning_pages,
    work_pages,
)

app_name = "projects"

urlpatterns = [
    # The registry.
    path("", project_pages.ProjectListView.as_view(), name="list"),
    path("new/", project_pages.ProjectCreateView.as_view(), name="create"),
    path("work/", work_pages.WorkView.as_view(), name="work"),
    # Spreadsheet import (before "<code>/", which would otherwise take "import").
    path("import/", import_pages.ImportView.as_view(), name="import"),
    path("import/confirm/", import_pages.ImportConfirmView.as_view(), name="import_confirm"),
    re_path(
        r"^import/sample/(?P<kind>projects|milestones|costs|quality|allocations)\.(?P<fmt>xlsx|csv)$",
        import_pages.ImportSampleView.as_view(),
        name="import_sample",
    ),
    # Cross-project lists and the exports (before "<code>/" too).
    re_path(r"^export\.(?P<fmt>xlsx|csv)$", cross_lists.ProjectExportView.as_view(), name="export"),
    path("issues/", cross_lists.CrossListView.as_view(spec=cross_lists.ISSUES), name="issue_list"),
    path("risks/", cross_lists.CrossListView.as_view(spec=cross_lists.RISKS), name="risk_list"),
    path("action-items/", cross_lists.CrossListView.as_view(spec=cross_lists.ACTIONS), name="action_list"),
    re_path(
        r"^issues/export\.(?P<fmt>xlsx|csv)$",
        cross_lists.CrossListExportView.as_view(spec=cross_lists.ISSUES),
        name="issue_export",
    ),
    re_path(
        r"^risks/export\.(?P<fmt>xlsx|csv)$",
        cross_lists.CrossListExportView.as_view(spec=cross_lists.RISKS),
        name="risk_export",
    ),
    re_path(
        r"^action-items/export\.(?P<fmt>xlsx|csv)$",
        cross_lists.CrossListExportView.as_view(spec=cross_lists.ACTIONS),
        name="action_export",
    ),
    # Resources, the PM satisfaction survey and early warnings (before "<code>/" too).
    path("people/", resource_pages.PeopleListView.as_view(), name="people"),
    path("people/<int:pk>/", resource_pages.PersonDetailView.as_view(), name="person_detail"),
    path("resources/heatmap/", resource_pages.HeatmapView.as_view(), name="heatmap"),
    path("resources/demand/", resource_pages.DemandView.as_view(), name="demand"),
    path("surveys/", survey_pages.SurveyListView.as_view(), name="surveys"),
    path("surveys/panel/", survey_pages.SurveyHomePanelView.as_view(), name="survey_home_panel"),
    path("surveys/<int:pk>/answer/", survey_pages.SurveyAnswerView.as_view(), name="survey_answer"),
    path("surveys/<int:pk>/close/", survey_pages.SurveyCloseView.as_view(), name="survey_close"),
    path("warnings/", warning_pages.WarningListView.as_view(), name="warnings"),
    path("warnings/panel/", warning_pages.HomeWarningsPanelView.as_view(), name="warnings_home_panel"),
    # One project: its page (the Status tab), edit, baselines, archive.
    path("<str:code>/", status_pages.ProjectDetailView.as_view(), name="detail"),
    path("<str:code>/edit/", project_pages.ProjectEditView.as_view(), name="edit"),
    path("<str:code>/rebaseline/", project_pages.ProjectRebaselineView.as_view(), name="rebaseline"),
    path(
        "<str:code>/rebaseline/proposals/<int:pk>/decide/",
        project_pages.RebaselineDecideView.as_view(),
        name="rebaseline_decide",
    ),
    path(
        "<str:code>/rebaseline/proposals/<int:pk>/withdraw/",
        project_pages.RebaselineWithdrawView.as_view(),
        name="rebaseline_withdraw",
    ),
    path("<str:code>/archive/", project_pages.ProjectArchiveView.as_view(), name="archive"),
    # Weekly status reports.
    path("<str:code>/status/<str:week>/", status_report_pages.StatusDetailView.as_view(), name="status_detail"),
    path("<str:code>/status/<str:week>/edit/", status_pages.StatusEditView.as_view(), name="status_edit"),
    path("<str:code>/status/<str:week>/suggest/", status_pages.StatusSuggestView.as_view(), name="status_suggest"),
    path("<str:code>/status/<str:week>/submit/", status_report_pages.StatusSubmitView.as_view(), name="status_submit"),
    path("<str:code>/status/<str:week>/review/", status_report_pages.StatusReviewView.as_view(), name="status_review"),
    path("<str:code>/status/<str:week>/reopen/", status_report_pages.StatusReopenView.as_view(), name="status_reopen"),
    # Members and history.
    path("<str:code>/members/", project_tabs.ProjectMembersView.as_view(), name="members"),
    path("<str:code>/members/<int:pk>/remove/", project_tabs.MemberRemoveView.as_view(), name="member_remove"),
    path("<str:code>/history/", project_tabs.ProjectHistoryView.as_view(), name="history"),
    path("<str:code>/resources/", resource_pages.ProjectResourcesView.as_view(), name="resources"),
    path("<str:code>/warnings/panel/", warning_pages.ProjectWarningsPanelView.as_view(), name="warnings_panel"),
    # Costs (monthly plan and actuals) and weekly quality records.
    path("<str:code>/costs/", cost_pages.CostsTabView.as_view(), name="costs"),
    # Item tabs and the item actions that are not edits.
    path("<str:code>/milestones/", items.MilestoneTabView.as_view(), name="milestones"),
    path("<str:code>/issues/", items.IssueTabView.as_view(), name="issues"),
    path("<str:code>/risks/", items.RiskTabView.as_view(), name="risks"),
    path("<str:code>/changes/", items.ChangeTabView.as_view(), name="changes"),
    path("<str:code>/meetings/", items.MeetingTabView.as_view(), name="meetings"),
    path("<str:code>/risks/<int:pk>/convert/", items.RiskConvertView.as_view(), name="risk_convert"),
    path("<str:code>/changes/<int:pk>/decide/", items.ChangeDecideView.as_view(), name="change_decide"),
]

# Every kind of item has the same four endpoints (create, its row, edit, delete): see projects/views/items/.
for kind in items.KINDS.values():
    urlpatterns += [
        path(f"<str:code>/{kind.path}/new/", items.ItemCreateView.as_view(kind=kind), name=f"{kind.slug}_create"),
        path(f"<str:code>/{kind.path}/<int:pk>/", items.ItemRowView.as_view(kind=kind), name=f"{kind.slug}_row"),
        path(f"<str:code>/{kind.path}/<int:pk>/edit/", items.ItemEditView.as_view(kind=kind), name=f"{kind.slug}_edit"),
        path(
            f"<str:code>/{kind.path}/<int:pk>/delete/",
            items.ItemDeleteView.as_view(kind=kind),
            name=f"{kind.slug}_delete",
        ),
    ]

from django.urls import path

from standards.views import blueprints, checklists, documents, library, panels, plans, runs

app_name = "standards"
urlpatterns = [
    path("", library.LibraryView.as_view(), name="index"),
    path("categories/", library.CategoryView.as_view(), name="categories"),
    path("categories/<int:pk>/edit/", library.CategoryEditView.as_view(), name="category_edit"),
    path("categories/<int:pk>/move/", library.CategoryMoveView.as_view(), name="category_move"),
    path("compliance/", panels.ComplianceView.as_view(), name="compliance"),
    path("documents/new/", documents.DocumentCreateView.as_view(), name="document_new"),
    path("documents/<int:pk>/", documents.DocumentDetailView.as_view(), name="document"),
    path("documents/<int:pk>/edit/", documents.DocumentEditView.as_view(), name="document_edit"),
    path("documents/<int:pk>/action/", documents.DocumentActionView.as_view(), name="document_action"),
    path(
        "documents/<int:pk>/v<int:number>/download/", documents.DocumentDownloadView.as_view(), name="document_download"
    ),  # fmt: skip
    path("checklists/new/", checklists.ChecklistCreateView.as_view(), name="checklist_new"),
    path("checklists/<int:pk>/", checklists.ChecklistDetailView.as_view(), name="checklist"),
    path("checklists/<int:pk>/edit/", checklists.ChecklistEditView.as_view(), name="checklist_edit"),
    path("checklists/<int:pk>/action/", checklists.ChecklistActionView.as_view(), name="checklist_action"),
    path("checklists/<int:pk>/items/add/", checklists.ItemAddView.as_view(), name="item_add"),
    path("checklists/<int:pk>/items/reorder/", checklists.ItemReorderView.as_view(), name="item_reorder"),
    path("checklists/<int:pk>/items/<int:item_id>/edit/", checklists.ItemEditView.as_view(), name="item_edit"),
    path("checklists/<int:pk>/items/<int:item_id>/move/", checklists.ItemMoveView.as_view(), name="item_move"),
    path("blueprints/new/", blueprints.BlueprintCreateView.as_view(), name="blueprint_new"),
    path("blueprints/<int:pk>/", blueprints.BlueprintDetailView.as_view(), name="blueprint"),
    path("blueprints/<int:pk>/edit/", blueprints.BlueprintEditView.as_view(), name="blueprint_edit"),
    path("blueprints/<int:pk>/action/", blueprints.BlueprintActionView.as_view(), name="blueprint_action"),
    path("blueprints/<int:pk>/lines/<str:kind>/add/", blueprints.BlueprintLineView.as_view(), name="blueprint_line"),
    path(
        "blueprints/<int:pk>/lines/<str:kind>/<int:line_id>/remove/",
        blueprints.BlueprintLineView.as_view(),
        name="blueprint_line_remove",
    ),  # fmt: skip
    path("blueprints/<int:pk>/instantiate/", blueprints.InstantiateView.as_view(), name="instantiate"),
    path("runs/<int:pk>/", runs.RunView.as_view(), name="run"),
    path("gates/<int:pk>/", runs.GateView.as_view(), name="gate"),
    path("projects/<str:code>/checklists/", plans.ChecklistPlanView.as_view(), name="plan_checklist"),
    path("panels/project/<str:code>/", panels.ProjectPanelView.as_view(), name="project_panel"),
    path("panels/home/gates/", panels.HomeGatesView.as_view(), name="home_gates"),
]

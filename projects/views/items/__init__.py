"""The item pages of a project: the tabs (``tabs``), one item's create / row / edit / delete (``crud``), and the
risk and change request actions (``actions``), for every kind of ``kinds.KINDS``.

Writes go through the kind's service in ``projects.services.items``, which checks every rule; permissions for
buttons and forms come from ``projects.permissions``.
"""

from django.urls import path

from projects.views.items.actions import ChangeDecideView, RiskConvertView
from projects.views.items.crud import ItemCreateView, ItemDeleteView, ItemEditView, ItemRowView
from projects.views.items.kinds import KINDS
from projects.views.items.tabs import ChangeTabView, IssueTabView, MeetingTabView, MilestoneTabView, RiskTabView

urlpatterns = [
    path("<str:code>/milestones/", MilestoneTabView.as_view(), name="milestones"),
    path("<str:code>/issues/", IssueTabView.as_view(), name="issues"),
    path("<str:code>/risks/", RiskTabView.as_view(), name="risks"),
    path("<str:code>/changes/", ChangeTabView.as_view(), name="changes"),
    path("<str:code>/meetings/", MeetingTabView.as_view(), name="meetings"),
    path("<str:code>/risks/<int:pk>/convert/", RiskConvertView.as_view(), name="risk_convert"),
    path("<str:code>/changes/<int:pk>/decide/", ChangeDecideView.as_view(), name="change_decide"),
]
for _kind in KINDS.values():
    urlpatterns += [
        path(f"<str:code>/{_kind.path}/new/", ItemCreateView.as_view(kind=_kind), name=f"{_kind.slug}_create"),
        path(f"<str:code>/{_kind.path}/<int:pk>/", ItemRowView.as_view(kind=_kind), name=f"{_kind.slug}_row"),
        path(f"<str:code>/{_kind.path}/<int:pk>/edit/", ItemEditView.as_view(kind=_kind), name=f"{_kind.slug}_edit"),
        path(
            f"<str:code>/{_kind.path}/<int:pk>/delete/",
            ItemDeleteView.as_view(kind=_kind),
            name=f"{_kind.slug}_delete",
        ),
    ]

__all__ = ["urlpatterns"]

"""The item pages of a project: the tabs (``tabs``), one item's create / row / edit / delete (``crud``), and the
risk and change request actions (``actions``), for every kind of ``kinds.KINDS``.

Writes go through the kind's service in ``projects.services.items``, which checks every rule; permissions for
buttons and forms come from ``projects.permissions``.
"""

from projects.views.items.actions import ChangeDecideView, RiskConvertView
from projects.views.items.crud import ItemCreateView, ItemDeleteView, ItemEditView, ItemRowView
from projects.views.items.kinds import KINDS
from projects.views.items.tabs import ChangeTabView, IssueTabView, MeetingTabView, MilestoneTabView, RiskTabView

__all__ = [
    "KINDS",
    "ChangeDecideView",
    "ChangeTabView",
    "IssueTabView",
    "ItemCreateView",
    "ItemDeleteView",
    "ItemEditView",
    "ItemRowView",
    "MeetingTabView",
    "MilestoneTabView",
    "RiskConvertView",
    "RiskTabView",
]

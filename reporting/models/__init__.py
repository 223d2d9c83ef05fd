from reporting.models.choices import RUN_TRANSITIONS, DeliveryState, ReportKind, RunState, Weekday
from reporting.models.runs import ReportRun
from reporting.models.schedules import ReportDelivery, ReportSchedule, ScheduleRecipient
from reporting.models.version import PortfolioVersion

__all__ = [
    "RUN_TRANSITIONS",
    "DeliveryState",
    "PortfolioVersion",
    "ReportDelivery",
    "ReportKind",
    "ReportRun",
    "ReportSchedule",
    "RunState",
    "ScheduleRecipient",
    "Weekday",
]

from reporting.models.choices import RUN_TRANSITIONS, DeliveryState, ReportKind, RunState, Weekday
from reporting.models.runs import ReportRun
from reporting.models.schedules import ReportDelivery, ReportSchedule, ScheduleRecipient

__all__ = [
    "RUN_TRANSITIONS",
    "DeliveryState",
    "ReportDelivery",
    "ReportKind",
    "ReportRun",
    "ReportSchedule",
    "RunState",
    "ScheduleRecipient",
    "Weekday",
]

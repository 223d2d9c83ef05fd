from reporting.forms.report_forms import RecipientForm, RunRequestForm, ScheduleForm

__all__ = ["RecipientForm", "RunRequestForm", "ScheduleForm"]

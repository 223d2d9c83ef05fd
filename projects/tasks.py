"""Celery tasks of the projects app: thin wrappers over services, JSON arguments only."""

from celery import shared_task

from projects import services
from projects.models import Project


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_project_snapshot(self, project_id: int) -> str:
    project = Project.objects.select_related("baseline").get(pk=project_id)
    services.refresh_project_snapshot(project=project)
    return project.code


@shared_task(bind=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def refresh_all_snapshots(self) -> int:
    count = 0
    for project in Project.objects.select_related("baseline").iterator():
        services.refresh_project_snapshot(project=project)
        count += 1
    return count

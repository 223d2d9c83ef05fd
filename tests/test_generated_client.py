"""A client generated from /api/schema/ by openapi-python-client imports, lists projects and creates an issue
against a live portal (the integrators' path)."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from rest_framework.authtoken.models import Token

from tests.factories import ProjectFactory

GENERATOR = Path(sys.executable).with_name("openapi-python-client")


@pytest.mark.django_db(transaction=True)
def test_generated_client_lists_projects_and_creates_an_issue(live_server, tmp_path, pm_user):
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--file", str(schema), "--validate", "--fail-on-warn")
    env = {**os.environ, "PATH": f"{GENERATOR.parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    result = subprocess.run(
        [
            str(GENERATOR),
            "generate",
            "--path",
            str(schema),
            "--meta",
            "none",
            "--output-path",
            str(tmp_path / "pmo_api"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
        timeout=240,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(tmp_path))
    try:
        client_module = importlib.import_module("pmo_api")
        projects_list = importlib.import_module("pmo_api.api.v1.v1_projects_list")
        issues_create = importlib.import_module("pmo_api.api.v1.v1_issues_create")
        models = importlib.import_module("pmo_api.models")
    finally:
        sys.path.remove(str(tmp_path))

    project = ProjectFactory(code="PRJ-GEN-001", pm=pm_user)
    token = Token.objects.create(user=pm_user)
    client = client_module.AuthenticatedClient(base_url=live_server.url, token=token.key, prefix="Token")
    page = projects_list.sync(client=client)
    assert [p.code for p in page.results] == ["PRJ-GEN-001"]
    issue = issues_create.sync(client=client, body=models.IssueRequest(project=project.pk, title="Vendor late"))
    assert issue.title == "Vendor late" and issue.project == project.pk

"""Codes that break URLs (``/``, spaces, lower case…) were accepted before codes had one format: rewrite them.

A project, org unit or program whose code does not match ``core.validators.CODE_PATTERN`` gets the nearest valid
code (capitals, other characters turned into hyphens, made unique with a numeric suffix), and the change is written
to the audit log, so that its pages and the dashboard answer again and nobody wonders where the old code went.
"""

import re

from django.db import migrations

PATTERN = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*$")


def _nearest(code: str, taken: set[str]) -> str:
    text = re.sub(r"[^A-Z0-9]+", "-", (code or "").upper()).strip("-") or "CODE"
    if not text[0].isalpha():
        text = f"X-{text}"
    text = text[:28]
    candidate, n = text, 1
    while candidate in taken:
        n += 1
        candidate = f"{text}-{n}"
    return candidate


def normalise(apps, schema_editor):
    AuditEntry = apps.get_model("core", "AuditEntry")
    for name, project_scoped in (("Project", True), ("OrgUnit", False), ("Program", False)):
        model = apps.get_model("projects", name)
        taken = set(model.objects.values_list("code", flat=True))
        for obj in model.objects.order_by("pk"):
            if PATTERN.match(obj.code or ""):
                continue
            new = _nearest(obj.code, taken)
            taken.add(new)
            AuditEntry.objects.create(
                project_id=obj.pk if project_scoped else None,
                app_label="projects",
                action="update",
                object_type=name.lower(),
                object_id=obj.pk,
                object_repr=f"{new} {getattr(obj, 'name', '')}"[:250],
                changes={"code": [obj.code, new]},
                comment="The code did not follow the code format and was rewritten by a migration.",
            )
            obj.code = new
            obj.save(update_fields=["code"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("projects", "0004_core_audit_protect_archive"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]

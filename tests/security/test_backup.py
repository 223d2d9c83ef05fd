"""make backup / make restore (scripts/backup.sh, scripts/restore.sh) on real PostgreSQL: a backup restored into a
fresh database has the same rows (every table's count, checksums of a few) and the same uploaded files; a restore
never overwrites a database that holds data."""

from __future__ import annotations

import hashlib
import os
import subprocess
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from core import audit
from tests.factories import IssueFactory, ProjectFactory, RiskFactory, UserFactory

BASE_DIR = Path(__file__).resolve().parents[2]
CHECKSUMMED = ["auth_user", "projects_project", "projects_issue", "projects_risk", "core_auditentry"]

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "pg_dump"], capture_output=True, check=False).returncode != 0, reason="no pg_dump"
)


@pytest.fixture
def pg(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("backup and restore are tested on PostgreSQL")
    return connection.settings_dict


def _url(db, name: str) -> str:
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _env(db, name: str, files: Path) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    return {
        **keep,
        "DEBUG": "1",
        "DATABASE_URL": _url(db, name),
        "REDIS_URL": "embedded",
        "EMAIL_HOST": "embedded",
        "PMO_VAR_DIR": str(files / "var"),
        "PMO_UPLOAD_ROOT": str(files / "uploads"),
        "MEDIA_ROOT": str(files / "media"),
        "PY": str(BASE_DIR / ".venv" / "bin" / "python"),
    }


def _run(script: str, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", f"scripts/{script}", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True, check=False
    )


def _fingerprint(db, name: str) -> tuple[dict[str, int], dict[str, str]]:
    with psycopg.connect(_url(db, name).replace("postgres://", "postgresql://")) as conn:
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
        counts = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
        sums = {
            t: conn.execute(f"SELECT md5(string_agg(t::text, '|' ORDER BY t.id)) FROM \"{t}\" t").fetchone()[0]  # noqa: S608
            for t in CHECKSUMMED
        }
    return counts, sums


def _tree(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file()
    }


def test_backup_restores_into_a_fresh_database_with_the_same_rows_and_files(pg, tmp_path):
    pm = UserFactory(username="backup_pm")
    for n in range(3):
        project = ProjectFactory(pm=pm, name=f"バックアップ {n} <b>&</b>")
        IssueFactory.create_batch(2, project=project)
        RiskFactory(project=project)
        audit.record(project=project, actor=pm, action="update", obj=project, changes={"name": ["a", "b"]})
    source = tmp_path / "source"
    (source / "uploads" / "2026" / "11").mkdir(parents=True)
    (source / "uploads" / "2026" / "11" / f"{uuid.uuid4().hex}.xlsx").write_bytes(os.urandom(4096))
    (source / "media" / "reports").mkdir(parents=True)
    (source / "media" / "reports" / "weekly.pdf").write_bytes(b"%PDF-1.7 " + os.urandom(512))

    backup = tmp_path / "backup"
    result = _run("backup.sh", _env(pg, pg["NAME"], source), str(backup))
    assert result.returncode == 0, result.stderr
    assert {"database.dump", "files.tar.gz", "manifest.txt"} <= {p.name for p in backup.iterdir()}

    fresh = f"{pg['NAME']}_restore_{uuid.uuid4().hex[:8]}"
    target = tmp_path / "target"
    try:
        result = _run("restore.sh", _env(pg, fresh, target), str(backup))
        assert result.returncode == 0, result.stderr
        before, after = _fingerprint(pg, pg["NAME"]), _fingerprint(pg, fresh)
        assert before[0] == after[0]  # every table, every row count
        assert before[1] == after[1]  # checksums of users, projects, issues, risks and the history
        assert before[0]["projects_project"] == 3 and before[0]["core_auditentry"] >= 3
        assert _tree(source / "uploads") == _tree(target / "uploads")
        assert _tree(source / "media") == _tree(target / "media")

        # A second restore into the now-filled database is refused: live data is never overwritten.
        again = _run("restore.sh", _env(pg, fresh, target), str(backup))
        assert again.returncode != 0 and "not empty" in again.stderr
        assert _fingerprint(pg, fresh) == after
    finally:
        with psycopg.connect(_url(pg, "postgres").replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_a_damaged_backup_is_refused(pg, tmp_path):
    backup = tmp_path / "backup"
    assert _run("backup.sh", _env(pg, pg["NAME"], tmp_path / "src"), str(backup)).returncode == 0
    with (backup / "files.tar.gz").open("ab") as archive:
        archive.write(b"tampered")
    fresh = f"{pg['NAME']}_never_{uuid.uuid4().hex[:8]}"
    result = _run("restore.sh", _env(pg, fresh, tmp_path / "dst"), str(backup))
    assert result.returncode != 0 and "checksum" in result.stderr
    with psycopg.connect(_url(pg, "postgres").replace("postgres://", "postgresql://")) as conn:
        assert conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [fresh]).fetchone() is None


def test_restore_without_a_backup_says_how(tmp_path):
    result = subprocess.run(
        ["bash", "scripts/restore.sh"], cwd=BASE_DIR, capture_output=True, text=True, check=False, env=os.environ
    )
    assert result.returncode == 2 and "make restore BACKUP=" in result.stderr

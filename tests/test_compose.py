"""docker-compose.yml is valid, and declares the services, health checks and volumes the stack needs.

No database and no Docker engine: `docker-compose config` only parses, interpolates and validates the file.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
MAKEFILE = ROOT / "Makefile"
DOCKER_COMPOSE = "/usr/bin/docker-compose"  # Debian's docker-compose package

MAIL_CATCHER_IMAGES = ("axllent/mailpit", "mailhog/mailhog", "maildev/maildev")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in {"", "0", "false", "no"}


def _docker_compose() -> str:
    if os.access(DOCKER_COMPOSE, os.X_OK):
        return DOCKER_COMPOSE
    found = shutil.which("docker-compose")
    if found:
        return found
    reason = f"docker-compose is not installed ({DOCKER_COMPOSE} is missing; Debian package docker-compose)"
    if _in_ci():
        pytest.fail(f"{reason}; it is required in CI")
    pytest.skip(f"{reason}; install it with `apt-get install docker-compose` to run this test")


def _compose_config(tmp_path: Path, secret_key: str | None) -> subprocess.CompletedProcess[str]:
    """`docker-compose config -q` with a controlled environment: no .env file, no COMPOSE_* overrides."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPOSE_", "DOCKER_"))}
    env.pop("SECRET_KEY", None)
    if secret_key is not None:
        env["SECRET_KEY"] = secret_key
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    return subprocess.run(
        [
            _docker_compose(),
            "--project-directory",
            str(ROOT),
            "--file",
            str(COMPOSE_FILE),
            "--env-file",
            str(empty_env_file),
            "config",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text(encoding="utf-8"))


def test_compose_config_is_valid(tmp_path):
    result = _compose_config(tmp_path, secret_key="compose-config-test-secret")
    assert result.returncode == 0, f"docker-compose config failed:\n{result.stdout}\n{result.stderr}"


def test_compose_config_requires_secret_key(tmp_path):
    result = _compose_config(tmp_path, secret_key=None)
    assert result.returncode != 0, "docker-compose config must refuse to run without SECRET_KEY"
    assert "SECRET_KEY" in result.stderr + result.stdout


def _one_shot(services: dict) -> set[str]:
    """Services others wait on with `service_completed_successfully` (e.g. migrate): they exit by design."""
    one_shot = set()
    for service in services.values():
        depends_on = service.get("depends_on") or {}
        if isinstance(depends_on, dict):
            for name, options in depends_on.items():
                if (options or {}).get("condition") == "service_completed_successfully":
                    one_shot.add(name)
    return one_shot


def test_compose_declares_the_stack(compose):
    assert "version" not in compose, "use the Compose specification: no top-level `version:` key"
    services = compose["services"]

    for name in ("postgres", "redis", "web", "worker", "beat", "migrate"):
        assert name in services, f"service {name!r} is missing"
    mail_catchers = [
        name for name, service in services.items() if str(service.get("image", "")).startswith(MAIL_CATCHER_IMAGES)
    ]
    assert mail_catchers, "no mail catcher service (e.g. axllent/mailpit)"

    one_shot = _one_shot(services)
    assert one_shot == {"migrate"}
    assert services["migrate"].get("restart", "no") == "no", "a one-shot service must not be restarted"
    always_on = {name for name, service in services.items() if not service.get("profiles")}
    for name in always_on - one_shot:
        healthcheck = services[name].get("healthcheck")
        assert healthcheck, f"long-running service {name!r} has no healthcheck"
        assert not healthcheck.get("disable"), f"{name!r} disables its healthcheck"
        assert healthcheck.get("test"), f"{name!r} has an empty healthcheck test"

    for name in ("web", "worker", "beat"):
        depends_on = services[name]["depends_on"]
        assert depends_on["postgres"]["condition"] == "service_healthy"
        assert depends_on["redis"]["condition"] == "service_healthy"
        assert depends_on["migrate"]["condition"] == "service_completed_successfully"
    assert "/healthz" in str(services["web"]["healthcheck"]["test"])
    assert any(str(port).endswith(":8080") and "8000" in str(port) for port in services["lb"]["ports"])


def _command(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else str(command)


def test_compose_seeds_the_demo_only_under_the_demo_profile(compose):
    """`migrate` only migrates; the demo data comes from a one-shot service of the `demo` profile."""
    services = compose["services"]
    assert "seed_demo" not in _command(services["migrate"]), "the migrate service must only migrate"
    seeding = {name for name, service in services.items() if "seed_demo" in _command(service)}
    assert seeding == {"seed-demo"}
    seed = services["seed-demo"]
    assert seed.get("profiles") == ["demo"], "the demo data must load only with `--profile demo`"
    assert seed.get("restart", "no") == "no", "a one-shot service must not be restarted"
    assert seed["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    command = _command(seed).split()
    assert {"--if-empty", "--demo"} <= set(command), "seed only an empty database, saying it is a demo"
    assert {name for name, service in services.items() if service.get("profiles")} == {"seed-demo", "postgres-replica"}


def test_compose_declares_named_volumes(compose):
    declared = set(compose.get("volumes") or {})
    assert declared, "no named volumes declared"

    services = compose["services"]
    for name, service in services.items():
        undeclared = {source for source, _target in _mounts(service) if _is_named(source)} - declared
        assert not undeclared, f"service {name!r} uses undeclared volumes {sorted(undeclared)}"
    for name, target in (("postgres", "/var/lib/postgresql/data"), ("redis", "/data")):
        assert any(_is_named(s) and t == target for s, t in _mounts(services[name])), (
            f"{name} data ({target}) must live on a named volume"
        )
    for name in ("web", "worker", "migrate"):
        assert any(_is_named(s) and t == "/app/var/media" for s, t in _mounts(services[name])), (
            f"{name!r} must mount the media volume at /app/var/media"
        )
        assert services[name]["environment"]["MEDIA_ROOT"] == "/app/var/media"


def _mounts(service: dict) -> list[tuple[str, str]]:
    mounts = []
    for volume in service.get("volumes") or []:
        if isinstance(volume, dict):
            mounts.append((volume.get("source", ""), volume.get("target", "")))
        else:
            source, _, rest = volume.partition(":")
            mounts.append((source, rest.split(":", 1)[0]))
    return mounts


def _is_named(source: str) -> bool:
    return bool(source) and not source.startswith((".", "/", "~", "$"))


def test_dockerfile_copies_vendor_assets_as_the_makefile_does():
    """The image's static/vendor must match `make assets`: the same cp commands as the Makefile's target."""
    lines = MAKEFILE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("static/vendor/.copied:"))
    commands = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        if not line.strip().startswith("@"):
            commands.append(line.strip())
    assert any(c.startswith("cp ") for c in commands), "the Makefile's assets recipe changed shape"
    dockerfile = re.sub(r"\s+", " ", DOCKERFILE.read_text(encoding="utf-8").replace("\\\n", " "))
    for command in commands:
        assert re.sub(r"\s+", " ", command) in dockerfile, f"Dockerfile lacks the Makefile's `{command}`"


def test_compose_scales_out(compose):
    """Several web replicas behind one load balancer, a worker per queue, one beat, a shared cache, sized gunicorn,
    and a read replica on request (docs/scaling.md)."""
    services = compose["services"]
    web = services["web"]
    assert web["deploy"]["replicas"] >= 2
    assert not web.get("ports"), "replicas cannot share a host port: only the load balancer publishes one"
    assert "web:8000" in _command(services["lb"])
    assert services["lb"]["depends_on"]["web"]["condition"] == "service_healthy"

    env = web["environment"]
    gunicorn = env["GUNICORN_CMD_ARGS"]
    assert "--worker-class=gthread" in gunicorn and "--threads=" in gunicorn and "--workers=" in gunicorn
    timeout = int(re.search(r"--timeout=\$\{GUNICORN_TIMEOUT:-(\d+)\}", gunicorn).group(1))
    assert timeout >= 120, "report downloads need more than gunicorn's default 30 s"
    assert env["CACHE_URL"].startswith("redis://redis:")
    assert env["CELERY_SPLIT_QUEUES"] == "1"
    assert env["DATABASE_REPLICA_URL"] == "${DATABASE_REPLICA_URL:-}", "the replica is opt-in"

    queues = {}
    for name, service in services.items():
        command = _command(service)
        if " worker " in f" {command} ":
            queues[re.search(r"-Q (\S+)", command).group(1)] = name
    assert set(queues) == {"celery", "reports", "notifications"}, queues
    beats = [name for name, service in services.items() if " beat " in f" {_command(service)} "]
    assert beats == ["beat"], "exactly one beat"

    replica = services["postgres-replica"]
    assert replica["profiles"] == ["replica"]
    assert "pg_basebackup" in " ".join(replica["entrypoint"])
    assert "wal_level=replica" in " ".join(services["postgres"]["entrypoint"])


def test_the_split_queues_are_the_ones_the_workers_consume(compose):
    """With CELERY_SPLIT_QUEUES=1 the settings route tasks to exactly the queues the compose workers listen on."""
    env = {**os.environ, "CELERY_SPLIT_QUEUES": "1", "DEBUG": "1", "DJANGO_SETTINGS_MODULE": "pmo_portal.settings"}
    code = "import django; django.setup(); from django.conf import settings; " + (
        "print(sorted({r['queue'] for r in settings.CELERY_TASK_ROUTES.values()}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    routed = set(eval(out.stdout.strip()))  # noqa: S307 - our own subprocess's printed list
    consumed = {
        re.search(r"-Q (\S+)", _command(s)).group(1) for s in compose["services"].values() if "-Q" in _command(s)
    }
    assert routed <= consumed and "celery" in consumed

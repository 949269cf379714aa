"""docker-compose.yml and the Dockerfile name real things: apps, queues, modules, files, healthy servers; gunicorn
serves with the settings its config file reads from the environment, in compose, the image and the load test alike."""
import importlib
import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
SERVERS = {"postgres", "redis"}
DJANGO_SERVICES = sorted(set(SERVICES) - SERVERS)
WORKERS = sorted(name for name in SERVICES if name.startswith("worker-"))
# beat answers no ping and serves nothing: it only waits for healthy servers (and a migrated database).
WITHOUT_HEALTHCHECK = {"beat"}


def commands(service: str) -> list[list[str]]:
    """The argv of every program a service runs, `sh -c "a && b"` unwrapped."""
    command = SERVICES[service]["command"]
    argv = shlex.split(command) if isinstance(command, str) else list(command)
    if argv[:2] == ["sh", "-c"]:
        return [shlex.split(part) for part in argv[2].split("&&")]
    return [argv]


def option(argv: list[str], *names: str) -> str | None:
    """The value of `-Q x`, `--queues x` or `--queues=x`."""
    for index, arg in enumerate(argv):
        if arg in names:
            return argv[index + 1]
        for name in names:
            if name.startswith("--") and arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def celery_command(service: str) -> list[str]:
    [argv] = commands(service)
    assert argv[0] == "celery", f"{service} should run celery, runs {argv[0]}"
    return argv


def test_the_deployment_has_every_service():
    assert set(SERVICES) == {"postgres", "redis", "web", "beat", "worker-scrape", "worker-cloud", "worker-gpu"}
    assert SERVICES["postgres"]["image"] == "postgres:15"
    assert SERVICES["redis"]["image"] == "redis:7"


@pytest.mark.parametrize("service", DJANGO_SERVICES)
def test_django_services_share_one_definition(service):
    shared = COMPOSE["x-django"]
    definition = SERVICES[service]
    assert definition["env_file"] == shared["env_file"] == ".env"
    assert definition["build"]["context"] == shared["build"]["context"]
    assert definition["restart"] == shared["restart"]
    for name, value in shared["environment"].items():
        assert definition["environment"][name] == value, f"{service} overrides {name}"


def test_django_services_talk_to_the_compose_servers_with_debug_off():
    environment = COMPOSE["x-django"]["environment"]
    password = r"\$\{POSTGRES_PASSWORD:\?[^}]+\}"
    assert re.fullmatch(rf"postgres://jobscraper:{password}@postgres:5432/jobscraper", environment["DATABASE_URL"])
    assert environment["REDIS_URL"] == "redis://redis:6379/0"
    assert environment["DEBUG"] == "false"
    # DEBUG off makes settings refuse a missing SECRET_KEY; `:?` makes compose refuse it first.
    assert re.fullmatch(r"\$\{SECRET_KEY:\?.+\}", environment["SECRET_KEY"])


def test_every_required_variable_is_in_env_example():
    required = set(re.findall(r"\$\{(\w+):\?", (ROOT / "docker-compose.yml").read_text()))
    listed = set(re.findall(r"^(\w+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert required == {"SECRET_KEY", "POSTGRES_PASSWORD"}
    assert required <= listed


@pytest.mark.parametrize("service", ["beat", *WORKERS])
def test_celery_commands_name_the_project_app(service):
    from celery.app.utils import find_app

    from jobscraper.celery import app

    assert find_app(option(celery_command(service), "-A", "--app")) is app


def test_every_queue_has_exactly_one_worker_and_every_worker_a_real_queue():
    from jobscraper.celery import app

    declared = {queue.name for queue in app.conf.task_queues}
    consumed = {}
    for service in WORKERS:
        argv = celery_command(service)
        assert "worker" in argv
        for queue in option(argv, "-Q", "--queues").split(","):
            assert queue in declared, f"{service} consumes {queue!r}, not one of {sorted(declared)}"
            consumed.setdefault(queue, []).append(service)
    assert {queue: len(services) for queue, services in consumed.items()} == dict.fromkeys(declared, 1)
    routed = {route["queue"] for route in app.conf.task_routes.values()}
    assert routed <= set(consumed)


def test_gpu_worker_is_one_solo_process_on_one_nvidia_gpu_with_vllm():
    service = SERVICES["worker-gpu"]
    argv = celery_command("worker-gpu")
    assert option(argv, "-Q", "--queues") == "gpu"
    assert option(argv, "-P", "--pool") == "solo"
    assert option(argv, "-c", "--concurrency") == "1"
    assert service["environment"]["LOCAL_ENGINE"] == "vllm"
    [device] = service["deploy"]["resources"]["reservations"]["devices"]
    assert (device["driver"], device["count"], device["capabilities"]) == ("nvidia", 1, ["gpu"])
    requirements = service["build"]["args"]["REQUIREMENTS"]
    assert requirements == "requirements/gpu.txt"
    lines = (ROOT / requirements).read_text().splitlines()
    assert "-r base.txt" in lines
    assert any(line.startswith("vllm==") for line in lines)
    # vLLM and CUDA go into an image of their own; web, beat and the CPU workers keep the slim one.
    assert service["image"] != SERVICES["web"]["image"]


def test_scrape_worker_image_has_the_chromium_browser_pages_need():
    from scraping.browser import CHROMIUM

    service = SERVICES["worker-scrape"]
    # Debian's package puts its binary where scraping.browser starts it from.
    assert CHROMIUM.startswith("/usr/lib/chromium/")
    assert "chromium" in service["build"]["args"]["APT_PACKAGES"].split()
    assert service["image"] != SERVICES["web"]["image"]


def test_beat_uses_the_database_scheduler_that_notes_its_ticks():
    from celery.beat import Scheduler
    from django.conf import settings
    from django_celery_beat.schedulers import DatabaseScheduler

    from jobscraper import beat

    argv = celery_command("beat")
    assert "beat" in argv
    path = option(argv, "-S", "--scheduler")
    assert path == settings.CELERY_BEAT_SCHEDULER
    module, _, name = path.partition(":")
    scheduler = getattr(importlib.import_module(module), name)
    assert scheduler is beat.Scheduler and issubclass(scheduler, DatabaseScheduler) and issubclass(scheduler, Scheduler)


def test_web_migrates_collects_static_then_serves_the_wsgi_application():
    from django.core.management import get_commands

    migrate, collectstatic, gunicorn = commands("web")
    assert migrate[:2] == collectstatic[:2] == ["python", "manage.py"]
    assert (migrate[2], collectstatic[2]) == ("migrate", "collectstatic")
    assert {"migrate", "collectstatic"} <= set(get_commands())
    assert (ROOT / "manage.py").is_file()
    assert gunicorn[:2] == ["exec", "gunicorn"]
    module, _, attribute = gunicorn[2].partition(":")
    assert (module, attribute) == ("jobscraper.wsgi", "application")
    assert callable(getattr(importlib.import_module(module), attribute))
    assert option(gunicorn, "--bind", "-b") == "0.0.0.0:8000"
    assert option(gunicorn, "--config", "-c") == "gunicorn.conf.py"
    assert (ROOT / "gunicorn.conf.py").is_file()


GUNICORN_ENVIRONMENT = ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT")
# Prints the settings gunicorn reads from its command line (sys.argv) and the config file it names, as when it starts.
READ_GUNICORN_SETTINGS = """
import json, sys
from gunicorn.app.wsgiapp import WSGIApplication
sys.argv[0] = "gunicorn"
cfg = WSGIApplication().cfg
print(json.dumps({"workers": cfg.workers, "timeout": cfg.timeout}))
"""


def gunicorn_settings(argv: list[str], **environment) -> dict:
    """What gunicorn itself reads from `argv` (a command starting with gunicorn) in the image's working directory (the
    repository's root) with `environment`, and none of GUNICORN_ENVIRONMENT but those given."""
    assert argv[0] == "gunicorn"
    env = {name: value for name, value in os.environ.items() if name not in GUNICORN_ENVIRONMENT}
    result = subprocess.run([sys.executable, "-c", READ_GUNICORN_SETTINGS, *argv[1:]], cwd=ROOT,
                            env={**env, **environment}, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


def test_the_image_serves_as_composes_web_service_does():
    dockerfile = (ROOT / "Dockerfile").read_text().replace("\\\n", " ")
    [cmd] = re.findall(r"^CMD (\[.*\])$", dockerfile, re.MULTILINE)
    *_, gunicorn = commands("web")
    assert ["exec", *json.loads(cmd)] == gunicorn


def test_gunicorn_takes_its_workers_and_timeout_from_the_environment():
    *_, (_, *gunicorn) = commands("web")

    # unset: two workers per core it may run on, plus one; 30 s
    assert gunicorn_settings(gunicorn) == {"workers": 2 * len(os.sched_getaffinity(0)) + 1, "timeout": 30}
    # set, as .env sets them for compose
    assert gunicorn_settings(gunicorn, WEB_CONCURRENCY="7", GUNICORN_TIMEOUT="90") == {"workers": 7, "timeout": 90}
    listed = set(re.findall(r"^# (\w+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert set(GUNICORN_ENVIRONMENT) <= listed


def test_the_load_test_serves_with_the_deployments_gunicorn_config():
    from bench.loadtest import gunicorn_command

    argv = gunicorn_command(8000)
    assert argv[1:3] == ["-m", "gunicorn"]
    assert Path(option(argv, "--config", "-c")) == ROOT / "gunicorn.conf.py"
    # its --workers option goes through WEB_CONCURRENCY, which a command-line --workers would override
    assert option(argv, "--workers", "-w") is None
    assert gunicorn_settings(["gunicorn", *argv[3:]], WEB_CONCURRENCY="3")["workers"] == 3


@pytest.mark.parametrize("service", sorted(SERVICES))
def test_services_are_healthchecked_or_wait_for_healthy_servers(service):
    definition = SERVICES[service]
    if service not in WITHOUT_HEALTHCHECK:
        assert definition["healthcheck"]["test"], f"{service} has no healthcheck"
    if service in SERVERS:
        return
    depends_on = definition["depends_on"]
    assert SERVERS <= set(depends_on)
    for name, condition in depends_on.items():
        assert condition == {"condition": "service_healthy"}
        assert "healthcheck" in SERVICES[name], f"{service} waits for {name}, which has no healthcheck"


def test_beat_and_workers_wait_for_web_to_migrate():
    for service in ["beat", *WORKERS]:
        assert "web" in SERVICES[service]["depends_on"]


def test_named_volumes_are_declared_and_keep_the_servers_data():
    declared = set(COMPOSE["volumes"])
    used = {
        volume.split(":", 1)[0]
        for definition in SERVICES.values()
        for volume in definition.get("volumes", [])
        if not volume.startswith((".", "/"))
    }
    assert used == declared
    assert "postgres-data:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]
    assert "redis-data:/data" in SERVICES["redis"]["volumes"]


def test_dockerfile_installs_requirement_files_that_exist():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.MULTILINE)
    default = re.search(r"^ARG REQUIREMENTS=(\S+)$", dockerfile, re.MULTILINE).group(1)
    assert default == "requirements/base.txt"
    assert 'pip install -r "$REQUIREMENTS"' in dockerfile
    chosen = {default} | {
        definition["build"].get("args", {}).get("REQUIREMENTS", default)
        for definition in SERVICES.values()
        if "build" in definition
    }
    for requirements in sorted(chosen):
        path = ROOT / requirements
        assert path.is_file(), f"{requirements} is missing"
        for include in re.findall(r"^-r (\S+)$", path.read_text(), re.MULTILINE):
            assert (path.parent / include).is_file(), f"{requirements} includes missing {include}"

"""Settings refuse production-unsafe defaults when DEBUG is off."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _start_django(**env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); print('started')"],
        cwd=ROOT, env={**environment, "DJANGO_SETTINGS_MODULE": "jobscraper.settings"},
        capture_output=True, text=True, timeout=60,
    )


def test_debug_off_without_secret_key_refuses_to_start():
    result = _start_django(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_off_with_wildcard_hosts_refuses_to_start():
    result = _start_django(DEBUG="false", SECRET_KEY="x" * 40, ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_debug_off_with_real_secret_starts():
    result = _start_django(DEBUG="false", SECRET_KEY="a-real-secret-" + "k" * 30, ALLOWED_HOSTS="jobs.example.org")
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


def test_debug_on_accepts_development_defaults():
    result = _start_django(DEBUG="true")
    assert result.returncode == 0, result.stderr


def _manage(*args, **env):
    environment = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "ALLOWED_HOSTS")}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**environment, **env}, capture_output=True, text=True,
        timeout=120,
    )


PRODUCTION = {
    "DEBUG": "false", "SECRET_KEY": "a-real-secret-" + "k" * 40, "ALLOWED_HOSTS": "jobs.example.org",
    "BEHIND_HTTPS_PROXY": "true", "CSRF_TRUSTED_ORIGINS": "https://jobs.example.org",
}


def test_deploy_check_is_clean_with_the_production_settings():
    # --fail-level WARNING: any deployment warning (cookies, HSTS, redirect, DEBUG, secret) fails the check.
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_warns_about_a_plain_http_deployment():
    # Without the HTTPS proxy, cookies would travel in clear: the check must say so (it proves the test above could fail).
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **{**PRODUCTION, "BEHIND_HTTPS_PROXY": "false"})

    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


def test_workers_expected_reads_counts_per_queue_over_one_each():
    from jobscraper.settings import workers_expected

    assert workers_expected("") == {"scrape": 1, "gpu": 1, "cloud": 1}
    assert workers_expected("scrape:3, gpu:0") == {"scrape": 3, "gpu": 0, "cloud": 1}


@pytest.mark.parametrize("raw", ["scarpe:1", "scrape", "scrape:-1", "gpu:one"])
def test_workers_expected_refuses_what_it_cannot_read(raw):
    from django.core.exceptions import ImproperlyConfigured

    from jobscraper.settings import workers_expected

    with pytest.raises(ImproperlyConfigured, match="WORKERS_EXPECTED"):
        workers_expected(raw)


@pytest.mark.django_db
def test_postgresql_connections_compile_no_jit():
    # A list page's queries take milliseconds; JIT compiling them cost a deep page ~65 ms each (BENCHMARKS.md)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"

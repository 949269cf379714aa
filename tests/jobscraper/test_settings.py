"""Settings refuse production-unsafe defaults when DEBUG is off."""
import os
import subprocess
import sys
from pathlib import Path

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

"""Shared fixtures: loopback HTTP servers, fixture files, and real Celery workers on the test Redis."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.servers import LoopbackServer

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).parent.parent


@pytest.fixture
def fixture_text():
    def read(relative: str) -> str:
        return (FIXTURES / relative).read_text(encoding="utf-8")

    return read


@pytest.fixture
def loopback():
    server = LoopbackServer().start()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _fresh_engines():
    """Engines are cached per process; a test that changes settings must get new ones."""
    from extraction.engine_factory import cloud_engine, local_engine

    cloud_engine.cache_clear()
    local_engine.cache_clear()
    yield
    cloud_engine.cache_clear()
    local_engine.cache_clear()


def _database_url(settings_dict) -> str:
    return (
        f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/{settings_dict['NAME']}"
    )


class Workers:
    """Real `celery worker` processes on the test broker and database, as the deployment runs them."""

    def __init__(self, database_url: str, env: dict):
        self.database_url = database_url
        self.env = env
        self.procs = []
        self.names = []

    def start(self, *, queues: str, pool: str = "solo", concurrency: int = 1) -> None:
        name = f"{queues.replace(',', '-')}-{uuid.uuid4().hex[:6]}@test"
        log = open(Path(os.environ.get("JOBSCRAPER_VAR_DIR", "/tmp")) / f"worker-{name}.log", "w")
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.env}
        cmd = [sys.executable, "-m", "celery", "-A", "jobscraper", "worker", "-Q", queues, "--pool", pool,
               "--concurrency", str(concurrency), "-n", name, "--without-gossip", "--without-mingle", "-l", "INFO"]
        self.procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        self.names.append(name)

    def wait_ready(self, timeout: float = 60.0) -> None:
        from jobscraper.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for proc in self.procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a celery worker exited with {proc.returncode}; see its log in JOBSCRAPER_VAR_DIR")
            replies = app.control.ping(destination=self.names, timeout=0.5) or []
            if {name for reply in replies for name in reply} >= set(self.names):
                return
        raise TimeoutError(f"celery workers {self.names} not ready after {timeout} s")

    def stop(self) -> None:
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


@pytest.fixture
def celery_workers(transactional_db, settings):
    """Start the deployment's three workers (scrape prefork, gpu solo, cloud) for one test.

    Yields a function taking extra environment for the workers (e.g. LOCAL_ENGINE), so each test
    states the configuration it runs under. The test must use committed data (transactional_db).
    """
    import redis

    from jobscraper.celery import app

    redis.Redis.from_url(settings.REDIS_URL).flushdb()
    database_url = _database_url(settings.DATABASES["default"])
    started = []

    def start(**env):
        workers = Workers(database_url, {key: str(value) for key, value in env.items()})
        workers.start(queues="scrape", pool="prefork", concurrency=2)
        workers.start(queues="gpu", pool="solo")
        workers.start(queues="cloud", pool="solo")
        started.append(workers)
        workers.wait_ready()
        return workers

    yield start
    for workers in started:
        workers.stop()
    app.control.purge()


def wait_for(predicate, timeout: float = 60.0, interval: float = 0.2, message: str = "condition"):
    """Poll until predicate() is truthy; fail with `message` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {message}")

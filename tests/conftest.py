"""Shared fixtures: loopback HTTP servers, fixture files, and real Celery workers on the test Redis."""
from pathlib import Path

import pytest

from tests.servers import LoopbackServer
from tests.workers import Beat, Workers

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixture_text():
    def read(relative: str) -> str:
        return (FIXTURES / relative).read_text(encoding="utf-8")

    return read


@pytest.fixture
def loopback(settings):
    # Scraping refuses 127.0.0.1 by default; a test that serves pages there means to fetch them, unpaced.
    settings.SCRAPE_ALLOW_PRIVATE_NETWORKS = True
    settings.SCRAPE_HOST_INTERVAL = 0
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
        # The tests' sites are on 127.0.0.1, which scraping refuses unless allowed; and unpaced, as the loopback
        # fixture leaves the test's own process (a Greenhouse board's 50 pay requests took 50 s at 1 a second).
        env = {"SCRAPE_ALLOW_PRIVATE_NETWORKS": "true", "SCRAPE_HOST_INTERVAL": "0", **env}
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


@pytest.fixture
def celery_beat(transactional_db, settings):
    """A real `celery beat` (the deployment's command) for one test, which starts it; stopped after the test."""
    beat = Beat(_database_url(settings.DATABASES["default"]))
    yield beat
    beat.stop()

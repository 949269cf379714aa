"""Fault-test fixtures: a Redis, a PostgreSQL and the deployment's workers of the test's own, which tests break."""
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import _database_url
from tests.faults.harness import FaultWorkers, PostgresServer, RedisServer, broker_client

# As the deployment starts them (docker-compose.yml): the gpu worker solo, as vLLM needs.
WORKER_OPTIONS = {
    "scrape": {"queues": "scrape", "pool": "prefork", "concurrency": 2},
    "gpu": {"queues": "gpu", "pool": "solo"},
    "cloud": {"queues": "cloud", "pool": "solo"},
}
# Every board is on 127.0.0.1: scraping must be allowed there, and unpaced, as politeness is not under test.
WORKER_ENV = {"SCRAPE_HOST_INTERVAL": "0", "SCRAPE_HOST_CONCURRENCY": "1000", "OPENAI_API_KEY": ""}


@pytest.fixture
def scratch():
    directory = Path(tempfile.mkdtemp(prefix="jobscraper-faults-"))
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def own_redis(scratch):
    server = RedisServer(scratch).start()
    yield server
    if server.proc.poll() is None:
        server.kill()


@pytest.fixture
def own_postgres(scratch):
    """A PostgreSQL of the test's own, which it may crash; the session's, with the test database, is never touched."""
    server = PostgresServer(scratch).start()
    yield server
    server.stop()


@pytest.fixture
def broker(own_redis):
    client = broker_client(own_redis.url)
    yield client
    client.close()


@pytest.fixture
def fault_workers(transactional_db, settings, own_redis, broker):
    """Yields start(queues, **env): starts workers for the listed queues on the test's Redis and the test database.

    Call it again to start replacements for killed ones; every worker still running stops at the end.
    """
    database_url = _database_url(settings.DATABASES["default"])
    started = []

    def start(queues: list[str], **env) -> FaultWorkers:
        env = {"REDIS_URL": own_redis.url, **WORKER_ENV, **{key: str(value) for key, value in env.items()}}
        workers = FaultWorkers(database_url, env, broker)
        for name in queues:
            workers.start(**WORKER_OPTIONS[name])
        started.append(workers)
        workers.wait_ready()
        return workers

    yield start
    for workers in started:
        workers.stop()

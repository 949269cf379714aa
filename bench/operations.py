"""Operations page benchmark: how long the admin page and its broker read take with the workers up, and with one down.

Real PostgreSQL and Redis (scripts/with_servers.sh) and the deployment's three workers (tests/workers.py): scrape
prefork x2, gpu solo, cloud solo. Each figure is the wall time of one whole GET of the page, as an operator's browser
waits for it, or of operations.broker_status() alone (the part that asks the broker and the workers).
"""
import argparse
import os
import signal
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project, tests/ and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.database import servers_required  # noqa: E402
from tests.workers import Workers  # noqa: E402


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--loads", type=int, default=20, help="page loads per phase (default 20)")
    return parser.parse_args(argv)


def timed(function, loads: int) -> list[float]:
    """Seconds each of `loads` calls took, after one call not counted (the first builds connections)."""
    function()
    times = []
    for _ in range(loads):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def report(label: str, times: list[float]) -> None:
    ms = sorted(1000 * seconds for seconds in times)
    print(f"  {label:<48} p50 {statistics.median(ms):7.1f} ms   max {ms[-1]:7.1f} ms   ({len(ms)} loads)")


def measure(phase: str, client, loads: int) -> None:
    from django.urls import reverse

    from jobscraper import operations

    def page():
        response = client.get(reverse("admin:jobscraper_operations"))
        assert response.status_code == 200, response.status_code

    print(phase)
    report("operations page, whole GET", timed(page, loads))
    report("operations.broker_status()", timed(operations.broker_status, loads))


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    servers_required("operations.py", "bench-operations", redis=True)

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    operator, _ = User.objects.get_or_create(username="bench-operator", defaults={"is_staff": True, "is_superuser": True})
    client = Client(SERVER_NAME="localhost")
    client.force_login(operator)

    workers = Workers(os.environ["DATABASE_URL"], {"LOCAL_ENGINE": "rules"})
    try:
        workers.start(queues="scrape", pool="prefork", concurrency=2)
        workers.start(queues="gpu", pool="solo")
        workers.start(queues="cloud", pool="solo")
        workers.wait_ready()
        measure("(a) all three workers answering", client, args.loads)
        cloud = workers.procs[2]
        cloud.terminate()
        cloud.wait(timeout=20)
        measure("(b) the cloud worker stopped", client, max(3, args.loads // 4))
    finally:
        workers.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())

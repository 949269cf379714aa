"""Load test of the public pages: gunicorn as deployed (DEBUG off) on loopback, driven by wrk for minutes.

Loads realistic jobs with bench/listing.py's loader, starts gunicorn on 127.0.0.1 with the deployment's
gunicorn.conf.py (its workers: WEB_CONCURRENCY, or 2 x cores + 1), runs wrk over a mix of the list,
search, filtered, deep, detail, company and feed pages, and prints requests/s, latency percentiles, errors, and the
resident memory of gunicorn's processes sampled through the run (growth would show a leak). Exits non-zero when any
request failed. Run it with `make loadtest` (scripts/with_servers.sh gives fresh PostgreSQL and Redis).
"""
import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project and bench/ become importable
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobscraper.settings")

from bench.database import servers_required  # noqa: E402
from bench.machine import machine_summary  # noqa: E402
from bench.report import print_table  # noqa: E402

RSS_SAMPLE_INTERVAL = 5.0  # seconds between memory samples of gunicorn's processes
START_TIMEOUT = 60.0  # seconds for gunicorn to answer its first request
# wrk walks this table, one path per request, each connection from its own place in it.
WRK_SCRIPT = """
paths = {%s}
counter = 0
setup = function(thread) thread:set("offset", counter * 7); counter = counter + 1 end
init = function(args) index = offset end
request = function()
  index = index + 1
  return wrk.format("GET", paths[(index %% #paths) + 1])
end
"""


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--jobs", type=int, default=50_000, help="jobs loaded before the test (default 50,000)")
    parser.add_argument("--companies", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--duration", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--connections", type=int, default=16, help="wrk's open connections (default 16)")
    parser.add_argument("--wrk-threads", type=int, default=1, help="wrk's threads (default 1: the machine has 2 cores)")
    parser.add_argument("--workers", type=int, help="gunicorn sync workers, given to gunicorn.conf.py as WEB_CONCURRENCY "
                        "(default: what the deployment gets, WEB_CONCURRENCY or 2 x cores + 1)")
    return parser.parse_args(argv)


def paths(listing_cases) -> list[str]:
    """The mix of pages requested: every listing-bench case, the detail pages spread over many jobs, companies and
    the Atom feed of a search."""
    from jobscraper.models import Company

    found = []
    for _, urls in listing_cases:
        found += urls if isinstance(urls, list) else [urls]
    found += [f"/companies/{pk}/" for pk in Company.objects.order_by("?").values_list("pk", flat=True)[:20]]
    found += ["/feed.atom?q=engineer", "/?remote=remote&sort=salary", "/?page=3&type=contract"]
    return found


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def gunicorn_command(port: int) -> list[str]:
    """gunicorn as the Dockerfile and docker-compose.yml start it, with its config file, on loopback, no access log."""
    return [
        sys.executable, "-m", "gunicorn", "jobscraper.wsgi:application", "--config", str(ROOT / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--access-logfile", "/dev/null", "--error-logfile", "-",
    ]


def serve(port: int, workers: int | None, static_root: str) -> subprocess.Popen:
    env = {
        **os.environ, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": static_root,
    }
    if workers:
        env["WEB_CONCURRENCY"] = str(workers)  # read by gunicorn.conf.py, as a deployment sets it
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return subprocess.Popen(gunicorn_command(port), cwd=ROOT, env=env, start_new_session=True)


def wait_until_serving(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url} within {START_TIMEOUT:g} s")


def _group_stats(pgid: int) -> list[list[str]]:
    """/proc/<pid>/stat's fields after the process name, for every process in the process group `pgid`."""
    found = []
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = status.read_text().rsplit(")", 1)[1].split()
            if int(fields[2]) == pgid:  # the stat line's 5th field, 3rd after the name: the process group
                found.append(fields)
        except (OSError, IndexError, ValueError):
            continue  # a process that ended while being read
    return found


def group_rss_mb(pgid: int) -> float:
    """Resident memory of every process in gunicorn's process group (master and workers), in MB."""
    return sum(int(fields[21]) * os.sysconf("SC_PAGE_SIZE") for fields in _group_stats(pgid)) / 1e6  # rss in pages


def group_workers(pgid: int) -> int:
    """gunicorn's workers: the processes of its group but the master."""
    return len(_group_stats(pgid)) - 1


class MemorySampler:
    def __init__(self, pgid: int):
        self.pgid, self.samples, self._stop = pgid, [], threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        started = time.monotonic()
        while not self._stop.is_set():
            self.samples.append((time.monotonic() - started, group_rss_mb(self.pgid)))
            self._stop.wait(RSS_SAMPLE_INTERVAL)


def run_wrk(base: str, request_paths: list[str], args) -> str:
    script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
    script.write(WRK_SCRIPT % ", ".join(f'"{path}"' for path in request_paths))
    script.close()
    try:
        result = subprocess.run(
            ["wrk", "-t", str(args.wrk_threads), "-c", str(args.connections), "-d", f"{args.duration}s",
             "--timeout", "10s", "--latency", "-s", script.name, base],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(script.name)
    return result.stdout


def wrk_figures(output: str) -> dict:
    """requests/s, the latency percentiles and the error counts from wrk's --latency report."""
    figures = {"requests/s": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))}
    figures["requests"] = int(re.search(r"(\d+) requests in", output).group(1))
    for share in ("50", "75", "90", "99"):
        value, unit = re.search(rf"^\s+{share}%\s+([\d.]+)(us|ms|s)\b", output, re.M).groups()
        figures[f"p{share}"] = float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    figures["non-2xx/3xx"] = int(non_2xx.group(1)) if non_2xx else 0
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    figures["socket errors"] = sum(map(int, socket.groups())) if socket else 0
    return figures


def main(argv=None) -> int:
    args = parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: `make loadtest` installs it (Debian package wrk).")
    servers_required("loadtest.py", "loadtest")

    import django

    django.setup()
    from bench.listing import cases, load

    print(f"machine: {machine_summary()}; load average before: {os.getloadavg()[0]:.2f}")
    started = time.perf_counter()
    load(args)
    request_paths = paths(cases())
    print(f"loaded {args.jobs:,} jobs over {args.companies} companies in {time.perf_counter() - started:.1f} s; "
          f"{len(request_paths)} distinct pages in the mix")

    from django.db import connections

    connections.close_all()  # gunicorn's workers open their own
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as static_root:
        server = serve(port, args.workers, static_root)
        try:
            wait_until_serving(f"{base}/", server)
            for path in request_paths[:10]:  # warm-up: each worker's templates and connections ready
                urllib.request.urlopen(f"{base}{path}", timeout=10).read()
            with MemorySampler(server.pid) as memory:
                output = run_wrk(base, request_paths, args)
            workers = group_workers(server.pid)  # counted after the load, when every worker has long started
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    figures = wrk_figures(output)
    rss = memory.samples
    print(output)
    print_table(
        f"Load test: {args.duration} s, {args.connections} connections, gunicorn x{workers} sync, DEBUG off",
        ("figure", "value"),
        [
            ("requests", f"{figures['requests']:,}"),
            ("requests/s", f"{figures['requests/s']:.1f}"),
            ("latency p50 / p90 / p99", f"{figures['p50']:.1f} / {figures['p90']:.1f} / {figures['p99']:.1f} ms"),
            ("non-2xx/3xx answers", str(figures["non-2xx/3xx"])),
            ("socket errors (connect, read, write, timeout)", str(figures["socket errors"])),
            ("gunicorn RSS first / peak / last sample", f"{rss[0][1]:.0f} / {max(m for _, m in rss):.0f} / "
             f"{rss[-1][1]:.0f} MB over {rss[-1][0]:.0f} s"),
            ("gunicorn RSS growth, second half of the run", f"{_growth(rss):+.1f} MB"),
        ],
    )
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    return 1 if figures["non-2xx/3xx"] or figures["socket errors"] else 0


def _growth(samples: list[tuple[float, float]]) -> float:
    """RSS at the end minus RSS at half time: start-up and first-touch allocations are over by then."""
    half = samples[len(samples) // 2][1]
    return samples[-1][1] - half


if __name__ == "__main__":
    sys.exit(main())

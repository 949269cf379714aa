"""`manage.py demo` (run by `make demo`): the whole pipeline on one machine, started and stopped together."""
import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from jobscraper.celery import app
from jobscraper.demo.services import demo_companies_seed
from jobscraper.demo.site import DemoSite
from jobscraper.models import Job, ScrapeRun
from scraping.services import companies_scrape_now

ADMIN_USERNAME = "admin"
# Plain job pages are identified by their URL, port included: a stable port keeps them the same jobs across runs.
DEMO_SITE_PORT = 8765
STOP_GRACE = 15  # seconds a process gets to finish its work after SIGTERM before it is killed
REDIS_START_TIMEOUT = 10  # seconds
SCRAPE_CONCURRENCY = 2  # scrape worker processes: plenty for three demo companies, light on memory
# A real ECB file (its origin in the folder's MANIFEST.tsv): salaries convert to the base currency with no network.
DEMO_EXCHANGE_RATES = settings.BASE_DIR / "jobscraper" / "data" / "exchange_rates" / "ecb-hist-90d-2025-02-25.xml"
SETTLED = [Job.ExtractionState.DONE, Job.ExtractionState.FAILED, Job.ExtractionState.CLOUD_NOT_CONFIGURED]


def _port_free(port: int) -> bool:
    with socket.socket() as sock:
        # As the servers themselves bind: a port left in TIME_WAIT by the last run is free.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _spawn(args: list[str], log_path: Path, env: dict | None = None) -> subprocess.Popen:
    """Start a process with its output in `log_path`, in a process group of its own.

    Its own group, so that a Ctrl-C reaches it only through us, as one SIGTERM and in the right order (Redis
    last), and so that `_stop` can kill whatever it leaves behind, such as a worker's pool processes.
    """
    with open(log_path, "w") as log:
        return subprocess.Popen(
            args, cwd=settings.BASE_DIR, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            process_group=0,
        )


def _ignore_stop_signals() -> None:
    """From the first stop signal on, ignore the next ones: a second Ctrl-C, or make and timeout passing on the
    first, must not cut the clean-up short (it would leave processes behind and end in a traceback)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def _stop(procs: list[subprocess.Popen]) -> None:
    """SIGTERM (a warm shutdown for Celery) to each process; after the grace, SIGKILL to what is left of its group."""
    for proc in procs:
        if proc.poll() is None:
            proc.terminate()
    deadline = time.monotonic() + STOP_GRACE
    for proc in procs:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=max(0.0, deadline - time.monotonic()))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


class Command(BaseCommand):
    help = (
        "Run the demo: a local Redis (unless --redis-url), the bundled demo careers site, the web server, beat and "
        "the three workers, with the demo companies scraped at once. Ctrl-C stops everything it started."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000, help="port of the web server on 127.0.0.1")
        parser.add_argument("--redis-url", default="", help="use this Redis instead of starting a redis-server")

    def handle(self, *, port, redis_url, **options):
        if not _port_free(port):
            raise CommandError(f"Port {port} on 127.0.0.1 is in use: stop what listens there, or set PORT=<another>.")
        log_dir = settings.VAR_DIR / "demo" / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        # Ctrl-C, a `kill` and a closed terminal all clean up. SIGINT is set too because a shell starts background
        # jobs with it ignored; SIGHUP is left alone when ignored, since under nohup outliving the terminal is wanted.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.signal(signal.SIGTERM, signal.default_int_handler)
        if signal.getsignal(signal.SIGHUP) != signal.SIG_IGN:
            signal.signal(signal.SIGHUP, signal.default_int_handler)

        redis, children, site = None, {}, None
        try:
            if not redis_url:
                redis, redis_url = self._start_redis(log_dir / "redis.log")
            try:
                if port == DEMO_SITE_PORT:
                    raise OSError(f"port {port} is the web site's")
                site = DemoSite(port=DEMO_SITE_PORT).start()
            except OSError:
                site = DemoSite().start()
            self._say(f"migrating the database ({settings.DATABASES['default']['NAME']})")
            call_command("migrate", interactive=False, verbosity=0)
            # Offline, beat's daily fetch from the ECB fails: the shipped real 90-day file converts the salaries.
            rates = StringIO()
            call_command("load_exchange_rates", str(DEMO_EXCHANGE_RATES), stdout=rates)
            self._say(f"exchange rates loaded from {DEMO_EXCHANGE_RATES.name}: {rates.getvalue().strip()}")
            login = self._ensure_admin(settings.VAR_DIR / "demo" / "admin-password")
            companies = demo_companies_seed(site_url=site.url)

            env = {**os.environ, "DEBUG": "true", "REDIS_URL": redis_url}
            for name, args in self._commands(port).items():
                children[name] = _spawn(args, log_dir / f"{name}.log", env)

            # Settings read the default REDIS_URL before the demo chose its Redis; enqueue on the chosen one.
            app.conf.broker_url = redis_url
            started = timezone.now()
            companies_scrape_now(companies=companies)
            self.stdout.write(
                "\n  jobscraper demo is running. Ctrl-C stops everything.\n\n"
                f"  Jobs        http://127.0.0.1:{port}/\n"
                f"  Admin       http://127.0.0.1:{port}/admin/  ({login})\n"
                f"  Demo site   {site.url}/\n"
                f"  Redis       {redis_url}{' (started for the demo)' if redis else ''}\n"
                f"  Logs        {log_dir}/\n\n"
                f"  Scraping {len(companies)} demo companies now; their jobs show within a minute.\n"
            )
            self._wait(children, log_dir, companies, started)
        except KeyboardInterrupt:
            _ignore_stop_signals()
            self._say("stopping")
        finally:
            _ignore_stop_signals()
            _stop(list(children.values()))
            if site is not None:
                site.stop()
            # Redis goes last: workers shutting down still talk to it.
            if redis is not None:
                _stop([redis])
            self._say("demo stopped; every process it started has exited")

    def _commands(self, port: int) -> dict[str, list[str]]:
        python = sys.executable
        celery = [python, "-m", "celery", "-A", "jobscraper"]
        worker = [*celery, "worker", "-l", "INFO", "--without-mingle"]  # mingle only delays start-up here
        return {
            "web": [python, str(settings.BASE_DIR / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{port}"],
            "beat": [*celery, "beat", "-l", "INFO", "-S", "jobscraper.beat:Scheduler"],
            "worker-scrape": [
                *worker, "-Q", "scrape", "-n", "scrape@%h", "--pool", "prefork",
                "--concurrency", str(SCRAPE_CONCURRENCY),
            ],
            "worker-gpu": [*worker, "-Q", "gpu", "-n", "gpu@%h", "--pool", "solo", "--concurrency", "1"],
            "worker-cloud": [*worker, "-Q", "cloud", "-n", "cloud@%h", "--pool", "solo"],
        }

    def _start_redis(self, log_path: Path) -> tuple[subprocess.Popen, str]:
        port = _free_port()
        # Nothing to keep: no snapshots, no append-only file.
        args = ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        try:
            redis = _spawn(args, log_path)
        except FileNotFoundError:
            raise CommandError(
                "redis-server is not installed: install it (sudo apt-get install -y redis-server) "
                "or set REDIS_URL to a Redis you run."
            ) from None
        deadline = time.monotonic() + REDIS_START_TIMEOUT
        while time.monotonic() < deadline and redis.poll() is None:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
            except OSError:
                time.sleep(0.1)
                continue
            self._say(f"started redis-server on 127.0.0.1:{port}")
            return redis, f"redis://127.0.0.1:{port}/0"
        _stop([redis])
        raise CommandError(f"redis-server did not start; see {log_path}")

    def _ensure_admin(self, password_file: Path) -> str:
        """Create the admin user once, with a password kept in var/ so it stays the same; say how to log in."""
        if not password_file.exists():
            password_file.touch(mode=0o600)
            password_file.write_text(secrets.token_urlsafe(12))
        password = password_file.read_text().strip()
        user = get_user_model().objects.filter(username=ADMIN_USERNAME).first()
        if user is None:
            get_user_model().objects.create_superuser(ADMIN_USERNAME, email="", password=password)
        elif not user.check_password(password):
            # Someone set their own password: keep it.
            return f"user {ADMIN_USERNAME}, password changed since; reset: manage.py changepassword {ADMIN_USERNAME}"
        return f"user {ADMIN_USERNAME}, password {password}"

    def _wait(self, children: dict, log_dir: Path, companies, started) -> None:
        """Until Ctrl-C, or until a process dies (then stop all: a demo missing a part would mislead)."""
        reported = False
        while True:
            for name, proc in children.items():
                if proc.poll() is not None:
                    tail = (log_dir / f"{name}.log").read_text(errors="replace").splitlines()[-15:]
                    self.stderr.write("\n".join(tail))
                    raise CommandError(f"{name} exited with status {proc.returncode}; its log: {log_dir / name}.log")
            if not reported:
                reported = self._report_when_ready(companies, started)
            time.sleep(1)

    def _report_when_ready(self, companies, started) -> bool:
        """Say once when every demo company was scraped and its jobs extracted, with any scrape errors."""
        runs = ScrapeRun.objects.filter(company__in=companies, started_at__gte=started, finished_at__isnull=False)
        if len(set(runs.values_list("company", flat=True))) < len(companies):
            return False
        jobs = Job.objects.open().filter(company__in=companies)
        if jobs.exclude(extraction_state__in=SETTLED).exists():
            return False
        done = jobs.filter(extraction_state=Job.ExtractionState.DONE).count()
        self._say(f"{done} demo jobs scraped and extracted; reload the job list")
        for run in runs.exclude(status=ScrapeRun.Status.SUCCEEDED):
            self.stderr.write(f"  {run.company}: scrape {run.get_status_display()}: {run.error}")
        return True

    def _say(self, message: str) -> None:
        self.stdout.write(self.style.MIGRATE_HEADING(f"==> {message}"))

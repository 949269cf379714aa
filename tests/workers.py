"""Real `celery worker` processes for tests and benchmarks, started as the deployment starts them."""
import os
import signal
import subprocess
import sys
import uuid
from pathlib import Path

from tests.polling import wait_for
from tests.processes import descendants, running

ROOT = Path(__file__).parent.parent
ORPHAN_GRACE = 10  # seconds a stopped worker's children have to end after it


class Workers:
    """Real `celery worker` processes on the test broker and database, as the deployment runs them."""

    def __init__(self, database_url: str, env: dict):
        self.database_url = database_url
        self.env = env
        self.procs = []
        self.names = []
        self.logs = {}  # queues -> log file of the worker consuming them

    def start(self, *, queues: str, pool: str = "solo", concurrency: int = 1) -> None:
        name = f"{queues.replace(',', '-')}-{uuid.uuid4().hex[:6]}@test"
        path = Path(os.environ.get("JOBSCRAPER_VAR_DIR", "/tmp")) / f"worker-{name}.log"
        self.logs[queues] = path
        log = open(path, "w")
        env = {**os.environ, "DATABASE_URL": self.database_url, **self.env}
        cmd = [sys.executable, "-m", "celery", "-A", "jobscraper", "worker", "-Q", queues, "--pool", pool,
               "--concurrency", str(concurrency), "-n", name, "--without-gossip", "--without-mingle", "-l", "INFO"]
        self.procs.append(subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT))
        self.names.append(name)

    def ping(self) -> list:
        """The workers' answers to a ping through the project's app, on its broker (0.5 s to answer)."""
        from jobscraper.celery import app

        return app.control.ping(destination=self.names, timeout=0.5) or []

    def wait_ready(self, timeout: float = 60.0) -> None:
        """Return once every worker answers `ping`; raise as soon as one has exited, or after `timeout` seconds."""

        def ready() -> bool:
            for proc in self.procs:
                if proc.poll() is not None:
                    raise RuntimeError(f"a celery worker exited with {proc.returncode}; see its log in JOBSCRAPER_VAR_DIR")
            return {name for reply in self.ping() for name in reply} >= set(self.names)

        # No pause between tries: each ping waits its 0.5 s for answers.
        wait_for(ready, timeout, interval=0, message=f"celery workers {self.names} to be ready", error=TimeoutError)

    def stop_worker(self, queues: str) -> None:
        """Stop the one worker consuming `queues` as a deployment does (SIGTERM: a warm shutdown); the others run on."""
        [proc] = [proc for proc, name in zip(self.procs, self.names) if name.startswith(f"{queues.replace(',', '-')}-")]
        proc.terminate()
        proc.wait(timeout=20)

    def log_text(self, queues: str) -> str:
        return self.logs[queues].read_text(errors="replace")

    def stop(self) -> list[int]:
        """Stop the workers as a deployment does (SIGTERM: a warm shutdown). Returns the processes that outlived their
        worker (a vLLM engine core the gpu worker did not shut down), killed then, so no test leaves them behind."""
        below = [pid for proc in self.procs for pid in descendants(proc.pid)]
        for proc in self.procs:
            proc.terminate()
        for proc in self.procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        # those still running after ORPHAN_GRACE are killed below
        wait_for(lambda: not any(running(pid) for pid in below), ORPHAN_GRACE, interval=0.1, error=None)
        outlived = [pid for pid in below if running(pid)]
        for pid in outlived:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        return outlived


class Beat:
    """A real `celery beat` process on the test broker and database, started as the deployment starts it."""

    def __init__(self, database_url: str):
        self.database_url = database_url
        self.proc = None
        self.log = Path(os.environ.get("JOBSCRAPER_VAR_DIR", "/tmp")) / f"beat-{uuid.uuid4().hex[:6]}.log"

    def start(self) -> None:
        env = {**os.environ, "DATABASE_URL": self.database_url}
        cmd = [sys.executable, "-m", "celery", "-A", "jobscraper", "beat", "-S", "jobscraper.beat:Scheduler", "-l", "INFO"]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=open(self.log, "w"), stderr=subprocess.STDOUT)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()

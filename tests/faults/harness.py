"""What the fault tests break and count: a Redis and a PostgreSQL of their own, workers killed with SIGKILL, a
scripted LLM endpoint, boards of many postings, and the tally of what the pipeline stored."""
import html
import json
import os
import re
import signal
import socket
import subprocess
import threading
from collections import Counter
from pathlib import Path

import redis
from celery import Celery

from bench.postings import greenhouse_boards
from tests.extraction.openai_api import completion, error
from tests.polling import wait_for
from tests.processes import descendants
from tests.servers import LoopbackServer, Reply
from tests.workers import Workers

SCRAPE_TASK = "scraping.tasks.scrape_company_task"
RESUME_TASK = "extraction.tasks.extract_local_task"  # what beat's "extraction: resume local work" sends
RESEND_CLOUD_TASK = "extraction.tasks.resend_cloud_task"  # what beat's "extraction: resend lost cloud work" sends
COMPLETIONS = "/v1/chat/completions"
REFERENCE = re.compile(r"R\d{7,}")  # each posting's reference, written into its text, so the LLM knows it
START_TIMEOUT = 30.0  # seconds for a server to accept connections


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server of the test's own on a free loopback port, without persistence: a restart loses every key,
    as a Redis without a volume does. The session's Redis, which other tests use, is never touched."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.proc = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        self.proc = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--logfile", str(self.directory / "redis.log")]
        )
        client = redis.Redis.from_url(self.url)

        def answers():
            try:
                return client.ping()
            except redis.ConnectionError:
                return False

        wait_for(answers, START_TIMEOUT, interval=0.05, message="redis-server to answer", error=TimeoutError)
        return self

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait()


class PostgresServer:
    """A PostgreSQL cluster of the test's own (initdb into a temporary folder), stopped as a crash stops it.

    Built on a folder whose cluster another process initialised, with that cluster's port, it drives that cluster:
    a scenario script crashes and restarts the server its test started.
    """

    def __init__(self, directory: Path, port: int | None = None):
        self.directory = directory
        self.port = port or free_port()
        self.bin = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name))[-1]
        # PostgreSQL refuses to run as root.
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if not (directory / "pg" / "PG_VERSION").exists():
            if self.as_postgres:
                os.chown(directory, *_postgres_ids())
            self._run("initdb", "-D", str(directory / "pg"), "--auth=trust", "-U", "postgres")

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, program: str, *args: str, check: bool = True) -> None:
        subprocess.run([*self.as_postgres, str(self.bin / program), *args], check=check, capture_output=True)

    def start(self) -> "PostgresServer":
        """Returns once connections are accepted: after crash recovery, when the last stop was a crash."""
        options = f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_wal_size=64MB"
        self._run("pg_ctl", "-D", str(self.directory / "pg"), "-l", str(self.directory / "pg.log"), "-w", "-o",
                  options, "start")
        return self

    def crash(self) -> None:
        """Immediate mode: every backend is killed at once, no checkpoint; the next start runs crash recovery."""
        self._run("pg_ctl", "-D", str(self.directory / "pg"), "-m", "immediate", "stop")

    def stop(self) -> None:
        """Stop the server if it runs (a test's teardown, whatever state the test left it in)."""
        self._run("pg_ctl", "-D", str(self.directory / "pg"), "-m", "fast", "stop", check=False)


def _postgres_ids() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("postgres")
    return entry.pw_uid, entry.pw_gid


def broker_client(url: str) -> Celery:
    """A Celery client on the test's own broker, sending tasks by name as beat and admin do. The project's app stays
    on the session's broker, which other tests share."""
    return Celery("faults", broker=url, set_as_current=False)


class FaultWorkers(Workers):
    """The deployment's workers on the test's own broker, each of which can be killed with SIGKILL."""

    def __init__(self, database_url: str, env: dict, client: Celery):
        super().__init__(database_url, {"SCRAPE_ALLOW_PRIVATE_NETWORKS": "true", **env})
        self.client = client

    def ping(self) -> list:
        """Through the test's own broker: the project's app, which Workers.ping uses, is on the session's."""
        # A connection of its own each time: a pooled one may have died with a Redis the test restarted.
        with self.client.connection_for_write() as connection:
            return self.client.control.ping(destination=self.names, timeout=0.5, connection=connection) or []

    def kill(self, queues: str) -> int:
        """SIGKILL the worker consuming `queues` and its pool's children at once (an OOM kill, a pulled plug):
        no task gets to finish, acknowledge, or record anything. Returns how many processes were killed."""
        index = next(i for i, name in enumerate(self.names) if name.startswith(f"{queues}-"))
        proc = self.procs[index]
        victims = [proc.pid, *descendants(proc.pid)]
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        proc.wait()
        return len(victims)


def boards_with_references(*, postings: int, companies: int) -> dict[str, dict]:
    """bench's synthetic Greenhouse boards, each posting's text ending with its reference R<id>."""
    boards = greenhouse_boards(postings=postings, companies=companies)
    for board in boards.values():
        for job in board["jobs"]:
            job["content"] += html.escape(f"<p>Posting reference R{job['id']}.</p>")
    return boards


def serve_boards(server: LoopbackServer, boards: dict[str, dict]) -> None:
    """Each board's list, and each job's own answer, which a first scrape asks for its pay (here none)."""
    for token, board in boards.items():
        server.routes[f"/v1/boards/{token}/jobs"] = Reply.json(board)
        for job in board["jobs"]:
            server.routes[f"/v1/boards/{token}/jobs/{job['id']}"] = Reply.json({**job, "pay_input_ranges": []})


class ScriptedLLM:
    """An OpenAI-compatible chat endpoint on a loopback server that knows each posting by its reference.

    It answers valid fields unless `script(reference, attempt)` returns another Reply (attempt counts from 1 per
    posting). `hold()` makes every later request wait, unanswered, until `release()`, which then answers them 503:
    a batch in flight that a killed worker never sees completed. `answered` counts the 200s sent per posting.
    """

    def __init__(self, server: LoopbackServer, script=None):
        self.script = script or (lambda reference, attempt: None)
        self.requests = Counter()
        self.answered = Counter()
        self.held = 0
        self._open = threading.Event()
        self._open.set()
        self._lock = threading.Lock()
        self.base_url = server.url + "/v1"
        server.routes[COMPLETIONS] = self._answer

    def _answer(self, method, path, query, body):
        reference = REFERENCE.search(json.loads(body)["messages"][-1]["content"]).group(0)
        with self._lock:
            self.requests[reference] += 1
            attempt = self.requests[reference]
        if not self._open.is_set():
            with self._lock:
                self.held += 1
            self._open.wait()
            return error(503, "held until its client was gone")
        reply = self.script(reference, attempt) or completion(json.dumps({"summary": f"Posting {reference}."}))
        if reply.status == 200:
            with self._lock:
                self.answered[reference] += 1
        return reply

    def hold(self) -> None:
        self._open.clear()

    def release(self) -> None:
        self._open.set()


def tally(served: int) -> dict:
    """What the pipeline stored of `served` postings: each (company, external id) counted once; duplicates are extra
    rows for one, lost are served postings with no row; extracted are done with the content they were served with."""
    from jobscraper.models import Job

    rows = list(Job.objects.values_list("company_id", "external_id", "extraction_state", "content_hash", "extracted_hash"))
    keys = Counter((company, external_id) for company, external_id, *_ in rows)
    states = Counter(state for _, _, state, _, _ in rows)
    return {
        "postings_in": served,
        "stored": len(keys),
        "extracted": sum(1 for *_, state, content, extracted in rows if state == "done" and content == extracted),
        "duplicates": sum(count - 1 for count in keys.values()),
        "lost": served - len(keys),
        "states": dict(states),
    }


def half_stored_companies(postings_each: int) -> int:
    """Companies whose postings are being stored right now: some are, not all."""
    from django.db.models import Count

    from jobscraper.models import Job

    per_company = Job.objects.values("company").annotate(jobs=Count("pk")).values_list("jobs", flat=True)
    return sum(1 for count in per_company if count < postings_each)


def unsettled_jobs():
    """Jobs not yet in a final extraction state."""
    from jobscraper.models import Job

    State = Job.ExtractionState
    return Job.objects.filter(extraction_state__in=[
        State.PENDING, State.QUEUED_LOCAL, State.QUEUED_CLOUD, State.WAITING_BUDGET, State.QUEUED_BATCH, State.IN_BATCH,
        State.RUNNING,
    ])


def report(test: str, done: str, counts: dict) -> str:
    """The line each fault test prints, and puts in its assertion messages: what it did and what it counted."""
    line = f"[faults] {test}: {done} | " + ", ".join(f"{name} {value}" for name, value in counts.items())
    print(line)
    return line

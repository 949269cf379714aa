"""The bench's instruments: Celery task events, CPU seconds per process tree, each stage's pure work."""
import json
import threading
import time
from pathlib import Path

from bench.machine import machine_busy_seconds, own_cpu_seconds, tree_cpu_seconds

EVENTS_TIMEOUT = 10.0  # seconds for the event receiver to listen, and for the last task events to arrive
DRAIN_INTERVAL = 0.1  # seconds between checks for task events still to come
READY_EVENT = "bench-ready"  # a custom event the bench sends itself to know its receiver listens


class TaskEvents:
    """The workers' Celery task events (start, runtime, result), collected on a background thread."""

    def __init__(self, app):
        self.app = app
        self.tasks = {}  # task id -> {"name", "started", "finished", "runtime", "result"}
        self.ready = threading.Event()
        self._receiver = None
        self._thread = threading.Thread(target=self._capture, name="task-events", daemon=True)

    def _on_event(self, event):
        kind = event["type"]
        if kind == READY_EVENT:
            self.ready.set()
        elif kind in ("task-received", "task-started", "task-succeeded", "task-failed"):
            task = self.tasks.setdefault(event["uuid"], {})
            if kind == "task-received":
                task["name"] = event["name"]
            elif kind == "task-started":
                task["started"] = event["timestamp"]
            else:
                task.update(finished=event["timestamp"], runtime=event.get("runtime", 0.0), result=event.get("result"))

    def _capture(self):
        with self.app.connection_for_read() as connection:
            self._receiver = self.app.events.Receiver(connection, handlers={"*": self._on_event})
            self._receiver.capture(limit=None, timeout=None, wakeup=False)

    def start(self, worker_names: list[str]) -> None:
        """Listen, prove it with an event of our own, then have the workers send task events."""
        self._thread.start()
        deadline = time.monotonic() + EVENTS_TIMEOUT
        with self.app.events.default_dispatcher() as dispatcher:
            while not self.ready.wait(0.2):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"no Celery events received within {EVENTS_TIMEOUT} s")
                dispatcher.send(READY_EVENT)
        replies = self.app.control.enable_events(destination=worker_names, reply=True, timeout=EVENTS_TIMEOUT)
        if len(replies or []) != len(worker_names):
            raise RuntimeError(f"only {len(replies or [])} of {len(worker_names)} workers enabled task events")

    def drain(self) -> None:
        """Wait until every task the workers received has reported its end (events come in small batches)."""
        deadline = time.monotonic() + EVENTS_TIMEOUT
        while any("finished" not in task for task in list(self.tasks.values())) and time.monotonic() < deadline:
            time.sleep(DRAIN_INTERVAL)

    def runs(self, name: str) -> list[dict]:
        return [t for t in self.tasks.values() if t.get("name") == name and "started" in t and "finished" in t]

    def stop(self) -> None:
        if self._receiver is not None:
            self._receiver.should_stop = True
        self._thread.join(timeout=EVENTS_TIMEOUT)


class CpuMeter:
    """CPU seconds of every part of the pipeline, and of the whole machine, between two readings."""

    def __init__(self, worker_pids: dict[str, int]):
        import redis
        from django.conf import settings
        from django.db import connection

        self.redis = redis.Redis.from_url(settings.REDIS_URL)
        with connection.cursor() as cursor:
            cursor.execute("SHOW data_directory")
            data_directory = cursor.fetchone()[0]
        try:
            self.postmaster = int((Path(data_directory) / "postmaster.pid").read_text().split("\n", 1)[0])
        except OSError:
            self.postmaster = None  # a server run by another user: its CPU shows up under "other processes"
        self.trees = dict(worker_pids)
        if self.postmaster:
            self.trees["PostgreSQL (all backends)"] = self.postmaster

    def read(self) -> dict[str, float]:
        trees = tree_cpu_seconds(list(self.trees.values()))
        redis_cpu = self.redis.info("cpu")
        return {
            **{label: trees[pid] for label, pid in self.trees.items()},
            "Redis": redis_cpu["used_cpu_user"] + redis_cpu["used_cpu_sys"],
            "bench process (loopback API, polling, events)": own_cpu_seconds(),
            "machine": machine_busy_seconds(),
        }


def pure_work(bodies: list[str]) -> tuple[list[tuple], int]:
    """Each stage's own computation, one process, no database or queue: what the stages cannot go below."""
    from extraction.engines import ExtractionRequest
    from extraction.engines.rules import RulesEngine
    from extraction.cascade import fields_from_result
    from extraction.routing import prompt_tokens
    from scraping.sources.greenhouse import posting_from_job

    # Workers load the tiktoken encoding and compile the parsers' regexes once; keep that out of the figures.
    warm = posting_from_job(json.loads(bodies[0])["jobs"][0])
    prompt_tokens(text=warm.text, known=warm.fields)
    RulesEngine().extract([ExtractionRequest(key=0, text=warm.text, known=warm.fields)])

    started = time.perf_counter()
    postings = [posting_from_job(job) for body in bodies for job in json.loads(body)["jobs"]]
    hashes = [posting.content_hash for posting in postings]
    parsed = time.perf_counter()
    tokens = sum(prompt_tokens(text=posting.text, known=posting.fields) for posting in postings)
    counted = time.perf_counter()
    requests = [ExtractionRequest(key=i, text=p.text, known=p.fields) for i, p in enumerate(postings)]
    for posting, result in zip(postings, RulesEngine().extract(requests)):
        fields_from_result(
            source=posting.fields, source_label="ats", result_fields=result.fields, engine_label="rules",
            text=posting.text,
        )
    extracted = time.perf_counter()
    rows = [
        ("JSON decode, HTML to text, content hash", parsed - started, len(hashes)),
        ("prompt tokens (tiktoken cl100k)", counted - parsed, len(hashes)),
        ("rules engine + normalise/merge", extracted - counted, len(hashes)),
    ]
    return rows, tokens

"""Reads for the operations page: broker queues, the workers and beat, extraction throughput, spend and failures,
failing scrapes.

Nothing here may hang the page: the broker is asked with short timeouts, and whatever does not answer is
reported as unavailable.
"""
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, F, Min, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from redis import RedisError

from extraction.routing import CLOUD, LOCAL, route

from .beat import beat_last_tick
from .celery import app
from .models import Company, Job, ScrapeRun
from .review import job_review_queue
from .spend import spend_overview

QUEUES = tuple(queue.name for queue in app.conf.task_queues)  # scrape, gpu, cloud
GPU_QUEUE = "gpu"
BROKER_TIMEOUT = 1  # seconds to connect to the broker and for each reply it sends
# Seconds workers have to answer. The page waits this long only when fewer than WORKERS_EXPECTED answer (one down,
# or a solo worker busy with a task: it answers between tasks).
INSPECT_TIMEOUT = 1
WINDOWS = (("last hour", timedelta(hours=1)), ("last day", timedelta(days=1)))
FAILING_RUNS = 3  # an active company whose last this many finished scrapes all failed is listed
FAILURE_REASONS_SHOWN = 20  # most frequent extraction failure reasons listed

SOURCE = "source data only"


@dataclass
class Worker:
    name: str
    pid: int | None
    uptime: timedelta | None
    tasks: dict[str, int]  # task name -> runs since the worker started
    engine: str = ""  # the engine it holds, as it describes itself; "" when it did not say


@dataclass
class QueueWorkers:
    """The workers consuming one queue that answered, and how many the deployment runs (WORKERS_EXPECTED)."""

    queue: str
    expected: int
    workers: list[Worker]

    @property
    def missing(self) -> int:
        return max(self.expected - len(self.workers), 0)


@dataclass
class Broker:
    depths: dict[str, int] = field(default_factory=dict)  # queue -> messages waiting, all priorities together
    queues: list[QueueWorkers] = field(default_factory=list)  # in QUEUES order
    error: str = ""  # why the broker could not be read; empty when it was


@dataclass
class Beat:
    last_tick: datetime | None  # None: no tick noted since Redis started empty
    age_seconds: int | None
    stale: bool  # older than BEAT_TICK_MAX_AGE, or never noted, or unreadable
    error: str = ""  # why the tick could not be read; empty when it was


@dataclass
class Throughput:
    route: str
    engine: str
    counts: dict[str, int]  # window label -> jobs extracted
    median_latency_ms: int | None  # over the longest window


@dataclass
class FailingCompany:
    company: Company
    last_error: str
    failing_since: datetime


def broker_status() -> Broker:
    """Queue depths and the workers consuming each queue, from one short-timeout broker connection."""
    options = {"socket_timeout": BROKER_TIMEOUT, "socket_connect_timeout": BROKER_TIMEOUT}
    try:
        with app.connection_for_read(
            settings.CELERY_BROKER_URL, connect_timeout=BROKER_TIMEOUT, transport_options=options
        ) as connection:
            connection.ensure_connection(max_retries=0)  # no retry loop: a down broker is reported at once
            channel = connection.default_channel
            # Declaring an existing queue changes nothing and returns its depth, which kombu's Redis transport
            # sums over the queue's list and its per-priority lists ("gpu", "gpu\x06\x163", ...).
            depths = {name: channel.queue_declare(queue=name).message_count for name in QUEUES}
            return Broker(depths=depths, queues=_queue_workers(connection))
    except Exception as exc:  # noqa: BLE001 - any broker failure (refused, timeout, auth) is shown, not raised
        return Broker(error=f"{exc.__class__.__name__}: {exc}")


def _queue_workers(connection) -> list[QueueWorkers]:
    expected = {queue: settings.WORKERS_EXPECTED.get(queue, 0) for queue in QUEUES}
    # A broadcast goes to every worker and is answered by each; it stops listening at `limit` replies, so with every
    # expected worker up the wait is a round trip, not the timeout. (Names cannot be asked for: a deployment's
    # workers are named after their containers.)
    inspect = app.control.inspect(
        timeout=INSPECT_TIMEOUT, connection=connection, limit=sum(expected.values()) or None
    )
    consumed = {
        name: [queue["name"] for queue in queues] for name, queues in (inspect.active_queues() or {}).items()
    }
    if not consumed:
        return [QueueWorkers(queue=queue, expected=expected[queue], workers=[]) for queue in QUEUES]
    # Asked by name from here on: kombu stops listening once every one named has answered.
    names = sorted(consumed)
    stats = app.control.inspect(timeout=INSPECT_TIMEOUT, connection=connection, destination=names).stats() or {}
    gpu_names = [name for name in names if GPU_QUEUE in consumed[name]]
    # extraction.tasks.held_engine answers; a reply is {worker name: {"engine": ...}}.
    replies = app.control.broadcast(
        "held_engine", destination=gpu_names, reply=True, timeout=INSPECT_TIMEOUT, connection=connection
    ) if gpu_names else []
    held = {name: answer.get("engine", "") for reply in replies or [] for name, answer in reply.items()}
    workers = {}
    for name in names:
        worker = stats.get(name, {})
        uptime = worker.get("uptime")
        workers[name] = Worker(
            name=name, pid=worker.get("pid"), uptime=timedelta(seconds=uptime) if uptime is not None else None,
            tasks=worker.get("total", {}), engine=held.get(name, ""),
        )
    return [
        QueueWorkers(
            queue=queue, expected=expected[queue],
            workers=[workers[name] for name in names if queue in consumed[name]],
        )
        for queue in QUEUES
    ]


def beat_status(*, now: datetime) -> Beat:
    """Beat's last tick (jobscraper.beat), and whether it is too old for a beat that runs."""
    try:
        last_tick = beat_last_tick()
    except RedisError as exc:
        return Beat(last_tick=None, age_seconds=None, stale=True, error=f"{exc.__class__.__name__}: {exc}")
    if last_tick is None:
        return Beat(last_tick=None, age_seconds=None, stale=True)
    age = max(now - last_tick, timedelta(0))
    return Beat(
        last_tick=last_tick, age_seconds=int(age.total_seconds()),
        stale=age > timedelta(seconds=settings.BEAT_TICK_MAX_AGE),
    )


def _route(*, engine: str, tokens: int | None) -> str:
    # Routing's own rule, applied again: a job extracted before LOCAL_MAX_TOKENS last changed may be counted on the
    # other side. A job routed before its tokens were counted went local.
    if engine == "source":
        return SOURCE
    return LOCAL if tokens is None else route(tokens, local_limit=settings.LOCAL_MAX_TOKENS)


def local_engine_last_seen() -> dict | None:
    """The engine that stored the newest local result, and when: what the gpu worker held then."""
    return (
        Job.objects.filter(extraction_state=Job.ExtractionState.DONE, token_count__lte=settings.LOCAL_MAX_TOKENS)
        .exclude(extraction_engine="source")
        .exclude(extracted_at=None)
        .order_by("-extracted_at")
        .values("extraction_engine", "extracted_at")
        .first()
    )


def extraction_throughput(*, now: datetime) -> list[Throughput]:
    """Jobs extracted per route and engine in each window, with their median latency over the longest one."""
    longest = max(span for _, span in WINDOWS)
    rows = Job.objects.filter(extraction_state=Job.ExtractionState.DONE, extracted_at__gte=now - longest).values_list(
        "extraction_engine", "token_count", "extraction_latency_ms", "extracted_at"
    )
    counts, latencies = defaultdict(lambda: {label: 0 for label, _ in WINDOWS}), defaultdict(list)
    for engine, tokens, latency, extracted_at in rows.iterator(chunk_size=2000):
        key = (_route(engine=engine, tokens=tokens), engine)
        for label, span in WINDOWS:
            if extracted_at >= now - span:
                counts[key][label] += 1
        if latency is not None:
            latencies[key].append(latency)
    return [
        Throughput(
            route=route, engine=engine, counts=counts[(route, engine)],
            median_latency_ms=round(statistics.median(latencies[(route, engine)])) if latencies[(route, engine)] else None,
        )
        for route, engine in sorted(counts)
    ]


def route_shares(*, throughput: list[Throughput]) -> dict[str, dict[str, float]]:
    """Per window, the share of extracted jobs that went local, to the cloud, or needed no LLM (percent)."""
    shares = {}
    for label, _ in WINDOWS:
        by_route = defaultdict(int)
        for row in throughput:
            by_route[row.route] += row.counts[label]
        total = sum(by_route.values())
        shares[label] = {route: (100 * by_route[route] / total if total else 0.0) for route in (LOCAL, CLOUD, SOURCE)}
    return shares


def extraction_failures() -> list[dict]:
    """Failed extractions grouped by state and reason, most frequent first, each with one of its jobs' ids."""
    failed = (Job.ExtractionState.FAILED, Job.ExtractionState.CLOUD_NOT_CONFIGURED)
    return list(
        Job.objects.filter(extraction_state__in=failed)
        .values("extraction_state", "extraction_error")
        .annotate(count=Count("pk"), any_id=Min("pk"))
        .order_by("-count", "extraction_error")[:FAILURE_REASONS_SHOWN]
    )


def companies_failing(*, runs: int = FAILING_RUNS) -> list[FailingCompany]:
    """Active companies whose last `runs` finished scrapes all failed, the longest failing first."""
    newest = Window(RowNumber(), partition_by=F("company_id"), order_by=[F("started_at").desc(), F("id").desc()])
    recent = (
        ScrapeRun.objects.filter(company__active=True)
        .exclude(status=ScrapeRun.Status.RUNNING)
        .annotate(rank=newest)
        .filter(rank__lte=runs)
        .values("company_id", "status", "error", "started_at", "rank")
    )
    by_company = defaultdict(list)
    for run in recent:
        by_company[run["company_id"]].append(run)
    failing = {
        company_id: sorted(company_runs, key=lambda run: run["rank"])
        for company_id, company_runs in by_company.items()
        if len(company_runs) == runs and all(run["status"] == ScrapeRun.Status.FAILED for run in company_runs)
    }
    companies = Company.objects.in_bulk(failing)
    result = [
        FailingCompany(
            company=companies[company_id], last_error=company_runs[0]["error"],
            failing_since=company_runs[-1]["started_at"],
        )
        for company_id, company_runs in failing.items()
    ]
    return sorted(result, key=lambda item: item.failing_since)


def runs_suspicious() -> list[ScrapeRun]:
    """Runs whose sudden drop holds closures that no operator or later run has confirmed, newest first."""
    return list(
        ScrapeRun.objects.filter(status=ScrapeRun.Status.SUSPICIOUS).exclude(held_closures=[])
        .select_related("company").order_by("-started_at")
    )


def operations_overview() -> dict:
    """Everything the operations page shows, as template context."""
    now = timezone.now()
    throughput = extraction_throughput(now=now)
    return {
        **spend_overview(now=now),
        "broker": broker_status(),
        "beat": beat_status(now=now),
        "beat_tick_max_age": settings.BEAT_TICK_MAX_AGE,
        "queues": QUEUES,
        "local_engine_setting": settings.LOCAL_ENGINE,
        "local_engine_last_seen": local_engine_last_seen(),
        "windows": [label for label, _ in WINDOWS],
        "throughput": throughput,
        "shares": route_shares(throughput=throughput),
        "failures": extraction_failures(),
        "failing_companies": companies_failing(),
        "failing_runs": FAILING_RUNS,
        "suspicious_runs": runs_suspicious(),
        "awaiting_review": job_review_queue().count(),
        "local_max_tokens": settings.LOCAL_MAX_TOKENS,
    }

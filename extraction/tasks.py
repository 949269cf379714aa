"""Extraction tasks: route and clusters (scrape queue), local batches (gpu queue), long postings and Batch API batches (cloud queue)."""
import logging
from datetime import timedelta

from celery import shared_task
from celery.signals import worker_ready, worker_shutdown
from celery.worker.control import inspect_command
from django.conf import settings
from django.utils import timezone

from jobscraper.celery import RETRY_ON_DATABASE_LOSS
from jobscraper.clusters import clusters_order_check
from jobscraper.regions import area_members

from . import batches, cloud, clustering, local_batches, services, storing
from .engine_factory import local_engine
from .gazetteer import gazetteer

logger = logging.getLogger(__name__)

CLOUD_TASK_TIME_LIMIT = 960  # seconds: a cloud job running longer than this lost its task (Celery killed it)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330, **RETRY_ON_DATABASE_LOSS)
def route_jobs_task(job_ids: list[int]) -> dict:
    return services.jobs_route(job_ids=job_ids)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330, **RETRY_ON_DATABASE_LOSS)
def cluster_jobs_task(job_ids: list[int]) -> dict:
    """Match stored jobs against their candidates and keep their clusters (extraction.clustering)."""
    return clustering.jobs_cluster(job_ids)


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330, **RETRY_ON_DATABASE_LOSS)
def clusters_order_check_task() -> int:
    """Beat: put right which posting of each job the list shows where a write was skipped (jobscraper.clusters)."""
    return clusters_order_check()


@shared_task(acks_late=True, soft_time_limit=1800, time_limit=1900, **RETRY_ON_DATABASE_LOSS)
def extract_local_task() -> int:
    """A wake-up signal: extract one batch of pending jobs, then re-enqueue while work remains."""
    claimed = local_batches.jobs_extract_local(engine=local_engine(), limit=settings.LOCAL_BATCH_SIZE)
    if claimed and local_batches.local_work_remains():
        extract_local_task.delay()
    return claimed


def _record_cloud_failure(task, exc, task_id, args, kwargs, einfo):
    """An unexpected crash of the cloud task must not leave its job running forever.

    Celery calls this only once the task has failed for good: at once for an unexpected error, after the last retry
    for a lost database (a retry takes the running job up again, so marking it failed earlier would be wrong).
    """
    storing.job_extraction_failed(job_id=args[0], error=f"cloud task crashed: {exc.__class__.__name__}: {exc}")


@shared_task(
    acks_late=True, soft_time_limit=900, time_limit=CLOUD_TASK_TIME_LIMIT, on_failure=_record_cloud_failure,
    **RETRY_ON_DATABASE_LOSS,
)
def extract_cloud_task(job_id: int) -> None:
    cloud.job_extract_cloud(job_id=job_id)


@shared_task(acks_late=True, soft_time_limit=120, time_limit=150)
def resend_cloud_task() -> int:
    """Beat's sweep: cloud jobs whose task was lost get it again, and jobs waiting for the budget once it has room."""
    now = timezone.now()
    return cloud.jobs_cloud_resend(
        queued_before=now - timedelta(seconds=settings.CLOUD_RESEND_AFTER),
        running_before=now - timedelta(seconds=CLOUD_TASK_TIME_LIMIT), now=now,
    )


@shared_task(acks_late=True, soft_time_limit=300, time_limit=330, **RETRY_ON_DATABASE_LOSS)
def submit_cloud_batch_task() -> int:
    """Beat: send the postings queued for the Batch API as one batch. Returns how many were sent."""
    batch = batches.cloud_batch_submit(limit=settings.CLOUD_BATCH_MAX_JOBS, now=timezone.now())
    return batch.calls.count() if batch is not None and batch.state == batch.State.OPEN else 0


@shared_task(acks_late=True, soft_time_limit=600, time_limit=660, **RETRY_ON_DATABASE_LOSS)
def poll_cloud_batches_task() -> int:
    """Beat: ask about open batches and store the results of those that ended. Returns how many ended."""
    return batches.cloud_batches_poll(now=timezone.now())


# What this worker process holds: set once the gpu worker has loaded its engine, empty in every other worker.
_held = {"engine": ""}


@worker_ready.connect
def load_local_engine(sender, **kwargs):
    """The worker consuming the gpu queue loads its engine once, at start, and says which it holds."""
    queues = set(sender.app.amqp.queues.consume_from or {})
    if "gpu" in queues:
        engine = local_engine()
        # The tables every posting's merge reads (places, remote areas: ~4 s to build), built before the first batch
        # rather than in its time.
        gazetteer(), area_members()
        _held["engine"] = engine.describe()
        logger.warning("gpu worker ready; holding engine: %s", engine.describe())
        # Work left queued by a worker that stopped resumes now, not at the next scrape.
        extract_local_task.delay()


@worker_shutdown.connect
def free_local_engine(sender, **kwargs):
    """The gpu worker stops its engine as it stops: vLLM's engine core is a process of its own, which outlived the
    worker (holding its memory) when left to the interpreter's exit."""
    if _held["engine"] and (close := getattr(local_engine(), "close", None)):  # an HTTP client's engine holds none
        close()


@inspect_command()
def held_engine(state):
    """Remote control (`app.control.broadcast("held_engine", reply=True)`): the engine this worker holds, "" if none.

    Answered from what was loaded, never by loading: asking a scrape worker must not make it build an engine.
    """
    return {"engine": _held["engine"]}

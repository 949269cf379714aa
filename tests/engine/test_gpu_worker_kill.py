"""kill -9 of the real gpu worker, its vLLM engine core and the core's worker, with a batch out at the engine.

A module of its own: no other gpu worker may be consuming the queue while this one is killed.
"""
import os
import signal
import time

import pytest
from django.conf import settings as django_settings

from extraction import services
from jobscraper.models import Job
from tests.engine.chain import FINAL, State, pending_jobs, settled, start_gpu_worker, told_by_its_log, worker_env
from tests.fixture_postings import cycled, fixture_postings
from tests.polling import wait_for
from tests.processes import descendants

pytestmark = [pytest.mark.engine, pytest.mark.celery]

CLAIM_TIMEOUT = 5  # seconds: the killed worker's claims are taken again this long after they were made


@pytest.mark.django_db(transaction=True)
def test_the_gpu_worker_killed_mid_batch_resumes_and_every_posting_ends_once(tiny_model, routing):
    import redis

    from extraction.tasks import extract_local_task

    redis.Redis.from_url(django_settings.REDIS_URL).flushdb()
    # Batches of 32 long prompts: seconds each on two cores, so the kill lands while one is out at the engine.
    env = worker_env(tiny_model, LOCAL_BATCH_SIZE=32, EXTRACTION_CLAIM_TIMEOUT=CLAIM_TIMEOUT)
    first = start_gpu_worker(env)
    try:
        jobs = pending_jobs([posting.text for posting in cycled(fixture_postings(), 64)])
        ids = [job.pk for job in jobs]
        services.jobs_route(job_ids=ids)

        # when the worker, its engine core and that core's workers are killed with SIGKILL while a batch is out
        with told_by_its_log(first):
            wait_for(lambda: Job.objects.filter(pk__in=ids, extraction_state=State.RUNNING).exists(), timeout=120,
                     interval=0.02, message="a batch claimed by the gpu worker")
        worker = first.procs[0]
        victims = [worker.pid, *descendants(worker.pid)]
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        worker.wait()
        killed_at = time.monotonic()
        held = set(Job.objects.filter(pk__in=ids, extraction_state=State.RUNNING).values_list("pk", flat=True))
    finally:
        first.stop()
    assert held, "the kill landed between batches: no claim was out"
    assert len(victims) >= 2  # the worker and at least its engine core

    # and a new worker starts; once the dead claims are stale, beat's regular wake-up comes
    second = start_gpu_worker(env)
    try:
        time.sleep(max(0.0, killed_at + CLAIM_TIMEOUT + 1 - time.monotonic()))
        extract_local_task.delay()
        with told_by_its_log(second):
            wait_for(lambda: settled(ids), timeout=240, interval=0.5, message="every posting settled after the restart")
    finally:
        outlived = second.stop()
    # and the new worker, stopped as a deployment stops it (SIGTERM), stopped its engine core with it
    assert outlived == [], "processes of the stopped gpu worker still running: its vLLM engine core"

    # then no claim is left, every posting the engine took ended done or failed once, and the dead worker's claims
    # were taken again, not started over: one more attempt each
    jobs = list(Job.objects.filter(pk__in=ids))
    assert not [job.pk for job in jobs if job.extraction_state not in (*FINAL, State.QUEUED_CLOUD)]
    assert all(job.extracted_hash == job.content_hash for job in jobs if job.extraction_state == State.DONE)
    assert {job.pk for job in jobs if job.extraction_attempts == 2} == held

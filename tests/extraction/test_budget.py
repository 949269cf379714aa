"""The daily cloud budget against the loopback OpenAI server: each call reserved before it is made and settled with
its usage, a call past the cap waiting in its queue, two workers sharing the last of it, beat's sweep at midnight."""
import json
import threading
from collections import Counter
from datetime import timedelta
from decimal import ROUND_DOWN, Decimal

import pytest
from django.db import connection
from django.utils import timezone

from extraction.budget import call_estimate, cloud_committed, cloud_price
from extraction.models import CloudBudget, CloudCall
from extraction.pricing import budget_day
from extraction.cloud import job_extract_cloud, jobs_cloud_resend
from jobscraper.celery import app
from jobscraper.models import Job
from tests.builders import make_job, plain_company
from tests.extraction.openai_api import COMPLETIONS, FIELDS, POSTING, completion

pytestmark = pytest.mark.django_db
State = Job.ExtractionState


def estimate(job: Job) -> Decimal:
    return call_estimate(job=job, price=cloud_price(), batch=False)


def set_cap(*, room_for: float, job: Job) -> Decimal:
    """A cap with room for `room_for` calls like `job`'s, in whole cents as operators set it."""
    cap = (estimate(job) * Decimal(str(room_for))).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    assert int(room_for) * estimate(job) <= cap < (int(room_for) + 1) * estimate(job)
    CloudBudget.objects.update_or_create(pk=CloudBudget.ONLY, defaults={"daily_cap_usd": cap})
    return cap


def spent(*, usd: Decimal, at) -> CloudCall:
    return CloudCall.objects.create(
        day=budget_day(at), model="test-model", state=CloudCall.State.SETTLED, estimate_usd=usd, cost_usd=usd,
        content_hash="earlier",
    )


def waiting_jobs(count: int, *, tokens: int = 9000) -> list[Job]:
    company = plain_company()
    return [
        make_job(company, raw_content=POSTING, token_count=tokens, extraction_state=State.WAITING_BUDGET)
        for _ in range(count)
    ]


def test_a_cloud_call_is_recorded_with_its_usage_and_cost(cloud, cloud_job):
    cloud.routes[COMPLETIONS] = completion(json.dumps(FIELDS))

    job_extract_cloud(job_id=cloud_job.pk)

    # then the call is in the ledger at what the API said it used: 321 tokens in at $1/M, 54 out at $4/M
    [call] = CloudCall.objects.all()
    assert (call.job_id, call.state, call.mode, call.model) == (cloud_job.pk, "settled", "sync", "test-model")
    assert (call.tokens_in, call.tokens_out, call.cost_usd) == (321, 54, Decimal("0.000537"))
    # and it was reserved at no less: 9,000 prompt tokens, the schema, and 1,024 output tokens
    assert call.estimate_usd == estimate(cloud_job) > Decimal("0.009") + Decimal("0.004096")
    assert call.day == budget_day(timezone.now()) and call.content_hash == "hash-1"
    assert cloud_committed(day=call.day) == Decimal("0.000537")
    assert Job.objects.get(pk=cloud_job.pk).extraction_state == "done"


def test_a_call_that_would_pass_the_cap_waits_in_its_queue_without_calling(cloud, cloud_job):
    # given a cap with room for one call, most of it spent today
    cap = set_cap(room_for=1.5, job=cloud_job)
    spent(usd=cap - estimate(cloud_job) / 2, at=timezone.now())
    cloud.routes[COMPLETIONS] = completion(json.dumps(FIELDS))

    job_extract_cloud(job_id=cloud_job.pk)

    # then nothing was asked of the API, and the job waits, saying why and until when
    assert cloud.requests == []
    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "waiting_budget" and job.get_extraction_state_display().startswith("queued for the cloud")
    assert job.extraction_error.startswith(f"waiting for the daily cloud budget: ${cap - estimate(cloud_job) / 2:.2f} of ${cap:.2f}")
    assert job.extraction_error.endswith("resets at 00:00 UTC")
    assert CloudCall.objects.count() == 1 and job.extraction_attempts == 0


def test_a_call_bigger_than_the_whole_cap_says_so(cloud, cloud_job):
    CloudBudget.objects.create(pk=CloudBudget.ONLY, daily_cap_usd=Decimal("0.01"))
    assert estimate(cloud_job) > Decimal("0.01")

    job_extract_cloud(job_id=cloud_job.pk)

    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "waiting_budget"
    assert "this call alone passes the cap: raise it under Extraction › Cloud budget" in job.extraction_error


def test_a_model_without_a_price_is_never_called(cloud, cloud_job, settings):
    settings.OPENAI_MODEL = "gpt-9-ultra"

    job_extract_cloud(job_id=cloud_job.pk)

    assert cloud.requests == [] and not CloudCall.objects.exists()
    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "cloud_not_configured"
    assert job.extraction_error.startswith("cloud not configured: no price for the model 'gpt-9-ultra'")


def test_a_task_delivered_again_after_its_worker_died_keeps_its_one_reservation(cloud, cloud_job):
    # given the job running under the reservation its killed worker left
    held = CloudCall.objects.create(
        job=cloud_job, day=budget_day(timezone.now()), model="test-model", content_hash="hash-1",
        estimate_usd=estimate(cloud_job),
    )
    Job.objects.filter(pk=cloud_job.pk).update(extraction_state=State.RUNNING, claimed_at=timezone.now())
    cloud.routes[COMPLETIONS] = completion(json.dumps(FIELDS))

    job_extract_cloud(job_id=cloud_job.pk)

    # then the call is counted once, settled at its usage
    [call] = CloudCall.objects.all()
    assert (call.pk, call.state, call.cost_usd) == (held.pk, "settled", Decimal("0.000537"))


def test_four_workers_at_once_share_the_last_of_the_budget_without_overshooting(cloud, transactional_db):
    # given four cloud jobs and a cap with room for one call and a half
    company = plain_company()
    jobs = [make_job(company, raw_content=POSTING, token_count=9000, extraction_state=State.QUEUED_CLOUD) for _ in range(4)]
    cap = set_cap(room_for=1.5, job=jobs[0])
    answer = completion(json.dumps(FIELDS))
    answer.delay = 0.5  # seconds: the first call is still out while the other workers reserve
    cloud.routes[COMPLETIONS] = answer
    start = threading.Barrier(len(jobs))

    def worker(job_id):
        try:
            start.wait()
            job_extract_cloud(job_id=job_id)
        finally:
            connection.close()

    # when four cloud workers take one job each at the same moment
    threads = [threading.Thread(target=worker, args=(job.pk,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one call was made, and the others wait for tomorrow's budget
    assert len(cloud.hits(COMPLETIONS)) == 1
    assert Counter(Job.objects.values_list("extraction_state", flat=True)) == {"done": 1, "waiting_budget": 3}
    assert CloudCall.objects.count() == 1 and cloud_committed(day=budget_day(timezone.now())) <= cap


def test_beat_sweep_sends_waiting_jobs_once_the_day_rolls_over(cloud, django_capture_on_commit_callbacks):
    # given yesterday's cap spent, and three jobs waiting since; today's cap has room for two of them
    now = timezone.now()
    first, second, third = waiting_jobs(3)
    Job.objects.filter(pk=first.pk).update(updated_at=now - timedelta(hours=3))
    Job.objects.filter(pk=second.pk).update(updated_at=now - timedelta(hours=2))
    cap = set_cap(room_for=2.5, job=first)
    spent(usd=cap, at=now - timedelta(days=1))
    app.control.purge()

    def sweep(at):
        with django_capture_on_commit_callbacks(execute=True):
            return jobs_cloud_resend(queued_before=at - timedelta(hours=1), running_before=at - timedelta(minutes=16), now=at)

    # when beat's sweep runs while yesterday's budget still counts, nothing is sent
    assert sweep(now - timedelta(days=1)) == 0
    assert set(Job.objects.values_list("extraction_state", flat=True)) == {"waiting_budget"}

    # when it runs today
    count = sweep(now)

    # then the two oldest have their task on the cloud queue (read from the real broker), the third waits on
    with app.connection_for_read() as broker:
        queue = broker.SimpleQueue("cloud")
        sent = sorted(queue.get(timeout=1).payload[0][0] for _ in range(count))
        with pytest.raises(queue.Empty):
            queue.get(timeout=0.5)
        queue.close()
    assert count == 2 and sent == sorted([first.pk, second.pk])
    states = dict(Job.objects.values_list("pk", "extraction_state"))
    assert states == {first.pk: "queued_cloud", second.pk: "queued_cloud", third.pk: "waiting_budget"}
    # and a job sent is extracted when its task runs, settled at its usage, far below its estimate: the next sweep
    # sends the third into the room that left, and not the second again
    cloud.routes[COMPLETIONS] = completion(json.dumps(FIELDS))
    job_extract_cloud(job_id=first.pk)
    assert Job.objects.get(pk=first.pk).extraction_state == "done"
    assert sweep(now) == 1 and Job.objects.get(pk=third.pk).extraction_state == "queued_cloud"

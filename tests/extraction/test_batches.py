"""Cloud work through the Batch API, against the loopback OpenAI server (real SDK): queued postings go out as one
batch at half the price within the budget, their results take the synchronous engine's path, and a worker killed or a
poll lost between steps loses nothing and sends nothing twice."""
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from extraction.batches import PREPARE_TIMEOUT, cloud_batch_submit, cloud_batches_poll
from extraction.budget import call_estimate, cloud_price
from extraction.models import CloudBatch, CloudBudget, CloudCall
from extraction.cloud import jobs_cloud_resend
from extraction.services import jobs_route
from jobscraper.models import Job, JobChange
from tests.builders import make_job, plain_company
from tests.extraction.openai_api import FIELDS, POSTING, BatchAPI, completion_body, error

pytestmark = pytest.mark.django_db
State = Job.ExtractionState


@pytest.fixture
def batch_api(cloud, settings):
    settings.CLOUD_BATCH_MODE = True
    return BatchAPI(cloud)


def queued(count: int) -> list[Job]:
    company = plain_company()
    return [
        make_job(company, raw_content=f"{POSTING} Ref {n}.", token_count=9000, extraction_state=State.QUEUED_BATCH,
                 extraction_engine="", title="")
        for n in range(count)
    ]


def states() -> dict[int, str]:
    return dict(Job.objects.values_list("pk", "extraction_state"))


def test_routed_cloud_postings_wait_for_a_batch_not_a_task(batch_api, settings, django_capture_on_commit_callbacks):
    settings.LOCAL_MAX_TOKENS = 10
    job = make_job(plain_company(), raw_content=POSTING, extraction_state=State.PENDING)

    with django_capture_on_commit_callbacks() as callbacks:
        counts = jobs_route(job_ids=[job.pk])

    assert counts["cloud"] == 1 and states() == {job.pk: "queued_batch"} and callbacks == []


def test_queued_postings_go_out_as_one_batch_and_come_back_through_the_results_path(batch_api):
    # given three postings queued for a batch
    answered, refused, garbled = queued(3)

    # when beat submits them
    batch = cloud_batch_submit(limit=100, now=timezone.now())

    # then one batch of three chat requests, as the synchronous engine sends them, was created for 24 hours
    assert (batch.state, batch.remote_id) == ("open", "batch_1")
    [remote] = batch_api.batches.values()
    assert (remote["endpoint"], remote["completion_window"], remote["metadata"]) == (
        "/v1/chat/completions", "24h", {"cloud_batch": str(batch.pk)}
    )
    lines = batch_api.lines("batch_1")
    assert [line["custom_id"] for line in lines] == [str(answered.pk), str(refused.pk), str(garbled.pk)]
    assert {line["body"]["model"] for line in lines} == {"test-model"} and lines[0]["body"]["temperature"] == 0
    assert lines[0]["body"]["response_format"]["type"] == "json_schema" and lines[0]["method"] == "POST"
    assert set(states().values()) == {"in_batch"}
    # and each call is reserved at half the price of a synchronous one
    calls = {call.job_id: call for call in CloudCall.objects.all()}
    assert {call.mode for call in calls.values()} == {"batch"}
    assert calls[answered.pk].estimate_usd == call_estimate(job=answered, price=cloud_price(), batch=True)
    sync_estimate = call_estimate(job=answered, price=cloud_price(), batch=False)
    assert abs(calls[answered.pk].estimate_usd * 2 - sync_estimate) <= Decimal("0.000002")

    # when beat polls while the batch runs, nothing changes
    assert cloud_batches_poll(now=timezone.now()) == 0 and set(states().values()) == {"in_batch"}

    # when the batch ends: one answer, one request refused, one answer that is not JSON
    def answer(line):
        return {str(answered.pk): completion_body(json.dumps(FIELDS)), str(refused.pk): (400, "context too long"),
                str(garbled.pk): completion_body('{"title": ')}[line["custom_id"]]

    batch_api.end("batch_1", answer=answer)
    assert cloud_batches_poll(now=timezone.now()) == 1

    # then the results are stored as the synchronous engine's are, each with its reason when it failed
    jobs = Job.objects.in_bulk()
    assert (jobs[answered.pk].extraction_state, jobs[answered.pk].extraction_engine) == ("done", "openai_batch")
    assert jobs[answered.pk].title == "Staff Data Engineer" and set(jobs[answered.pk].field_sources.values()) == {"cloud_llm"}
    assert jobs[answered.pk].extraction_latency_ms == 3_600_000 and jobs[answered.pk].claimed_at is None
    assert jobs[refused.pk].extraction_state == "failed"
    assert jobs[refused.pk].extraction_error == "the batch refused the request: HTTP 400: test_error context too long"
    assert jobs[garbled.pk].extraction_state == "failed"
    assert jobs[garbled.pk].extraction_error.startswith("invalid JSON from the model")
    # and each call is settled at half the price of the tokens it used: 321 in at $1/M and 54 out at $4/M, halved
    calls = {call.job_id: call for call in CloudCall.objects.all()}
    assert (calls[answered.pk].state, calls[answered.pk].cost_usd) == ("settled", Decimal("0.000269"))
    assert (calls[refused.pk].tokens_in, calls[refused.pk].cost_usd) == (0, 0)
    assert CloudBatch.objects.get().state == "done"

    # when a poll that stored the results died before closing the batch, the next one changes nothing more
    CloudBatch.objects.update(state=CloudBatch.State.OPEN)
    history = JobChange.objects.count()
    cloud_batches_poll(now=timezone.now())
    assert Job.objects.get(pk=answered.pk).extracted_at == jobs[answered.pk].extracted_at
    assert JobChange.objects.count() == history and CloudCall.objects.filter(state="reserved").count() == 0


def _killed_while_sending(batch: CloudBatch) -> None:
    """What a worker killed between writing the batch's rows and saving OpenAI's answer leaves, long ago."""
    long_ago = batch.created_at - PREPARE_TIMEOUT - timedelta(minutes=1)
    CloudBatch.objects.filter(pk=batch.pk).update(state=CloudBatch.State.PREPARING, remote_id="", created_at=long_ago)
    Job.objects.filter(extraction_state=State.IN_BATCH).update(claimed_at=long_ago)


def test_a_batch_whose_creation_answer_was_lost_is_found_again_not_sent_twice(batch_api):
    [job] = queued(1)
    _killed_while_sending(cloud_batch_submit(limit=100, now=timezone.now()))
    batch_api.end("batch_1", answer=lambda line: completion_body(json.dumps(FIELDS)))

    assert cloud_batches_poll(now=timezone.now()) == 1

    assert len(batch_api.batches) == 1 and CloudBatch.objects.get().remote_id == "batch_1"
    assert Job.objects.get(pk=job.pk).extraction_state == "done"


def test_a_batch_openai_never_got_puts_its_jobs_back_in_the_queue(batch_api, cloud):
    # given a batch whose worker died before OpenAI had it
    [job] = queued(1)
    _killed_while_sending(cloud_batch_submit(limit=100, now=timezone.now()))
    batch_api.batches.clear()

    # when beat polls, its job goes back to the batch queue, its reservation counts nothing
    assert cloud_batches_poll(now=timezone.now()) == 0
    assert states() == {job.pk: "queued_batch"}
    assert CloudBatch.objects.get().state == "failed" and CloudCall.objects.get().cost_usd == 0
    assert CloudCall.objects.get().state == "settled"

    # and when creating a batch is refused, its job goes back at once, saying nothing is lost
    cloud.routes["/v1/batches"] = error(400, "bad file")
    batch = cloud_batch_submit(limit=100, now=timezone.now())
    assert batch.state == "failed" and "not sent" in batch.error and "bad file" in batch.error
    assert states() == {job.pk: "queued_batch"}


def test_a_batch_takes_what_the_budget_covers_at_half_price_and_the_rest_waits(batch_api):
    jobs = queued(4)
    sync_estimate = call_estimate(job=jobs[0], price=cloud_price(), batch=False)
    # room for two batch calls and a half: one synchronous call and a quarter
    cap = (sync_estimate * Decimal("1.25")).quantize(Decimal("0.01"))
    CloudBudget.objects.create(pk=CloudBudget.ONLY, daily_cap_usd=cap)
    assert 2 * sync_estimate / 2 <= cap < 3 * sync_estimate / 2

    cloud_batch_submit(limit=100, now=timezone.now())

    assert len(batch_api.lines("batch_1")) == 2
    assert [states()[job.pk] for job in jobs] == ["in_batch", "in_batch", "waiting_budget", "waiting_budget"]
    assert Job.objects.get(pk=jobs[2].pk).extraction_error.startswith("waiting for the daily cloud budget")

    # when the cap is raised, beat's sweep puts the waiting jobs back in the batch queue, sending no task
    CloudBudget.objects.update(daily_cap_usd=cap * 4)
    assert jobs_cloud_resend(queued_before=timezone.now(), running_before=timezone.now(), now=timezone.now()) == 0
    assert [states()[job.pk] for job in jobs] == ["in_batch", "in_batch", "queued_batch", "queued_batch"]


def test_an_unpriced_model_sends_no_batch(batch_api, settings):
    settings.OPENAI_MODEL = "gpt-9-ultra"
    [job] = queued(1)

    assert cloud_batch_submit(limit=100, now=timezone.now()) is None

    assert batch_api.files == {} and states() == {job.pk: "cloud_not_configured"}
    assert Job.objects.get(pk=job.pk).extraction_error.startswith("cloud not configured: no price for the model")


def test_a_poll_that_cannot_reach_openai_changes_nothing_but_says_why(batch_api, cloud):
    [job] = queued(1)
    cloud_batch_submit(limit=100, now=timezone.now())
    batch_api.end("batch_1", answer=lambda line: completion_body(json.dumps(FIELDS)))
    answers = cloud.routes["/v1/batches/batch_1"]
    cloud.routes["/v1/batches/batch_1"] = error(500, "upstream down")

    assert cloud_batches_poll(now=timezone.now()) == 0

    batch = CloudBatch.objects.get()
    assert batch.state == "open" and batch.error.startswith("last poll failed") and "upstream down" in batch.error
    assert states() == {job.pk: "in_batch"}
    # and the next poll that reaches it stores the results
    cloud.routes["/v1/batches/batch_1"] = answers
    assert cloud_batches_poll(now=timezone.now()) == 1 and states() == {job.pk: "done"}

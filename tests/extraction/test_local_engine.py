"""The vLLM engine's batching and result handling on CPU, and the local extraction service on PostgreSQL."""
import json
import threading
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.utils import timezone

from extraction.engines import EngineError, ExtractionRequest
from extraction.engines.rules import RulesEngine
from extraction.engines.vllm_engine import VLLMEngine
from extraction.prompt import build_messages
from extraction.services import MAX_LOCAL_ATTEMPTS, jobs_claim_local, jobs_extract_local
from jobscraper.models import Company, Job
from scraping.services import job_upsert
from scraping.sources import Posting

State = Job.ExtractionState
SAMPLING = SimpleNamespace(temperature=0.0, max_tokens=1024)  # passed through to llm.chat untouched


class StandInLLM:
    """vllm.LLM's `chat` on CPU, answering each conversation in the shape of vllm's RequestOutput.

    `answer(posting_text)` gives the generated text, or (text, finish_reason). `during` runs inside the
    call, while the batch is out: to look at the claim, or to change the world meanwhile.
    """

    def __init__(self, answer=None, *, fail: Exception | None = None, during=None):
        self.answer = answer or (lambda text: json.dumps({"title": text.split(".")[0]}))
        self.fail = fail
        self.during = during
        self.calls = []

    def chat(self, conversations, sampling_params, use_tqdm=False):
        self.calls.append((conversations, sampling_params, use_tqdm))
        if self.during:
            self.during()
        if self.fail:
            raise self.fail
        outputs = []
        for conversation in conversations:
            posting = conversation[-1]["content"].split("Posting:\n", 1)[1]
            answer = self.answer(posting)
            text, finish_reason = answer if isinstance(answer, tuple) else (answer, "stop")
            outputs.append(
                SimpleNamespace(
                    prompt_token_ids=list(range(len(posting.split()) + 40)),
                    outputs=[
                        SimpleNamespace(text=text, token_ids=list(range(len(text) // 4)), finish_reason=finish_reason)
                    ],
                )
            )
        return outputs


def engine_with(llm: StandInLLM) -> VLLMEngine:
    return VLLMEngine(model="Qwen/Qwen3-4B-Instruct-2507-FP8", llm=llm, sampling_params=SAMPLING)


def test_one_chat_call_for_the_whole_batch():
    llm = StandInLLM()
    requests = [
        ExtractionRequest(key=1, text="Android Developer. Lisbon."),
        ExtractionRequest(key=2, text="Data Analyst. Remote.", known={"title": "Data Analyst"}),
        ExtractionRequest(key=3, text="Site Reliability Engineer. Porto."),
    ]

    results = engine_with(llm).extract(requests)

    # then one call carried every prompt, built by extraction.prompt, with the engine's sampling params
    assert len(llm.calls) == 1
    conversations, sampling_params, use_tqdm = llm.calls[0]
    assert conversations == [build_messages(text=r.text, known=r.known) for r in requests]
    assert sampling_params is SAMPLING and use_tqdm is False
    # and each result, in order, holds that posting's parsed fields and token counts
    assert [r.key for r in results] == [1, 2, 3]
    assert [r.fields.title for r in results] == ["Android Developer", "Data Analyst", "Site Reliability Engineer"]
    assert all(r.error == "" for r in results)
    assert results[0].tokens_in == 43 and results[0].tokens_out > 0


def test_an_invalid_output_fails_only_its_own_posting():
    answers = {
        "Good. Lisbon.": json.dumps({"title": "Good", "remote": "hybrid"}),
        "Broken.": '{"title": "Broken"',
        "Off schema.": json.dumps({"title": "Off schema", "remote": "sometimes"}),
        "Cut.": ('{"title": "Cut", "summary": "A very long', "length"),
    }
    requests = [ExtractionRequest(key=i, text=text) for i, text in enumerate(answers)]

    results = engine_with(StandInLLM(answers.get)).extract(requests)

    assert results[0].fields.remote == "hybrid" and results[0].error == ""
    assert results[1].fields is None and results[1].error.startswith("invalid JSON from the model")
    assert results[2].fields is None and results[2].error.startswith("model output violates the schema: remote")
    assert results[3].fields is None and results[3].error.startswith("output cut at the token limit: invalid JSON")


def test_an_exception_from_chat_is_an_engine_error():
    engine = engine_with(StandInLLM(fail=RuntimeError("CUDA out of memory")))

    with pytest.raises(EngineError, match="batch of 2: RuntimeError: CUDA out of memory"):
        engine.extract([ExtractionRequest(key=1, text="a"), ExtractionRequest(key=2, text="b")])


def test_no_requests_no_call():
    llm = StandInLLM()

    assert engine_with(llm).extract([]) == []
    assert llm.calls == []


# --- jobs_extract_local on PostgreSQL ---------------------------------------------------------------


@pytest.fixture
def company(db):
    return Company.objects.create(name="Catawiki (test)", careers_url="https://catawiki.example/careers")


def queued(company, external_id: str, text: str, **fields) -> Job:
    return Job.objects.create(
        company=company, external_id=external_id, content_hash=f"hash-{external_id}", raw_content=text,
        extraction_state=State.QUEUED_LOCAL, token_count=len(text.split()) + 40, **fields,
    )


def states(*jobs) -> list[str]:
    return [Job.objects.get(pk=job.pk).extraction_state for job in jobs]


def test_extract_local_claims_a_batch_and_stores_results(company):
    # given three queued postings and a batch size of two
    jobs = [queued(company, str(n), f"Backend Engineer {n}. Hybrid in Lisbon.") for n in range(3)]
    seen_during = []
    llm = StandInLLM(during=lambda: seen_during.extend(states(*jobs)))

    # when one batch runs
    claimed = jobs_extract_local(engine=engine_with(llm), limit=2)

    # then the first two were claimed (running while the model worked) and are done; the third waits
    assert claimed == 2
    assert seen_during == ["running", "running", "queued_local"]
    assert len(llm.calls[0][0]) == 2
    assert states(*jobs) == ["done", "done", "queued_local"]
    first = Job.objects.get(pk=jobs[0].pk)
    assert (first.title, first.extraction_engine) == ("Backend Engineer 0", "vllm")
    assert first.field_sources == {"title": "local_llm"}
    assert (first.extraction_attempts, first.claimed_at, first.extracted_hash) == (1, None, "hash-0")


def test_a_posting_rescraped_meanwhile_is_not_overwritten(company):
    # given two claimed postings, one of which a new scrape changes while the model works on it
    kept = queued(company, "kept", "Android Developer. Lisbon.")
    changed = queued(company, "changed", "iOS Developer. Lisbon.", title="iOS Developer")

    def rescrape():
        posting = Posting(
            external_id="changed", text="Senior iOS Developer. Amsterdam.", fields={"title": "Senior iOS Developer"}
        )
        job_upsert(company=company, posting=posting, seen_at=timezone.now())

    jobs_extract_local(engine=engine_with(StandInLLM(during=rescrape)), limit=10)

    # then the newer scrape wins: it waits for routing, untouched by the stale result
    job = Job.objects.get(pk=changed.pk)
    assert (job.extraction_state, job.title) == ("pending", "Senior iOS Developer")
    assert (job.extraction_engine, job.extracted_hash) == ("", "")
    assert job.raw_content == "Senior iOS Developer. Amsterdam."
    assert states(kept) == ["done"]


def test_engine_error_puts_the_batch_back_then_gives_up(company):
    jobs = [queued(company, str(n), f"Posting {n}.") for n in range(2)]
    engine = engine_with(StandInLLM(fail=RuntimeError("CUDA out of memory")))

    # when the engine fails on the batch: it goes back to the queue, the reason visible
    assert jobs_extract_local(engine=engine, limit=10) == 2
    for job in Job.objects.filter(pk__in=[j.pk for j in jobs]):
        assert (job.extraction_state, job.extraction_attempts, job.claimed_at) == ("queued_local", 1, None)
        assert "CUDA out of memory" in job.extraction_error

    # when it keeps failing, the last allowed attempt marks the jobs failed with the reason
    for _ in range(MAX_LOCAL_ATTEMPTS - 1):
        jobs_extract_local(engine=engine, limit=10)
    for job in Job.objects.filter(pk__in=[j.pk for j in jobs]):
        assert (job.extraction_state, job.extraction_attempts) == ("failed", MAX_LOCAL_ATTEMPTS)
        assert job.extraction_error.startswith(f"gave up after {MAX_LOCAL_ATTEMPTS} attempts: vllm generate failed")
    assert jobs_extract_local(engine=engine, limit=10) == 0


def test_a_stale_claim_is_claimed_again(company, settings):
    # given a job whose worker died mid-batch long ago, one claimed just now, and a stale cloud job
    long_ago = timezone.now() - timedelta(seconds=settings.EXTRACTION_CLAIM_TIMEOUT + 60)
    stale = queued(company, "stale", "Product Designer. Berlin.", extraction_attempts=1)
    fresh = queued(company, "fresh", "QA Engineer. Berlin.", extraction_attempts=1)
    cloud = queued(company, "cloud", "Long posting.", extraction_attempts=1)
    Job.objects.filter(pk=stale.pk).update(extraction_state=State.RUNNING, claimed_at=long_ago)
    Job.objects.filter(pk=fresh.pk).update(extraction_state=State.RUNNING, claimed_at=timezone.now())
    Job.objects.filter(pk=cloud.pk).update(extraction_state=State.RUNNING, claimed_at=long_ago, token_count=9000)
    llm = StandInLLM()

    assert jobs_extract_local(engine=engine_with(llm), limit=10) == 1

    # then only the stale local claim was taken again, and it is done
    assert [conv[-1]["content"] for conv in llm.calls[0][0]] == ["Posting:\nProduct Designer. Berlin."]
    assert states(stale, fresh, cloud) == ["done", "running", "running"]
    assert Job.objects.get(pk=stale.pk).extraction_attempts == 2


def test_a_stale_claim_out_of_attempts_is_failed_not_retried(company, settings):
    # given a posting whose batch killed the worker on every allowed attempt
    long_ago = timezone.now() - timedelta(seconds=settings.EXTRACTION_CLAIM_TIMEOUT + 60)
    poison = queued(company, "poison", "Posting that crashes the engine.", extraction_attempts=MAX_LOCAL_ATTEMPTS)
    Job.objects.filter(pk=poison.pk).update(extraction_state=State.RUNNING, claimed_at=long_ago)
    llm = StandInLLM()

    assert jobs_extract_local(engine=engine_with(llm), limit=10) == 0

    job = Job.objects.get(pk=poison.pk)
    assert llm.calls == []
    assert (job.extraction_state, job.claimed_at) == ("failed", None)
    assert job.extraction_error.startswith(f"gave up after {MAX_LOCAL_ATTEMPTS} attempts")
    assert "claim" in job.extraction_error


def test_a_late_failure_does_not_release_another_workers_claim(company, settings):
    # given a batch whose worker stalls past the claim timeout, so a second worker claims it again
    job = queued(company, "slow", "Backend Engineer. Lisbon.")

    def stall_then_reclaimed():
        long_ago = timezone.now() - timedelta(seconds=settings.EXTRACTION_CLAIM_TIMEOUT + 1)
        Job.objects.filter(pk=job.pk).update(claimed_at=long_ago)
        assert [j.pk for j in jobs_claim_local(limit=10)] == [job.pk]

    # when the first worker's engine then fails
    llm = StandInLLM(fail=RuntimeError("engine died"), during=stall_then_reclaimed)
    jobs_extract_local(engine=engine_with(llm), limit=10)

    # then the second worker's claim stands
    stored = Job.objects.get(pk=job.pk)
    assert (stored.extraction_state, stored.extraction_attempts) == ("running", 2)
    assert stored.claimed_at is not None


def test_rules_engine_end_to_end(company):
    # given a posting with source data for the title and text for the rest
    job = queued(
        company, "rules", "Backend Engineer (Python). Fully remote within the EU. Full-time, permanent. "
        "Salary: €60.000 – €70.000 per year, plus 25 days of paid vacation.",
        source_data={"title": "Backend Engineer (Python)", "locations": [{"name": "Remote, EU"}]}, source_origin="ats",
    )

    assert jobs_extract_local(engine=RulesEngine(), limit=10) == 1

    job.refresh_from_db()
    assert (job.extraction_state, job.extraction_engine, job.extraction_error) == ("done", "rules", "")
    assert (job.title, job.locations) == ("Backend Engineer (Python)", [{"name": "Remote, EU"}])
    assert (job.remote, job.employment_type) == ("remote", "full_time")
    assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_period) == (60000, 70000, "EUR", "year")
    assert (job.salary_annual_min, job.salary_annual_max) == (60000, 70000)
    assert job.field_sources == {
        "title": "ats", "locations": "ats", "remote": "rules", "employment_type": "rules", "salary_min": "rules",
        "salary_max": "rules", "salary_currency": "rules", "salary_period": "rules",
    }


@pytest.mark.django_db(transaction=True)
def test_claims_skip_rows_another_worker_has_locked():
    # given two committed queued jobs, the first locked by another worker's open transaction
    company = Company.objects.create(name="Locks Co", careers_url="https://locks.example/careers")
    first, second = queued(company, "first", "One."), queued(company, "second", "Two.")
    locked, release = threading.Event(), threading.Event()

    def other_worker():
        try:
            with transaction.atomic():
                list(Job.objects.select_for_update().filter(pk=first.pk))
                locked.set()
                release.wait(30)
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    try:
        assert locked.wait(30)
        # when this worker claims, it neither waits for the lock nor takes the locked row
        claimed = jobs_claim_local(limit=10)
    finally:
        release.set()
        thread.join(30)

    assert [job.pk for job in claimed] == [second.pk]
    assert states(first, second) == ["queued_local", "running"]

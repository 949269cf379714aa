"""The vLLM engine's batching and result handling on CPU, and the local extraction service on PostgreSQL."""
import json
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone

from extraction.engines import BatchError, EngineError, ExtractionRequest
from extraction.engines import vllm_engine
from extraction.engines.rules import RulesEngine
from extraction.engines.vllm_engine import BatchStats, VLLMEngine
from extraction.prompt import build_messages
from extraction.local_batches import MAX_LOCAL_ATTEMPTS, REFUSED_ALONE, jobs_claim_local, jobs_extract_local
from jobscraper.models import Company, Job
from scraping.services import job_upsert
from scraping.sources import Posting
from tests.builders import make_job
from tests.extraction.stand_in_llm import EngineDeadError, StandInLLM, StandInLLMs
from tests.locks import row_locked_elsewhere

State = Job.ExtractionState
SAMPLING = SimpleNamespace(temperature=0.0, max_tokens=1024)  # passed through to llm.chat untouched


def engine_with(llm: StandInLLM) -> VLLMEngine:
    """An engine whose every build (start, restarts) gets this same stand-in."""
    return VLLMEngine(model="Qwen/Qwen3-4B-Instruct-2507-FP8", llm_factory=lambda **kwargs: llm, sampling_params=SAMPLING)


def engine_built_by(factory: StandInLLMs) -> VLLMEngine:
    return VLLMEngine(model="Qwen/Qwen3-4B-Instruct-2507-FP8", llm_factory=factory, sampling_params=SAMPLING)


def test_one_chat_call_for_the_whole_batch():
    llm = StandInLLM()
    requests = [
        ExtractionRequest(key=1, text="Android Developer. Lisbon."),
        ExtractionRequest(key=2, text="Data Analyst. Remote.", known={"title": "Data Analyst"}),
        ExtractionRequest(key=3, text="Site Reliability Engineer. Porto."),
    ]

    engine = engine_with(llm)
    results = engine.extract(requests)

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
    # and the batch's totals are there to read
    assert engine.last_batch == BatchStats(
        prompts=3, tokens_in=43 + 43 + 44, tokens_out=sum(r.tokens_out for r in results), latency_ms=results[0].latency_ms
    )


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


def test_a_refused_prompt_fails_the_call_but_keeps_the_engine():
    factory = StandInLLMs(StandInLLM(poison=lambda text: text == "Too long."))
    engine = engine_built_by(factory)

    with pytest.raises(BatchError, match="vllm refused a batch of 2: ValueError: The decoder prompt"):
        engine.extract([ExtractionRequest(key=1, text="Fine."), ExtractionRequest(key=2, text="Too long.")])
    [result] = engine.extract([ExtractionRequest(key=1, text="Fine.")])

    # then the same engine served the next call: nothing was restarted
    assert result.fields.title == "Fine"
    assert (len(factory.built), engine.restarts) == (1, 0)


def test_a_dead_engine_is_rebuilt_before_the_next_batch():
    # given an engine whose core dies after serving one batch
    factory = StandInLLMs(StandInLLM(dies_after=1), StandInLLM())
    engine = engine_built_by(factory)
    engine.extract([ExtractionRequest(key=1, text="First.")])

    # when the next batch finds it dead: the batch fails, the dead engine is let go
    with pytest.raises(BatchError, match="batch of 1: EngineDeadError: EngineCore encountered an issue.*restarted"):
        engine.extract([ExtractionRequest(key=2, text="Second.")])
    assert engine.llm is None

    # then the batch after that runs on a new engine, built as the first one was
    [result] = engine.extract([ExtractionRequest(key=3, text="Third.")])
    assert result.fields.title == "Third"
    assert [len(llm.calls) for llm in factory.built] == [2, 1]
    assert engine.restarts == 1
    assert factory.kwargs[0] == factory.kwargs[1]
    assert factory.kwargs[0] == {
        "model": "Qwen/Qwen3-4B-Instruct-2507-FP8", "max_model_len": 8192, "kv_cache_dtype": None, "quantization": None,
        "gpu_memory_utilization": 0.85, "enforce_eager": False,
        "structured_outputs_config": {"backend": "xgrammar", "disable_any_whitespace": True},
    }


def test_an_engine_that_cannot_be_restarted_is_an_engine_error():
    engine = engine_built_by(StandInLLMs(StandInLLM(dies_after=0)))
    with pytest.raises(BatchError):
        engine.extract([ExtractionRequest(key=1, text="a")])

    # then the failed restart is no batch's fault: it is not a BatchError, so no one splits the batch for it
    with pytest.raises(EngineError, match="could not be restarted: RuntimeError: CUDA error") as failure:
        engine.extract([ExtractionRequest(key=1, text="a")])
    assert not isinstance(failure.value, BatchError)


def test_no_requests_no_call():
    llm = StandInLLM()

    assert engine_with(llm).extract([]) == []
    assert llm.calls == []


# --- jobs_extract_local on PostgreSQL ---------------------------------------------------------------


@pytest.fixture
def company(db):
    return Company.objects.create(name="Catawiki (test)", careers_url="https://catawiki.example/careers")


def queued(company, external_id: str, text: str, **fields) -> Job:
    return make_job(
        company, extracted=False, external_id=external_id, content_hash=f"hash-{external_id}", raw_content=text,
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
        assert job.extraction_error.startswith(
            f"gave up after {MAX_LOCAL_ATTEMPTS} attempts: {REFUSED_ALONE}vllm generate failed"
        )
    assert jobs_extract_local(engine=engine, limit=10) == 0


@pytest.mark.parametrize(
    "poison_error, restarts",
    [
        (None, 0),  # vllm refuses the prompt (too long): the engine is fine
        (EngineDeadError(), 3),  # the prompt kills the engine core: restarted for each half that held it
    ],
    ids=["refused", "kills-the-engine"],
)
def test_a_bad_posting_fails_alone_not_its_neighbours(company, poison_error, restarts):
    # given a batch of four, the first of which the engine cannot take
    jobs = [queued(company, str(n), f"Posting {n}.") for n in range(4)]
    llms = [StandInLLM(poison=lambda text: text == "Posting 0.", poison_error=poison_error) for _ in range(10)]
    engine = engine_built_by(StandInLLMs(*llms))

    # when one task runs: the batch fails, then its halves are tried, down to the bad posting alone
    assert jobs_extract_local(engine=engine, limit=10) == 4

    # then its three neighbours are stored; only the bad one goes back to the queue, with the reason
    assert states(*jobs) == ["queued_local", "done", "done", "done"]
    assert engine.restarts == restarts
    assert [j.extraction_attempts for j in Job.objects.filter(pk__in=[j.pk for j in jobs]).order_by("pk")] == [1, 1, 1, 1]
    reason = "vllm refused a batch of 1: ValueError" if poison_error is None else "batch of 1: EngineDeadError"
    assert reason in Job.objects.get(pk=jobs[0].pk).extraction_error

    # when it keeps failing alone, it ends failed; its neighbours are untouched
    for _ in range(MAX_LOCAL_ATTEMPTS - 1):
        assert jobs_extract_local(engine=engine, limit=10) == 1
    bad = Job.objects.get(pk=jobs[0].pk)
    assert (bad.extraction_state, bad.extraction_attempts) == ("failed", MAX_LOCAL_ATTEMPTS)
    assert bad.extraction_error.startswith(f"gave up after {MAX_LOCAL_ATTEMPTS} attempts: ")
    assert states(*jobs[1:]) == ["done", "done", "done"]


def test_a_posting_refused_alone_is_tried_alone_next_time_and_fails_no_neighbour(company):
    # given a posting the engine refused alone at an earlier claim, queued again among new postings
    bad = queued(company, "bad", "Posting 0.")
    llm = StandInLLM(poison=lambda text: text == "Posting 0.")
    engine = engine_built_by(StandInLLMs(llm))
    jobs_extract_local(engine=engine, limit=10)
    fresh = [queued(company, str(n), f"Posting {n}.") for n in range(1, 5)]
    llm.calls.clear()

    # when the next task claims them all
    assert jobs_extract_local(engine=engine, limit=10) == 5

    # then the new postings went in one call, the refused one in another: no batch failed, nothing was split
    assert sorted(len(conversations) for conversations, _, _ in llm.calls) == [1, 4]
    assert states(*fresh) == ["done"] * 4
    assert states(bad) == ["queued_local"]
    assert Job.objects.get(pk=bad.pk).extraction_attempts == 2


def test_a_result_arriving_after_its_claim_was_taken_again_is_not_stored(company, settings):
    # given a batch whose engine answers only after its claim went stale and another worker claimed the job
    job = queued(company, "slow", "Backend Engineer. Lisbon.")
    retaken = timezone.now() + timedelta(seconds=settings.EXTRACTION_CLAIM_TIMEOUT + 1)

    class SlowLLM(StandInLLM):
        def chat(self, conversations, sampling_params, use_tqdm=False):
            Job.objects.filter(pk=job.pk).update(claimed_at=retaken, extraction_attempts=2)
            return super().chat(conversations, sampling_params, use_tqdm)

    # when the first worker's result arrives
    assert jobs_extract_local(engine=engine_with(SlowLLM()), limit=10) == 1

    # then it is left to the worker holding the claim now: the job is still running under that claim
    stored = Job.objects.get(pk=job.pk)
    assert (stored.extraction_state, stored.claimed_at, stored.title) == ("running", retaken, "")


def test_a_dead_engine_is_restarted_and_the_jobs_end_done(company):
    # given four postings, batches of two, and an engine whose core dies after its first batch
    jobs = [queued(company, str(n), f"Backend Engineer {n}. Lisbon.") for n in range(4)]
    first, second = StandInLLM(dies_after=1), StandInLLM()
    engine = engine_built_by(StandInLLMs(first, second))

    # when two tasks run
    assert jobs_extract_local(engine=engine, limit=2) == 2
    assert jobs_extract_local(engine=engine, limit=2) == 2

    # then the second batch, on which the first engine died, was done by a new one, and every job is done
    assert states(*jobs) == ["done", "done", "done", "done"]
    assert [len(conversations) for conversations, _, _ in first.calls] == [2, 2]
    assert [len(conversations) for conversations, _, _ in second.calls] == [1, 1]  # tried again in halves
    assert Job.objects.get(pk=jobs[3].pk).title == "Backend Engineer 3"
    assert [j.extraction_attempts for j in Job.objects.filter(pk__in=[j.pk for j in jobs])] == [1, 1, 1, 1]


def test_an_engine_that_cannot_restart_sends_back_every_job_not_stored(company):
    # given an engine that dies on its first batch and cannot be loaded again
    jobs = [queued(company, str(n), f"Posting {n}.") for n in range(4)]
    llm = StandInLLM(dies_after=0)

    assert jobs_extract_local(engine=engine_built_by(StandInLLMs(llm)), limit=10) == 4

    # then the halves were not tried one by one against no engine: all four go back, with the reason
    assert len(llm.calls) == 1
    for job in Job.objects.filter(pk__in=[j.pk for j in jobs]):
        assert (job.extraction_state, job.extraction_attempts, job.claimed_at) == ("queued_local", 1, None)
        assert job.extraction_error.startswith("vllm engine could not be restarted: RuntimeError: CUDA error")


def test_an_engine_that_dies_on_every_batch_stops_being_split(company):
    # given an engine that dies on every call, however small, and eight postings
    jobs = [queued(company, str(n), f"Posting {n}.") for n in range(8)]
    factory = StandInLLMs(*[StandInLLM(fail=RuntimeError("CUDA error: an illegal memory access")) for _ in range(20)])
    engine = engine_built_by(factory)

    # when one task runs: halving goes on only until the engine has died MAX_DEATHS_IN_A_ROW times in a row
    assert jobs_extract_local(engine=engine, limit=10) == 8
    assert len(factory.built) == vllm_engine.MAX_DEATHS_IN_A_ROW
    assert all(len(llm.calls) == 1 for llm in factory.built)
    assert states(*jobs) == ["queued_local"] * 8
    assert any("in a row" in job.extraction_error for job in Job.objects.filter(pk__in=[j.pk for j in jobs]))

    # then the next task gets a fresh engine, for the whole batch at once but for the postings that failed alone
    # before (each waits for a call of its own, as a posting the engine refuses would)
    refused = Job.objects.filter(pk__in=[j.pk for j in jobs], extraction_error__startswith=REFUSED_ALONE).count()
    assert 0 < refused < 8
    assert jobs_extract_local(engine=engine, limit=10) == 8
    assert len(factory.built) == vllm_engine.MAX_DEATHS_IN_A_ROW + 1
    assert [len(conversations) for conversations, _, _ in factory.built[-1].calls] == [8 - refused]


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
    assert (job.remote, job.employment_type, job.remote_regions) == ("remote", "full_time", ["EU"])
    assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_period) == (60000, 70000, "EUR", "year")
    assert (job.salary_annual_min, job.salary_annual_max) == (60000, 70000)
    assert job.field_sources == {
        "title": "ats", "locations": "ats", "remote": "rules", "employment_type": "rules", "salary_min": "rules",
        "salary_max": "rules", "salary_currency": "rules", "salary_period": "rules", "remote_regions": "rules",
    }


@pytest.mark.django_db(transaction=True)
def test_claims_skip_rows_another_worker_has_locked():
    # given two committed queued jobs, the first locked by another worker's open transaction
    company = Company.objects.create(name="Locks Co", careers_url="https://locks.example/careers")
    first, second = queued(company, "first", "One."), queued(company, "second", "Two.")
    with row_locked_elsewhere(Job, first.pk):
        # when this worker claims, it neither waits for the lock nor takes the locked row
        claimed = jobs_claim_local(limit=10)

    assert [job.pk for job in claimed] == [second.pk]
    assert states(first, second) == ["queued_local", "running"]

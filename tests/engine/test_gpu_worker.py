"""The real gpu worker (Celery, solo pool, LOCAL_ENGINE=vllm) holding the real vLLM engine on a tiny random Qwen3.

Postings go through the chain as deployed: routed here, batches claimed by the worker, prompts rendered with the
model's own chat template, answers constrained by our schema, results grounded and stored, or failed with the reason.
Random weights answer nonsense: the tests assert what must hold whatever the model says.
"""
import pytest
from django.conf import settings as django_settings

from extraction import normalize, services
from extraction.engines.base import ANSWER_FAILURES, CUT_ANSWER
from extraction.prompt import build_messages
from extraction.schema import EmploymentType, Period, Remote, Seniority
from jobscraper.fields import EXTRACTED_SALARY
from jobscraper.models import Job
from tests.engine.chain import (
    FINAL, LOCAL_MAX_TOKENS, PROMPT_LIMIT, State, pending_jobs, settled, start_gpu_worker, told_by_its_log, worker_env,
)
from tests.fixture_postings import cycled, fixture_postings
from tests.polling import wait_for

pytestmark = [pytest.mark.engine, pytest.mark.celery]


@pytest.fixture(scope="module")
def gpu_worker(tiny_model, django_db_setup):
    """One gpu worker, its engine loaded once, for the module's tests (each test's rows are its own)."""
    import redis

    redis.Redis.from_url(django_settings.REDIS_URL).flushdb()
    workers = start_gpu_worker(worker_env(tiny_model, LOCAL_BATCH_SIZE=16))
    yield workers
    assert workers.stop() == [], "processes of the stopped gpu worker still running: its vLLM engine core"


def assert_stored_values_are_schema_valid_and_grounded(job: Job) -> None:
    """What a done job shows: every value in the schema's vocabulary, and every value the model gave grounded."""
    assert job.remote in Remote.__args__ and job.employment_type in EmploymentType.__args__
    assert job.seniority in (*Seniority.__args__, "") and job.visa_sponsorship in ("yes", "no", "unknown")
    assert job.salary_period in (*Period.__args__, "") and len(job.salary_currency) <= 3
    assert len(job.locations) <= 10 and len(job.skills) <= 20
    assert len(job.requirements) <= 12 and len(job.benefits) <= 12
    from_model = {name for name, label in job.field_sources.items() if label == "local_llm"}
    if "title" in from_model:
        assert normalize.title_is_grounded(job.title, job.raw_content), job.title
    if from_model & set(EXTRACTED_SALARY):
        values = {name: getattr(job, name) for name in EXTRACTED_SALARY}
        assert normalize.salary_is_grounded(values, job.raw_content), values
    if "locations" in from_model:
        assert all(normalize.location_is_grounded(location, job.raw_content) for location in job.locations)


@pytest.mark.django_db(transaction=True)
def test_real_postings_through_the_real_chain_end_stored_or_failed_with_the_reason(gpu_worker, routing):
    # given 48 real postings, pending
    jobs = pending_jobs([posting.text for posting in cycled(fixture_postings(), 48)])
    ids = [job.pk for job in jobs]

    # when they are routed, as a scrape would route them: the gpu worker is woken and takes them in batches
    services.jobs_route(job_ids=ids)
    with told_by_its_log(gpu_worker):
        wait_for(lambda: settled(ids), timeout=240, interval=0.5, message="every routed posting extracted or failed")

    # then every posting ends done or failed by the engine, each failure with its reason, or waits for the cloud
    jobs = list(Job.objects.filter(pk__in=ids))
    assert {job.extraction_state for job in jobs} <= {*FINAL, State.QUEUED_CLOUD}
    local = [job for job in jobs if job.extraction_state in FINAL]
    assert {job.extraction_engine for job in local} == {"vllm"}
    failed = [job.extraction_error for job in local if job.extraction_state == State.FAILED]
    assert all(error.startswith(ANSWER_FAILURES) for error in failed), failed[:3]
    assert any(error.startswith(CUT_ANSWER) for error in failed), "no answer was cut"
    # and what is stored is our schema's and grounded in its posting: nonsense is dropped, not shown
    done = [job for job in local if job.extraction_state == State.DONE]
    assert done, "no answer of the tiny model was stored: the chain never completed"
    for job in done:
        assert_stored_values_are_schema_valid_and_grounded(job)
    # and the cloud's postings are past a limit: routing's (tiktoken), or, claimed here first, the engine's own
    cloud = [job for job in jobs if job.extraction_state == State.QUEUED_CLOUD]
    assert all(job.token_count > LOCAL_MAX_TOKENS for job in cloud)
    assert all(job.token_count > PROMPT_LIMIT for job in cloud if job.extraction_attempts)
    print(f"\n{len(done)} done, {len(failed)} failed, {len(cloud)} sent to the cloud of {len(jobs)}")


def model_prompt_tokens(tokenizer, text: str) -> int:
    """The prompt's length as the engine counts it (VLLMEngine.prompt_tokens, checked against vLLM in test_vllm_cpu)."""
    prompt = tokenizer.apply_chat_template(build_messages(text=text, known={}), tokenize=False, add_generation_prompt=True)
    return len(tokenizer.encode(prompt, add_special_tokens=False))


def texts_around_the_limit(tokenizer, text: str) -> tuple[str, str]:
    """The longest head of `text` whose prompt fits the limit, and the shortest that passes it."""
    low, high = 0, len(text)  # model_prompt_tokens(text[:low]) <= PROMPT_LIMIT < model_prompt_tokens(text[:high])
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if model_prompt_tokens(tokenizer, text[:middle]) <= PROMPT_LIMIT else (low, middle)
    return text[:low], text[:high]


@pytest.mark.django_db(transaction=True)
def test_a_posting_just_under_the_models_limit_stays_local_and_one_just_over_goes_to_the_cloud(
    gpu_worker, routing, tiny_model
):
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(tiny_model)
    long_text = "\n\n".join(posting.text for posting in fixture_postings())
    under, over = texts_around_the_limit(tokenizer, long_text)
    under_tokens, over_tokens = model_prompt_tokens(tokenizer, under), model_prompt_tokens(tokenizer, over)
    assert PROMPT_LIMIT - 5 <= under_tokens <= PROMPT_LIMIT < over_tokens <= PROMPT_LIMIT + 5
    jobs = pending_jobs([under, over])

    # when both are routed: tiktoken, routing's estimate, sends both to the local engine
    counts = services.jobs_route(job_ids=[job.pk for job in jobs])
    assert counts == {"local": 2, "cloud": 0, "source": 0}
    with told_by_its_log(gpu_worker):
        wait_for(lambda: settled([job.pk for job in jobs]), timeout=120, interval=0.5, message="both postings settled")

    # then the worker, counting with the model's own tokenizer, extracts the one that fits and sends the other on
    under_job, over_job = (Job.objects.get(pk=job.pk) for job in jobs)
    assert (under_job.extraction_state in FINAL, under_job.extraction_engine) == (True, "vllm")
    assert (over_job.extraction_state, over_job.token_count, over_job.extraction_engine) == (
        State.QUEUED_CLOUD, over_tokens, "",
    )
    assert over_job.extraction_attempts == 1  # the claim counted; the cloud task takes it up from here

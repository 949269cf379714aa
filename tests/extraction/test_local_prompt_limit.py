"""The local engine's own prompt limit, counted by its own tokenizer when the gpu worker claims a batch (stand-in LLM:
a word is a token). The engine lane proves the same against the real vLLM engine (tests/engine/test_gpu_worker.py)."""
from types import SimpleNamespace

import pytest

from extraction.engines import ExtractionRequest
from extraction.engines.vllm_engine import VLLMEngine
from extraction.local_batches import jobs_extract_local
from jobscraper.models import Company, Job
from tests.builders import make_job
from tests.extraction.stand_in_llm import StandInLLM, StandInLLMs

State = Job.ExtractionState
LIMIT = 120  # prompt tokens the engine takes: a model length of 160, less 40 for the answer


@pytest.fixture
def company(db):
    return Company.objects.create(name="Limits (test)", careers_url="https://limits.example/careers")


def engine(factory) -> VLLMEngine:
    return VLLMEngine(
        model="tiny", max_model_len=LIMIT + 40, max_output_tokens=40, llm_factory=factory,
        sampling_params=SimpleNamespace(temperature=0.0, max_tokens=40),
    )


def queued(company, name: str, text: str) -> Job:
    return make_job(
        company, extracted=False, external_id=name, content_hash=f"hash-{name}", raw_content=text,
        extraction_state=State.QUEUED_LOCAL, token_count=10,
    )


def text_of(engine: VLLMEngine, tokens: int) -> str:
    """A posting whose prompt is `tokens` long as the engine counts it."""
    prompt = engine.prompt_tokens(ExtractionRequest(key=0, text=""))
    return "Engineer. " + "word " * (tokens - prompt - 1)


def test_a_prompt_past_the_engines_own_limit_goes_to_the_cloud_and_its_neighbours_are_extracted(
    company, django_capture_on_commit_callbacks
):
    llm = StandInLLM()
    local = engine(StandInLLMs(llm))
    at_limit, past = queued(company, "at", text_of(local, LIMIT)), queued(company, "past", text_of(local, LIMIT + 1))

    with django_capture_on_commit_callbacks() as sent:
        assert jobs_extract_local(engine=local, limit=10) == 2

    # then the model saw only the posting that fits; the other waits for the cloud with the model's count of it
    assert len(llm.calls) == 1 and len(llm.calls[0][0]) == 1
    at_limit.refresh_from_db()
    past.refresh_from_db()
    assert (at_limit.extraction_state, at_limit.extraction_engine) == (State.DONE, "vllm")
    assert (past.extraction_state, past.token_count, past.claimed_at, past.extraction_attempts) == (
        State.QUEUED_CLOUD, LIMIT + 1, None, 1,
    )
    # its cloud task, and the matching of the stored one for duplicates, sent once the batch's writes are committed
    assert len(sent) == 2


def test_an_engine_that_cannot_count_because_it_cannot_restart_sends_the_batch_back(company):
    # given an engine whose core died and which cannot be built again
    local = engine(StandInLLMs(StandInLLM()))
    local.llm = None
    jobs = [queued(company, str(n), f"Posting {n}.") for n in range(3)]

    assert jobs_extract_local(engine=local, limit=10) == 3

    # then every claimed job goes back to the queue with the reason, none left running
    for job in Job.objects.filter(pk__in=[j.pk for j in jobs]):
        assert (job.extraction_state, job.claimed_at) == (State.QUEUED_LOCAL, None)
        assert job.extraction_error.startswith("vllm engine could not be restarted: RuntimeError: CUDA error")

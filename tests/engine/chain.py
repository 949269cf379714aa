"""The gpu worker as the engine lane starts it: its settings, its start, the postings it is given (Django)."""
from contextlib import contextmanager

from django.conf import settings as django_settings

from jobscraper.models import Job
from tests.builders import make_job, plain_company
from tests.conftest import _database_url
from tests.workers import Workers

State = Job.ExtractionState
# 40 answer tokens sit inside the spread of this model's answers (3 to 67 tokens, measured on 48 of these postings):
# some end within it and are stored, others are cut and must fail with that reason.
MAX_MODEL_LEN, OUTPUT_TOKENS = 4096, 40
PROMPT_LIMIT = MAX_MODEL_LEN - OUTPUT_TOKENS  # the engine's own limit, in the model's tokens
LOCAL_MAX_TOKENS = int(PROMPT_LIMIT * 0.97)  # routing's, in tiktoken's (settings.py's default rule)
ENGINE_START_TIMEOUT = 300  # seconds: the worker answers pings once its engine is loaded (about 30 s here)
FINAL = (State.DONE, State.FAILED)


def worker_env(model, **extra) -> dict:
    return {
        "LOCAL_ENGINE": "vllm", "VLLM_MODEL": str(model), "VLLM_MAX_MODEL_LEN": MAX_MODEL_LEN,
        "LLM_MAX_OUTPUT_TOKENS": OUTPUT_TOKENS, "VLLM_ENFORCE_EAGER": "true", "OPENAI_API_KEY": "", **extra,
    }


def start_gpu_worker(env: dict) -> Workers:
    workers = Workers(_database_url(django_settings.DATABASES["default"]), {k: str(v) for k, v in env.items()})
    workers.start(queues="gpu", pool="solo")
    workers.wait_ready(timeout=ENGINE_START_TIMEOUT)
    return workers


def pending_jobs(texts: list[str]) -> list[Job]:
    company = plain_company()
    return [
        make_job(company, raw_content=text, title=f"Posting {index}", extraction_state=State.PENDING, extraction_engine="")
        for index, text in enumerate(texts)
    ]


def settled(ids: list[int]) -> bool:
    return not Job.objects.filter(pk__in=ids, extraction_state__in=[State.PENDING, State.QUEUED_LOCAL, State.RUNNING]).exists()


@contextmanager
def told_by_its_log(workers: Workers, lines: int = 30):
    """A failed wait inside says what the gpu worker logged last: on a CI machine the log is gone with the run."""
    try:
        yield
    except AssertionError as failure:
        tail = "\n".join(workers.log_text("gpu").splitlines()[-lines:])
        raise AssertionError(f"{failure}\n--- the gpu worker's log, last {lines} lines:\n{tail}") from None

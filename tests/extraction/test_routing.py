"""Token counting with the bundled encoding, the 8,000-token local/cloud boundary, and the routing service."""
import os
import subprocess
import sys
from pathlib import Path

import pytest
import tiktoken

from extraction.routing import CLOUD, ENCODING, LOCAL, count_tokens, prompt_tokens, route
from extraction.services import jobs_route
from jobscraper.models import Company, Job
from tests.builders import make_job

ROOT = Path(__file__).resolve().parents[2]
OPENING = "Data Engineer, Porto. We move data between systems."


def text_with_prompt_tokens(target: int, *, known: dict) -> str:
    """A posting whose whole prompt is exactly `target` tokens: search the filler length."""
    words = target - prompt_tokens(text=OPENING, known=known)
    for _ in range(20):
        text = OPENING + " data" * words
        missing = target - prompt_tokens(text=text, known=known)
        if missing == 0:
            return text
        words += missing
    raise AssertionError(f"no filler length gives a prompt of {target} tokens")


def test_offline_encoding_has_cl100k_ids():
    assert tiktoken.get_encoding(ENCODING).encode("hello world") == [15339, 1917]
    assert count_tokens("hello world") == 2


def test_counting_needs_no_download(tmp_path):
    # given a process with an empty tiktoken cache and every HTTP(S) request sent to a closed port
    closed = "http://127.0.0.1:9"
    env = {**os.environ, "TIKTOKEN_CACHE_DIR": str(tmp_path), "HTTP_PROXY": closed, "HTTPS_PROXY": closed, "NO_PROXY": ""}
    script = (
        "import tiktoken\n"
        "from extraction.routing import count_tokens\n"
        "print(count_tokens('hello world'))\n"
        "try:\n"
        "    tiktoken.get_encoding('cl100k_base')\n"
        "    print('downloaded')\n"
        "except Exception:\n"
        "    print('offline')\n"
    )

    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    # then our encoding counts, while the plain one (which downloads) cannot load there
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["2", "offline"]


def test_special_token_text_in_a_posting_is_counted_not_refused():
    assert count_tokens("Apply at <|endoftext|> today") > 3


def test_prompt_tokens_include_the_known_fields_and_the_instructions():
    bare = prompt_tokens(text=OPENING, known={})

    assert bare > count_tokens(OPENING)
    assert prompt_tokens(text=OPENING, known={"title": "Data Engineer", "locations": [{"name": "Porto"}]}) > bare


@pytest.mark.parametrize(("target", "where"), [(7999, LOCAL), (8000, LOCAL), (8001, CLOUD)])
def test_route_around_the_local_limit(target, where):
    text = text_with_prompt_tokens(target, known={})

    assert route(prompt_tokens(text=text, known={}), local_limit=8000) == where


def test_default_local_limit_leaves_the_answer_room_in_the_context(settings):
    assert settings.LOCAL_MAX_TOKENS + settings.LLM_MAX_OUTPUT_TOKENS < settings.VLLM_MAX_MODEL_LEN


def test_a_local_limit_that_leaves_the_answer_no_room_is_refused_at_start():
    env = {**os.environ, "LOCAL_MAX_TOKENS": "8000", "VLLM_MAX_MODEL_LEN": "8192", "LLM_MAX_OUTPUT_TOKENS": "1024"}
    run = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], env=env, capture_output=True, text=True,
        cwd=ROOT, timeout=120,
    )

    assert run.returncode != 0
    assert "LOCAL_MAX_TOKENS=8000 leaves the answer less than LLM_MAX_OUTPUT_TOKENS=1024" in run.stderr
    assert "lower it to at most 7168" in run.stderr


def _job(company, external_id, text, **fields):
    return make_job(
        company, extracted=False, external_id=external_id, content_hash=f"hash-{external_id}", raw_content=text,
        **fields,
    )


@pytest.mark.django_db
def test_jobs_route_queues_each_job_and_is_idempotent(settings, django_capture_on_commit_callbacks):
    # given pending postings of one token under, at and over the local limit, one already done, one fully structured
    limit = settings.LOCAL_MAX_TOKENS
    company = Company.objects.create(name="Routing Co", careers_url="https://routing.example/careers")
    known = {"title": "Data Engineer"}
    jobs = {
        tokens: _job(company, str(tokens), text_with_prompt_tokens(tokens, known=known), source_data=known)
        for tokens in (limit - 1, limit, limit + 1)
    }
    done = _job(company, "done", "Already extracted.", extraction_state=Job.ExtractionState.DONE, token_count=12)
    complete = _job(
        company,
        "complete",
        "Platform Engineer, remote, full-time, €70,000 a year.",
        source_data={
            "title": "Platform Engineer", "locations": [{"name": "Lisbon, Portugal"}], "remote": "remote",
            "employment_type": "full_time", "salary_min": 70000, "salary_currency": "EUR", "salary_period": "year",
        },
        source_origin="ats",
    )
    ids = [job.pk for job in (*jobs.values(), done, complete)]

    # when the route task runs
    with django_capture_on_commit_callbacks() as enqueued:
        counts = jobs_route(job_ids=ids)

    # then short postings queue locally, the long one in the cloud, each with its prompt's token count
    assert counts == {"local": 2, "cloud": 1, "source": 1}
    stored = {job.external_id: job for job in Job.objects.filter(pk__in=ids)}
    assert [(stored[str(t)].extraction_state, stored[str(t)].token_count) for t in jobs] == [
        ("queued_local", limit - 1), ("queued_local", limit), ("queued_cloud", limit + 1)
    ]
    # a job already done is left alone, and complete source data skips the LLM
    assert (stored["done"].extraction_state, stored["done"].token_count) == ("done", 12)
    assert (stored["complete"].extraction_state, stored["complete"].extraction_engine) == ("done", "source")
    assert stored["complete"].field_sources["salary_min"] == "ats"
    assert stored["complete"].salary_annual_min == 70000
    # one wake-up for the local queue, one task per cloud job, and the matching of the job complete from its source
    # (stored there, so matched for duplicates), sent only after commit
    assert len(enqueued) == 3

    # when the same route task is delivered again
    before = list(Job.objects.filter(pk__in=ids).order_by("pk").values())
    with django_capture_on_commit_callbacks() as enqueued_again:
        again = jobs_route(job_ids=ids)

    # then nothing changes and nothing is enqueued
    assert again == {"local": 0, "cloud": 0, "source": 0}
    assert list(Job.objects.filter(pk__in=ids).order_by("pk").values()) == before
    assert enqueued_again == []


@pytest.mark.django_db
def test_jobs_route_follows_the_configured_limit(settings):
    settings.LOCAL_MAX_TOKENS = 7999
    company = Company.objects.create(name="Limit Co", careers_url="https://limit.example/careers")
    job = _job(company, "8000", text_with_prompt_tokens(8000, known={}))

    jobs_route(job_ids=[job.pk])

    job.refresh_from_db()
    assert (job.extraction_state, job.token_count) == ("queued_cloud", 8000)

"""The OpenAI engine and the cloud service against a loopback OpenAI-compatible server (real SDK, real retries)."""
import json
import socket

import pytest

from extraction.engines import EngineError, ExtractionRequest
from extraction.engines.openai_engine import OpenAIEngine
from extraction.prompt import build_messages
from extraction.schema import job_fields_json_schema
from extraction.cloud import job_extract_cloud
from jobscraper.models import Job
from tests.extraction.openai_api import COMPLETIONS, FIELDS, POSTING, completion, error
from tests.servers import Reply


def flaky_then_answers() -> list[Reply]:
    """Rate limited, then a server error, then a valid answer: the retry policy's everyday case."""
    return [error(429, "Rate limit reached"), error(500, "upstream hiccup"), completion(json.dumps(FIELDS))]


def test_engine_retries_429_and_500_then_parses_the_answer(loopback):
    # given an endpoint that is rate limited, then fails, then answers
    loopback.routes[COMPLETIONS] = flaky_then_answers()
    engine = OpenAIEngine(
        base_url=loopback.url + "/v1", api_key="sk-test", model="test-model", max_attempts=3, retry_max_wait=0.05
    )

    # when
    [result] = engine.extract([ExtractionRequest(key=7, text=POSTING)])

    # then the third attempt's answer is the result
    assert len(loopback.hits(COMPLETIONS)) == 3
    assert (result.key, result.error, result.tokens_in, result.tokens_out) == (7, "", 321, 54)
    assert result.fields.title == "Staff Data Engineer" and result.fields.salary.max == 110000


def test_engine_retries_a_timeout(loopback):
    loopback.routes[COMPLETIONS] = [completion(json.dumps(FIELDS)), completion(json.dumps(FIELDS))]
    # The client's timeout is far above what an answer takes even on a busy machine, and the first answer far past it.
    loopback.routes[COMPLETIONS][0].delay = 60.0  # seconds
    engine = OpenAIEngine(
        base_url=loopback.url + "/v1", api_key="sk-test", model="test-model", timeout=2.0, max_attempts=2,
        retry_max_wait=0.05,
    )

    [result] = engine.extract([ExtractionRequest(key=1, text=POSTING)])

    assert len(loopback.hits(COMPLETIONS)) == 2
    assert result.error == "" and result.fields.remote == "hybrid"


def test_engine_retries_a_408_request_timeout(loopback):
    loopback.routes[COMPLETIONS] = [error(408, "request timed out"), completion(json.dumps(FIELDS))]
    engine = OpenAIEngine(base_url=loopback.url + "/v1", api_key="sk-test", model="m", max_attempts=3, retry_max_wait=0.05)

    [result] = engine.extract([ExtractionRequest(key=1, text=POSTING)])

    assert len(loopback.hits(COMPLETIONS)) == 2
    assert result.error == "" and result.fields.title == "Staff Data Engineer"


def test_engine_reports_a_refusal_and_a_cut_answer(loopback):
    refused = completion("")
    refused.body = refused.body.replace('"content": ""', '"content": null, "refusal": "I cannot help with that."')
    cut = completion('{"title": "Staff Data Engineer", "summary": "Own the')
    cut.body = cut.body.replace('"finish_reason": "stop"', '"finish_reason": "length"')
    loopback.routes[COMPLETIONS] = [refused, cut]
    engine = OpenAIEngine(base_url=loopback.url + "/v1", api_key="sk-test", model="m", concurrency=1)

    results = engine.extract([ExtractionRequest(key=1, text=POSTING), ExtractionRequest(key=2, text=POSTING)])

    assert results[0].fields is None and results[0].error == "model refused: I cannot help with that."
    assert results[1].fields is None
    assert results[1].error == (
        "output cut at the token limit: invalid JSON from the model: Unterminated string starting at: line 1 column 45 (char 44)"
    )


def test_engine_retries_refused_connections_then_raises():
    # given a port nobody listens on
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    engine = OpenAIEngine(
        base_url=f"http://127.0.0.1:{port}/v1", api_key="sk-test", model="m", max_attempts=2, retry_max_wait=0.05
    )

    with pytest.raises(EngineError, match="failed after 2 attempts: APIConnectionError"):
        engine.extract([ExtractionRequest(key=1, text=POSTING)])


def test_cloud_job_done_after_429_then_500(cloud, cloud_job, settings):
    cloud.routes[COMPLETIONS] = flaky_then_answers()

    job_extract_cloud(job_id=cloud_job.pk)

    # then three requests were made and the third answer is stored, with its origin recorded
    assert len(cloud.hits(COMPLETIONS)) == 3
    job = Job.objects.get(pk=cloud_job.pk)
    assert (job.extraction_state, job.extraction_engine, job.extraction_error) == ("done", "openai", "")
    assert (job.title, job.remote, job.employment_type) == ("Staff Data Engineer", "hybrid", "full_time")
    assert job.seniority == "senior"
    assert (job.salary_min, job.salary_max, job.salary_currency, job.salary_period) == (90000, 110000, "EUR", "year")
    assert job.salary_annual_max == 110000
    assert job.locations == [{"name": "Lisbon, PT", "city": "Lisbon", "region": "", "country": "PT",
                              "geoname_id": 2267057, "lat": 38.72509, "lon": -9.1498}]  # Lisbon's, from geonames
    assert job.skills == ["Spark", "Airflow"]
    assert set(job.field_sources.values()) == {"cloud_llm"}
    assert {"title", "salary_min", "remote", "skills"} <= job.field_sources.keys()
    assert (job.extracted_hash, job.claimed_at, job.extraction_attempts) == ("hash-1", None, 1)
    # and each request asked for schema-constrained, deterministic output, authenticated with the key
    method, _, _, body, headers = cloud.hits(COMPLETIONS)[-1]
    sent = json.loads(body)
    assert method == "POST" and {k.lower(): v for k, v in headers.items()}["authorization"] == "Bearer sk-test"
    assert sent["model"] == "test-model" and sent["temperature"] == 0
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"] == job_fields_json_schema()
    assert sent["messages"] == build_messages(text=POSTING, known={})
    assert sent["max_tokens"] == settings.LLM_MAX_OUTPUT_TOKENS


def test_cloud_job_failed_after_every_attempt_errs(cloud, cloud_job):
    cloud.routes[COMPLETIONS] = error(500, "upstream down")

    job_extract_cloud(job_id=cloud_job.pk)

    assert len(cloud.hits(COMPLETIONS)) == 3
    job = Job.objects.get(pk=cloud_job.pk)
    assert (job.extraction_state, job.extraction_engine) == ("failed", "openai")
    assert "failed after 3 attempts" in job.extraction_error
    assert "InternalServerError" in job.extraction_error and "upstream down" in job.extraction_error
    # nothing is lost: the posting is intact for a later re-extraction
    assert (job.raw_content, job.content_hash, job.token_count) == (POSTING, "hash-1", 9000)
    assert job.claimed_at is None


def test_cloud_job_400_is_not_retried(cloud, cloud_job):
    cloud.routes[COMPLETIONS] = error(400, "context_length_exceeded")

    job_extract_cloud(job_id=cloud_job.pk)

    assert len(cloud.hits(COMPLETIONS)) == 1
    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "failed"
    assert "HTTP 400" in job.extraction_error and "context_length_exceeded" in job.extraction_error


def test_cloud_job_invalid_json_from_the_model_fails_clearly(cloud, cloud_job):
    cloud.routes[COMPLETIONS] = completion('{"title": "Staff Data Engineer", "remote": ')

    job_extract_cloud(job_id=cloud_job.pk)

    assert len(cloud.hits(COMPLETIONS)) == 1
    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "failed"
    assert job.extraction_error.startswith("invalid JSON from the model")
    assert job.title == "" and job.field_sources == {}


def test_cloud_job_output_outside_the_schema_fails_clearly(cloud, cloud_job):
    cloud.routes[COMPLETIONS] = completion(json.dumps({**FIELDS, "remote": "sometimes"}))

    job_extract_cloud(job_id=cloud_job.pk)

    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "failed"
    assert job.extraction_error.startswith("model output violates the schema: remote")


def test_cloud_job_answered_by_a_web_page_fails_visibly(cloud, cloud_job):
    # a base URL pointing at a proxy or a website answers 200 with HTML, not a chat completion
    cloud.routes[COMPLETIONS] = Reply.html("<html><body><h1>Welcome to nginx!</h1></body></html>")

    job_extract_cloud(job_id=cloud_job.pk)

    job = Job.objects.get(pk=cloud_job.pk)
    assert (job.extraction_state, job.claimed_at) == ("failed", None)
    assert "not a chat completion" in job.extraction_error and "Welcome to nginx" in job.extraction_error


def test_cloud_job_without_a_key_says_so(settings, loopback, cloud_job):
    settings.OPENAI_API_KEY = ""
    settings.OPENAI_BASE_URL = loopback.url + "/v1"

    job_extract_cloud(job_id=cloud_job.pk)

    job = Job.objects.get(pk=cloud_job.pk)
    assert job.extraction_state == "cloud_not_configured"
    assert "OPENAI_API_KEY" in job.extraction_error
    assert loopback.requests == []


def test_cloud_job_done_elsewhere_is_not_sent_again(cloud, cloud_job):
    # a second delivery of the task, after the first finished, must not call the API again
    cloud.routes[COMPLETIONS] = completion(json.dumps(FIELDS))
    job_extract_cloud(job_id=cloud_job.pk)

    job_extract_cloud(job_id=cloud_job.pk)

    assert len(cloud.hits(COMPLETIONS)) == 1
    assert Job.objects.get(pk=cloud_job.pk).extraction_state == "done"

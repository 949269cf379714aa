"""Fixtures of the cloud tests: settings pointing at the loopback OpenAI server, and a job queued for the cloud."""
import pytest

from jobscraper.models import Company, Job
from tests.builders import make_job
from tests.extraction.openai_api import POSTING

TEST_MODEL_PRICE = {"input": 1.0, "output": 4.0}  # USD per 1M tokens: round figures, so costs read plainly


@pytest.fixture
def cloud(settings, loopback):
    """Cloud settings pointing at the loopback server, with short waits between attempts and a priced model."""
    settings.OPENAI_API_KEY = "sk-test"
    settings.OPENAI_BASE_URL = loopback.url + "/v1"
    settings.OPENAI_MODEL = "test-model"
    settings.OPENAI_RETRY_MAX_WAIT = 0.05  # seconds
    settings.OPENAI_MAX_ATTEMPTS = 3
    settings.CLOUD_MODEL_PRICES = {**settings.CLOUD_MODEL_PRICES, "test-model": TEST_MODEL_PRICE}
    return loopback


@pytest.fixture
def cloud_job(db):
    company = Company.objects.create(name="Northwind", careers_url="https://northwind.example/careers")
    return make_job(
        company, extracted=False, external_id="staff-data", content_hash="hash-1", raw_content=POSTING,
        extraction_state=Job.ExtractionState.QUEUED_CLOUD, token_count=9000,
    )

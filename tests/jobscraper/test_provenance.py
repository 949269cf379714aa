"""Provenance is a closed set: every label any code writes into a job's field_sources is one the admin's filter offers."""
import pytest
from django.urls import reverse

from extraction.engine_factory import build_local_engine
from extraction.engines.openai_engine import OpenAIEngine
from extraction.engines.vllm_engine import VLLMEngine
from extraction.normalize import INFERRED_LABEL
from jobscraper.admin_filters import FieldSourceFilter
from jobscraper.models import Job
from jobscraper.provenance import POSTING_ORIGINS, SOURCE_PROVENANCE, Provenance
from jobscraper.review import REVIEWER
from scraping.sources import Posting
from tests.builders import make_job, plain_company


def offered_labels() -> set[str]:
    """Each label the admin's "a field came from" filter finds: its own choices, and the source's behind "source"."""
    lookups = FieldSourceFilter(None, {}, Job, None).lookups(None, None)
    return {value for value, _ in lookups if value != "source"} | set(SOURCE_PROVENANCE)


def written_labels(settings) -> set[str]:
    """Every label the code writes: engines' (as the factory builds them), our rules', a reviewer's, postings'."""
    settings.OPENAI_API_KEY = "sk-test"
    engines = {
        build_local_engine("rules").label, build_local_engine("openai").label, VLLMEngine.label,
        OpenAIEngine(base_url="http://127.0.0.1:1/v1", api_key="k", model="m").label,
    }
    return engines | {INFERRED_LABEL, REVIEWER, Provenance.SOURCE} | set(POSTING_ORIGINS)


def test_every_label_the_code_writes_is_one_the_admin_offers(settings):
    written = written_labels(settings)

    assert written <= offered_labels(), written - offered_labels()
    assert written <= set(Provenance.values)


def test_a_posting_of_an_unknown_origin_is_refused_when_made():
    with pytest.raises(ValueError, match="a posting's origin is one of"):
        Posting(external_id="1", origin="scraped")


@pytest.mark.django_db
def test_a_job_boards_fields_are_found_under_the_source_filter(admin_client):
    # given a job whose title came from a job board, and one whose title the rules read
    company = plain_company()
    board = make_job(company, title="Board Engineer", field_sources={"title": Provenance.BOARD})
    make_job(company, title="Rules Engineer", field_sources={"title": Provenance.RULES})

    page = admin_client.get(reverse("admin:jobscraper_job_changelist"), {"field_source": "source"})

    # then the board's job is listed as sourced, the other not
    assert board.title in page.content.decode()
    assert "Rules Engineer" not in page.content.decode()

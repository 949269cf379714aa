"""The read API asked with any query string, cursor and id: a 200 or a 400 (404 for an id), never a 500, and every
refusal a JSON body that says what was wrong."""
import json

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzz import test_public_urls
from tests.fuzz.strategies import fuzz
from tests.fuzz.test_public_urls import queries, values

jobs = test_public_urls.jobs  # the public URLs' fixture: companies and jobs of every kind those tests list

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# The API's own parameters, beside the list's (test_public_urls.queries); every value of test_public_urls' strategies,
# and cursors as a client may mangle them.
cursors = values | st.sampled_from(["WyJuZXdlc3QiLFtdXQ:x", '["newest",[1]]', "e30:abc", ":", "%3A" * 3])
more = st.lists(st.tuples(st.sampled_from(["limit", "cursor", "near", "km", "remote_in", "company"]), cursors),
                max_size=3)


@pytest.fixture(autouse=True)
def unlimited(settings):
    settings.API_RATE_LIMIT = 10**9  # the examples are many requests from one address


def _answer(client, url: str) -> dict:
    # In a savepoint, so that a database error fails this example alone, not every later one in the test's transaction.
    with transaction.atomic():
        response = client.get(url)  # the test client raises what would be a 500
    assert response.status_code in (200, 400, 404), (url, response.status_code)
    body = json.loads(response.content)
    if response.status_code != 200:
        assert isinstance(body["detail"], str) and body["detail"], url
    return body


@fuzz
@given(chosen=queries, extra=more)
def test_the_job_list_answers_any_query_with_jobs_or_a_reason(client, jobs, chosen, extra):
    body = _answer(client, "/api/v1/jobs?" + "&".join(f"{name}={value}" for name, value in chosen + extra))
    if "items" in body and body["next"]:
        _answer(client, body["next"])


@fuzz
@given(pk=st.integers(min_value=-(10**30), max_value=10**30) | st.sampled_from([1, 2, 3]), extra=more)
def test_a_job_and_the_companies_answer_any_id_and_cursor(client, jobs, pk, extra):
    query = "&".join(f"{name}={value}" for name, value in extra)
    _answer(client, f"/api/v1/jobs/{pk}?{query}")
    _answer(client, f"/api/v1/companies?{query}")

"""Every public URL on PostgreSQL, asked with any query string: never a 500, never a broken download, and nothing a
visitor typed (NUL, controls, bidi overrides) comes back on the page."""
import csv
import io
import json
import re
from datetime import date, timedelta
from decimal import Decimal
from html import unescape
from urllib.parse import parse_qs, quote, urlsplit
from xml.etree import ElementTree

import pytest
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from jobscraper.filters import job_filters_params, job_filters_parse
from tests.builders import make_job, plain_company
from tests.fuzz.strategies import fuzz

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

# Every parameter the public pages read (test_every_parameter_is_fuzzed keeps this list whole); and the job page's
# `from`, which holds a list query of these (test_a_job_pages_back_link_answers_any_carried_search_and_stays_on_our_list).
PARAMETERS = ("q", "company", "country", "city", "remote", "type", "seniority", "salary_min", "currency", "posted",
              "source", "sort", "page")
LISTS = ("/", "/feed.atom", "/export.csv", "/export.json")
UNWANTED = ("\x00", "\x07", "\x1b", "\u202e", "\u2066")

# Values as a visitor, a crawler or an attacker writes them: any text, numbers in every form and past every range,
# and raw percent-escapes, some of which are not UTF-8 at all (a lone surrogate's bytes, a stray continuation byte).
numbers = st.from_regex(r"\A-?[0-9]{1,40}(\.[0-9]{1,6})?([eE]-?[0-9]{1,7})?\Z")
values = (
    st.text(max_size=30).map(lambda text: quote(text, safe=""))
    | st.sampled_from(["%00", "python%00", "%E2%80%AE", "%ED%A0%80", "%FF", "%C0%AF", "NaN", "Infinity", "-0", "",
                       "%", "%2", "1%00", "0x10", "%20%20", "remote", "full_time", "salary", "relevance", "greenhouse", "EUR", "DE"])
    | numbers
)
# Each parameter present or not, once or twice, among parameters no page reads; half the queries name a currency,
# so that a salary in them is a filter, not a note.
queries = st.tuples(
    st.fixed_dictionaries({}, optional={name: st.lists(values, min_size=1, max_size=2) for name in PARAMETERS}),
    st.lists(st.tuples(st.text(max_size=6).map(quote), values), max_size=2),
    st.sampled_from([[], [("currency", "EUR")]]),
).map(lambda parts: [(name, value) for name, given in parts[0].items() for value in given] + parts[1] + parts[2])


@pytest.fixture
def jobs():
    now = timezone.now()
    acme, globex = plain_company("Acme"), plain_company("Globex")
    made = [
        make_job(acme, title="Data Engineer", locations=[{"name": "Berlin, Germany", "country": "DE", "city": "Berlin"}],
                 remote="hybrid", employment_type="full_time", seniority="senior", salary_min=Decimal("60000"),
                 salary_max=Decimal("80000"), salary_currency="EUR", salary_period="year",
                 salary_annual_min=Decimal("60000"), salary_annual_max=Decimal("80000"), date_posted=date(2026, 11, 2)),
        make_job(acme, title="Barista", salary_min=Decimal("14"), salary_currency="SGD", salary_period="hour",
                 salary_annual_min=Decimal("29120"), first_seen_at=now - timedelta(days=40)),
        make_job(globex, title="Remote Python Developer", remote="remote", locations=[{"name": "Remote"}],
                 summary="Python, =cmd|' /C calc'!A0 and <script>alert(1)</script>"),
    ]
    made += [make_job(globex, title=f"Role {n}") for n in range(30)]
    return made


def _query(chosen) -> str:
    return "&".join(f"{name}={value}" for name, value in chosen)


def _read_whole(response) -> bytes:
    """The body, streamed to its end: a stream that raises partway is a broken download the visitor gets."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_answers(client, path: str, query: str) -> bytes:
    # In a savepoint, so that a database error fails this example alone, not every later one in the test's transaction.
    with transaction.atomic():
        response = client.get(f"{path}?{query}")  # the test client raises what would be a 500
        assert response.status_code in (200, 400, 404), (path, query, response.status_code)
        body = _read_whole(response)
    text = body.decode("utf-8")
    assert not [character for character in UNWANTED if character in text], (path, query)
    return body


def test_every_parameter_is_fuzzed():
    every = "q=x&company=1&country=DE&city=Berlin&remote=remote&type=full_time&seniority=senior&salary_min=1" \
            "&currency=EUR&posted=7&source=greenhouse&sort=salary"
    assert {name for name, _ in job_filters_params(job_filters_parse(QueryDict(every)))} | {"page"} == set(PARAMETERS)


@fuzz
@given(chosen=queries)
def test_the_list_answers_any_query(client, jobs, chosen):
    _assert_answers(client, "/", _query(chosen))


@fuzz
@given(chosen=queries)
def test_the_feed_answers_any_query_with_well_formed_xml(client, jobs, chosen):
    ElementTree.fromstring(_assert_answers(client, "/feed.atom", _query(chosen)))


@fuzz
@given(chosen=queries)
def test_the_csv_export_is_read_to_its_end_for_any_query(client, jobs, chosen):
    rows = list(csv.reader(io.StringIO(_assert_answers(client, "/export.csv", _query(chosen)).decode())))
    assert rows[0][:2] == ["id", "url"] and all(len(row) == len(rows[0]) for row in rows)


@fuzz
@given(chosen=queries)
def test_the_json_export_is_read_to_its_end_for_any_query(client, jobs, chosen):
    assert isinstance(json.loads(_assert_answers(client, "/export.json", _query(chosen))), list)


@fuzz
@given(chosen=queries, pk=st.integers(min_value=0, max_value=10**30) | st.sampled_from([1, 2, 3]))
def test_job_and_company_pages_answer_any_id_and_query(client, jobs, chosen, pk):
    for path in (f"/jobs/{pk}/", f"/companies/{pk}/"):
        _assert_answers(client, path, _query(chosen))


@fuzz
@given(chosen=queries)
def test_a_job_pages_back_link_answers_any_carried_search_and_stays_on_our_list(client, jobs, chosen):
    # `from` is the list's query as a job link carries it: any of the list's queries, percent-escaped once more.
    body = _assert_answers(client, jobs[0].get_absolute_url(), "from=" + quote(_query(chosen), safe=""))
    back = urlsplit(unescape(re.search(rb'<a class="back" href="([^"]*)">', body).group(1).decode()))
    assert (back.scheme, back.netloc, back.path) == ("", "", "/")
    assert {name for name in parse_qs(back.query)} <= set(PARAMETERS)

"""ATS adapters given garbage: every posting maps or is reported by name, and every answer is read or refused as a
SourceError; nothing else escapes and nothing takes more than a second."""
import json
from functools import partial
from xml.etree.ElementTree import Element, SubElement, tostring

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobscraper.models import Company
from scraping import mapping
from scraping.sources import FetchResult, Posting, SourceError, source_for
from scraping.sources import ashby, greenhouse, job_boards, lever, oracle, personio, recruitee, smartrecruiters
from scraping.sources import workable, workday
from tests.fuzz.strategies import ats_document, fuzz, json_values, mutated, page_bytes, texts
from tests.timing import no_hang
from tests.servers import Reply

pytestmark = pytest.mark.fuzz

_ORACLE_LISTED = ats_document("oracle_orc_amex_requisitions_search.json")["items"][0]["requisitionList"][0]
_ORACLE_DETAIL = ats_document("oracle_orc_amex_requisition.json")["items"][0]
# Each adapter's mapping as its fetch calls it, the key naming a job in its errors, and a real job of its API.
MAPPINGS = {
    "greenhouse": (
        greenhouse.posting_from_job, "id", ats_document("greenhouse_catawiki_board_content_true.json")["jobs"][0]
    ),
    "lever": (lever.posting_from_job, "id", ats_document("lever_palantir_posting_detail.json")),
    "ashby": (ashby.posting_from_job, "id", ats_document("ashby_ramp_job_board_one_job.json")["jobs"][0]),
    "smartrecruiters": (
        smartrecruiters.posting_from_job, "id", ats_document("smartrecruiters_westerndigital_posting_detail.json")
    ),
    "workable": (
        partial(workable.posting_from_job, account_name="Acme"),
        "shortcode",
        ats_document("workable_acme_robotics_widget_details_true.json")["jobs"][0],
    ),
    "recruitee": (recruitee.posting_from_offer, "id", ats_document("recruitee_acmelogistics_offers.json")["offers"][0]),
    "workday": (workday.posting_from_detail, "externalPath", ats_document("workday_synchrony_job_detail.json")),
    # Oracle maps a requisition of the search together with its detail.
    "oracle": (
        lambda pair: oracle.posting_from_requisition(pair["listed"], pair["detail"], url="https://example.org/job/1"),
        "listed",
        {"listed": _ORACLE_LISTED, "detail": _ORACLE_DETAIL},
    ),
}


def _maps_or_reports(to_posting, job, id_key: str) -> None:
    """The contract of a job's mapping inside a fetch: a well-formed Posting, or a readable error naming the job that
    makes the result incomplete (so that no posting is closed for it) while the other jobs go on."""
    result = FetchResult()
    no_hang(mapping.add_posting, result, job, to_posting, id_key=id_key)
    if result.postings:
        [posting] = result.postings
        assert (result.complete, result.errors) == (True, [])
        _assert_well_formed(posting)
    else:
        assert not result.complete
        [error] = result.errors
        assert error.startswith("job ") and "malformed (" in error


def _assert_well_formed(posting: Posting) -> None:
    for name in ("external_id", "url", "text", "description_html"):
        assert isinstance(getattr(posting, name), str), f"{name} is {getattr(posting, name)!r}"
    assert posting.external_id
    # Fields are stored as JSON: no NaN or infinity, which PostgreSQL's jsonb refuses.
    json.dumps(posting.fields, allow_nan=False)
    assert len(posting.content_hash) == 64


@pytest.mark.parametrize("kind", sorted(MAPPINGS))
@fuzz
@given(data=st.data())
def test_a_real_job_with_garbage_anywhere_maps_or_is_reported(kind, data):
    to_posting, id_key, real_job = MAPPINGS[kind]
    _maps_or_reports(to_posting, data.draw(mutated(real_job)), id_key)


@pytest.mark.parametrize("kind", sorted(MAPPINGS))
@fuzz
@given(job=json_values)
def test_any_json_as_a_job_maps_or_is_reported(kind, job):
    to_posting, id_key, _ = MAPPINGS[kind]
    _maps_or_reports(to_posting, job, id_key)


@fuzz
@given(jobs=st.lists(json_values, max_size=6))
def test_workable_merges_any_list_of_jobs(jobs):
    merged = no_hang(workable.merge_repeated_jobs, jobs)
    assert len(merged) <= len(jobs)


_JOBSPY_COLUMNS = [
    "id", "site", "job_url", "job_url_direct", "title", "company", "location", "date_posted", "job_type", "interval",
    "min_amount", "max_amount", "currency", "is_remote", "job_level", "description", "skills", "salary_source",
    "work_from_home_type",
]


@fuzz
@given(rows=st.lists(st.dictionaries(st.sampled_from(_JOBSPY_COLUMNS), json_values), min_size=1, max_size=3))
def test_job_board_rows_of_anything_map_or_are_reported(rows):
    import pandas as pd

    frame = pd.DataFrame(rows, dtype=object)
    postings, errors = no_hang(job_boards.postings_from_frame, frame)
    assert len(postings) + len(errors) == len(rows)
    for posting in postings:
        _assert_well_formed(posting)
    assert all(" job " in error and "malformed (" in error for error in errors)


_POSITION_TAGS = ["id", "name", "subcompany", "office", "employmentType", "schedule", "seniority", "department",
                  "createdAt"]


@st.composite
def personio_feeds(draw) -> bytes:
    """A Personio feed whose positions have any of its elements, holding any text."""
    root = Element("workzag-jobs")
    for _ in range(draw(st.integers(0, 3))):
        position = SubElement(root, "position")
        for tag in draw(st.lists(st.sampled_from(_POSITION_TAGS), max_size=12)):
            SubElement(position, tag).text = draw(texts)
        for _ in range(draw(st.integers(0, 2))):
            block = SubElement(SubElement(SubElement(position, "jobDescriptions"), "jobDescription"), "name")
            block.text = draw(texts)
    return tostring(root, encoding="utf-8")


@fuzz
@given(body=personio_feeds() | page_bytes)
def test_any_personio_feed_is_read_or_refused(body):
    try:
        root = no_hang(personio.parse_feed, body, url="https://acme.jobs.personio.de/xml")
    except SourceError as exc:
        assert str(exc).startswith("https://acme.jobs.personio.de/xml did not return")
        return
    for position in root.iterfind("position"):
        try:
            posting = no_hang(personio.posting_from_position, position, board="https://acme.jobs.personio.de")
        except ValueError as exc:  # what PersonioSource.fetch reports as a malformed position
            assert str(exc) == "position without an <id>"
        else:
            _assert_well_formed(posting)


# Answers no adapter can read: each must be a SourceError saying so, not a crash.
HOSTILE_BODIES = {
    "broken JSON": Reply(body='{"jobs": [', headers={"Content-Type": "application/json"}),
    "invalid UTF-8": Reply(body=b'{"jobs": ["\xff\xfe\xc3"]}', headers={"Content-Type": "application/json"}),
    "a string": Reply.json("jobs"),
    "null": Reply.json(None),
    "an array": Reply.json([1, "two", None]),
    "wrong types": Reply.json({"jobs": "many", "offers": 3, "content": {}, "totalFound": "9", "jobPostings": None,
                               "items": [{"requisitionList": 1, "TotalJobsCount": "x"}], "total": 5}),
    "HTML": Reply.html("<html><body><h1>Service unavailable</h1></body></html>"),
    "nested 100,000 deep": Reply(body="[" * 100_000 + "]" * 100_000, headers={"Content-Type": "application/json"}),
}
# The path each adapter asks first, and its source parameters, with the loopback server as the vendor.
FIRST_REQUESTS = {
    "greenhouse": ("/v1/boards/acme/jobs", {"board_token": "acme"}),
    "lever": ("/v0/postings/acme", {"board_token": "acme"}),
    "ashby": ("/posting-api/job-board/acme", {"board_token": "acme"}),
    "smartrecruiters": ("/v1/companies/acme/postings", {"board_token": "acme"}),
    "workable": ("/api/v1/widget/accounts/acme", {"account": "acme"}),
    "recruitee": ("/api/offers/", {}),
    "personio": ("/xml", {"account": "acme"}),
    "workday": ("/wday/cxs/acme/External/jobs", {"tenant": "acme", "site": "External"}),
    "oracle": ("/hcmRestApi/resources/latest/recruitingCEJobRequisitions", {"site": "CX_1"}),
}


def _company(kind: str, base_url: str) -> Company:
    """An unsaved company whose source's vendor is the loopback server: adapters only read its fields."""
    _, params = FIRST_REQUESTS[kind]
    return Company(
        name="Acme (fuzz)",
        careers_url="https://acme.example/careers",
        source_kind=kind,
        source_params={**params, "api_base": base_url, "base": base_url},
    )


@pytest.mark.parametrize("body", sorted(HOSTILE_BODIES))
@pytest.mark.parametrize("kind", sorted(FIRST_REQUESTS))
def test_an_answer_no_adapter_can_read_is_a_source_error(loopback, kind, body):
    path, _ = FIRST_REQUESTS[kind]
    loopback.routes[path] = HOSTILE_BODIES[body]

    try:
        result = no_hang(source_for(kind).fetch, _company(kind, loopback.url))
    except SourceError as exc:
        # The message says who answered what, in a sentence.
        message = str(exc)
        assert message.startswith((loopback.url, "Acme (fuzz): ")), message
        assert "\n" not in message and len(message) < 1000
    else:
        # Lever's listing is a list: an array of garbage is a listing of malformed postings, each reported.
        assert (kind, body) == ("lever", "an array")
        assert (result.postings, result.complete, len(result.errors)) == ([], False, 3)


def test_a_listing_that_ignores_its_offset_stops_at_the_first_page_with_nothing_new(loopback):
    # given a server answering every page with the same posting and a total that would take a million pages
    posting = {"id": "744000000000001", "name": "Engineer"}
    path = "/v1/companies/acme/postings"
    loopback.routes[path] = Reply.json({"content": [posting], "totalFound": 100_000_000})
    loopback.routes[f"{path}/744000000000001"] = Reply.json(posting)

    # when
    result = no_hang(source_for("smartrecruiters").fetch, _company("smartrecruiters", loopback.url))

    # then the posting is read, the second page is the last asked for, and the run closes nothing
    assert [p.external_id for p in result.postings] == ["744000000000001"]
    assert len(loopback.hits(path)) == 2
    assert not result.complete
    assert result.errors[0] == "the page at offset 100 listed no posting not seen before; stopped reading"

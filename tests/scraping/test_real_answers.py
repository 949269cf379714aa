"""Every real ATS answer under fixtures/ats/real (recorded from public boards by others; provenance in its
MANIFEST-*.tsv files), served on loopback to its adapter: every listed posting arrives, with what the answer states
about its place of work, type of employment and pay, and a title on one line.

What is expected is read from each answer by the vendor's own field, independently of the adapters' code."""
import html
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources import source_for
from tests.servers import Reply

REAL = Path(__file__).parent.parent / "fixtures" / "ats" / "real"


def _answers(kind: str, pattern: str = "*.json") -> list[Path]:
    return sorted((REAL / kind).glob(pattern))


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _squeezed(text: str) -> str:
    """The text without any white space, where line breaks and spaces may fall differently."""
    return re.sub(r"\s+", "", text)


def _company(kind: str, api_base: str, **params) -> Company:
    """An unsaved company: the source only reads its fields."""
    return Company(name=f"{kind} (real answer)", careers_url="https://example.org/careers", source_kind=kind,
                   source_params={"api_base": api_base, **params})


def _fetch(kind: str, company: Company) -> dict:
    result = source_for(kind).fetch(company)
    assert (result.complete, result.errors) == (True, [])
    return {posting.external_id: posting for posting in result.postings}


def _work_mode(label) -> str | None:
    """The work mode a vendor's label states, read by its first word."""
    words = re.findall(r"[a-z]+", str(label or "").lower())
    first = "".join(words[:2]) if words[:2] == ["on", "site"] else (words[0] if words else "")
    return {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "inoffice": "onsite"}.get(first)


# --- Greenhouse: GET /v1/boards/{token}/jobs?content=true --------------------------------------------------------


def _greenhouse_lists() -> list[Path]:
    return [path for path in _answers("greenhouse") if isinstance(_load(path).get("jobs"), list)]


@pytest.mark.parametrize("path", _greenhouse_lists(), ids=lambda path: path.stem)
def test_greenhouse_boards_arrive_whole_with_their_workplace_type(loopback, path):
    answer = _load(path)
    loopback.routes["/v1/boards/real/jobs"] = Reply.json(answer)

    postings = _fetch(SourceKind.GREENHOUSE, _company(SourceKind.GREENHOUSE, loopback.url, board_token="real"))

    assert set(postings) == {str(job["id"]) for job in answer["jobs"]}
    for job in answer["jobs"]:
        posting = postings[str(job["id"])]
        assert posting.fields["title"] == _one_line(job["title"])
        stated = {_work_mode(item.get("value")) for item in job.get("metadata") or []
                  if re.search(r"workplace type|location type", str(item.get("name")), re.I)} - {None}
        assert posting.fields.get("remote") == (stated.pop() if stated else None), job["id"]


# --- Lever: GET /v0/postings/{site}?mode=json --------------------------------------------------------------------


@pytest.mark.parametrize("path", _answers("lever"), ids=lambda path: path.stem)
def test_lever_postings_arrive_whole_with_pay_workplace_and_lists(loopback, path):
    answer = _load(path)
    loopback.routes["/v0/postings/real"] = Reply.json(answer)

    postings = _fetch(SourceKind.LEVER, _company(SourceKind.LEVER, loopback.url, board_token="real"))

    assert set(postings) == {job["id"] for job in answer}
    for job in answer:
        posting = postings[job["id"]]
        assert posting.fields["title"] == _one_line(job["text"])
        assert posting.fields.get("remote") == _work_mode(job.get("workplaceType")), job["id"]
        pay = job.get("salaryRange") or {}
        if pay.get("min") or pay.get("max"):
            assert (posting.fields.get("salary_min"), posting.fields.get("salary_max")) == (
                float(pay["min"]) if pay.get("min") else None, float(pay["max"]) if pay.get("max") else None
            ), job["id"]
            assert posting.fields["salary_currency"] == pay["currency"]
        # every item of every list reads as a bullet of its own
        for block in job.get("lists") or []:
            for item in re.findall(r"<li>(.*?)</li>", block.get("content") or "", re.S):
                # the item's first line: up to a line break or a list of its own
                lines = re.sub(r"<[^>]+>", "", re.sub(r"<(?:br|ul|ol|p|div)\b[^>]*>", "\n", item)).splitlines()
                words = next((_squeezed(html.unescape(line)) for line in lines if line.strip()), "")[:20]
                bullets = [_squeezed(line.strip().removeprefix("- ")) for line in posting.text.splitlines()
                           if line.strip().startswith("- ")]
                assert not words or any(bullet.startswith(words) for bullet in bullets), (job["id"], words)
        # the posting's own words reach the text even when its HTML is missing
        plain = _squeezed(job.get("descriptionPlain") or "")
        assert plain[:60] in _squeezed(posting.text), job["id"]


# --- Ashby: GET /posting-api/job-board/{board}?includeCompensation=true -------------------------------------------


@pytest.mark.parametrize("path", _answers("ashby"), ids=lambda path: path.stem)
def test_ashby_boards_arrive_whole_with_their_workplace_type(loopback, path):
    answer = _load(path)
    loopback.routes["/posting-api/job-board/real"] = Reply.json(answer)

    postings = _fetch(SourceKind.ASHBY, _company(SourceKind.ASHBY, loopback.url, board_token="real"))

    listed = [job for job in answer["jobs"] if job.get("isListed", True)]
    assert set(postings) == {job["id"] for job in listed}
    for job in listed:
        posting = postings[job["id"]]
        assert posting.fields["title"] == _one_line(job["title"])
        mode = _work_mode(job.get("workplaceType"))
        if mode:
            assert posting.fields.get("remote") == mode, job["id"]


# --- Recruitee: GET /api/offers/ ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _answers("recruitee"), ids=lambda path: path.stem)
def test_recruitee_offers_arrive_whole_with_a_link_and_their_pay(loopback, path):
    answer = _load(path)
    offers = answer.get("offers") or [answer.get("offer") or answer]
    loopback.routes["/api/offers/"] = Reply.json({"offers": offers})

    postings = _fetch(SourceKind.RECRUITEE, _company(SourceKind.RECRUITEE, loopback.url))

    assert set(postings) == {str(offer["id"]) for offer in offers}
    for offer in offers:
        posting = postings[str(offer["id"])]
        assert posting.fields["title"] == _one_line(offer["title"])
        assert posting.url == (offer.get("careers_url") or offer.get("careers_apply_url"))
        pay = offer.get("salary") or {}
        if pay.get("min") and float(pay["min"]) > 0:
            assert posting.fields.get("salary_min") == float(pay["min"]), offer["id"]


# --- SmartRecruiters: GET /v1/companies/{id}/postings, then each posting's detail ----------------------------------


def _smartrecruiters_lists() -> list[Path]:
    return [path for path in _answers("smartrecruiters") if isinstance(_load(path).get("content"), list)]


@pytest.mark.parametrize("path", _smartrecruiters_lists(), ids=lambda path: path.stem)
def test_smartrecruiters_lists_arrive_whole_with_or_without_their_details(loopback, path):
    # given the real list, and the real details recorded for any of its postings (the others answer 404)
    answer = _load(path)
    entries = answer["content"]
    loopback.routes["/v1/companies/real/postings"] = Reply.json({**answer, "totalFound": len(entries),
                                                                 "offset": 0, "limit": 100})
    details = {str(detail["id"]): detail for detail in map(_load, _answers("smartrecruiters"))
               if "jobAd" in detail and "id" in detail}
    for entry in entries:
        if str(entry["id"]) in details:
            loopback.routes[f"/v1/companies/real/postings/{entry['id']}"] = Reply.json(details[str(entry["id"])])

    postings = _fetch(SourceKind.SMARTRECRUITERS,
                      _company(SourceKind.SMARTRECRUITERS, loopback.url, board_token="real"))

    assert set(postings) == {str(entry["id"]) for entry in entries}
    for entry in entries:
        posting = postings[str(entry["id"])]
        assert posting.fields["title"] == _one_line(entry["name"])
        assert bool(posting.detail_missing) == (str(entry["id"]) not in details)
        if (entry.get("location") or {}).get("remote") is True:
            assert posting.fields.get("remote") in ("remote", "hybrid"), entry["id"]


# --- Workable: GET /api/v1/widget/accounts/{account}?details=true --------------------------------------------------


def _workable_widgets() -> list[Path]:
    return [path for path in _answers("workable") if isinstance(_load(path).get("jobs"), list)
            and "shortcode" in (_load(path)["jobs"] or [{}])[0]]


@pytest.mark.parametrize("path", _workable_widgets(), ids=lambda path: path.stem)
def test_workable_widgets_arrive_whole(loopback, path):
    answer = _load(path)
    loopback.routes["/api/v1/widget/accounts/real"] = Reply.json(answer)

    postings = _fetch(SourceKind.WORKABLE, _company(SourceKind.WORKABLE, loopback.url, account="real"))

    assert {posting.fields["title"] for posting in postings.values()} == {_one_line(job["title"])
                                                                          for job in answer["jobs"]}
    for job in answer["jobs"]:
        if job.get("telecommuting") is True:
            assert any(posting.fields.get("remote") == "remote" for posting in postings.values()
                       if posting.fields["title"] == _one_line(job["title"])), job["shortcode"]


# --- Personio: GET {board}/xml ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", _answers("personio", "*.xml"), ids=lambda path: path.stem)
def test_personio_feeds_arrive_whole(loopback, path):
    feed = path.read_bytes()
    loopback.routes["/xml"] = Reply(body=feed, headers={"Content-Type": "application/xml"})

    postings = _fetch(SourceKind.PERSONIO, _company(SourceKind.PERSONIO, loopback.url, account="real"))

    positions = ElementTree.fromstring(feed).findall("position")
    assert set(postings) == {position.findtext("id").strip() for position in positions}
    for position in positions:
        assert postings[position.findtext("id").strip()].fields["title"] == _one_line(position.findtext("name"))


# --- Workday: POST /wday/cxs/{tenant}/{site}/jobs, then each posting's detail -------------------------------------


def _workday_searches() -> list[Path]:
    return [path for path in _answers("workday") if isinstance(_load(path).get("jobPostings"), list)
            and _load(path)["jobPostings"]]


@pytest.mark.parametrize("path", _workday_searches(), ids=lambda path: path.stem)
def test_workday_searches_arrive_whole_from_their_rows_when_details_fail(loopback, path):
    # given a real search page, as the whole site (its total set to what it lists), and no detail served
    answer = _load(path)
    rows = answer["jobPostings"]
    loopback.routes["/wday/cxs/real/Careers/jobs"] = Reply.json({**answer, "total": len(rows)})

    postings = _fetch(SourceKind.WORKDAY, _company(SourceKind.WORKDAY, loopback.url, base=loopback.url,
                                                   tenant="real", site="Careers"))

    assert set(postings) == {row["externalPath"].rsplit("/", 1)[-1] for row in rows}
    for row in rows:
        posting = postings[row["externalPath"].rsplit("/", 1)[-1]]
        assert posting.fields["title"] == _one_line(row["title"])
        assert posting.detail_missing.endswith("answered HTTP 404")
        assert posting.url == f"{loopback.url}/Careers{row['externalPath']}"

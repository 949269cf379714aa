"""JazzHR and Taleo Business Edition, kinds whose listing is a web page, against a loopback server answering with
the real pages under fixtures/ats/real (recorded by others, cut by their recorders; provenance in MANIFEST-c.tsv):
every listed posting arrives with what its row states, each posting's page adds its JobPosting, and a listing that
may hold more than it shows is never taken whole. A page a test makes or changes says so where it does."""
from pathlib import Path

import pytest

from jobscraper.models import Company, SourceKind
from scraping.detect import detect_from_url
from scraping.sources import SOURCES, SourceError
from tests.servers import Reply

REAL = Path(__file__).parent.parent / "fixtures" / "ats" / "real"
JAZZ_LIST = "/apply/"
JAZZ_JOB = "/apply/ujxQN2lhPz/Field-Clinical-SpecialistEngineer"
TALEO_LIST = "/phh04/ats/careers/v2/searchResults"
TALEO_JOB = "/phh04/ats/careers/v2/viewRequisition"
ROW_START = '<div class="oracletaleocwsv2-accordion-head-info">'
TALEO_PARAMS = {"pod": "phh", "partition": "phh04", "org": "NFINDY", "cws": "37"}


def _real(relative: str) -> str:
    return (REAL / relative).read_text(encoding="utf-8")


def _company(kind: str, api_base: str) -> Company:
    """An unsaved company: the source only reads its fields."""
    params = {"company": "paradromicsinc"} if kind == SourceKind.JAZZHR else TALEO_PARAMS
    return Company(name=f"{kind} (test)", careers_url="", source_kind=kind,
                   source_params={**params, "api_base": api_base})


def _read(loopback, kind: str, *, complete=True):
    result = SOURCES[kind]().fetch(_company(kind, loopback.url))
    assert result.complete is complete, result.errors
    return result, {posting.external_id: posting for posting in result.postings}


def _taleo_results(count: str = "", extra: str = "") -> str:
    """Nurses and More's real results page; `count` (test-made: the recorded page was cut without it) is put where
    a live page states its open positions, a span.oracletaleocwsv2-panel-number as public scrapers of these sites
    read it, and `extra` before the page's end."""
    page = _real("taleo/nursesandmore_tbe_search_results_3.html")
    if count:
        counted = f'<span tabindex="0" class="oracletaleocwsv2-panel-number">{count}</span>'
        page = page.replace("<body>", f"<body>\n{counted}")
    return page.replace("</body>", f"{extra}</body>")


def _taleo_detail(rid: str):
    """Requisition 17's real page at its rid; any other requisition is not found."""
    page = _real("taleo/nursesandmore_tbe_requisition_jsonld.html")
    return lambda method, path, query, body: (Reply.html(page) if query == f"org=NFINDY&cws=37&rid={rid}"
                                              else Reply(status=404, body="not found"))


def test_jazzhr_reads_the_real_board_and_each_jobs_page(loopback):
    loopback.routes[JAZZ_LIST] = Reply.html(_real("jazzhr/paradromics_applytojob_list_1.html"))
    loopback.routes[JAZZ_JOB] = Reply.html(_real("jazzhr/paradromics_applytojob_posting_jsonld.html"))

    result, postings = _read(loopback, SourceKind.JAZZHR)

    assert list(postings) == ["ujxQN2lhPz"] and result.errors == []
    job = postings["ujxQN2lhPz"]
    assert job.url == "https://paradromicsinc.applytojob.com/apply/ujxQN2lhPz/Field-Clinical-SpecialistEngineer"
    assert job.detail_missing == ""
    # the job's page wins over the row: its place has its parts, and it alone states type and dates
    assert {key: job.fields.get(key) for key in ("title", "locations", "employment_type", "date_posted",
                                                  "valid_through")} == {
        "title": "Field Clinical Specialist/Engineer",
        "locations": [{"name": "Austin, TX", "city": "Austin", "region": "TX", "country": ""}],
        "employment_type": "full_time", "date_posted": "2026-09-08", "valid_through": "2026-12-07"}
    assert "About Paradromics" in job.text and "Connexus BCI" in job.description_html
    assert [path for (_, path, _, _, _) in loopback.requests if path != "/robots.txt"] == [JAZZ_LIST, JAZZ_JOB]


def test_jazzhr_job_whose_page_fails_is_kept_from_its_row(loopback):
    loopback.routes[JAZZ_LIST] = Reply.html(_real("jazzhr/paradromics_applytojob_list_1.html"))

    result, postings = _read(loopback, SourceKind.JAZZHR)

    job = postings["ujxQN2lhPz"]
    assert job.detail_missing.endswith("answered HTTP 404")
    # the row's title, its spaces collapsed, and its place as the list writes it
    assert job.fields == {"title": "Field Clinical Specialist/Engineer", "locations": [{"name": "Austin, TX"}]}
    assert job.url.endswith(JAZZ_JOB)


def test_taleo_every_requisition_of_the_real_results_page_arrives_with_its_row(loopback):
    # given the real page as recorded: three rows, no count and no link to more (fewer than a page's ten); the
    # requisitions' pages answer 404
    loopback.routes[TALEO_LIST] = Reply.html(_taleo_results())

    result, postings = _read(loopback, SourceKind.TALEO)

    assert list(postings) == ["17", "389", "618"] and result.errors == []
    rows = {rid: (job.fields["title"], job.fields["locations"], job.fields["department"])
            for rid, job in postings.items()}
    assert rows == {"17": ("Certified Nursing Assistant (CNA)", [{"name": "IN - Lafayette"}], "Staffing"),
                    "389": ("Certified Nursing Assistant (CNA)", [{"name": "IN - Indianapolis"}], "Staffing"),
                    "618": ("CNA / PCA", [{"name": "NC - Charlotte"}], "Homecare")}
    assert all("employment_type" not in job.fields for job in postings.values())  # "Per Diem" is none of ours
    assert postings["618"].url == f"https://phh.tbe.taleo.net{TALEO_JOB}?org=NFINDY&cws=37&rid=618"
    assert all(job.detail_missing.endswith("answered HTTP 404") for job in postings.values())
    assert [(path, query) for (_, path, query, _, _) in loopback.requests][:2] == [
        ("/robots.txt", ""), (TALEO_LIST, "org=NFINDY&cws=37")]


def test_taleo_requisition_page_wins_over_its_row(loopback):
    loopback.routes[TALEO_LIST] = Reply.html(_taleo_results())
    loopback.routes[TALEO_JOB] = _taleo_detail("17")

    _, postings = _read(loopback, SourceKind.TALEO)

    job = postings["17"]
    assert job.detail_missing == ""
    assert {key: job.fields.get(key) for key in ("title", "company", "locations", "department", "date_posted")} == {
        "title": "Certified Nursing Assistant (CNA)", "company": "Nurses and More, Inc.",
        "locations": [{"name": "IN - Lafayette, Indiana", "city": "IN - Lafayette", "region": "Indiana",
                       "country": ""}],
        "department": "Staffing",  # the row's: the page states none
        "date_posted": "2017-01-15"}  # written "2017-01-15 00:00:00.0"
    assert "Certified Nursing Assistant duties" in job.text
    assert postings["389"].detail_missing and postings["389"].fields["locations"] == [{"name": "IN - Indianapolis"}]


def test_taleo_page_counting_more_than_it_lists_is_read_in_part(loopback):
    # given the real page with a count of 13 open positions added (test-made), three of them listed
    loopback.routes[TALEO_LIST] = Reply.html(_taleo_results(count="13"))

    result, postings = _read(loopback, SourceKind.TALEO, complete=False)

    assert sorted(postings) == ["17", "389", "618"]
    assert result.errors == ["the listing gave 3 of the 13 postings it counted"]
    assert [path for (_, path, _, _, _) in loopback.requests].count(TALEO_LIST) == 1  # later pages are not asked


def test_taleo_page_counting_what_it_lists_is_whole(loopback):
    # given the real page with a count of 3 added (test-made), and a test-made page counting 0 and listing none
    loopback.routes[TALEO_LIST] = Reply.html(_taleo_results(count="3"))
    _read(loopback, SourceKind.TALEO)

    loopback.routes[TALEO_LIST] = Reply.html(
        '<html><body><span class="oracletaleocwsv2-panel-number">0</span></body></html>')
    result, postings = _read(loopback, SourceKind.TALEO)
    assert postings == {} and result.errors == []


@pytest.mark.parametrize("page", [
    # the real page with a link to its next rows added, as a live page's infinite scroll has one (test-made)
    _taleo_results(extra='<a class="jscroll-next" href="/phh04/ats/careers/v2/searchResults?next&amp;rowFrom=10'
                         '&amp;act=null&amp;sortColumn=null&amp;sortOrder=null">Next</a>'),
    # the real page's first row repeated to a page's ten, each given another rid (test-made)
    "<html><body>" + "".join(ROW_START + _taleo_results().split(ROW_START)[1].replace("rid=17", f"rid={n}")
                             for n in range(1000, 1010)) + "</body></html>",
], ids=["next-link", "ten-rows"])
def test_taleo_page_showing_more_without_a_count_is_read_in_part(loopback, page):
    loopback.routes[TALEO_LIST] = Reply.html(page)

    result = SOURCES[SourceKind.TALEO]().fetch(_company(SourceKind.TALEO, loopback.url))

    assert result.complete is False and len(result.errors) == 1
    assert result.errors[0].endswith("shows more postings than it lists and does not count them; stopped reading")
    assert len(result.postings) == page.count(ROW_START)  # every listed requisition is kept, none is closed


@pytest.mark.parametrize("kind, listing", [(SourceKind.JAZZHR, JAZZ_LIST), (SourceKind.TALEO, TALEO_LIST)])
def test_missing_board_is_a_source_error(loopback, kind, listing):
    with pytest.raises(SourceError, match="404"):
        SOURCES[kind]().fetch(_company(kind, loopback.url))
    assert loopback.hits(listing)


@pytest.mark.parametrize("kind, listing, vendor", [
    (SourceKind.JAZZHR, JAZZ_LIST, "JazzHR"), (SourceKind.TALEO, TALEO_LIST, "Taleo Business Edition")])
def test_page_without_its_rows_is_a_source_error_and_closes_nothing(loopback, kind, listing, vendor):
    # given a test-made page with neither rows nor a count (a changed template, a maintenance page)
    loopback.routes[listing] = Reply.html("<html><body><h1>Careers</h1><p>Search our jobs</p></body></html>")

    with pytest.raises(SourceError, match=f"the {vendor} page .* lists no posting .* nothing is closed"):
        SOURCES[kind]().fetch(_company(kind, loopback.url))


@pytest.mark.parametrize("url, kind, params, posting_id", [
    ("https://paradromicsinc.applytojob.com/apply/", "jazzhr", {"company": "paradromicsinc"}, ""),
    ("https://paradromicsinc.applytojob.com/apply/ujxQN2lhPz/Field-Clinical-SpecialistEngineer", "jazzhr",
     {"company": "paradromicsinc"}, "ujxQN2lhPz"),
    ("paradromicsinc.applytojob.com/apply/confirm/", "jazzhr", {"company": "paradromicsinc"}, ""),
    ("https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=37", "taleo", TALEO_PARAMS, ""),
    ("https://phh.tbe.taleo.net/phh04/ats/careers/v2/viewRequisition?org=NFINDY&cws=37&rid=17", "taleo",
     TALEO_PARAMS, "17"),
    ("https://phh.tbe.taleo.net/phh04/ats/careers/v2/jobSearch?act=redirectCwsV2&cws=37&org=NFINDY", "taleo",
     TALEO_PARAMS, ""),
])
def test_careers_urls_detect_the_kind_and_name_the_posting(url, kind, params, posting_id):
    detection = detect_from_url(url)
    assert (detection.kind, detection.params) == (kind, params)
    assert SOURCES[kind].posting_id_from_url(url) == posting_id


@pytest.mark.parametrize("url", [
    "https://www.applytojob.com/", "https://www.jazzhr.com/", "https://applytojob.com/apply/",
    "https://paradromicsinc.applytojob.com.evil.example/apply/",
    # Taleo Enterprise is another product; a TBE page naming no org or careers site; a look-alike host
    "https://ual-pro.taleo.net/careersection/10400/jobdetail.ftl?job=1",
    "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults",
    "https://phh.tbe.taleo.net/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=x",
    "https://phh.tbe.taleo.net.evil.example/phh04/ats/careers/v2/searchResults?org=NFINDY&cws=37",
    "https://www.oracle.com/human-capital-management/taleo/",
])
def test_vendor_sites_and_look_alikes_are_no_boards(url):
    assert detect_from_url(url) is None

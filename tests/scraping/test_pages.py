"""Declared kinds whose listing is a web page (scraping/sources/page_data.py's readers, read by declared.py), shown on
Jobvite's real pages (recorded by others; provenance in fixtures/ats/real/MANIFEST-c.tsv): rows and each posting's
JobPosting, the detail asked only on the kind's own host, and a page that lists nothing without saying so is an
error, never an empty listing that would close every job."""
import pytest

from jobscraper.models import Company, SourceKind
from scraping.detect import detect_from_url
from scraping.http import FetchedPage
from scraping.sources import SOURCES, SourceError
from scraping.sources.page_data import assigned_json, input_json, page_date, posting_json_ld, rows, script_json
from tests.scraping.test_declared import REAL
from tests.servers import Reply

LIST, JOB = "jobvite/neogenomics_job_list_3.html", "jobvite/neogenomics_posting_jsonld.html"


def _page(markup: str, url: str = "https://jobs.example.org/careers/list") -> FetchedPage:
    return FetchedPage(url=url, html=markup)


def _jobvite(loopback, listing: str | Reply, **jobs: str | Reply):
    loopback.routes["/neogenomics/jobs"] = listing if isinstance(listing, Reply) else Reply.html(
        (REAL / listing).read_text(encoding="utf-8"))
    for code, answer in jobs.items():
        loopback.routes[f"/neogenomics/job/{code}"] = answer if isinstance(answer, Reply) else Reply.html(
            (REAL / answer).read_text(encoding="utf-8"))
    company = Company(name="NeoGenomics (test)", careers_url="https://jobs.jobvite.com/neogenomics/jobs",
                      source_kind=SourceKind.JOBVITE, source_params={"company": "neogenomics", "api_base": loopback.url})
    return SOURCES[SourceKind.JOBVITE]().fetch(company)


# -- the readers, on test-made pages (pure) --

def test_rows_reads_text_links_and_patterns_and_the_stated_count():
    read = rows("li.job", count=".legend", id=("a@href", r"/job/(\w+)"), title="a", url="a@href", place=".where")
    answer = read(_page("""<p class="legend">Results 1 &ndash; 2 of 1,204</p><ul>
        <li class="job"><a href="/job/ab12?x=1">  Nurse\n  (Nights) </a><span class="where">Lyon,\n France</span></li>
        <li class="job"><a href="https://elsewhere.example.net/job/cd34">Cook</a></li></ul>"""))

    assert answer == {"total": 1204, "rows": [
        {"id": "ab12", "title": "Nurse (Nights)", "url": "https://jobs.example.org/job/ab12?x=1", "place": "Lyon, France"},
        {"id": "cd34", "title": "Cook", "url": "https://elsewhere.example.net/job/cd34", "place": ""},
    ]}


@pytest.mark.parametrize("markup", ["", "   ", "<!-- nothing -->", "\x00<p class=job>", "<html><body>no jobs"])
def test_a_page_without_rows_gives_none_and_no_count(markup):
    assert rows("li.job", count=".legend", title="a")(_page(markup)) == {"rows": [], "total": None}


def test_a_bad_selector_fails_where_the_kind_is_declared():
    with pytest.raises(Exception, match="Expected"):
        rows("li[", title="a")


def test_embedded_json_readers_find_the_data_a_page_hands_its_scripts():
    markup = """<script>var x = 1; window.pageData = {"Jobs": [{"JobId": 4}]}; more();</script>
        <input type="hidden" value="not json"><input type="hidden" value="[{&#34;id&#34;: &#34;7&#34;}]">
        <script id="__NEXT_DATA__" type="application/json">{"props": {"jobs": []}}</script>"""

    assert assigned_json("window.pageData")(_page(markup)) == {"Jobs": [{"JobId": 4}]}
    assert input_json()(_page(markup)) == [{"id": "7"}]
    assert script_json("__NEXT_DATA__")(_page(markup)) == {"props": {"jobs": []}}
    assert assigned_json("window.other")(_page(markup)) is None
    assert script_json("__NEXT_DATA__")(_page("<script id=__NEXT_DATA__>{broken</script>")) is None


@pytest.mark.parametrize("text, day", [
    ("Sep 23, 2026", "2026-09-23"), ("05-Oct-2026", "2026-10-05"), ("23. September 2026", "2026-09-23"),
    ("2026-09-23", "2026-09-23"), ("05/10/2026", None), ("Posted recently", None), ("", None), (None, None),
    ("Sep 2026", None),
])
def test_page_dates_are_read_only_when_they_say_the_day_unambiguously(text, day):
    assert page_date(text) == day


def test_a_posting_page_without_a_jobposting_is_a_source_error():
    with pytest.raises(SourceError, match="has no JobPosting JSON-LD"):
        posting_json_ld(_page("<html><h1>Nurse</h1></html>", url="https://jobs.example.org/job/1"))


# -- Jobvite, through a loopback server --

def test_every_posting_of_the_real_list_arrives_and_its_page_fills_in_the_rest(loopback):
    # given the real list of three; the first job's real page; the others' pages answer 404
    result = _jobvite(loopback, LIST, oiiRyfwJ=JOB)

    assert result.complete and result.errors == []
    postings = {posting.external_id: posting for posting in result.postings}
    assert list(postings) == ["oiiRyfwJ", "oaIyAfwK", "oWcLAfwd"]
    read = postings["oiiRyfwJ"]
    assert read.fields == {
        "title": "Accessioning Technician I (Temp), Evenings", "department": "Accessioning",
        "date_posted": "2025-11-06",
        # The page's place names the country the list leaves out; it wins over the row's.
        "locations": [{"name": "Ft Myers, Florida, United States", "city": "Ft Myers", "region": "Florida",
                       "country": "United States"}],
    }
    assert read.detail_missing == "" and read.url == f"{loopback.url}/neogenomics/job/oiiRyfwJ"
    assert read.text.startswith("Accessioning Technician I (Temp), Evenings\n\nFt Myers, Florida, United States\n\n"
                                "Are you motivated to participate")
    kept = postings["oaIyAfwK"]  # its page failed: the row's title and place, said why
    assert kept.fields == {"title": "Accessioning Technician I (Temp), Overnights",
                           "locations": [{"name": "Aliso Viejo, California"}]}
    assert "HTTP 404" in kept.detail_missing


def test_a_posting_page_is_asked_on_the_boards_host_whatever_host_its_link_names(loopback):
    # given the real list with its first link moved to another host (a page may link anywhere)
    markup = (REAL / LIST).read_text(encoding="utf-8").replace(
        'href="/neogenomics/job/oiiRyfwJ"', 'href="https://attacker.example.net/neogenomics/job/oiiRyfwJ"')

    result = _jobvite(loopback, Reply.html(markup), oiiRyfwJ=JOB)

    read = next(posting for posting in result.postings if posting.external_id == "oiiRyfwJ")
    assert read.detail_missing == "" and read.fields["date_posted"] == "2025-11-06"
    assert len(loopback.hits("/neogenomics/job/oiiRyfwJ")) == 1


@pytest.mark.parametrize("markup", [
    "<html><body><h1>Careers</h1><p>Our site is being rebuilt.</p></body></html>",  # test-made: a changed layout
    "",
])
def test_a_page_listing_nothing_without_saying_so_is_an_error_and_closes_nothing(loopback, markup):
    with pytest.raises(SourceError, match="Jobvite page .* lists no posting where its postings are listed, and does "
                                          "not say it has none; nothing is closed"):
        _jobvite(loopback, Reply.html(markup))


def test_a_missing_board_is_a_source_error(loopback):
    with pytest.raises(SourceError, match="404"):
        _jobvite(loopback, Reply.html("<h1>Page not found</h1>", status=404))


@pytest.mark.parametrize("url, params, posting_id", [
    ("https://jobs.jobvite.com/neogenomics/jobs", {"company": "neogenomics"}, ""),
    ("https://jobs.jobvite.com/neogenomics/job/oiiRyfwJ", {"company": "neogenomics"}, "oiiRyfwJ"),
    ("https://jobs.jobvite.com/careers/neogenomics/job/oiiRyfwJ", {"company": "neogenomics"}, "oiiRyfwJ"),
])
def test_jobvite_urls_detect_the_board_and_name_the_posting(url, params, posting_id):
    detection = detect_from_url(url)
    assert (detection.kind, detection.params) == (SourceKind.JOBVITE, params)
    assert SOURCES[SourceKind.JOBVITE].posting_id_from_url(url) == posting_id


@pytest.mark.parametrize("url", ["https://www.jobvite.com/", "https://jobs.jobvite.com.evil.example/neogenomics/jobs"])
def test_jobvites_own_site_and_look_alikes_are_no_board(url):
    assert detect_from_url(url) is None

"""PersonioSource against a loopback server answering as Personio's XML feed does (fixture written by us)."""

import pytest

from jobscraper.models import Company, SourceKind
from scraping.sources import SourceError
from scraping.sources.personio import PersonioSource
from tests.servers import Reply

FIXTURE = "ats/personio_acme_robotics_feed_en.xml"
BOARD = "https://acme-robotics.jobs.personio.de"


def _company(api_base: str, **params) -> Company:
    """An unsaved company: the source only reads its fields, so these tests need no database."""
    return Company(
        name="Acme Robotics (test)",
        careers_url=f"{BOARD}/",
        source_kind=SourceKind.PERSONIO,
        source_params={"account": "acme-robotics", "api_base": api_base, **params},
    )


def _xml(body: str, status: int = 200) -> Reply:
    return Reply(status=status, body=body, headers={"Content-Type": "text/xml; charset=UTF-8"})


@pytest.fixture
def feed(fixture_text):
    return fixture_text(FIXTURE)


def _postings(loopback, feed) -> dict:
    loopback.routes["/xml"] = _xml(feed)
    result = PersonioSource().fetch(_company(loopback.url))
    assert (result.complete, result.errors) == (True, [])
    return {posting.external_id: posting for posting in result.postings}


def test_feed_becomes_postings(loopback, feed, settings):
    # given
    loopback.routes["/xml"] = _xml(feed)

    # when
    result = PersonioSource().fetch(_company(loopback.url))

    # then every position is a posting and the feed was asked in English, as us
    assert (result.complete, result.errors) == (True, [])
    assert [posting.external_id for posting in result.postings] == ["1834171", "1902214", "1911120", "1920377"]
    [(method, _, query, _, headers)] = loopback.hits("/xml")
    assert (method, query) == ("GET", "language=en")
    assert headers["User-Agent"] == settings.SCRAPE_USER_AGENT


def test_position_fields_are_mapped(loopback, feed):
    staff = _postings(loopback, feed)["1834171"]

    # Links point at the public job page, not at the feed's host.
    assert staff.url == f"{BOARD}/job/1834171"
    assert staff.origin == "ats"
    # "experienced" spans several of our levels, so no seniority; the repeated Munich office is one location.
    assert staff.fields == {
        "title": "Staff Software Engineer (m/f/d)",
        "company": "Acme Robotics GmbH",
        "locations": [{"name": "Munich"}, {"name": "Berlin"}],
        "employment_type": "full_time",
        "department": "Product & Tech",
        "date_posted": "2025-04-28",
    }


def test_description_blocks_become_sections(loopback, feed):
    staff = _postings(loopback, feed)["1834171"]

    assert staff.description_html == (
        "<h3>Your mission</h3>\n"
        "<p>Lead the design of the fleet planner that moves <strong>2,000 robots</strong> a day.</p>\n"
        "<h3>Your profile</h3>\n"
        "<ul><li>8+ years building distributed systems</li><li>Fluent English; German is a plus</li></ul>\n"
        "<h3>Why us?</h3>\n"
        "<p>Salary range €95,000 – €120,000 per year &amp; 30 days of holiday.</p>"
    )
    assert staff.text == (
        "Staff Software Engineer (m/f/d)\n\nMunich; Berlin\n\n"
        "Your mission\n\nLead the design of the fleet planner that moves 2,000 robots a day.\n\n"
        "Your profile\n\n- 8+ years building distributed systems\n- Fluent English; German is a plus\n\n"
        "Why us?\n\nSalary range €95,000 – €120,000 per year & 30 days of holiday."
    )


@pytest.mark.parametrize(
    "position_id, employment_type, seniority",
    [
        ("1902214", "part_time", "intern"),  # working_student: the schedule decides
        ("1911120", "internship", "intern"),  # intern says more than full-time
        ("1920377", "contract", "junior"),  # freelance, entry-level
    ],
)
def test_employment_type_and_seniority(loopback, feed, position_id, employment_type, seniority):
    fields = _postings(loopback, feed)[position_id].fields

    assert (fields["employment_type"], fields["seniority"]) == (employment_type, seniority)


def test_position_without_subcompany_or_additional_offices(loopback, feed):
    student = _postings(loopback, feed)["1902214"].fields

    assert "company" not in student
    assert student["locations"] == [{"name": "Hamburg"}]
    # The calendar date it was written with, not UTC's (which would be the day before).
    assert student["date_posted"] == "2025-05-07"


def test_language_and_feed_host_come_from_the_parameters(loopback, feed):
    loopback.routes["/xml"] = _xml(feed)

    PersonioSource().fetch(_company(loopback.url, language="de"))

    assert [query for _, _, query, _, _ in loopback.hits("/xml")] == ["language=de"]


def test_position_without_id_is_reported_and_makes_the_result_incomplete(loopback, feed):
    loopback.routes["/xml"] = _xml(feed.replace("<id>1911120</id>", ""))

    result = PersonioSource().fetch(_company(loopback.url))

    assert [posting.external_id for posting in result.postings] == ["1834171", "1902214", "1920377"]
    assert result.complete is False
    assert result.errors == ["position Intern Robotics Perception: malformed (position without an <id>)"]


def test_empty_feed_is_a_complete_empty_listing(loopback):
    loopback.routes["/xml"] = _xml('<?xml version="1.0" encoding="UTF-8"?>\n<workzag-jobs></workzag-jobs>\n')

    result = PersonioSource().fetch(_company(loopback.url))

    assert (result.postings, result.complete, result.errors) == ([], True, [])


def test_malformed_xml_is_a_source_error(loopback, feed):
    loopback.routes["/xml"] = _xml(feed[: len(feed) // 2])

    with pytest.raises(SourceError, match=r"/xml did not return valid XML: ParseError: .+: line \d+, column \d+$"):
        PersonioSource().fetch(_company(loopback.url))


def test_html_page_instead_of_the_feed_is_a_source_error(loopback):
    page = "<html><head><title>Jobs</title></head><body><p>Our open positions</p></body></html>"
    loopback.routes["/xml"] = Reply.html(page)

    with pytest.raises(SourceError, match=r"not return a Personio job feed: its root is <html>, not <workzag-jobs>"):
        PersonioSource().fetch(_company(loopback.url))


def test_entity_declarations_are_refused(loopback):
    # The "billion laughs": entities that expand to gigabytes. defusedxml refuses them before expanding.
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE workzag-jobs [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        "<workzag-jobs><position><name>&b;</name></position></workzag-jobs>"
    )
    loopback.routes["/xml"] = _xml(bomb)

    with pytest.raises(SourceError, match=r"did not return valid XML: EntitiesForbidden"):
        PersonioSource().fetch(_company(loopback.url))


@pytest.mark.parametrize(
    "url, account",
    [
        ("https://acme-robotics.jobs.personio.de/", "acme-robotics"),
        ("https://acme.jobs.personio.com/job/1834171?language=en", "acme"),
        ("https://acme.jobs.personio.de/xml?language=en", "acme"),
        ("https://acme.personio.de/", ""),  # the company's own sign-in, not its job page
        ("https://acme.jobs.personio.de.example.org/", ""),
        ("https://www.personio.com/", ""),
    ],
)
def test_params_from_url(url, account):
    assert PersonioSource.params_from_url(url).get("account", "") == account

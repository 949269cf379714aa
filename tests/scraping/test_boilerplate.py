"""strip_site_parts on real pages and on the shapes that must survive it (no network, no database)."""
import pytest

from scraping.boilerplate import strip_site_parts, without_other_jobs
from scraping.html_text import html_to_text

FILLER = "<p>" + "We build payment infrastructure for small shops across Europe. " * 8 + "</p>"


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Jobs</title></head><body>{body}</body></html>"


def test_real_seek_page_loses_its_menus_and_report_form_and_keeps_the_posting(fixture_text):
    markup = fixture_text("html/seek_au_iterate_senior_platform_engineer.html")

    text = html_to_text(strip_site_parts(markup))

    assert "Senior Platform Engineer" in text
    assert "Reason for reporting job" in html_to_text(markup)
    assert "Reason for reporting job" not in text
    assert "Saved searches" not in text


def test_header_holding_the_title_and_pay_stays(fixture_text):
    markup = fixture_text("html/frag_glassdoor_sg_persol_library_staff.html")

    text = html_to_text(strip_site_parts(markup))

    assert "URGENT Library Staff" in text
    assert "$14.00" in text


def test_navigation_footer_and_cookie_banner_go():
    markup = _page(
        "<nav><a href='/'>Home</a><a href='/about'>About us</a></nav>"
        "<header><a href='/'>Northwind</a> Menu</header>"
        f"<main><h1>Backend Engineer</h1>{FILLER}<p>Salary: €60,000 a year.</p></main>"
        "<div id='onetrust-banner-sdk'>We use cookies to improve your experience. Accept all</div>"
        "<footer>© Northwind Labs · Imprint · Privacy</footer>"
    )

    text = html_to_text(strip_site_parts(markup))

    assert "Backend Engineer" in text and "Salary: €60,000 a year." in text
    for furniture in ("About us", "Menu", "We use cookies", "Imprint"):
        assert furniture not in text


@pytest.mark.parametrize("wrapper", ["<div class='cookie-consent-aware'>{}</div>", "<footer>{}</footer>"])
def test_a_wrapper_holding_most_of_the_page_stays_whatever_its_name(wrapper):
    # An unlucky class name or a template that puts everything in a <footer> must not empty the posting.
    markup = _page(wrapper.format(f"<h2>Backend Engineer</h2>{FILLER}") + "<p>Apply below.</p>")

    assert "payment infrastructure" in html_to_text(strip_site_parts(markup))


@pytest.mark.parametrize("markup", ["", "   ", "just text, no tags", "<p>unclosed <b>tags", "\x00\x01<html>"])
def test_odd_input_comes_back_readable(markup):
    assert isinstance(strip_site_parts(markup), str)


def test_a_job_pages_text_ends_where_its_list_of_other_jobs_begins():
    # given a page like LinkedIn's, whose "Similar jobs" cards carry other employers' salaries
    text = "# Senior Engineer\n" + "We build care software. " * 20 + "\n##  Similar jobs \n### Platform Engineer\nA$160,000"

    kept = without_other_jobs(text)

    assert kept.endswith("We build care software.") and "A$160,000" not in kept
    # a heading so early it is the page's layout, not the end of a posting, cuts nothing
    assert without_other_jobs("# Engineer\nSimilar jobs\n" + "Text. " * 50) == "# Engineer\nSimilar jobs\n" + "Text. " * 50

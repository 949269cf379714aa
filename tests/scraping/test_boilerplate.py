"""posting_content on real pages and on the shapes that must survive them (no network, no
database)."""
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scraping.boilerplate import description_markup, posting_content, without_other_jobs, without_site_suffix
from scraping.html_text import html_to_text
from tests.fuzz.strategies import fuzz, markup
from tests.timing import no_hang

DEMO_BARISTA = Path(__file__).parents[2] / "jobscraper/demo/site/harbor/careers/weekend-barista/index.html"

FILLER = "<p>" + "We build payment infrastructure for small shops across Europe. " * 8 + "</p>"


def _page(body: str) -> str:
    return f"<!doctype html><html><head><title>Jobs</title></head><body>{body}</body></html>"


def test_real_seek_page_loses_its_menus_and_report_form_and_keeps_the_posting(fixture_text):
    markup = fixture_text("html/seek_au_iterate_senior_platform_engineer.html")

    text = html_to_text(posting_content(markup).markup)

    assert "Senior Platform Engineer" in text
    assert "Reason for reporting job" in html_to_text(markup)
    assert "Reason for reporting job" not in text
    assert "Saved searches" not in text


def test_header_holding_the_title_and_pay_stays(fixture_text):
    markup = fixture_text("html/frag_glassdoor_sg_persol_library_staff.html")

    text = html_to_text(posting_content(markup).markup)

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

    text = html_to_text(posting_content(markup).markup)

    assert "Backend Engineer" in text and "Salary: €60,000 a year." in text
    for furniture in ("About us", "Menu", "We use cookies", "Imprint"):
        assert furniture not in text


@pytest.mark.parametrize("wrapper", ["<div class='cookie-consent-aware'>{}</div>", "<footer>{}</footer>"])
def test_a_wrapper_holding_most_of_the_page_stays_whatever_its_name(wrapper):
    # An unlucky class name or a template that puts everything in a <footer> must not empty the posting.
    markup = _page(wrapper.format(f"<h2>Backend Engineer</h2>{FILLER}") + "<p>Apply below.</p>")

    assert "payment infrastructure" in html_to_text(posting_content(markup).markup)


@pytest.mark.parametrize("markup", ["", "   ", "just text, no tags", "<p>unclosed <b>tags", "\x00\x01<html>"])
def test_odd_input_comes_back_readable(markup):
    assert isinstance(posting_content(markup).markup, str)


def test_a_job_pages_text_ends_where_its_list_of_other_jobs_begins():
    # given a page like LinkedIn's, whose "Similar jobs" cards carry other employers' salaries
    text = "# Senior Engineer\n" + "We build care software. " * 20 + "\n##  Similar jobs \n### Platform Engineer\nA$160,000"

    kept = without_other_jobs(text)

    assert kept.endswith("We build care software.") and "A$160,000" not in kept
    # a heading so early it is the page's layout, not the end of a posting, cuts nothing
    assert without_other_jobs("# Engineer\nSimilar jobs\n" + "Text. " * 50) == "# Engineer\nSimilar jobs\n" + "Text. " * 50


def _posting_text(markup: str, url: str = "https://jobs.example.com/jobs/1") -> str:
    return html_to_text(posting_content(markup, url=url).markup)


def test_real_indeed_page_is_read_from_its_job_and_not_the_searches_under_it(fixture_text):
    markup = fixture_text("html/frag_indeed_sg_ecoring_parttime_mover.html")

    content = posting_content(markup, url="https://sg.indeed.com/viewjob?jk=1")
    text = html_to_text(content.markup)

    assert content.main_element
    assert "Part-Time Logistics Mover / Assistant $13/hr" in text and "Work Location: In person" in text
    # the company links to its page on the board, in the top card: the posting's, so it stays
    assert "Eco Ring Singapore Pte. Ltd." in text
    assert "Jobs at Eco Ring Singapore in Singapore 228213" in html_to_text(markup)
    assert "Jobs at Eco Ring Singapore in Singapore 228213" not in text


def test_real_seek_page_keeps_the_place_and_category_it_links_to_searches(fixture_text):
    markup = fixture_text("html/seek_au_iterate_senior_platform_engineer.html")

    text = _posting_text(markup, url="https://www.seek.com.au/job/93856863")

    # its top card's links lead to searches of the site, but name the job's place and category
    assert "Melbourne VIC" in text and "Engineering - Software" in text and "Full time" in text
    assert "healthtech" in text
    assert "Sign In" not in text and "Register" not in text


def test_real_jobs_cz_page_loses_the_company_menu_whose_count_was_read_as_pay(fixture_text):
    # given a page whose company menu says "Volná místa 37" (37 open jobs), which a rule read as a 37 CZK salary
    markup = fixture_text("labelled/b/html/jobscz_cs_alza_ios_developer.html")

    text = _posting_text(markup, url="https://www.jobs.cz/fp/alza-cz-a-s-7910630/2000134247/")

    assert "iOS Developer" in text
    assert "Volná místa" in html_to_text(markup) and "Volná místa" not in text


def test_real_coupang_page_loses_its_recommended_jobs(fixture_text):
    markup = fixture_text("labelled/c/html/coupang_en_careers_senior_backend_display_ads_jsonld.html")

    text = _posting_text(markup, url="https://rocketyourcareer.kr.coupang.com/job/18943216")

    assert "Senior, Back-end Engineer (Display Ads)" in text
    assert "Sr. Manager, Back-end Engineering (Eats Ads)" not in text  # another job, in the list beside it


def test_demo_job_page_is_its_main_element_without_the_back_link():
    markup = DEMO_BARISTA.read_text(encoding="utf-8")

    content = posting_content(markup, url="http://127.0.0.1/harbor/careers/weekend-barista/")
    text = html_to_text(content.markup)

    assert content.main_element
    assert text.startswith("Weekend Barista")  # the title stays in what the extractor reads
    assert "Pay: $19.50 - $22.00 per hour, plus tips." in text
    assert "Back to all roles" not in text and "Our cafes" not in text


PROSE = "<p>" + "You will run our espresso bar on weekends and train new baristas on the house recipes. " * 3 + "</p>"


def test_blocks_of_links_after_the_prose_go_and_links_that_are_the_postings_stay():
    markup = _page(
        f"<main><h1>Barista</h1>{PROSE}"
        "<ul><li><a href='/jobs/2'>Head Roaster</a></li><li><a href='/jobs/3'>Shift Lead, $24 an hour</a></li></ul>"
        "<p><a href='mailto:jobs@harbor.example'>jobs@harbor.example</a></p>"
        "<p><a href='https://maps.example.org/?q=12+Pine+St'>12 Pine St, Portland</a></p>"
        "<p><a href='https://jobs.example.com/jobs/'>Back to all roles</a></p></main>"
    )

    text = _posting_text(markup)

    assert "Shift Lead" not in text and "Back to all roles" not in text  # ways around the site
    assert "jobs@harbor.example" in text and "12 Pine St, Portland" in text  # the posting's contact and place


def test_blocks_of_links_that_would_take_over_a_quarter_of_the_text_all_stay():
    links = "".join(f"<li><a href='/jobs/{n}'>Barista at our cafe number {n}</a></li>" for n in range(8))
    markup = _page(f"<main><h1>Barista</h1>{PROSE}<ul>{links}</ul></main>")

    assert "cafe number 7" in _posting_text(markup)


def test_a_page_without_a_main_element_is_read_whole():
    markup = _page(f"<div><h1>Barista</h1>{PROSE}</div><div><h2>About us</h2>{PROSE}</div>")

    content = posting_content(markup)

    assert not content.main_element
    assert html_to_text(content.markup).count("espresso bar") == 6


def test_a_main_element_with_less_than_half_the_text_is_not_taken_for_the_posting():
    markup = _page(f"<main><h1>Barista</h1><p>Part-time, Portland.</p></main><div>{PROSE}{PROSE}</div>")

    content = posting_content(markup)

    assert not content.main_element and "espresso bar" in html_to_text(content.markup)


def test_several_articles_without_a_title_are_a_listing_read_whole():
    markup = _page(f"<article><h2>Barista</h2>{PROSE}</article><article><h2>Roaster</h2>{PROSE}</article>")

    assert not posting_content(markup).main_element


def test_description_leaves_out_the_head_and_the_heading_repeating_the_title():
    markup = (
        "<html><head><title>Weekend Barista</title></head><body><main><h1>Weekend  barista</h1>"
        "<p>Make espresso.</p><h2>Pay</h2><p>$20 an hour.</p></main></body></html>"
    )

    shown = description_markup(markup, title="Weekend Barista")

    assert "Weekend" not in shown and "<title" not in shown
    assert "<p>Make espresso.</p>" in shown and "<h2>Pay</h2>" in shown
    # a heading saying something else, and a fragment such as a JSON-LD description, stay as they are
    assert "<h2>Barista</h2>" in description_markup("<h2>Barista</h2><p>Make espresso.</p>", title="Weekend Barista")


@pytest.mark.parametrize(
    "markup", ["", "   ", "just text, no tags", "<p>unclosed <b>tags", "\x00\x01<html>", "<html><head></head></html>"]
)
def test_odd_input_comes_back_readable_from_posting_content_and_description_markup(markup):
    assert isinstance(posting_content(markup).markup, str)
    assert isinstance(description_markup(markup, title="Barista"), str)


@fuzz
@given(text=markup, url=st.sampled_from(["https://jobs.example.com/jobs/1", "", "http://[oops"]))
def test_posting_content_and_description_markup_read_any_markup(text, url):
    assert isinstance(no_hang(posting_content, text, url=url).markup, str)
    assert isinstance(no_hang(description_markup, text, title="Barista"), str)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("中高年活躍中/その他保守・点検系の求人詳細情報", "中高年活躍中/その他保守・点検系"),  # 求人ボックス
        ("Senior Data Engineer - Job Details", "Senior Data Engineer"),
        ("Job Details", "Job Details"),  # nothing else: left for the site-heading check
        ("Details Manager", "Details Manager"),
    ],
)
def test_what_a_board_appends_to_a_title_goes(heading, title):
    assert without_site_suffix(heading) == title

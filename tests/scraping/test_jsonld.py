"""JSON-LD JobPosting parsing on real published pages: finding the blocks and mapping their fields."""
import json
import re

import pytest

from scraping.jsonld import find_job_postings, job_posting_description, job_posting_fields, job_posting_identifier
from scraping.mapping import salary_fields

ICIMS = "html/icims_sig_trading_system_engineering_intern_hk.html"
JOBSTREET = "html/jobstreet_ph_codev_frontend_developer.html"
MONZO = "html/wttj_otta_monzo_product_marketing_lead_fragment.html"


def _ld_blocks(page_html: str) -> list[str]:
    return re.findall(r'<script[^>]*application/ld\+json[^>]*>(.*?)</script>', page_html, re.DOTALL)


def _page_with_blocks(*blocks: str) -> str:
    scripts = "".join(f'<script type="application/ld+json">{block}</script>' for block in blocks)
    return f"<!DOCTYPE html><html><head>{scripts}</head><body><p>Careers</p></body></html>"


def test_icims_posting_maps_to_our_fields(fixture_text):
    # when
    [posting] = find_job_postings(fixture_text(ICIMS))

    # then "UNAVAILABLE" address parts are dropped and employmentType OTHER maps to nothing
    assert job_posting_fields(posting) == {
        "title": "Trading System Engineering Internship: Summer 2027",
        "company": "Susquehanna International Group, LLP",
        "locations": [{"name": "Hong Kong, HK", "city": "Hong Kong", "region": "", "country": "HK"}],
        "date_posted": "2026-07-06",
        "valid_through": "2027-07-06",
    }
    assert job_posting_identifier(posting) == ""
    markup, text = job_posting_description(posting)
    assert markup.startswith("<h2>Overview</h2>\n<p>Susquehanna is looking for highly motivated")
    assert text.startswith("Overview\n\nSusquehanna is looking for highly motivated full-time students")
    assert "\n- Exceptional logical reasoning skills\n" in text
    assert "<" not in text and "&nbsp;" not in text


def test_jobstreet_posting_is_read_although_its_json_is_malformed(fixture_text):
    page = fixture_text(JOBSTREET)
    # given a page whose JobPosting block strict JSON refuses (raw line breaks inside strings)
    posting_block = next(block for block in _ld_blocks(page) if '"JobPosting"' in block)
    with pytest.raises(json.JSONDecodeError):
        json.loads(posting_block)

    # when
    postings = find_job_postings(page)

    # then it is found, and the page's other block (a WebSite in @graph) is not taken for a posting
    assert len(postings) == 1
    assert job_posting_fields(postings[0]) == {
        "title": "Mid-Level Frontend Developer",
        "company": "Complete Development (CoDev)",
        "locations": [
            {"name": "Metro Manila, Philippines", "city": "Metro Manila", "region": "", "country": "Philippines"}
        ],
        "employment_type": "full_time",
        "date_posted": "2025-02-27",
        "valid_through": "2025-03-29",
    }
    assert job_posting_identifier(postings[0]) == "82411354"
    _, text = job_posting_description(postings[0])
    # The source's line breaks fall mid-sentence; they are whitespace, not new lines.
    assert "The back - end, including data scrubbing and storage, will be handled by Simple Healthcare" in text


def test_monzo_posting_gives_salary_remote_and_identifier(fixture_text):
    [posting] = find_job_postings(fixture_text(MONZO))

    fields = job_posting_fields(posting)

    assert fields["title"] == "Product Marketing Lead (Core Banking)"
    assert fields["company"] == "Monzo"
    assert fields["locations"] == [{"name": "London, GB", "city": "London", "region": "", "country": "GB"}]
    assert fields["remote"] == "remote"
    assert fields["employment_type"] == "full_time"
    assert (fields["salary_min"], fields["salary_max"], fields["salary_currency"]) == (100000.0, 133000.0, "GBP")
    # The page gives no unitText, so no period is claimed.
    assert "salary_period" not in fields
    assert fields["date_posted"] == "2026-05-29"
    assert job_posting_identifier(posting) == "https://job-boards.greenhouse.io/monzo/jobs/7966820?utm_source=Otta"
    markup, text = job_posting_description(posting)
    assert markup.startswith("<h1>Requirements</h1>")
    assert text.startswith("Requirements\n\n- You think beyond a single product.")


@pytest.mark.parametrize(
    "name",
    ["html/frag_anthropic_external_affairs_france.html", "html/frag_greenhouse_greenhouse_senior_mlops_engineer.html"],
)
def test_pages_without_json_ld_give_nothing(fixture_text, name):
    assert find_job_postings(fixture_text(name)) == []


def test_posting_inside_a_graph_is_found(fixture_text):
    [icims_block] = _ld_blocks(fixture_text(ICIMS))
    posting = json.loads(icims_block)
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "Organization", "name": "Susquehanna International Group, LLP"},
            dict(posting, **{"@type": ["JobPosting", "Thing"]}),
        ],
    }

    [found] = find_job_postings(_page_with_blocks(json.dumps(graph)))

    assert found["title"] == "Trading System Engineering Internship: Summer 2027"


def test_posting_a_page_is_about_is_found(fixture_text):
    [monzo_block] = _ld_blocks(fixture_text(MONZO))
    page = {"@context": "https://schema.org", "@type": "ItemPage", "mainEntity": json.loads(monzo_block)}

    [found] = find_job_postings(_page_with_blocks(json.dumps(page)))

    assert job_posting_fields(found)["title"] == "Product Marketing Lead (Core Banking)"


def test_broken_block_is_skipped_and_the_next_one_read(fixture_text):
    [monzo_block] = _ld_blocks(fixture_text(MONZO))
    page = _page_with_blocks('{"@type": "JobPosting", "title": ', '"just a string"', "", monzo_block)

    postings = find_job_postings(page)

    assert [posting["title"] for posting in postings] == ["Product Marketing Lead (Core Banking)"]


def test_trailing_commas_are_forgiven(fixture_text):
    [monzo_block] = _ld_blocks(fixture_text(MONZO))
    with_trailing_comma = monzo_block.rstrip().removesuffix("}") + ",}"

    [posting] = find_job_postings(_page_with_blocks(with_trailing_comma))

    assert posting["title"] == "Product Marketing Lead (Core Banking)"


def test_location_without_address_is_left_out(fixture_text):
    [posting] = find_job_postings(fixture_text(MONZO))
    posting["jobLocation"] = [{"@type": "Place", "address": None}, posting["jobLocation"][0]]

    fields = job_posting_fields(posting)

    assert fields["locations"] == [{"name": "London, GB", "city": "London", "region": "", "country": "GB"}]


def test_escaped_description_is_unescaped_exactly_once(fixture_text):
    [posting] = find_job_postings(fixture_text(ICIMS))
    original, _ = job_posting_description(posting)
    escaped = original.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    markup, text = job_posting_description(dict(posting, description=escaped))

    # &nbsp; in the original must come back as the entity, not be decoded a second time
    assert markup == original
    assert "&nbsp;" in markup
    assert text.startswith("Overview\n\nSusquehanna")


def test_html_description_with_a_literal_less_than_is_kept_as_is(fixture_text):
    [posting] = find_job_postings(fixture_text(ICIMS))
    description = "<p>Keep tick-to-trade latency &lt; 5 µs in C++.</p>"

    markup, text = job_posting_description(dict(posting, description=description))

    assert markup == description
    assert text == "Keep tick-to-trade latency < 5 µs in C++."


def test_dates_in_any_iso_form():
    # Coupang's careers page (tests/fixtures/labelled/c) writes its date unpadded
    assert job_posting_fields({"datePosted": "2021-3-8"})["date_posted"] == "2021-03-08"
    assert job_posting_fields({"validThrough": "2021-04-08T23:59:00.000+09:00"})["valid_through"] == "2021-04-08"
    # not ISO: "03/08/2021" may be March or August, so it is left out, as is a day no calendar has
    assert "date_posted" not in job_posting_fields({"datePosted": "03/08/2021"})
    assert "date_posted" not in job_posting_fields({"datePosted": "2021-02-30"})
    # Indeed Canada's page writes the web's date form (tests/fixtures/labelled/g)
    assert job_posting_fields({"datePosted": "Fri, 28 Oct 2022 21:45:51 GMT"})["date_posted"] == "2022-10-28"
    assert "date_posted" not in job_posting_fields({"datePosted": "Mon, 31 Feb 2022 10:00:00 GMT"})


def test_a_remote_job_names_where_its_applicants_may_live():
    posting = {
        "jobLocationType": "TELECOMMUTE",
        "applicantLocationRequirements": [{"@type": "Country", "name": "USA"}, {"@type": "Country", "name": "Canada"}],
    }
    fields = job_posting_fields(posting)
    assert fields["remote"] == "remote"
    assert [location["name"] for location in fields["locations"]] == ["USA", "Canada"]


def test_benefits_one_an_item_or_line():
    assert job_posting_fields({"jobBenefits": "<ul><li>Pension</li><li>Gym</li></ul>"})["benefits"] == ["Pension", "Gym"]
    assert job_posting_fields({"jobBenefits": ["Lunch", " "]})["benefits"] == ["Lunch"]


def _pay(base_salary) -> dict:
    fields = job_posting_fields({"title": "Data Engineer", "baseSalary": base_salary})
    return {key: value for key, value in fields.items() if key.startswith("salary_")}


def test_a_stated_salary_is_read():
    # schema.org's nested form, and the flat one some sites write, with a lower-case currency
    assert _pay({
        "@type": "MonetaryAmount", "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 120000, "maxValue": 150000, "unitText": "YEAR"},
    }) == {"salary_min": 120000.0, "salary_max": 150000.0, "salary_currency": "USD", "salary_period": "year"}
    assert _pay({"currency": "gbp", "value": "45.50", "unitText": "HOUR"}) == {
        "salary_min": 45.5, "salary_max": 45.5, "salary_currency": "GBP", "salary_period": "hour"
    }


@pytest.mark.parametrize(
    "value",
    [{"value": 0, "unitText": "YEAR"}, {"value": -45000, "unitText": "YEAR"}, {"minValue": 0, "maxValue": -1}, "0"],
    ids=["zero", "negative", "zero-to-negative", "flat-zero"],
)
def test_zero_or_negative_pay_is_no_pay(value):
    assert _pay({"@type": "MonetaryAmount", "currency": "EUR", "value": value}) == {}


def test_pay_is_mapped_as_the_ats_adapters_map_it():
    # given a range whose lower end is a template's 0, or negative
    for low in (0, -1):
        base_salary = {"currency": "EUR", "value": {"minValue": low, "maxValue": 60000, "unitText": "MONTH"}}

        # then that end is dropped, as an adapter's would be, and the rest read
        assert _pay(base_salary) == {"salary_max": 60000.0, "salary_currency": "EUR", "salary_period": "month"}
        assert _pay(base_salary) == salary_fields(low=low, high=60000, currency="EUR", period="MONTH")

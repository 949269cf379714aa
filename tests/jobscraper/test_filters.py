"""The list's URL state: parsing query parameters, writing them back, and the LIKE fallback's terms (no database)."""
from decimal import Decimal

import pytest
from django.http import QueryDict

from jobscraper.filters import (
    MAX_PAGE, JobFilters, filters_active, job_filters_params, job_filters_parse, websearch_terms,
)


def parse(query: str) -> JobFilters:
    return job_filters_parse(QueryDict(query))


def test_no_parameters_mean_no_filter_newest_first_page_one():
    filters = parse("")
    assert filters == JobFilters()
    assert not filters.is_filtered and filters.sort == "newest" and filters.page == 1


def test_every_parameter_is_read():
    filters = parse(
        "q=python+-java&company=3&company=7&company=3&country=DE&city=Berlin&remote=remote&type=full_time"
        "&seniority=senior&salary_min=80%2C000&currency=eur&posted=7&source=greenhouse&sort=salary&page=4"
    )
    assert filters == JobFilters(
        q="python -java", companies=(3, 7), country="DE", city="Berlin", remote="remote", employment_type="full_time",
        seniority="senior", salary_min=Decimal("80000"), currency="EUR", posted_days=7, source="greenhouse",
        sort="salary", page=4,
    )
    assert filters.is_filtered


@pytest.mark.parametrize(
    "query",
    ["remote=sometimes", "type=slave", "source=ftp", "sort=random", "page=-2", "page=abc", "company=x", "company=0",
     "posted=0", "posted=week", "currency=EURO"],
)
def test_malformed_values_are_dropped_not_refused(query):
    assert parse(query) == JobFilters()


def test_page_and_posted_are_capped():
    assert parse(f"page={MAX_PAGE * 10}").page == MAX_PAGE
    assert parse("posted=99999").posted_days == 3650


def test_a_salary_without_a_currency_is_kept_and_means_the_base_currency():
    # Amounts are converted between currencies now (selectors.salary_floor): none named is the base currency, which
    # the URL leaves unsaid, so that a link keeps meaning the site's base currency.
    filters = parse("salary_min=50000")
    assert (filters.salary_min, filters.currency, filters.notes) == (Decimal("50000"), "", ())
    assert job_filters_params(filters) == [("salary_min", "50000")]


def test_any_well_formed_currency_is_kept_whether_or_not_a_rate_is_known():
    # parsing needs no database: whether XYZ converts is the list's to find out, and to say
    assert (parse("salary_min=100&currency=xyz").currency, parse("salary_min=100&currency=xyz").notes) == ("XYZ", ())


@pytest.mark.parametrize(
    "amount, note",
    [("lots", "not a number"), ("NaN", "not a number"), ("Infinity", "not a number"), ("-5", "cannot be negative"),
     ("1e999999", "larger than any salary"), ("1000000000000", "larger than any salary")],
)
def test_a_salary_that_is_not_an_amount_is_ignored_with_a_note_that_says_why(amount, note):
    filters = parse(f"salary_min={amount}&currency=EUR")
    assert filters.salary_min is None and len(filters.notes) == 1 and note in filters.notes[0]


def test_a_salary_is_read_to_the_cent():
    assert parse("salary_min=1e-999999&currency=EUR").salary_min == Decimal("0.00")
    assert parse("salary_min=999999999999.999&currency=EUR").salary_min is None
    assert parse("salary_min=50000.5&currency=EUR").salary_min == Decimal("50000.50")


@pytest.mark.parametrize("name", ["q", "country", "city", "seniority"])
def test_free_text_is_cleaned_of_controls_and_bidi_overrides(name):
    filters = parse(f"{name}=py%00th%E2%80%AEon%07%7F%E2%81%A6")
    assert getattr(filters, name) == "python"


def test_numbers_and_choices_are_read_once_cleaned():
    assert parse("page=2%00&company=3%00&remote=remote%E2%80%AE&salary_min=5%00&currency=EUR%1F") == JobFilters(
        companies=(3,), remote="remote", salary_min=Decimal("5"), currency="EUR", page=2,
    )


def test_search_text_is_collapsed_and_cut():
    assert parse("q=%20%20data%0A%20engineer%20").q == "data engineer"
    assert len(parse("q=" + "a" * 1000).q) == 200


def test_params_round_trip_and_leave_out_defaults():
    query = "q=go&company=2&company=5&country=NL&salary_min=60000&currency=EUR&posted=30&sort=salary"
    filters = parse(query)
    assert job_filters_parse(_qd(job_filters_params(filters))) == filters
    assert ("sort", "newest") not in job_filters_params(parse("sort=newest"))
    assert job_filters_params(parse("page=3")) == []


def _qd(pairs):
    query = QueryDict(mutable=True)
    for name, value in pairs:
        query.appendlist(name, value)
    return query


@pytest.mark.parametrize(
    ("q", "required", "excluded"),
    [
        ("python django", ["python", "django"], []),
        ('"data engineer" -intern', ["data engineer"], ["intern"]),
        ("rust or go", ["rust", "go"], []),
        ('unbalanced "quote', ["unbalanced", "quote"], []),
        ("- -- c++", ["c++"], []),
    ],
)
def test_websearch_terms_for_the_like_fallback(q, required, excluded):
    assert websearch_terms(q) == (required, excluded)


def test_search_words_sort_by_relevance_unless_told_otherwise():
    assert parse("q=rust").sort == "relevance" and job_filters_params(parse("q=rust")) == [("q", "rust")]
    assert parse("sort=relevance").sort == "newest"  # nothing to rank without words
    assert ("sort", "newest") in job_filters_params(parse("q=rust&sort=newest"))


def test_each_active_filter_comes_with_the_search_without_it():
    filters = parse("q=rust&company=3&company=7&remote=remote&salary_min=50000&currency=EUR&posted=7&page=3")

    active = {(item.name, item.value): item.without for item in filters_active(filters)}

    assert list(active) == [("q", "rust"), ("company", "3"), ("company", "7"), ("remote", "remote"),
                            ("salary_min", "50000"), ("posted", "7")]
    assert active[("q", "rust")].sort == "newest" and active[("q", "rust")].q == ""
    assert active[("company", "3")].companies == (7,)
    assert active[("salary_min", "50000")].salary_min is None and active[("salary_min", "50000")].currency == ""
    assert all(without.page == 1 for without in active.values())
    assert filters_active(parse("currency=EUR&sort=salary")) == []

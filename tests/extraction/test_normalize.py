"""Flattening engine output, merging it under source data, salary grounding and annualisation."""
from datetime import date
from decimal import Decimal

import pytest

from extraction.normalize import annualise, flatten, located, merge, period_from_size, salary_is_grounded
from extraction.schema import JobFields, Location, Salary

POSTING = "Senior Backend Engineer, Lisbon. Hybrid. Full-time. Salary: €60.000 – €70.000 per year. Python, Go."


def _merge(*, source, extracted, text=POSTING):
    return merge(source=source, source_label="ats", extracted=extracted, engine_label="local_llm", text=text)


def test_flatten_uses_stored_names_and_leaves_out_empty_values():
    fields = JobFields(
        title="Senior Backend Engineer",
        locations=[Location(city="Lisbon", country="PT"), Location()],
        remote="hybrid",
        salary=Salary(min=60000, max=70000, currency="eur", period="year"),
        skills=[" Python ", "", "Go"],
    )

    flat = flatten(fields)

    assert flat == {
        "title": "Senior Backend Engineer",
        "remote": "hybrid",
        "locations": [{"name": "Lisbon, PT", "city": "Lisbon", "region": "", "country": "PT"}],
        "salary_min": 60000,
        "salary_max": 70000,
        "salary_currency": "EUR",
        "salary_period": "year",
        "skills": ["Python", "Go"],
    }


def test_merge_keeps_source_fields_and_fills_the_rest():
    # given a source that knows title, locations and remote, and an engine that disagrees on some
    source = {"title": "Backend Engineer (Senior)", "locations": [{"name": "Lisbon, Portugal"}], "remote": "unknown"}
    extracted = {
        "title": "Senior Backend Engineer", "remote": "hybrid", "employment_type": "full_time", "skills": ["Python", "Go"]
    }

    values, origins, dropped = _merge(source=source, extracted=extracted)

    # then the source wins where it has a value, and "unknown" counts as no value
    assert values["title"] == "Backend Engineer (Senior)"
    # its country and city as its name reads
    assert [(place["name"], place["country"], place["city"]) for place in values["locations"]] == [
        ("Lisbon, Portugal", "PT", "Lisbon")
    ]
    assert (values["remote"], values["employment_type"], values["skills"]) == ("hybrid", "full_time", ["Python", "Go"])
    assert origins == {
        "title": "ats", "locations": "ats", "remote": "local_llm", "employment_type": "local_llm", "skills": "local_llm"
    }
    assert dropped == []


def test_source_salary_is_never_mixed_with_the_engines():
    source = {"salary_min": 60000, "salary_currency": "EUR"}
    extracted = {"salary_min": 55000, "salary_max": 70000, "salary_currency": "USD", "salary_period": "year"}

    values, origins, _ = _merge(source=source, extracted=extracted)

    assert (values["salary_min"], values.get("salary_max"), values["salary_currency"]) == (60000, None, "EUR")
    assert "salary_max" not in origins
    # the engine's period is not taken either: the source's figure's size says it is a year's pay
    assert origins["salary_period"] == "rules"


def test_grounded_llm_salary_is_kept_and_annualised():
    extracted = {"salary_min": 60000.0, "salary_max": 70000.0, "salary_currency": "EUR", "salary_period": "year"}

    values, origins, dropped = _merge(source={}, extracted=extracted)

    assert (values["salary_min"], values["salary_max"]) == (60000.0, 70000.0)
    assert (values["salary_annual_min"], values["salary_annual_max"]) == (Decimal("60000.00"), Decimal("70000.00"))
    assert origins["salary_min"] == "local_llm"
    assert dropped == []


def test_llm_salary_not_in_the_text_is_dropped_and_reported():
    # given an engine that invents a salary the posting never states
    extracted = {
        "salary_min": 90000.0, "salary_max": 120000.0, "salary_currency": "EUR", "salary_period": "year", "remote": "hybrid"
    }

    values, origins, dropped = _merge(source={}, extracted=extracted)

    # then every salary field is gone, the other fields stay, and the note says why
    assert not {"salary_min", "salary_max", "salary_currency", "salary_period"} & (values.keys() | origins.keys())
    assert values["salary_annual_min"] is None and values["salary_annual_max"] is None
    assert values["remote"] == "hybrid"
    assert dropped == ["salary 90000.0-120000.0 not found in the posting text"]


def test_llm_currency_without_a_figure_is_not_stored():
    extracted = {"salary_currency": "EUR", "salary_period": "year", "remote": "hybrid"}

    values, origins, dropped = _merge(source={}, extracted=extracted, text="Hybrid role. Competitive salary.")

    assert "salary_currency" not in values and "salary_period" not in origins
    assert values["remote"] == "hybrid" and dropped == []


def test_an_ungrounded_llm_salary_leaves_the_sources_currency():
    source = {"salary_currency": "EUR", "salary_period": "year"}
    extracted = {"salary_min": 90000.0, "salary_max": 120000.0}

    values, origins, dropped = _merge(source=source, extracted=extracted)

    assert (values["salary_currency"], values["salary_period"], origins["salary_currency"]) == ("EUR", "year", "ats")
    assert "salary_min" not in values and len(dropped) == 1


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("Salary: €215.000 – €255.000", 215000, 255000),
        ("Base pay $100k–160k", 100000, 160000),
        ("Base pay $100-160k", 100000, 160000),
        ("£11.22 per hour", 11.22, 11.22),
        ("$99.5k base", 99500, 99500),
    ],
)
def test_salary_grounding_reads_the_figures_as_written(text, low, high):
    assert salary_is_grounded({"salary_min": low, "salary_max": high}, text)


def test_salary_grounding_rejects_a_figure_that_only_resembles_one():
    # 116 million of funding does not ground a salary of 116,000
    assert not salary_is_grounded({"salary_min": 116000}, "We have $116M raised. Salary: competitive.")


@pytest.mark.parametrize(
    ("amount", "period", "annual"),
    [
        (11.22, "hour", Decimal("23337.60")),  # 2,080 hours
        (375, "day", Decimal("97500.00")),  # 260 days
        (1000, "week", Decimal("52000.00")),
        (4500, "month", Decimal("54000.00")),
        (60000, "year", Decimal("60000.00")),
        (60000, None, None),
        (None, "year", None),
    ],
)
def test_annualise(amount, period, annual):
    assert annualise(amount, period) == annual


def test_merge_annualises_an_hourly_rate_and_reads_dates():
    extracted = {"salary_min": 11.22, "salary_max": 11.22, "salary_currency": "GBP", "salary_period": "hour"}
    extracted["date_posted"] = "2025-03-04"

    values, origins, _ = _merge(source={}, extracted=extracted, text="£11.22 per hour. Posted 4 March 2025.")

    assert values["salary_annual_min"] == values["salary_annual_max"] == Decimal("23337.60")
    assert values["date_posted"] == date(2025, 3, 4) and origins["date_posted"] == "local_llm"


def test_merge_drops_an_unreadable_date():
    values, origins, _ = _merge(source={}, extracted={"date_posted": "last week"})

    assert values["date_posted"] is None and "date_posted" not in origins


@pytest.mark.parametrize(
    "text",
    [
        "Backed by $116M raised. Competitive salary.",
        "Equity of 120,000 shares vests over four years.",
        "OTE £120,000 with uncapped commission.",
        "Meal vouchers of €120,000 a year.",  # absurd, but a voucher all the same
    ],
)
def test_figures_written_as_funding_equity_commission_or_vouchers_do_not_ground_a_salary(text):
    assert not salary_is_grounded({"salary_min": 120000, "salary_max": 120000}, text)


def test_llm_currency_contradicting_the_postings_symbols_is_dropped_and_reported():
    extracted = {"salary_min": 60000.0, "salary_max": 70000.0, "salary_currency": "USD", "salary_period": "year"}

    values, origins, dropped = _merge(source={}, extracted=extracted)

    # the figures are grounded and stay; the currency the text's "€" contradicts goes
    assert (values["salary_min"], values["salary_max"]) == (60000.0, 70000.0)
    assert "salary_currency" not in values and "salary_currency" not in origins
    assert dropped == ["currency USD contradicts the posting's EUR"]


def test_a_dollar_sign_supports_any_dollar_currency():
    extracted = {"salary_min": 14.0, "salary_max": 14.0, "salary_currency": "SGD", "salary_period": "hour"}

    values, _origins, dropped = _merge(source={}, extracted=extracted, text="Pay rate: $14.00 per hour, Bugis")

    assert values["salary_currency"] == "SGD" and dropped == []


def test_llm_location_absent_from_the_text_is_dropped_and_reported():
    extracted = {
        "locations": [
            {"name": "Lisbon, PT", "city": "Lisbon", "region": "", "country": "PT"},
            {"name": "Porto, PT", "city": "Porto", "region": "", "country": "PT"},
        ]
    }

    values, origins, dropped = _merge(source={}, extracted=extracted)

    assert [loc["city"] for loc in values["locations"]] == ["Lisbon"] and origins["locations"] == "local_llm"
    assert dropped == ["location Porto, PT not found in the posting text"]


def test_a_place_named_by_a_short_code_is_grounded_where_the_text_writes_it():
    # Remotive: "USA" as the job's place
    extracted = {"locations": [{"name": "USA, US", "city": "USA", "region": "", "country": "US"}]}

    values, _, dropped = _merge(source={}, extracted=extracted, text="Content Reviewer\nTELUS Digital\nUSA\n")

    assert [loc["city"] for loc in values["locations"]] == ["USA"] and dropped == []
    _, _, dropped = _merge(source={}, extracted=extracted, text="Content Reviewer\nTELUS Digital\nCanada\n")
    assert dropped == ["location USA, US not found in the posting text"]


def test_a_large_salary_without_a_period_is_a_years_pay():
    # given JSON-LD pay without unitText
    source = {"salary_min": 100000.0, "salary_max": 133000.0, "salary_currency": "GBP"}

    values, origins, _dropped = _merge(source=source, extracted={})

    assert (values["salary_period"], origins["salary_period"]) == ("year", "rules")
    assert values["salary_annual_max"] == Decimal("133000.00")


@pytest.mark.parametrize(
    "salary",
    [
        {"salary_min": 100.0, "salary_max": 160.0, "salary_currency": "USD"},  # could be a day rate
        {"salary_min": 45000.0, "salary_max": 55000.0, "salary_currency": "JPY"},  # yen: by the month or the year
        {"salary_min": 45000.0, "salary_max": 55000.0},  # no currency to judge by
    ],
)
def test_a_salary_without_a_period_keeps_none_unless_its_size_says_year(salary):
    values, _origins, _dropped = _merge(source=salary, extracted={})

    assert values.get("salary_period") is None and values["salary_annual_min"] is None


@pytest.mark.parametrize("currency", ["PHP", "RUB", "CZK", "PLN", "BRL", "CNY"])
def test_a_salary_without_a_period_is_monthly_where_postings_state_pay_by_the_month(currency):
    salary = {"salary_min": 45000.0, "salary_max": 55000.0, "salary_currency": currency}

    values, origins, _dropped = _merge(source=salary, extracted={})

    assert (values["salary_period"], origins["salary_period"]) == ("month", "rules")


@pytest.mark.parametrize(
    "text, extracted, kept",
    [
        ("給与\n月給 : 30万円～", {"salary_min": 300000, "salary_period": "month"}, {"salary_min": 300000}),
        ("Salary: up to €3,000 a month", {"salary_max": 3000, "salary_period": "month"}, {"salary_max": 3000}),
        # the engine read another figure: the source's one figure stands for both bounds
        ("Salary: from €2,500 a month", {"salary_min": 2500}, {"salary_min": 3000, "salary_max": 3000}),
    ],
)
def test_a_source_figure_the_posting_states_as_one_bound_keeps_that_bound(text, extracted, kept):
    # JSON-LD gives one "value"; the posting's own words say it is a floor ("～", "from") or a cap ("up to")
    source = {"salary_min": 3000 if "€" in text else 300000, "salary_currency": "EUR", "salary_period": "month"}
    source["salary_max"] = source["salary_min"]

    values, origins, dropped = _merge(source=source, extracted=extracted, text=text)

    assert {key: values.get(key) for key in ("salary_min", "salary_max") if values.get(key) is not None} == kept
    assert all(origins[key] == "ats" for key in kept)
    assert len(dropped) == (len(kept) == 1)


@pytest.mark.parametrize(
    "values, period",
    [
        ({"salary_min": 1100, "salary_max": 1300, "salary_currency": "EUR"}, "month"),  # kariera.gr
        ({"salary_min": 90000, "salary_max": 110000, "salary_currency": "CHF"}, "year"),
        ({"salary_min": 25, "salary_max": 30, "salary_currency": "EUR"}, None),  # an hour's or a day's
        ({"salary_min": 3000, "salary_max": 3000, "salary_currency": "USD"}, None),  # a month's, a week's or a bonus
        ({"salary_min": 200000, "salary_max": 300000, "salary_currency": "INR"}, "year"),  # Internshala: lakhs, a CTC
        ({"salary_min": 15000, "salary_max": 20000, "salary_currency": "INR"}, None),
    ],
)
def test_a_period_is_inferred_from_the_figures_size_in_its_currency(values, period):
    assert period_from_size(values) == period


@pytest.mark.parametrize(
    ("location", "stored"),
    [
        # a country as sources and models write it, stored as its ISO code
        ({"name": "Berlin", "country": "DE"}, {"name": "Berlin", "country": "DE"}),
        ({"name": "Austin, TX", "country": "us"}, {"name": "Austin, TX", "country": "US"}),  # SmartRecruiters
        ({"name": "Olathe", "country": "USA"}, {"name": "Olathe", "country": "US"}),  # alpha-3 (UKG)
        ({"name": "Lyon", "city": "Lyon", "region": "", "country": "France"},
         {"name": "Lyon", "city": "Lyon", "region": "", "country": "FR"}),  # a model's answer
        ({"name": "Köln", "country": "Deutschland"}, {"name": "Köln", "country": "DE"}),
        # the given country wins over what the name reads as: the source knows its office
        ({"name": "Stamford Hub", "country": "US"}, {"name": "Stamford Hub", "country": "US"}),
        # none given: the one country the name reads as
        ({"name": "München"}, {"name": "München", "country": "DE"}),
        ({"name": "USA DC Washington"}, {"name": "USA DC Washington", "country": "US"}),
        ({"name": "Remote - Canada"}, {"name": "Remote - Canada", "country": "CA"}),
        ({"name": "Cape Town & Johannesburg"}, {"name": "Cape Town & Johannesburg", "country": "ZA"}),
        ({"name": "Office", "city": "Milano", "region": "", "country": ""},
         {"name": "Office", "city": "Milan", "region": "", "country": "IT"}),  # the city and region when the name is none
        # no one country: the place is kept as written, without one
        ({"name": "Remote - EMEA"}, {"name": "Remote - EMEA"}),
        ({"name": "Hyderabad"}, {"name": "Hyderabad"}),  # in India and in Pakistan
        ({"name": "Berlin or London"}, {"name": "Berlin or London"}),
        ({"name": "Planet Zorg, sector 7G"}, {"name": "Planet Zorg, sector 7G"}),
        ({"name": "Somewhere", "city": "", "region": "", "country": "EU"},
         {"name": "Somewhere", "city": "", "region": "", "country": ""}),  # "EU" names no country
    ],
)
def test_a_stored_place_gets_its_iso_country_only_where_it_reads_as_one(location, stored):
    # (a city it names is added: the test after this one)
    assert {key: value for key, value in located(location).items() if key in location or key == "country"} == stored


@pytest.mark.parametrize(
    "location, city",
    [
        ({"name": "München"}, ("Munich", 2867714, "")),
        ({"name": "Portland, OR", "country": "US"}, ("Portland", 5746545, "US-OR")),
        ({"name": "Office", "city": "Portland", "region": "Maine", "country": "USA"}, ("Portland", 4975802, "US-ME")),
        ({"name": "München, Bayern"}, ("Munich", 2867714, "DE-BY")),  # a region the name gives
    ],
)
def test_a_stored_place_that_names_one_city_gets_it_with_its_coordinates(location, city):
    stored = located(location)

    assert (stored["city"], stored["geoname_id"], stored.get("region_code", "")) == city
    assert -90 <= stored["lat"] <= 90 and -180 <= stored["lon"] <= 180
    assert stored["name"] == location["name"]  # the place as written is kept


def test_a_place_that_names_no_one_city_keeps_its_city_as_written_and_loses_stale_coordinates():
    # given a place a reviewer renamed, still carrying the old city's coordinates
    edited = {"name": "Springfield", "city": "Springfield", "country": "US", "geoname_id": 2867714, "lat": 48.1, "lon": 11.5}

    stored = located(edited)

    assert stored == {"name": "Springfield", "city": "Springfield", "country": "US"}


def test_merge_stores_each_place_with_the_country_it_reads_as_and_reports_a_country_that_names_none():
    # given places from a source without countries, and an engine place whose country names none
    source = {"locations": [{"name": "München"}, {"name": "Remote - EMEA"}, "Austin, TX"]}
    extracted = {"locations": [{"name": "Lisbon", "city": "Lisbon", "region": "", "country": "Iberia"}]}

    # when merged
    from_source, _, _ = _merge(source=source, extracted={})
    from_engine, _, dropped = _merge(source={}, extracted=extracted)

    # then each place keeps its name, and has a country where its name reads as one
    # (and the city it names, with its coordinates: test_a_stored_place_that_names_one_city_gets_it_with_its_coordinates)
    assert [{key: place.get(key) for key in ("name", "city", "country")} for place in from_source["locations"]] == [
        {"name": "München", "city": "Munich", "country": "DE"}, {"name": "Remote - EMEA", "city": None, "country": None},
        {"name": "Austin, TX", "city": "Austin", "country": "US"},
    ]
    assert from_engine["locations"][0]["country"] == "PT" and from_engine["locations"][0]["geoname_id"] == 2267057
    assert dropped == ["location Lisbon: country 'Iberia' names no country, left out"]

"""Extraction's parsers given any text, and the model's answer given as anything: normal results, within a second."""
import json
from datetime import datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extraction.cascade import fields_from_result
from extraction.dates import date_in_phrase, is_date_phrase, labelled_posting_date
from extraction.engines.base import ExtractionRequest, parse_fields
from extraction.engines.rules import RulesEngine
from extraction.figures import currencies_written, pay_numbers_in
from extraction.labels import labels_joined
from extraction.pay import parse_salary
from extraction.places import country_of, is_place, places_in
from extraction.schema import JobFields
from extraction.terms import badge_kind, employment_type, remote_mode
from extraction.locations import locations_named
from extraction.top_card import company_named, read_top_card
from tests.fuzz.strategies import fuzz, json_values, markup, texts
from tests.timing import no_hang

pytestmark = pytest.mark.fuzz

# Posting text: prose with the figures, currencies and words the parsers look for, in any order and spacing.
_PAY_PIECES = st.sampled_from([
    "$", "€", "£", "¥", "₹", "S$", "USD", "EUR", "kr", "руб", "万", "円", "k", "K", "-", "–", "to", "up to", "до",
    "per hour", "/hr", "a year", "p.a.", "monthly", "salary", "Salary:", "pay", "bonus", "equity", "401(k)", "%",
    "remote", "hybrid", "on-site", "full-time", "intern", "contract", "Location:", "Company:", "\n", " ", ",", ".",
    "https://x.example/123", "[link](https://x.example)", "# ", "**", "9" * 400, "1,000,000", "100.000,00", "0",
    "1e9", "NaN", "Posted 3 days ago", "vor 2 Tagen", "30+ days ago", "5 March 2024", "2024-03-05", "今日",
    "Job type: Contract", "Vertragsart:", "befristet", "Plat", "\nSpolečnost\n", "About Acme", "Acme GmbH",
    "is looking for", "[Acme](https://x.example/company/acme)", "![Acme logo](x.png)", "·", "•", "|", "/", "(",
    ")", "Chicago, IL", "München", "Remote (US)", "30 - LA CALMETTE", "Санкт-Петербург", "東京", "IL", "AR",
])
FETCHED = datetime(2026, 3, 5, 12)
posting_texts = st.lists(_PAY_PIECES | st.integers(0, 10**9).map(str) | texts, max_size=40).map(" ".join) | markup


@fuzz
@given(text=posting_texts)
def test_text_parsers_read_any_posting(text):
    salary = no_hang(parse_salary, text, stated=text.splitlines()[:3])
    if salary is not None:
        assert salary.currency is None or len(salary.currency) == 3
    card = no_hang(read_top_card, labels_joined(text))
    assert card.title is None or isinstance(card.title, str)
    assert no_hang(remote_mode, text, top_card=card.lines, title=card.title or "") in (
        "onsite", "hybrid", "remote", "unknown"
    )
    assert no_hang(employment_type, text, top_card=card.lines) in (
        "full_time", "part_time", "contract", "internship", "temporary", "unknown"
    )
    company = no_hang(company_named, text, card)
    assert company is None or 0 < len(company) <= 80
    assert all(isinstance(place, str) for place in no_hang(locations_named, text, card))
    assert all(isinstance(number, float) for number in no_hang(pay_numbers_in, text))
    assert isinstance(no_hang(currencies_written, text), set)


@fuzz
@given(text=posting_texts)
def test_date_and_place_readers_read_any_text(text):
    for fetched_at in (None, FETCHED):
        found = no_hang(labelled_posting_date, text, fetched_at=fetched_at)
        assert found is None or found <= FETCHED.date() or fetched_at is None
        phrase_date = no_hang(date_in_phrase, text[:80], fetched_at=fetched_at)
        assert phrase_date is None or fetched_at is None or phrase_date <= FETCHED.date() + timedelta(days=1)
    assert isinstance(no_hang(is_date_phrase, text[:80]), bool)
    for line in text.splitlines()[:5]:
        assert isinstance(no_hang(is_place, line), bool)
        assert all(isinstance(place, str) for place in no_hang(places_in, line))
        code = no_hang(country_of, line)
        assert code is None or len(code) == 2
        kind = no_hang(badge_kind, line)
        assert kind is None or isinstance(kind, str)


@fuzz
@given(text=posting_texts)
def test_rules_engine_answers_every_posting(text):
    [result] = no_hang(RulesEngine().extract, [ExtractionRequest(key=1, text=text, fetched_at=FETCHED)])
    assert isinstance(result.fields, JobFields) and result.error == ""


# What a model may answer: JSON of the schema's shape with wrong values, any JSON, or no JSON at all.
_FIELD_VALUES = {
    "title": texts, "company": texts, "remote": texts, "employment_type": texts, "seniority": texts,
    "department": texts, "date_posted": texts | st.sampled_from(["2026-02-30", "2026-01-01", "9999-99-99"]),
    "summary": texts, "visa_sponsorship": texts,
    "salary": json_values | st.fixed_dictionaries({}, optional={
        "min": json_values, "max": json_values, "currency": texts, "period": st.sampled_from(["year", "hour", "x"]),
    }),
    "locations": st.lists(json_values | st.fixed_dictionaries({}, optional={"city": texts, "country": texts}),
                          max_size=12),
    "skills": st.lists(texts, max_size=22), "requirements": json_values, "benefits": json_values,
}
model_answers = (
    st.fixed_dictionaries({}, optional=_FIELD_VALUES).map(json.dumps)
    | json_values.map(json.dumps)
    | texts
    | st.sampled_from(["", "{", "```json\n{}\n```", '{"title": "x"} trailing', "null", "1e999"])
)


@fuzz
@given(raw=model_answers | st.just("[" * 100_000))
def test_any_model_answer_is_fields_or_a_reason(raw):
    fields, reason = no_hang(parse_fields, raw)
    assert (fields is None) == bool(reason)
    assert fields is None or isinstance(fields, JobFields)


# What adapters give (scraping.mapping, scraping.jsonld): any text, but salaries only as positive numbers.
_SOURCE_VALUES = {
    "title": texts, "company": texts, "salary_min": st.floats(min_value=0.01, max_value=1e12),
    "salary_max": st.floats(min_value=0.01, max_value=1e12), "salary_currency": texts,
    "salary_period": st.sampled_from(["year", "hour", "x", None]), "date_posted": texts,
    "locations": st.lists(st.fixed_dictionaries({"name": texts}) | texts, max_size=3), "remote": texts,
}


@fuzz
@given(raw=model_answers, source=st.fixed_dictionaries({}, optional=_SOURCE_VALUES), text=posting_texts)
def test_any_model_answer_merges_with_any_source(raw, source, text):
    fields, _ = parse_fields(raw)
    values, origins, dropped = no_hang(
        fields_from_result, source=source, source_label="ats", result_fields=fields, engine_label="local_llm", text=text
    )
    assert set(origins) <= set(values)
    assert all(isinstance(note, str) for note in dropped)

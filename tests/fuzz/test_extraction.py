"""Extraction's parsers given any text, and the model's answer given as anything: normal results, within a second."""
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extraction.cascade import fields_from_result
from extraction.engines.base import ExtractionRequest, parse_fields
from extraction.engines.rules import RulesEngine
from extraction.parsers import (
    country_currency,
    currencies_written,
    labelled_line,
    parse_employment_type,
    parse_remote,
    parse_salary,
    pay_numbers_in,
    title_line,
)
from extraction.schema import JobFields
from tests.fuzz.strategies import fuzz, json_values, markup, texts
from tests.timing import no_hang

pytestmark = pytest.mark.fuzz

# Posting text: prose with the figures, currencies and words the parsers look for, in any order and spacing.
_PAY_PIECES = st.sampled_from([
    "$", "€", "£", "¥", "₹", "S$", "USD", "EUR", "kr", "руб", "万", "円", "k", "K", "-", "–", "to", "up to", "до",
    "per hour", "/hr", "a year", "p.a.", "monthly", "salary", "Salary:", "pay", "bonus", "equity", "401(k)", "%",
    "remote", "hybrid", "on-site", "full-time", "intern", "contract", "Location:", "Company:", "\n", " ", ",", ".",
    "https://x.example/123", "[link](https://x.example)", "# ", "**", "9" * 400, "1,000,000", "100.000,00", "0",
    "1e9", "NaN",
])
posting_texts = st.lists(_PAY_PIECES | st.integers(0, 10**9).map(str) | texts, max_size=40).map(" ".join) | markup


@fuzz
@given(text=posting_texts)
def test_text_parsers_read_any_posting(text):
    salary = no_hang(parse_salary, text)
    if salary is not None:
        assert salary.currency is None or len(salary.currency) == 3
    assert no_hang(parse_remote, text) in ("onsite", "hybrid", "remote", "unknown")
    assert no_hang(parse_employment_type, text) in (
        "full_time", "part_time", "contract", "internship", "temporary", "unknown"
    )
    title = no_hang(title_line, text)
    assert title is None or isinstance(title, str)
    for label in ("company", "location"):
        value = no_hang(labelled_line, text, label)
        assert value is None or isinstance(value, str)
    assert all(isinstance(number, float) for number in no_hang(pay_numbers_in, text))
    assert isinstance(no_hang(currencies_written, text), set)
    assert no_hang(country_currency, text) is None or len(country_currency(text)) == 3


@fuzz
@given(text=posting_texts)
def test_rules_engine_answers_every_posting(text):
    [result] = no_hang(RulesEngine().extract, [ExtractionRequest(key=1, text=text)])
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


# What adapters give (scraping.sources.mapping, scraping.jsonld): any text, but salaries only as positive numbers.
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

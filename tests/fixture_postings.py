"""The real postings under tests/fixtures as an engine receives them, with their labels as model answers (no Django).

Text files are used as they are; saved pages go through scraping.html_text, not crawl4ai, so this runs on a
GPU machine that has neither Django nor crawl4ai (tests/gpu, bench/gpu_extraction.py).
"""
import json
from dataclasses import dataclass
from itertools import cycle, islice
from pathlib import Path

from extraction.schema import JobFields, Location, Salary
from scraping.html_text import html_to_text

FIXTURES = Path(__file__).parent / "fixtures"
MIN_TEXT = 200  # characters: two saved pages render their posting with JavaScript and hold almost no text as HTML


@dataclass(frozen=True)
class FixturePosting:
    name: str  # the file, relative to tests/fixtures
    text: str
    answer: str  # its label as the JSON a model following the schema would answer


def fixture_postings() -> list[FixturePosting]:
    """Every labelled posting with readable text, in labels.jsonl's order."""
    postings = []
    for line in (FIXTURES / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        raw = (FIXTURES / label["local_file"]).read_text(encoding="utf-8")
        text = html_to_text(raw) if label["local_file"].endswith(".html") else raw
        if len(text) >= MIN_TEXT:
            postings.append(FixturePosting(name=label["local_file"], text=text, answer=_answer(label)))
    return postings


def cycled(postings: list, count: int) -> list:
    """`count` postings, going round the list as often as needed."""
    return list(islice(cycle(postings), count))


def _answer(label: dict) -> str:
    has_salary = label["salary_min"] is not None or label["salary_max"] is not None
    fields = JobFields(
        title=label["title"],
        company=label["company"],
        locations=[Location(**dict(zip(("city", "region", "country"), name.split(", ")))) for name in label["locations"]],
        remote=label["remote"],
        employment_type=label["employment_type"],
        salary=Salary(
            min=label["salary_min"], max=label["salary_max"], currency=label["salary_currency"],
            period=label["salary_period"],
        )
        if has_salary
        else None,
        date_posted=label["date_posted"],
    )
    return fields.model_dump_json(exclude_defaults=True)

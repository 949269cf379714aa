"""The rules engine on 212 real postings the team did not write (tests/fixtures/labelled/*/), in 29 languages from
104 sites, each labelled by hand from its visible text, with its origin in the MANIFEST.tsv beside it.

The floors are what the engine measured when the set was made (`manage.py evaluate_extraction
tests/fixtures/labelled/*/labels.jsonl`): a change that reads these postings worse fails here.
"""
import csv
import json
import re

import pytest

from extraction.engines.base import ExtractionRequest
from extraction.engines.rules import RulesEngine
from extraction.evaluation import evaluate, read_labelled
from tests.conftest import FIXTURES

SETS = sorted((FIXTURES / "labelled").glob("*/labels.jsonl"))
# Sets d to i were held out: gathered and labelled by someone who had not seen the rules, and measured once the
# rules were written (BENCHMARKS.md has each first measure); the rules were read against sets a to c first. A held-out
# set's floors are what the engine reads on it now, so that a change that reads it worse fails.
# field: (accuracy at least, values invented at most)
HELD_OUT_FLOORS = {
    "d": {
        "title": (0.6, 0), "company": (0.7, 1), "locations": (0.85, 0), "remote": (0.75, 0),
        "employment_type": (0.9, 0), "salary_min": (0.95, 0), "salary_max": (0.95, 1), "salary_currency": (0.9, 0),
        "salary_period": (0.95, 0), "date_posted": (0.95, 6),
    },
    "e": {
        "title": (0.95, 0), "company": (0.8, 0), "locations": (0.95, 0), "remote": (0.9, 0),
        "employment_type": (0.95, 0), "salary_min": (0.95, 0), "salary_max": (0.95, 0), "salary_currency": (0.9, 1),
        "salary_period": (0.95, 0), "date_posted": (0.95, 0),
    },
    "f": {
        "title": (0.85, 0), "company": (0.85, 0), "locations": (0.8, 0), "remote": (0.75, 0),
        "employment_type": (0.9, 0), "salary_min": (0.95, 0), "salary_max": (0.95, 0), "salary_currency": (0.95, 0),
        "salary_period": (0.8, 0), "date_posted": (0.95, 1),
    },
    "g": {
        "title": (0.95, 0), "company": (0.85, 0), "locations": (0.6, 0), "remote": (1.0, 0),
        "employment_type": (0.9, 0), "salary_min": (0.9, 0), "salary_max": (0.8, 0), "salary_currency": (0.85, 0),
        "salary_period": (0.9, 0), "date_posted": (0.9, 0),
    },
    "h": {
        "title": (0.85, 0), "company": (0.6, 3), "locations": (0.75, 0), "remote": (1.0, 0),
        "employment_type": (0.8, 0), "salary_min": (0.8, 0), "salary_max": (0.9, 1), "salary_currency": (0.9, 0),
        "salary_period": (0.9, 0), "date_posted": (0.85, 2),
    },
    "i": {
        "title": (0.95, 0), "company": (0.85, 0), "locations": (0.7, 0), "remote": (0.85, 0),
        "employment_type": (0.8, 0), "salary_min": (0.7, 1), "salary_max": (0.75, 1), "salary_currency": (0.7, 0),
        "salary_period": (0.75, 0), "date_posted": (0.95, 0),
    },
}
READ = [path for path in SETS if path.parent.name not in HELD_OUT_FLOORS]
FLOORS = {
    "title": (0.89, 0), "company": (0.88, 0), "locations": (0.84, 0), "remote": (0.9, 0),
    # employment: set c's Kuntarekry label leaves a permanent post ("vakituiseen työsuhteeseen") unknown, where the
    # other sets' labels and the rules read a permanent contract as full-time; that one counts as invented
    "employment_type": (0.9, 1), "salary_min": (0.95, 0), "salary_max": (0.95, 0), "salary_currency": (0.95, 1),
    "salary_period": (0.95, 1), "date_posted": (0.9, 0),
}


def _labels(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("labels", SETS, ids=lambda path: path.parent.name)
def test_every_labelled_posting_says_where_it_came_from(labels):
    with (labels.parent / "MANIFEST.tsv").open(encoding="utf-8") as manifest:
        origins = {row["local_file"]: row for row in csv.DictReader(manifest, delimiter="\t")}
    for label in _labels(labels):
        origin = origins[label["local_file"]]
        assert (labels.parent / label["local_file"]).is_file()
        assert "/" in origin["repository"] and origin["path"] and re.fullmatch(r"[0-9a-f]{40}", origin["commit"])


def test_the_set_spans_languages_and_sites():
    labels = [label for path in READ for label in _labels(path)]
    assert len(labels) >= 60
    assert len({label["language"] for label in labels}) >= 8 and len({label["site"] for label in labels}) >= 10


@pytest.fixture(scope="module")
def report():
    return evaluate(engine=RulesEngine(), labelled=read_labelled(*READ))


@pytest.fixture(scope="module", params=sorted(HELD_OUT_FLOORS))
def held_out(request):
    path = FIXTURES / "labelled" / request.param / "labels.jsonl"
    return request.param, evaluate(engine=RulesEngine(), labelled=read_labelled(path))


def _holds(report, name, floors):
    accuracy, invented = floors[name]
    score = report.fields[name]
    assert score.accuracy >= accuracy, [m for m in report.mismatches if m.field == name]
    assert score.invented <= invented


@pytest.mark.parametrize("name", FLOORS)
def test_the_rules_engine_reads_postings_nobody_here_wrote(report, name):
    _holds(report, name, FLOORS)


@pytest.mark.parametrize("name", FLOORS)
def test_the_rules_engine_on_the_held_out_sets(held_out, name):
    held_out_set, report = held_out
    _holds(report, name, HELD_OUT_FLOORS[held_out_set])


@pytest.mark.parametrize("case", [str.upper, str.lower], ids=["upper", "lower"])
def test_every_labelled_posting_reads_in_any_case(case):
    # A sign or label written in another case than the tables' ("kč" for "Kč") once raised in the rules engine.
    postings = [item.posting for path in SETS for item in read_labelled(path)]
    results = RulesEngine().extract(
        [ExtractionRequest(key=index, text=case(posting.text)) for index, posting in enumerate(postings)]
    )
    assert len(results) == len(postings) and not [result.error for result in results if result.error]

"""Scoring extracted fields against labels, and the evaluate_extraction command on real files."""
import json
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from extraction.evaluation import Report, locations_match, normalised_text, score_posting
from tests.conftest import FIXTURES
from tests.extraction.openai_api import completion

LABEL = {
    "title": "Staff Data Engineer", "company": "Northwind", "locations": ["Lisbon, Portugal"], "remote": "hybrid",
    "employment_type": "unknown", "salary_min": 90000, "salary_max": 110000, "salary_currency": "EUR",
    "salary_period": "year", "date_posted": None,
}


def test_text_fields_match_whatever_their_case_spacing_and_punctuation():
    assert normalised_text("Trampoline Coach  Bushey Grove") == normalised_text("trampoline coach - bushey grove")
    assert normalised_text("Data Engineer") != normalised_text("Data Engineering")


@pytest.mark.parametrize(
    ("labelled", "predicted", "matches"),
    [
        (["Paris, France"], [{"name": "Paris, Île-de-France, FR", "city": "Paris"}], True),
        (["Singapore 228213"], [{"name": "Singapore"}], True),
        (["Asia", "Hong Kong"], [{"name": "Hong Kong"}], False),  # every labelled place must be named
        (["London"], [{"name": "Manchester, GB"}], False),
        (["London"], [], False),
    ],
)
def test_locations_match_when_every_labelled_place_is_named(labelled, predicted, matches):
    assert locations_match(labelled, predicted) is matches


def test_score_counts_accuracy_coverage_and_invented_values():
    # given one posting right on pay, one wrong by more than 1 %, and one with pay its label lacks
    report = Report(engine="rules")
    score_posting(report, posting="a", label=LABEL, values={"salary_min": 90500, "salary_currency": "EUR"})
    score_posting(report, posting="b", label=LABEL, values={"salary_min": 92000, "employment_type": "unknown"})
    score_posting(report, posting="c", label={**LABEL, "salary_min": None}, values={"salary_min": 5000})

    # then
    salary = report.fields["salary_min"]
    assert (salary.labelled, salary.correct, salary.covered, salary.invented) == (2, 1, 2, 1)
    assert salary.accuracy == 0.5
    # "unknown" is no value, in a label as in a prediction: neither labelled nor invented
    assert (report.fields["employment_type"].labelled, report.fields["employment_type"].invented) == (0, 0)
    assert report.fields["salary_currency"].coverage == pytest.approx(1 / 3)
    assert ("b", "salary_min", 90000, 92000) in [(m.posting, m.field, m.expected, m.got) for m in report.mismatches]


@pytest.fixture
def labels_file(tmp_path):
    """A labels file beside one real job page (JSON-LD) and one plain-text posting."""
    (tmp_path / "html").mkdir()
    page = "wttj_otta_monzo_product_marketing_lead_fragment.html"
    shutil.copy(FIXTURES / "html" / page, tmp_path / "html" / page)
    (tmp_path / "posting.txt").write_text(
        "Staff Data Engineer\nCompany: Northwind\nLocation: Lisbon, Portugal\n\n"
        "Hybrid, two days a week in the office. Salary: €90.000 – €110.000 per year.\n",
        encoding="utf-8",
    )
    monzo = next(
        json.loads(line) for line in (FIXTURES / "labels.jsonl").read_text(encoding="utf-8").splitlines() if page in line
    )
    lines = [{**LABEL, "local_file": "posting.txt"}, {**monzo, "local_file": f"html/{page}"}]
    path = tmp_path / "labels.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines), encoding="utf-8")
    return path


def run_command(*args) -> str:
    out = StringIO()
    call_command("evaluate_extraction", *args, stdout=out)
    return out.getvalue()


def row(output: str, field: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(field + " "))


def test_command_scores_the_rules_cascade_on_real_files(labels_file):
    output = run_command(str(labels_file), "--details")

    assert "engine: rules   postings: 2" in output
    assert row(output, "salary_min") == ["salary_min", "2", "100%", "100%", "0"]
    # the JSON-LD posting's salary has no unitText: its size makes it a year's pay
    assert row(output, "salary_period") == ["salary_period", "2", "100%", "100%", "0"]
    assert row(output, "title") == ["title", "2", "100%", "100%", "0"]
    # only the JSON-LD posting is labelled with a date, and it gives one
    assert row(output, "date_posted") == ["date_posted", "1", "100%", "100%", "0"]


def test_command_scores_an_openai_endpoint_and_counts_what_grounding_drops(labels_file, settings, loopback):
    # given a local OpenAI-compatible endpoint that answers a salary and a city the text posting never states
    answer = {
        "title": "Staff Data Engineer", "locations": [{"city": "Porto", "country": "PT"}], "remote": "hybrid",
        "salary": {"min": 95000, "max": 120000, "currency": "EUR", "period": "year"},
    }
    loopback.routes["/v1/chat/completions"] = completion(json.dumps(answer))
    settings.LOCAL_OPENAI_BASE_URL = loopback.url + "/v1"
    settings.OPENAI_MAX_ATTEMPTS = 1

    # when
    output = run_command(str(labels_file), "--engine", "openai", "--details")

    # then the model was asked once per posting, and its ungrounded values were dropped and counted
    assert len(loopback.hits("/v1/chat/completions")) == 2
    assert "engine: openai (" in output
    assert "dropped salary 95000.0-120000.0 not found in the posting text" in output.replace("posting.txt: ", "")
    assert "location Porto, PT not found in the posting text" in output
    assert row(output, "salary_min") == ["salary_min", "2", "50%", "50%", "0"]


def test_command_names_a_missing_labelled_file(tmp_path):
    labels = tmp_path / "labels.jsonl"
    labels.write_text(json.dumps({**LABEL, "local_file": "gone.txt"}), encoding="utf-8")

    with pytest.raises(CommandError, match="gone.txt"):
        run_command(str(labels))

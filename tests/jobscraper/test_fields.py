"""jobscraper/fields.py is the one declaration of a job's fields: it names what the model stores and the engines fill."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from extraction.schema import JobFields, Salary
from jobscraper.fields import EXTRACTED, EXTRACTED_SALARY, JOB_FIELDS, STORED, TRACKED, stored_empty
from jobscraper.models import Job

ROOT = Path(__file__).resolve().parents[2]


def test_every_stored_field_is_a_column_of_job():
    columns = {field.name for field in Job._meta.get_fields()}

    assert set(STORED) <= columns and set(TRACKED) <= set(STORED)


def test_the_engines_schema_fills_exactly_the_extracted_fields():
    # the answer's salary is one object, stored as its parts
    answered = (set(JobFields.model_fields) - {"salary"}) | {f"salary_{part}" for part in Salary.model_fields}

    assert answered == set(EXTRACTED)
    assert set(EXTRACTED_SALARY) == {f"salary_{part}" for part in Salary.model_fields}


def test_each_empty_value_is_new_so_no_two_jobs_share_a_list():
    first, second = stored_empty(), stored_empty()

    assert first == second and first["locations"] == []
    assert all(first[f.name] is not second[f.name] for f in JOB_FIELDS if f.kind == "list")
    assert "title" not in first and "company" not in first


def test_a_made_up_field_reaches_every_stage_from_its_declaration_alone(tmp_path):
    # A copy of the code whose only change is one more line in the declaration; each stage's list of fields names it.
    tree = tmp_path / "tree"
    for part in ("jobscraper", "scraping", "extraction", "api", "alerts", "templates"):
        shutil.copytree(ROOT / part, tree / part, ignore=shutil.ignore_patterns("__pycache__"))
    declaration = tree / "jobscraper" / "fields.py"
    text = declaration.read_text()
    assert text.count('    JobField("summary"') == 1
    declaration.write_text(text.replace(
        '    JobField("summary"',
        '    JobField("team_size", SCALAR, "Team size", tracked=True, listed=True, exported=True),\n    JobField("summary"',
    ))
    changed = [
        str(path.relative_to(tree)) for path in tree.rglob("*")
        if path.is_file() and path.read_bytes() != (ROOT / path.relative_to(tree)).read_bytes()
    ]
    assert changed == ["jobscraper/fields.py"]

    result = subprocess.run(
        [sys.executable, str(ROOT / "tests/jobscraper/made_up/stages.py"), "team_size", "twelve engineers"],
        cwd=tree, capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(tree), "DJANGO_SETTINGS_MODULE": "jobscraper.settings", "DEBUG": "true",
             "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.db'}"},
    )
    assert result.returncode == 0, result.stderr
    stages = json.loads(result.stdout)

    lists = ("extracted", "stored", "tracked", "schema", "written", "reset", "list_columns", "export_columns",
             "exports", "api", "admin")
    assert [stage for stage in lists if "team_size" not in stages[stage]] == []
    assert stages["answer"] == "twelve engineers"  # the engines may answer it, as short text
    assert stages["merged"] == ["twelve engineers", "ats"]  # the source's value is merged and kept
    assert ["Team size", "twelve engineers", "scalar"] in stages["page"]  # and the job's page shows it
    assert ["team_size", "Team size", ["twelve engineers"]] in stages["review"]  # and the review screen
    # not one a reviewer checks first: after those (the posting date among them), in declared order
    review = [name for name, *_ in stages["review"]]
    assert review.index("date_posted") < review.index("team_size") == review.index("summary") - 1
    # declared before the summary, it comes before it wherever order shows
    for stage in ("schema", "exports", "api", "admin"):
        names = [name for name in stages[stage] if name in ("team_size", "summary", "date_posted")]
        assert names.index("team_size") > names.index("date_posted")


def test_the_engines_schema_loads_the_declaration_without_django_or_celery():
    # The lent GPU machine has neither; importing jobscraper.fields must not run a package __init__ that needs them.
    code = (
        "import sys, extraction.schema, extraction.prompt; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'celery', 'kombu', 'scraping')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

"""jobscraper/fields.py is the one declaration of a job's fields: it names what the model stores and the engines fill."""
from extraction.schema import JobFields, Salary
from jobscraper.fields import EXTRACTED, EXTRACTED_SALARY, JOB_FIELDS, STORED, TRACKED, stored_empty
from jobscraper.models import Job


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

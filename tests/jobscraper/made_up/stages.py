"""Run inside a copy of the tree whose declaration of fields has one more: prints, as JSON, what each stage that
lists fields makes of it (imported by no test; tests/jobscraper/test_fields.py runs it)."""
import json
import sys

import django

django.setup()

from django.contrib import admin  # noqa: E402

from api.schemas import JobRecord  # noqa: E402
from extraction import normalize, storing  # noqa: E402
from extraction.schema import JobFields  # noqa: E402
from jobscraper import exports, fields, selectors  # noqa: E402
from jobscraper.admin_review import review_facts  # noqa: E402
from jobscraper.models import Company, Job  # noqa: E402
from jobscraper.templatetags.jobs import job_facts  # noqa: E402

name, value = sys.argv[1], sys.argv[2]
job = Job(company=Company(name="Acme"))
setattr(job, name, value)
stored, origins, _ = normalize.merge(
    source={name: value}, source_label="ats", extracted={"title": "Engineer"}, engine_label="llm", text="Engineer",
)
fieldsets = admin.site._registry[Job].fieldsets
print(json.dumps({
    "extracted": fields.EXTRACTED,
    "stored": fields.STORED,
    "tracked": fields.TRACKED,
    "schema": list(JobFields.model_json_schema()["properties"]),
    "answer": JobFields.model_validate({name: value}).model_dump()[name],
    "merged": [stored.get(name), origins.get(name)],
    "written": storing.APPLIED_FIELDS,
    "reset": list(fields.stored_empty()),
    "list_columns": selectors.LIST_COLUMNS,
    "export_columns": selectors.EXPORT_COLUMNS,
    "exports": exports.FIELDS,
    "api": list(JobRecord.model_fields),
    "admin": [row for _, options in fieldsets for row in options["fields"]],
    "page": [list(fact) for fact in job_facts(job)],
    "review": [[fact.name, fact.label, fact.rows] for fact in review_facts(job)],
}))

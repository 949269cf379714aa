"""The API's records and parameters as pydantic models (django-ninja's Schema): one model both checks what a request
or response holds and documents it in the OpenAPI schema.

A job's record is the exports' (jobscraper.exports.FIELDS), typed from the declaration of a job's fields
(jobscraper.fields), so that a field the exports carry is served and documented here without being named."""
from datetime import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import PositiveInt, create_model

from jobscraper.exports import FIELDS
from jobscraper.fields import JOB_FIELDS, LIST, SALARY
from jobscraper.filters import MAX_KM, SORTS
from jobscraper.models import Job, JobChange, SourceKind

MAX_LIMIT = 100  # records a page may ask for: a page is one query whose rows are built in Python
DEFAULT_LIMIT = 25  # as the list's page
DECIMAL = "a decimal number as text (\"52000.00\"), to keep every cent"

# The record's columns that are no declared field: what the exports put around the fields.
OTHER_COLUMNS = {
    "id": (int, Field(..., description="The job's id: /api/v1/jobs/{id}")),
    "url": (str, Field(..., description="The job's page")),
    "countries": (list[str], Field(..., description="The ISO 3166-1 alpha-2 codes of its places")),
    "first_seen_at": (str, Field(..., description="When it was first seen (ISO 8601)",
                                 json_schema_extra={"format": "date-time"})),
    "apply_url": (str, Field(..., description="The posting at its source; empty where it has no safe link")),
    "salary_base_min": (str | None, Field(..., description=f"The annual minimum in the base currency: {DECIMAL}")),
    "salary_base_max": (str | None, Field(..., description=f"The annual maximum in the base currency: {DECIMAL}")),
    "salary_base_currency": (str, Field(..., description="The base currency; empty where nothing was converted")),
    "salary_base_rate_day": (str | None, Field(..., description="The day of the exchange rates used (YYYY-MM-DD)")),
}
# How a declared field reads in a record (exports._plain): numbers and dates as text, lists of names or codes.
NAMED = {"locations": "The names of its places", "date_posted": "The day it was posted (YYYY-MM-DD)"}


def _column(name: str) -> tuple:
    if name in OTHER_COLUMNS:
        return OTHER_COLUMNS[name]
    declared = next(field for field in JOB_FIELDS if field.name == name)
    # A salary's parts share one label on the job's page ("Salary"): here each is named.
    label = declared.label if declared.kind != SALARY else ""
    description = NAMED.get(name, label or name.replace("_", " ").capitalize())
    if declared.kind == LIST:
        return list[str], Field(..., description=description)
    if declared.empty is None:
        return str | None, Field(..., description=description if name in NAMED else f"{description}: {DECIMAL}")
    return str, Field(..., description=description)


JobRecord = create_model("Job", __base__=Schema, **{name: _column(name) for name in FIELDS})


class Change(Schema):
    """One change in the job's life, as its page tells it (never a reviewer's decision or correction)."""

    at: datetime
    kind: Literal[tuple(str(kind) for kind in JobChange.PUBLIC_KINDS)]
    field: str = Field(description="The field that changed; empty for a closing or reopening")
    old_value: Any = None
    new_value: Any = None


class JobDetail(JobRecord):
    status: Literal[tuple(Job.Status.values)]
    closed_at: datetime | None
    close_reason: str = Field(description="Why it closed; empty while open")
    history: list[Change] = Field(description="Oldest first; when it was first seen is first_seen_at")


class Problem(Schema):
    """Why a request was refused: 400 a bad parameter, 401 a bad key, 404 no such job, 429 past the rate limit."""

    detail: str


class JobPage(Schema):
    items: list[JobRecord]
    next_cursor: str | None = Field(description="Pass as `cursor` for the next page; null on the last page")
    next: str | None = Field(description="The next page's URL, with this page's parameters; null on the last page")


class Company(Schema):
    id: int
    name: str
    url: str = Field(description="The company's page")
    careers_url: str = Field(description="Where the company lists its jobs; empty where it has no safe link")
    jobs: str = Field(description="Its open jobs in this API")


class CompanyPage(Schema):
    items: list[Company]
    next_cursor: str | None
    next: str | None


def _choice(values) -> Any:
    """One of `values`, or empty for none (as a form sends a field left blank)."""
    return Literal[("", *(str(value) for value in values))]


class JobQuery(Schema):
    """The list's parameters (jobscraper.filters.job_filters_parse reads them, as for the pages), and the page's.
    Checked here so that a value the list would quietly ignore is a 400 instead."""

    q: str = Field("", description="Search words in web-search syntax: \"a phrase\", -excluded, or")
    company: list[PositiveInt] = Field(default_factory=list, description="Company ids (the parameter repeated)")
    country: str = Field("", max_length=60, description="An ISO 3166-1 alpha-2 code")
    city: str = Field("", max_length=200)
    remote: _choice(Job.Remote.values) = ""
    remote_in: str = Field("", pattern=r"^([A-Za-z]{2})?$",
                           description="Remote jobs open to people in this country (alpha-2)")
    type: _choice(Job.EmploymentType.values) = Field("", description="Employment type")
    seniority: str = Field("", max_length=32)
    salary_min: str = Field("", max_length=40, description="A year's pay at least, in `currency`")
    currency: str = Field("", pattern=r"^([A-Za-z]{3})?$",
                          description="ISO 4217 code of salary_min; empty: the base currency")
    posted: int | None = Field(None, ge=1, description="Listed in the last this many days")
    source: _choice(SourceKind.values) = ""
    near: str = Field("", max_length=100, description="A city's name: jobs within `km` of it")
    km: int | None = Field(None, ge=1, le=MAX_KM)
    sort: _choice(SORTS) = Field("", description="newest (the default) or salary; relevance is newest first here, "
                                  "as in the exports, since a page follows on by its last job's place in the order")
    cursor: str = Field("", max_length=500, description="next_cursor of the page before")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class PageQuery(Schema):
    cursor: str = Field("", max_length=500, description="next_cursor of the page before")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

"""The job fields an engine returns, derived from the one declaration of a job's fields; its JSON schema constrains
every LLM's output (no Django)."""
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, create_model

from jobscraper.fields import JOB_FIELDS, LIST, SALARY

Remote = Literal["onsite", "hybrid", "remote", "unknown"]
EmploymentType = Literal["full_time", "part_time", "contract", "internship", "temporary", "unknown"]
Seniority = Literal["intern", "junior", "mid", "senior", "lead", "manager", "director", "executive", "unknown"]
Period = Literal["hour", "day", "week", "month", "year"]
VisaSponsorship = Literal["yes", "no", "unknown"]
MAX_AMOUNT = 100_000_000  # the largest salary figure a model may write, in any currency (10^8 yen a year is ~$650k)
Amount = Annotated[float, Field(json_schema_extra={"minimum": 0, "maximum": MAX_AMOUNT})]
# One requirement or benefit: a short phrase, as the posting's bullet list gives it.
Item = Annotated[str, StringConstraints(max_length=200)]


class Location(BaseModel):
    model_config = ConfigDict(extra="forbid")

    city: str | None = Field(default=None, max_length=100)
    region: str | None = Field(default=None, max_length=100)
    country: str | None = Field(default=None, max_length=60, description="ISO 3166-1 alpha-2 code when known")


class Salary(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # The range is in the JSON schema only, for a grammar to stop a model's digits there; an answer past it is not
    # refused whole for one figure, which grounding drops anyway unless the posting states it.
    min: Amount | None = None
    max: Amount | None = None
    currency: str | None = Field(default=None, max_length=3, description="ISO 4217 code")
    period: Period | None = None


# Each extracted field's answer type, as every engine is asked for it (the salary's parts are one Salary). String and
# list bounds keep any model, even one with random weights, inside its token budget.
ANSWERS = {
    "title": (str | None, Field(default=None, max_length=200)),
    "company": (str | None, Field(default=None, max_length=200)),
    "locations": (list[Location], Field(default_factory=list, max_length=10)),
    "remote": (Remote, "unknown"),
    "employment_type": (EmploymentType, "unknown"),
    "seniority": (Seniority, "unknown"),
    "department": (str | None, Field(default=None, max_length=100)),
    "salary": (Salary | None, None),
    "skills": (list[Annotated[str, StringConstraints(max_length=60)]], Field(default_factory=list, max_length=20)),
    "requirements": (list[Item], Field(default_factory=list, max_length=12)),
    "benefits": (list[Item], Field(default_factory=list, max_length=12)),
    "visa_sponsorship": (VisaSponsorship, "unknown"),
    "date_posted": (str | None, Field(default=None, max_length=10, description="YYYY-MM-DD")),
    "summary": (str | None, Field(default=None, max_length=400)),
}


def _answer(name: str, kind: str):
    """A field's answer type; one declared without its own is asked as a short text, or a list of short phrases."""
    if name in ANSWERS:
        return ANSWERS[name]
    if kind == LIST:
        return list[Item], Field(default_factory=list, max_length=12)
    return str | None, Field(default=None, max_length=200)


def _answers() -> dict:
    """The declared extracted fields, in their declared order, the salary's parts as one object."""
    answers = {}
    for field in JOB_FIELDS:
        name = "salary" if field.kind == SALARY else field.name
        if field.extracted and name not in answers:
            answers[name] = _answer(name, field.kind)
    return answers


JobFields = create_model("JobFields", __config__=ConfigDict(extra="forbid"), **_answers())


def job_fields_json_schema() -> dict:
    return JobFields.model_json_schema()

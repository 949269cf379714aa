"""One declaration of a job's fields, as Scrapy declares an item's: what each is and which stages handle it. Every
list of fields elsewhere (merging and grounding, storing, review, history, scraping's reads) is derived from here,
so adding a field is its declaration, its migration and the rules that fill it (pure: no Django models)."""
from dataclasses import dataclass

SCALAR, SALARY, LIST = "scalar", "salary", "list"


@dataclass(frozen=True)
class JobField:
    name: str
    kind: str  # SCALAR, SALARY (one part of the one salary fact) or LIST
    empty: object = ""  # what the field stores when neither the source nor an engine gives it
    extracted: bool = True  # filled by the cascade: the source's data, our rules, an engine, a reviewer
    stored: bool = True  # a column of Job (the posting's own company name stays in its source data)
    tracked: bool = False  # its changes are kept in the job's history, for admin and the public page


JOB_FIELDS = (
    JobField("title", SCALAR, tracked=True),
    JobField("company", SCALAR, stored=False),
    JobField("remote", SCALAR, empty="unknown", tracked=True),
    JobField("employment_type", SCALAR, empty="unknown", tracked=True),
    JobField("seniority", SCALAR),
    JobField("department", SCALAR),
    JobField("visa_sponsorship", SCALAR, empty="unknown"),
    JobField("date_posted", SCALAR, empty=None),
    JobField("summary", SCALAR),
    JobField("salary_min", SALARY, empty=None, tracked=True),
    JobField("salary_max", SALARY, empty=None, tracked=True),
    JobField("salary_currency", SALARY, tracked=True),
    JobField("salary_period", SALARY, tracked=True),
    # Computed from the salary (its figures a year, for sorting and filtering), stored beside it.
    JobField("salary_annual_min", SALARY, empty=None, extracted=False),
    JobField("salary_annual_max", SALARY, empty=None, extracted=False),
    JobField("locations", LIST, empty=(), tracked=True),
    JobField("skills", LIST, empty=()),
    JobField("requirements", LIST, empty=()),
    JobField("benefits", LIST, empty=()),
)


def _names(**wanted) -> tuple[str, ...]:
    return tuple(f.name for f in JOB_FIELDS if all(getattr(f, key) == value for key, value in wanted.items()))


# What the cascade fills, by kind (an engine's answer, the source's data and our rules, merged and grounded).
EXTRACTED_SCALARS = _names(kind=SCALAR, extracted=True)
EXTRACTED_SALARY = _names(kind=SALARY, extracted=True)
EXTRACTED_LISTS = _names(kind=LIST, extracted=True)
EXTRACTED = EXTRACTED_SCALARS + EXTRACTED_SALARY + EXTRACTED_LISTS
# The salary as stored: its extracted parts and the annual figures computed from them (one fact for a reviewer).
STORED_SALARY = _names(kind=SALARY, stored=True)
# The columns an extraction fills, the computed ones included: what review shows and a reviewer's edit claims.
STORED = tuple(f.name for f in JOB_FIELDS if f.stored and (f.extracted or f.kind == SALARY))
TRACKED = _names(tracked=True)


def stored_empty() -> dict:
    """What each stored field but the title becomes when nothing gives it (a re-extraction resets it); lists new."""
    return {f.name: list(f.empty) if f.kind == LIST else f.empty for f in JOB_FIELDS if f.stored and f.name != "title"}

"""One declaration of a job's fields, as Scrapy declares an item's: what each is and which stages handle it. Every
list of fields elsewhere (the engines' schema, merging and grounding, storing, review, history, scraping's reads,
list rows, exports, admin, the job page's table) is derived from here, so adding a field is its declaration, its
column and migration, and the rules that fill it. Pure: no Django, so the engines' schema reads it on a GPU machine."""
from dataclasses import dataclass

SCALAR, SALARY, LIST = "scalar", "salary", "list"


@dataclass(frozen=True)
class JobField:
    name: str
    kind: str  # SCALAR, SALARY (one part of the one salary fact) or LIST
    label: str = ""  # what the job's page calls it; empty: not in the page's table (a salary part: the salary's)
    empty: object = ""  # what the field stores when neither the source nor an engine gives it
    extracted: bool = True  # filled by the cascade: the source's data, our rules, an engine, a reviewer
    stored: bool = True  # a column of Job (the posting's own company name stays in its source data)
    tracked: bool = False  # its changes are kept in the job's history, for admin and the public page
    listed: bool = False  # read for a row of the public list and feeds
    exported: bool = False  # a column of the CSV and JSON exports
    checked: bool = False  # what a reviewer checks first: the review screen shows it at the top, above the fold


# In the order the engines are asked for them (the summary last: an answer cut at its token cap loses the least),
# which is also the order admin and the job's page show them in.
JOB_FIELDS = (
    JobField("title", SCALAR, tracked=True, listed=True, exported=True, checked=True),
    JobField("company", SCALAR, stored=False, exported=True, checked=True),
    JobField("locations", LIST, "Location", empty=(), tracked=True, listed=True, exported=True, checked=True),
    JobField("remote", SCALAR, "Work mode", empty="unknown", tracked=True, listed=True, exported=True, checked=True),
    # Computed from the source's data, the places and the posting's words (extraction/eligibility.py): for a fully
    # remote job, the countries (alpha-2) and areas (jobscraper.regions.Area) it is open to; empty: not said.
    JobField("remote_regions", LIST, "Open to", empty=(), extracted=False, tracked=True, listed=True, exported=True),
    JobField("employment_type", SCALAR, "Employment", empty="unknown", tracked=True, listed=True, exported=True, checked=True),
    JobField("seniority", SCALAR, "Seniority", listed=True, exported=True),
    JobField("department", SCALAR, "Department"),
    JobField("salary_min", SALARY, "Salary", empty=None, tracked=True, listed=True, exported=True, checked=True),
    JobField("salary_max", SALARY, "Salary", empty=None, tracked=True, listed=True, exported=True, checked=True),
    JobField("salary_currency", SALARY, "Salary", tracked=True, listed=True, exported=True, checked=True),
    JobField("salary_period", SALARY, "Salary", tracked=True, listed=True, exported=True, checked=True),
    # Computed from the salary (its figures a year, for sorting and filtering), stored beside it.
    JobField("salary_annual_min", SALARY, "Salary", empty=None, extracted=False, listed=True, exported=True),
    JobField("salary_annual_max", SALARY, "Salary", empty=None, extracted=False, listed=True, exported=True),
    JobField("skills", LIST, "Skills", empty=()),
    JobField("requirements", LIST, empty=()),
    JobField("benefits", LIST, empty=()),
    JobField("visa_sponsorship", SCALAR, "Visa sponsorship", empty="unknown"),
    JobField("date_posted", SCALAR, "Posted", empty=None, listed=True, exported=True, checked=True),
    JobField("summary", SCALAR, listed=True),
)


def _names(**wanted) -> tuple[str, ...]:
    return tuple(f.name for f in JOB_FIELDS if all(getattr(f, key) == value for key, value in wanted.items()))


# What the cascade fills, by kind (an engine's answer, the source's data and our rules, merged and grounded).
EXTRACTED_SCALARS = _names(kind=SCALAR, extracted=True)
EXTRACTED_SALARY = _names(kind=SALARY, extracted=True)
EXTRACTED_LISTS = _names(kind=LIST, extracted=True)
EXTRACTED = _names(extracted=True)
# The salary as stored: its extracted parts and the annual figures computed from them (one fact for a reviewer).
STORED_SALARY = _names(kind=SALARY, stored=True)
# The columns an extraction fills, the computed ones included: what review shows and a reviewer's edit claims.
STORED = _names(stored=True)
TRACKED = _names(tracked=True)
LISTED = _names(stored=True, listed=True)  # the columns a list row reads
EXPORTED = _names(exported=True)  # in the exports' column order
CHECKED = _names(checked=True)  # what a reviewer checks first, at the top of the review screen
SHOWN = tuple(f for f in JOB_FIELDS if f.stored and f.label)  # the job page's table, a salary's parts as one fact


def stored_empty() -> dict:
    """What each stored field but the title becomes when nothing gives it (a re-extraction resets it); lists new."""
    return {f.name: list(f.empty) if f.kind == LIST else f.empty for f in JOB_FIELDS if f.stored and f.name != "title"}


# What a source gives that tells which job a posting is a post of, kept in the job's source data under EVIDENCE:
# the employer's requisition id, the ATS's id of the job a posting is a post of (Greenhouse's `internal_job_id`, one
# job being posted several times) and a job board's direct apply URL (the employer's posting it links). Not fields:
# no engine extracts them and no reader sees them; duplicate matching reads them as exact evidence
# (extraction.duplicates.PostingFacts has fields of these names). Not in the content hash (scraping.sources.Posting).
EVIDENCE = "evidence"
EVIDENCE_IDS = ("requisition_id", "ats_job_id", "apply_url")

"""Vendor vocabularies mapped to our field values for ATS adapters and JSON-LD: dates, pay, seniority, remote (pure)."""
import re
from datetime import UTC, date, datetime
from functools import partial

from scraping.errors import SourceError

_LETTERS_RE = re.compile(r"[^a-z]")

# Keys are lower-case letters only, so "Full-time", "full_time", "FULL TIME" and "fulltime" all match.
_EMPLOYMENT_TYPES = {
    "fulltime": "full_time",
    "parttime": "part_time",
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "temporary": "temporary",
    "temp": "temporary",
    "intern": "internship",
    "internship": "internship",
}
_SALARY_PERIODS = {
    "hour": "hour", "hourly": "hour", "hr": "hour",
    "day": "day", "daily": "day",
    "week": "week", "weekly": "week",
    "month": "month", "monthly": "month",
    "year": "year", "yearly": "year", "annual": "year", "annually": "year", "yr": "year",
}
# LinkedIn's experience levels (used by Workable and the job boards) and Personio's seniority. Labels that
# span two of our levels ("Mid-Senior level", Personio's "experienced") stay unmapped for the extractor.
_SENIORITY = {
    "intern": "intern",
    "internship": "intern",
    "student": "intern",
    "entrylevel": "junior",
    "junior": "junior",
    "senior": "senior",
    "lead": "lead",
    "manager": "manager",
    "director": "director",
    "executive": "executive",
}


def _key(value) -> str:
    return _LETTERS_RE.sub("", str(value).lower()) if isinstance(value, str) else ""


def employment_type(value) -> str | None:
    """Our employment type for a vendor's word ("Full-time", "FULL_TIME", "intern"); None when unknown."""
    return _EMPLOYMENT_TYPES.get(_key(value))


def salary_period(value) -> str | None:
    """Our salary period for a vendor's interval ("yearly", "HOUR", "per month"); None when unknown."""
    return _SALARY_PERIODS.get(_key(value).removeprefix("per"))


def seniority(value) -> str | None:
    """Our seniority for an experience-level label ("Entry level", "Director"); None when unknown or ambiguous."""
    return _SENIORITY.get(_key(value))


def iso_date(value) -> str | None:
    """YYYY-MM-DD of a date, a datetime (pandas Timestamps too) or an ISO 8601 string; None for anything else.

    A timestamp keeps the calendar date it was written with: the day the publisher saw, not UTC's.
    """
    if isinstance(value, date):
        value = value.isoformat()  # pandas' missing timestamp (NaT) is a datetime whose isoformat() is "NaT"
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        return None


# Workplace labels as vendors write them ("On-site", "REMOTE", "Hybrid"), keyed like the tables above.
_REMOTE_MODES = {
    "onsite": "onsite", "office": "onsite", "inoffice": "onsite", "inperson": "onsite",
    "hybrid": "hybrid",
    "remote": "remote", "fullyremote": "remote", "telecommute": "remote",
}


def remote_mode(value) -> str | None:
    """Our remote value (onsite/hybrid/remote) for a vendor's workplace label; None when unknown ("Flexible")."""
    return _REMOTE_MODES.get(_key(value))


# Words that name a work mode or an employment type inside a longer label ("Hybrid (Travel-Required)", "Full-Time
# Regular"). A label naming two of them ("Remote or On-site") says nothing.
_REMOTE_WORDS = (
    ("hybrid", re.compile(r"\bhybrid\b", re.I)),
    ("remote", re.compile(r"\b(?:remote|telecommut\w*|work(?:ing)? from home|wfh)\b", re.I)),
    ("onsite", re.compile(r"\b(?:on[- ]?site|in[- ]?office|office[- ]based|in[- ]person)\b", re.I)),
)
_EMPLOYMENT_WORDS = (
    ("full_time", re.compile(r"\bfull[- ]?time\b", re.I)),
    ("part_time", re.compile(r"\bpart[- ]?time\b", re.I)),
    ("contract", re.compile(r"\b(?:contract(?:or)?|freelance)\b", re.I)),
    ("temporary", re.compile(r"\btemporary\b", re.I)),
    ("internship", re.compile(r"\bintern(?:ship)?\b", re.I)),
)
# What a custom field's label means, as employers name them: "Workplace Type", "Location Type", "Remote", "Work
# Arrangement"; "Employment Type", "Time Type", "Job Type", "Contract Type". "Requisition Location" names a place.
_REMOTE_LABEL_RE = re.compile(
    r"\b(?:workplace|remote|location[- ]type|work(?:ing)?[- ](?:type|arrangement|model|mode|style)|on[- ]?site)\b", re.I
)
_EMPLOYMENT_LABEL_RE = re.compile(r"\b(?:employment|time[- ]type|job[- ]type|contract[- ]type|worker[- ]type)\b", re.I)


def _one_word_of(value, table, exact) -> str | None:
    if (found := exact(value)) is not None or not isinstance(value, str):
        return found
    named = {name for name, pattern in table if pattern.search(value)}
    if "hybrid" in named:
        return "hybrid"
    return named.pop() if len(named) == 1 else None


def employment_type_in(label) -> str | None:
    """Our employment type for a label that names one among other words ("Permanent - Full Time"); None for none
    or two."""
    return _one_word_of(label, _EMPLOYMENT_WORDS, employment_type)


def remote_mode_in(label) -> str | None:
    """Our remote value for a label that names one among other words ("Hybrid (Travel-Required)")."""
    return _one_word_of(label, _REMOTE_WORDS, remote_mode)


def custom_fields(pairs) -> dict:
    """remote and employment_type from an ATS's custom (label, value) pairs, each read by what its label means
    (pure). A value may be a label, a list of labels, or yes/no for a label such as "Remote"."""
    fields = {}
    for label, value in pairs:
        if not isinstance(label, str):
            continue
        values = value if isinstance(value, list) else [value]
        if _REMOTE_LABEL_RE.search(label) and "remote" not in fields:
            if value is True and re.search(r"\bremote\b", label, re.I):
                fields["remote"] = "remote"
            elif found := {remote_mode_in(item) for item in values} - {None}:
                if len(found) == 1:
                    fields["remote"] = found.pop()
        elif _EMPLOYMENT_LABEL_RE.search(label) and "employment_type" not in fields:
            found = {employment_type_in(item) for item in values} - {None}
            if len(found) == 1:
                fields["employment_type"] = found.pop()
    return fields


def salary_fields(*, low=None, high=None, currency=None, period=None) -> dict:
    """Our salary_* fields from a vendor's range; {} when it states no amount.

    Amounts may be numbers or numeric strings ("18.50"). A currency that is not a three-letter code and a
    period we do not know are left out rather than guessed.
    """
    fields = {}
    for name, value in (("salary_min", low), ("salary_max", high)):
        if (number := _amount(value)) is not None:
            fields[name] = number
    if not fields:
        return {}
    if isinstance(currency, str) and re.fullmatch(r"[A-Za-z]{3}", currency.strip()):
        fields["salary_currency"] = currency.strip().upper()
    if (period := salary_period(period)) is not None:
        fields["salary_period"] = period
    return fields


def _amount(value) -> float | None:
    if isinstance(value, bool):  # JSON true is no amount, though float(True) would say 1.0
        return None
    try:
        number = float(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer past float's range
        return None
    return number if 0 < number < float("inf") else None  # also drops NaN, which compares false


def date_from_epoch_ms(value) -> str | None:
    """YYYY-MM-DD (UTC) of a timestamp in milliseconds since the epoch, as Lever gives `createdAt`."""
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value / 1000, tz=UTC).date().isoformat()
    except (OverflowError, OSError, ValueError):  # NaN, or a time past the years datetime holds
        return None


def location_entry(name="", *, city="", region="", country="") -> dict | None:
    """One `locations` entry: the place's name plus the parts the API splits out; None without any name.

    `country` is kept only as an ISO 3166-1 alpha-2 code: names ("United States") and alpha-3 codes
    ("USA") would be a second spelling of the same field.
    """
    city, region, country = (str(part or "").strip() for part in (city, region, country))
    name = str(name or "").strip() or ", ".join(part for part in (city, region, country) if part)
    if not name:
        return None
    entry = {"name": name}
    if city:
        entry["city"] = city
    if region:
        entry["region"] = region
    if len(country) == 2 and country.isalpha():
        entry["country"] = country.upper()
    return entry


def external_id(value) -> str:
    """A posting's id as an API gives it, a string or an integer, as text; ValueError for anything else (null, "",
    true, an object), which would otherwise become an id such as "None" shared by every posting that lacks one."""
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise ValueError(f"no usable id: {value!r:.100}")
    return str(value).strip()


def add_posting(result, job, to_posting, *, id_key: str = "id") -> None:
    """Append `to_posting(job)` to a FetchResult; a malformed job is reported and makes the result incomplete,
    so that a run which skipped it never closes the posting."""
    try:
        result.postings.append(to_posting(job))
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        result.complete = False
        job_id = job.get(id_key, "?") if isinstance(job, dict) else "?"
        result.errors.append(f"job {job_id}: malformed ({exc!r})")


def add_posting_with_detail(result, row, *, read_detail, from_detail, from_row, id_key: str) -> None:
    """Append the posting `from_detail(read_detail())` builds; when the detail cannot be read or is malformed, the
    one `from_row(row, detail_missing=why)` builds from the listing's row instead. The listing shows the posting, so
    it is never dropped, and nothing closes it; only a row that cannot be read either makes the result incomplete."""
    try:
        result.postings.append(from_detail(read_detail()))
        return
    except SourceError as exc:
        why = str(exc)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        why = f"malformed detail ({exc!r:.200})"
    add_posting(result, row, partial(from_row, detail_missing=why), id_key=id_key)


def distinct_locations(entries) -> list[dict]:
    """`location_entry` results without the Nones and with each name once.

    The first mention of a name wins, so put the place the vendor describes best (the primary location) first.
    """
    found = {}
    for entry in entries:
        if entry and entry["name"] not in found:
            found[entry["name"]] = entry
    return list(found.values())


def walk_pages(read_page, *, page_size: int, key: str, result, what: str) -> list[dict]:
    """Every entry of an offset-paged listing whose first page states the total.

    `read_page(offset)` returns (total, entries) and raises SourceError when a page fails: then nothing was
    listed whole. Entries count once by `key`: one posted during the walk shifts the rest by one, so one is
    seen twice. An entry without a key, or fewer entries than the total (one withdrawn during the walk
    hides another), is reported and makes `result` incomplete. A page with no entry not seen before ends the
    walk: a server that ignores the offset would otherwise be asked until its total, however large, is reached.
    """
    entries, total, offset = {}, None, 0
    while total is None or offset < total:
        page_total, page = read_page(offset)
        if total is None:
            total = page_total
        listed = len(entries)
        for entry in page:
            if isinstance(entry, dict) and entry.get(key):
                entries.setdefault(str(entry[key]), entry)
            else:
                result.complete = False
                result.errors.append(f"listed a {what} without {key}: {entry!r:.200}")
        if not page:
            break
        if len(entries) == listed:
            result.complete = False
            result.errors.append(f"the page at offset {offset} listed no {what} not seen before; stopped reading")
            break
        offset += page_size
    if len(entries) < total and result.complete:
        result.complete = False
        result.errors.append(f"the listing gave {len(entries)} of the {total} {what}s it counted")
    return list(entries.values())

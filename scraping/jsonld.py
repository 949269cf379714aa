"""schema.org JobPosting JSON-LD: find it in a page and map it to our field names (pure)."""
import datetime
import email.utils
import json
import re

from .html_text import html_to_text, unescape_html
from .mapping import salary_fields

# Blocks are found tag by tag rather than by one pattern spanning a block: a page of unclosed <script> tags would
# make such a pattern scan the rest of the page from each of them (minutes for a hostile 10 MB page).
_SCRIPT_OPEN_RE = re.compile(r"<script\b", re.IGNORECASE)
_SCRIPT_CLOSE_RE = re.compile(r"</script\s*>", re.IGNORECASE)
_LDJSON_TYPE_RE = re.compile(r"type\s*=\s*[\"']?application/ld\+json\b", re.IGNORECASE)
_EMPLOYMENT_TYPES = {
    "FULL_TIME": "full_time",
    "PART_TIME": "part_time",
    "CONTRACTOR": "contract",
    "TEMPORARY": "temporary",
    "INTERN": "internship",
    "INTERNSHIP": "internship",
}


def _load_lenient(payload: str):
    """Parse a JSON-LD block; real pages carry raw newlines inside strings, which strict JSON refuses."""
    payload = payload.strip().removeprefix("<!--").removesuffix("-->").strip()
    try:
        return json.loads(payload, strict=False)
    except ValueError:
        # Trailing commas are the other common hand-written fault.
        try:
            return json.loads(re.sub(r",\s*([}\]])", r"\1", payload), strict=False)
        except (ValueError, RecursionError):
            return None
    except RecursionError:  # nested deeper than Python's stack allows: no JobPosting is written so
        return None


def _walk(node):
    if isinstance(node, list):
        for item in node:
            yield from _walk(item)
    elif isinstance(node, dict):
        yield node
        # A page may describe itself (a WebPage, an ItemPage) with the posting as what it is about.
        for key in ("@graph", "mainEntity"):
            if key in node:
                yield from _walk(node[key])


def _is_job_posting(node: dict) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return "JobPosting" in kinds


def find_job_postings(page_html: str) -> list[dict]:
    """Every JobPosting object in the page's JSON-LD blocks; unparseable blocks are skipped."""
    postings = []
    for block in _ldjson_blocks(page_html or ""):
        postings.extend(node for node in _walk(_load_lenient(block)) if _is_job_posting(node))
    return postings


def _ldjson_blocks(page_html: str):
    """The text of each <script type="application/ld+json"> element, in time linear in the page's length."""
    position = 0
    while opening := _SCRIPT_OPEN_RE.search(page_html, position):
        tag_end = page_html.find(">", opening.end())
        closing = _SCRIPT_CLOSE_RE.search(page_html, tag_end) if tag_end >= 0 else None
        if closing is None:
            return  # no later <script> is closed either
        if _LDJSON_TYPE_RE.search(page_html, opening.end(), tag_end):
            yield page_html[tag_end + 1 : closing.start()]
        position = closing.end()


def _text(value) -> str:
    if isinstance(value, dict):
        value = value.get("name") or value.get("value") or ""
    return str(value).strip() if value not in (None, "") else ""


def _location(place) -> dict | None:
    if not isinstance(place, dict):
        return {"name": _text(place)} if _text(place) else None
    address = place.get("address", place)
    if isinstance(address, str):
        return {"name": address.strip()} if address.strip() else None
    if not isinstance(address, dict):
        # Some published pages carry "address": null; without an address there is no place to name.
        return None
    unusable = {"", "UNAVAILABLE", "N/A"}
    city, region, country = (_text(address.get(key)) for key in ("addressLocality", "addressRegion", "addressCountry"))
    city, region, country = (part if part.upper() not in unusable else "" for part in (city, region, country))
    name = ", ".join(part for part in (city, region, country) if part)
    if not name and "address" not in place and (named := _text(place.get("name") or place.get("value"))):
        return {"name": named}  # a place given by its name alone: an applicant's {"@type": "Country", "name": "USA"}
    if not name:
        return None
    return {"name": name, "city": city, "region": region, "country": country.upper() if len(country) == 2 else country}


def _salary(base_salary) -> dict:
    """Pay from a baseSalary (a MonetaryAmount), mapped as the ATS adapters map theirs: an amount that is no positive
    finite number (a template's 0, "NaN", "1e999") is no pay, a currency is kept only as a three-letter code."""
    if not isinstance(base_salary, dict):
        return {}
    # schema.org nests the figures in a QuantitativeValue; some sites put them on MonetaryAmount itself.
    value = base_salary.get("value", base_salary)
    if not isinstance(value, dict):
        value = {"value": value}
    return salary_fields(
        low=value.get("minValue", value.get("value")), high=value.get("maxValue", value.get("value")),
        currency=base_salary.get("currency"), period=value.get("unitText") or base_salary.get("unitText"),
    )


def job_posting_fields(posting: dict) -> dict:
    """Map one JobPosting object to our structured field names; absent values are left out."""
    fields = {}
    if title := _text(posting.get("title")):
        fields["title"] = title
    if company := _text(posting.get("hiringOrganization")):
        fields["company"] = company
    places = posting.get("jobLocation") or []
    locations = [loc for loc in map(_location, places if isinstance(places, list) else [places]) if loc]
    remote = str(posting.get("jobLocationType", "")).upper() == "TELECOMMUTE"
    required = posting.get("applicantLocationRequirements") or [] if remote else []
    required = [loc for loc in map(_location, required if isinstance(required, list) else [required]) if loc]
    if remote and not locations:  # a remote job names where its applicants may live instead
        locations = required
    if locations:
        fields["locations"] = locations
    if remote:
        fields["remote"] = "remote"
    if required:  # where a remote job's applicants may live, as written: extraction reads them as countries and areas
        fields["remote_regions"] = [loc.get("country") or loc["name"] for loc in required]
    kinds = posting.get("employmentType") or []
    for kind in kinds if isinstance(kinds, list) else [kinds]:
        if (mapped := _EMPLOYMENT_TYPES.get(str(kind).upper().replace("-", "_"))) is not None:
            fields["employment_type"] = mapped
            break
    fields.update(_salary(posting.get("baseSalary")))
    if posted := _iso_date(posting.get("datePosted")):
        fields["date_posted"] = posted
    if through := _iso_date(posting.get("validThrough")):
        fields["valid_through"] = through
    if benefits := _benefits(posting.get("jobBenefits")):
        fields["benefits"] = benefits
    return fields


_ISO_DATE_RE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T\s])")


def _iso_date(value) -> str:
    """A schema.org date in any ISO form ("2021-3-8", "2021-03-08T09:00:00.000+09:00"), or as the web's dates are
    written ("Fri, 28 Oct 2022 21:45:51 GMT", Indeed's), as YYYY-MM-DD; "" for one that is not a date, or neither
    ("03/08/2021" could be either month first)."""
    text = _text(value)
    match = _ISO_DATE_RE.match(text)
    try:
        if match:
            return datetime.date(*map(int, match.groups())).isoformat()
        return email.utils.parsedate_to_datetime(text).date().isoformat() if _RFC_DATE_RE.match(text) else ""
    except (ValueError, TypeError, OverflowError):  # "2021-02-30", "Mon, 31 Feb 2022 …"
        return ""


_RFC_DATE_RE = re.compile(r"\s*(?:[A-Z][a-z]{2},\s*)?\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4}\b")


def _benefits(value) -> list[str]:
    """jobBenefits, a text or a list of them: one benefit a line or item."""
    items = value if isinstance(value, list) else [value]
    lines = (line for item in items for line in html_to_text(unescape_html(_text(item))).splitlines())
    return [cleaned for line in lines if (cleaned := line.strip(" \t-*•·"))]


def job_posting_description(posting: dict) -> tuple[str, str]:
    """(description HTML, description text) of a JobPosting."""
    markup = unescape_html(str(posting.get("description") or ""))
    return markup, html_to_text(markup)


def job_posting_identifier(posting: dict) -> str:
    identifier = posting.get("identifier")
    if isinstance(identifier, dict):
        identifier = identifier.get("value") or identifier.get("name")
    return str(identifier).strip() if identifier not in (None, "") else ""

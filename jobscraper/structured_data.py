"""A job page's schema.org JobPosting, as search engines read it from JSON-LD, and its text made safe to sit in a
<script> data block (pure)."""
import json
from decimal import Decimal

from django.utils.html import linebreaks

from .models import Job
from .sanitize import sanitize_html

# schema.org's employmentType values (as Google reads them) for ours; "unknown" says nothing.
EMPLOYMENT_TYPES = {
    Job.EmploymentType.FULL_TIME: "FULL_TIME",
    Job.EmploymentType.PART_TIME: "PART_TIME",
    Job.EmploymentType.CONTRACT: "CONTRACTOR",
    Job.EmploymentType.INTERNSHIP: "INTERN",
    Job.EmploymentType.TEMPORARY: "TEMPORARY",
}
# A salary's period as QuantitativeValue's unitText.
SALARY_UNITS = {"hour": "HOUR", "day": "DAY", "week": "WEEK", "month": "MONTH", "year": "YEAR"}
# Inside <script>, "</script>" or "<!--" in a string would end or bend the block: these characters are written as
# JSON escapes instead, which every JSON reader turns back into the same text (as Django's json_script does).
_SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _figure(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _description(job: Job) -> str:
    """The posting as HTML (what JobPosting's description holds): the scraped HTML sanitised as the page shows it, or
    the plain text escaped, in paragraphs, so that a reader rendering it runs nothing from the posting."""
    return sanitize_html(job.description_html) if job.description_html else linebreaks(job.raw_content, autoescape=True)


def _places(job: Job) -> list[dict]:
    return [place for place in job.locations or [] if isinstance(place, dict)]


def _address(place: dict) -> dict:
    address = {
        "@type": "PostalAddress", "addressLocality": place.get("city") or place.get("name") or "",
        "addressRegion": place.get("region") or "", "addressCountry": place.get("country") or "",
    }
    return {key: value for key, value in address.items() if value}


def _salary(job: Job) -> dict | None:
    """baseSalary when the job states its currency, period and a figure (schema.org needs all three to mean it)."""
    unit = SALARY_UNITS.get(job.salary_period)
    if not (unit and job.salary_currency) or (job.salary_min is None and job.salary_max is None):
        return None
    value = {"@type": "QuantitativeValue", "unitText": unit}
    if job.salary_min is not None and job.salary_max is not None and job.salary_min != job.salary_max:
        value |= {"minValue": _figure(job.salary_min), "maxValue": _figure(job.salary_max)}
    elif job.salary_min is not None:
        value["value"] = _figure(job.salary_min)
    else:
        value["maxValue"] = _figure(job.salary_max)  # "up to": schema.org has no other way to say it
    return {"@type": "MonetaryAmount", "currency": job.salary_currency, "value": value}


def job_posting(job: Job, *, url: str) -> dict | None:
    """The job's JobPosting (every value one its page shows), or None once the job has closed.

    Google's guidance for a posting no longer open asks for one of: its JobPosting markup removed, the page gone (404
    or 410), a noindex, or validThrough in the past. Our page stays for its history, so the markup goes: a closed
    job has no date it became invalid that the posting itself stated (it was gone from a listing, or closed by an
    operator, or expired; a valid-through date may even lie ahead), and a markup left with a date we made up would
    still be read as a posting by anyone who ignores validThrough.
    """
    if job.status == Job.Status.CLOSED:
        return None
    posting = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": job.display_title,
        "description": _description(job), "url": url,
        "datePosted": (job.date_posted or job.first_seen_at.date()).isoformat(),
        "hiringOrganization": {"@type": "Organization", "name": job.company.name},
    }
    if job.valid_through:  # in the past while the job awaits its next scrape: the posting said so, and so do we
        posting["validThrough"] = job.valid_through.isoformat()
    if employment := EMPLOYMENT_TYPES.get(job.employment_type):
        posting["employmentType"] = employment
    places = _places(job)
    if job.remote == Job.Remote.REMOTE:
        # Fully remote (Google: TELECOMMUTE is for 100 % remote work): the places are where applicants may live.
        posting["jobLocationType"] = "TELECOMMUTE"
        countries = dict.fromkeys(place["country"] for place in places if place.get("country"))
        if countries:
            posting["applicantLocationRequirements"] = [{"@type": "Country", "name": name} for name in countries]
    else:
        addresses = [address for address in map(_address, places) if len(address) > 1]
        if addresses:
            posting["jobLocation"] = [{"@type": "Place", "address": address} for address in addresses]
    if salary := _salary(job):
        posting["baseSalary"] = salary
    return posting


def script_json(data) -> str:
    """`data` as JSON that cannot end or bend the <script> block it is written into (scraped text may hold
    "</script>"): <, > and & are JSON escapes, non-ASCII text stays as it is."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE)

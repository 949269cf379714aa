"""Template filters for job pages: sanitised HTML, salary, location, apply and back links, and history in words."""
import json
import re
from dataclasses import dataclass
from datetime import UTC
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode, urlsplit

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import date as date_format
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timesince import timesince

from jobscraper.exchange_rates import base_currency
from jobscraper.fields import JOB_FIELDS, LIST, SALARY, SHOWN
from jobscraper.filters import JobFilters, job_list_query
from jobscraper.job_list import MARK_START, MARK_STOP
from jobscraper.models import Job, JobChange
from jobscraper.provenance import Provenance
from jobscraper.regions import region_label
from jobscraper.sanitize import plain_text
from jobscraper.sanitize import safe_link as _safe_link
from jobscraper.sanitize import sanitize_html as _sanitize
from jobscraper.structured_data import job_posting, script_json

register = template.Library()


@register.filter
def sanitize_html(markup):
    return mark_safe(_sanitize(markup))


@register.filter
def safe_link(url):
    return _safe_link(url)


@dataclass(frozen=True)
class ApplyLink:
    """Where a job page's Apply buttons lead."""

    url: str
    careers: bool  # the posting's own link is unusable: this is its company's careers page, and the page says so


@register.filter
def apply_link(job) -> ApplyLink | None:
    """The posting's own apply URL when it is a link we may show (http or https), else its company's careers page
    through the same check; None when neither is, or when the job has closed (there is nothing left to apply to)."""
    if job.status == Job.Status.CLOSED:
        return None
    if url := _safe_link(job.source_url):
        return ApplyLink(url, careers=False)
    if url := _safe_link(job.company.careers_url):
        return ApplyLink(url, careers=True)
    return None


@register.filter
def listed_where(job) -> str:
    """Where a posting is listed, in words: the job board's site for a board's copy, else its employer's own board."""
    if job.source_origin == Provenance.BOARD:
        host = (urlsplit(job.source_url).hostname or "").removeprefix("www.")
        return host or "a job board"
    return f"{job.company.name}'s own job board"


@register.filter
def board_pages(job, listings=()) -> list[tuple[str, str]]:
    """(site, URL) of each job-board page found linking to the job's postings (Job.also_listed_on: a board row whose
    apply link is the posting itself), once each, http(s) links only."""
    urls = [url for posting in (listings or [job]) for url in posting.also_listed_on if isinstance(url, str)]
    pages = {}
    for url in filter(None, map(_safe_link, urls)):
        pages.setdefault(url, (urlsplit(url).hostname or "").removeprefix("www.") or "a job board")
    return [(site, url) for url, site in pages.items()]


@register.simple_tag(takes_context=True)
def job_link(context, job) -> str:
    """A job's URL carrying the search it was found in (`?from=`), so that its page's "All jobs" leads back there: on
    the list, the list's filters and page; on a job's page, the search that page came from; elsewhere, the plain URL."""
    query = context.get("list_query")
    if query is None and isinstance(context.get("filters"), JobFilters):
        query = job_list_query(context["filters"], page=getattr(context.get("page"), "number", 1))
    url = job.get_absolute_url()
    return f"{url}?{urlencode({'from': query})}" if query else url


@register.filter
def job_posting_json(job, url: str) -> str:
    """The job's schema.org JobPosting as JSON for a <script type="application/ld+json"> block (safe inside it);
    empty once the job has closed (structured_data.job_posting says why)."""
    posting = job_posting(job, url=url)
    return mark_safe(script_json(posting)) if posting else ""


META_DESCRIPTION_CHARS = 160  # what search results show of a page's description, about


@register.filter
def meta_description(job) -> str:
    """The job's summary, or the first words of its posting, cut at a word within META_DESCRIPTION_CHARS."""
    text = " ".join(job.summary.split()) or plain_text(job.description_html) or _markdown_words(job.raw_content)
    if len(text) <= META_DESCRIPTION_CHARS:
        return text
    cut = text[: META_DESCRIPTION_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


def _markdown_words(text: str) -> str:
    """A posting's text (markdown, where a page was read) without its heading marks, emphasis and link targets."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text or "")  # [words](url) -> words
    text = re.sub(r"(?m)^\s*(#+|[-*>]|\d+\.)\s+", "", text)  # headings, bullets, quotes, numbered items
    return " ".join(text.replace("**", "").replace("__", "").split())


@register.filter
def pretty_json(value):
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


@register.filter
def clip(text, length: int):
    """truncatechars, without walking a text already short enough (most summaries): a list page shows 25 of them."""
    return text if len(text) <= length else Truncator(text).chars(length)


@register.filter
def snippet(text):
    """A search snippet, escaped, its matching words marked."""
    return mark_safe(escape(text).replace(MARK_START, "<mark>").replace(MARK_STOP, "</mark>"))


@register.filter
def age(day) -> str:
    """How long ago a day was, as a person says it: "today", "yesterday", "3 days ago", "3 weeks ago"."""
    days = (timezone.localdate() - day).days
    if days <= 0:
        return "today"
    if days == 1:
        return "yesterday"
    return f"{timesince(day, depth=1)} ago"


def place_names(locations) -> list[str]:
    """The names of a job's places, as every page, feed and export shows them (a place without a name is left out)."""
    return [place["name"] for place in locations or [] if isinstance(place, dict) and place.get("name")]


@register.filter
def location_names(locations):
    return " · ".join(place_names(locations))


def _amount(value):
    number = float(value)
    return f"{number:,.0f}" if number == int(number) else f"{number:,.2f}"


def salary_text(low, high, currency: str, period: str) -> str:
    """A salary as every page writes it ("EUR 32–40 per hour"): the job's, or one its history once stated."""
    if low is None and high is None:
        return ""
    figures = _amount(low) if high is None or low == high else (f"up to {_amount(high)}" if low is None else f"{_amount(low)}–{_amount(high)}")
    period = f" per {period}" if period else ""
    return f"{currency} {figures}{period}".strip()


@register.filter
def salary_range(job):
    return salary_text(job.salary_min, job.salary_max, job.salary_currency, job.salary_period)


def _whole(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _about_a_year(low, high, currency: str) -> str:
    """Annual figures worked out rather than stated, to the whole unit: "≈ SGD 29,120 a year"."""
    return f"≈ {salary_text(_whole(low), _whole(high), currency, '')} a year"


def _annual_salary(job) -> str:
    """A salary stated by the hour, week or month, a year: "≈ SGD 29,120 a year"; empty when stated a year."""
    if not job.salary_annual_min or job.salary_period == "year":
        return ""
    return _about_a_year(job.salary_annual_min, job.salary_annual_max, job.salary_currency)


def _converts(job) -> bool:
    """Whether the job states a salary a year (its annual figures) in a currency other than the base."""
    stated = job.salary_annual_min is not None or job.salary_annual_max is not None
    return stated and job.salary_currency not in ("", base_currency())


@register.filter
def salary_in_base(job) -> str:
    """The job's salary a year in the base currency where it is stated in another: "≈ EUR 65,000 a year", and "at the
    rate of 9 Mar 2026" where no rate was stored for the job's own day (the day it was posted, else first seen), so
    the latest earlier one was used (or, before every rate stored, the earliest later one); empty for a salary in the
    base currency, or one no rate converts."""
    if not _converts(job) or (job.salary_base_min is None and job.salary_base_max is None):
        return ""
    text = _about_a_year(job.salary_base_min, job.salary_base_max, base_currency())
    day = job.salary_base_rate_day
    if day is not None and job.listed_at is not None and day != job.listed_at.astimezone(UTC).date():
        text += f" at the rate of {date_format(day, 'j M Y')}"
    return text


@register.filter
def salary_not_converted(job) -> str:
    """Why a salary in another currency has no figure in the base currency ("not converted to EUR: no exchange rate
    is known for XYZ"); empty where it has one, or needs none."""
    if not _converts(job) or job.salary_base_min is not None or job.salary_base_max is not None:
        return ""
    return f"not converted to {base_currency()}: no exchange rate is known for {job.salary_currency}"


@register.filter
def open_to(job) -> str:
    """A fully remote job's eligibility in words: "Remote, open to: the EU, Switzerland", or "Remote, open to: not
    stated" where the posting does not say; empty for any other job."""
    if job.remote != Job.Remote.REMOTE:
        return ""
    regions = [region_label(str(code)) for code in job.remote_regions or () if isinstance(code, str)]
    return f"Remote, open to: {', '.join(regions) if regions else 'not stated'}"


def _fact(job, field) -> str:
    """One shown field's value as the job's page writes it; empty when the job does not have it."""
    if field.kind == SALARY:
        stated = salary_range(job)
        more = [text for text in (_annual_salary(job), salary_in_base(job), salary_not_converted(job)) if text]
        return f"{stated} ({'; '.join(more)})" if stated and more else stated
    value = getattr(job, field.name)
    if field.name == "remote_regions":
        return open_to(job).removeprefix("Remote, open to: ") if job.remote == Job.Remote.REMOTE else ""
    if value in (None, "", [], "unknown"):
        return ""
    if display := getattr(job, f"get_{field.name}_display", None):  # a field with choices shows their label
        return display()
    if isinstance(value, list):
        return location_names(value) if all(isinstance(item, dict) for item in value) else ", ".join(map(str, value))
    return date_format(value, "j M Y") if hasattr(value, "year") else str(value)


@register.filter
def job_facts(job) -> list[tuple[str, str, str]]:
    """The job page's table, from the declared fields: (label, text, kind) for each the job has, in declared order;
    fields that share a label (a salary's parts) are one fact."""
    facts, labels = [], set()
    for field in SHOWN:
        if field.label not in labels and (text := _fact(job, field)):
            facts.append((field.label, text, field.kind))
        labels.add(field.label)
    return facts


# The salary's parts a change can name: a line says the whole salary before and after, in the page's own words.
_SALARY_PARTS = tuple(f.name for f in JOB_FIELDS if f.kind == SALARY and f.tracked)
_DECLARED = {f.name: f for f in JOB_FIELDS}
_CLOSED_BECAUSE = {
    Job.CloseReason.GONE: "closed: no longer listed by the company",
    Job.CloseReason.EXPIRED: "closed: its closing date passed",
    Job.CloseReason.CONFIRMED: "closed: no longer listed by the company",
}


def _number(value) -> Decimal | None:
    """A figure as history keeps it (a JSON number) as a Decimal, so that 32.0 reads "32"; None for anything else."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _salary(parts: dict) -> str:
    return salary_text(
        _number(parts["salary_min"]), _number(parts["salary_max"]), str(parts["salary_currency"] or ""),
        str(parts["salary_period"] or ""),
    )


def _pay_moved(before: dict, after: dict) -> str:
    """"raised" or "lowered" when, in the same currency and period, every bound stated both times moved that way."""
    if any(before[part] != after[part] for part in ("salary_currency", "salary_period")):
        return "changed"
    steps = [
        _number(after[bound]) - _number(before[bound]) for bound in ("salary_min", "salary_max")
        if _number(before[bound]) is not None and _number(after[bound]) is not None
    ]
    if steps and all(step >= 0 for step in steps) and any(step > 0 for step in steps):
        return "raised"
    if steps and all(step <= 0 for step in steps) and any(step < 0 for step in steps):
        return "lowered"
    return "changed"


def _pay_change(before: dict, after: dict) -> str:
    old, new = _salary(before), _salary(after)
    if old == new:  # stored otherwise (32 and 32.0), said alike: nothing a reader would see changed
        return ""
    if not old:
        return f"pay now stated: {new}"
    if not new:
        return f"pay no longer stated (was {old})"
    return f"pay {_pay_moved(before, after)} from {old} to {new}"


def _words(value, choices: dict) -> str:
    """A stored value as the page says it: a choice by its label, places by name, figures formatted; "" for none."""
    if value in (None, "", [], "unknown"):
        return ""
    if choices:
        return str(choices.get(value, value))
    if isinstance(value, list):
        return " · ".join(place_names(value)) or ", ".join(str(item) for item in value)
    if (number := _number(value)) is not None:
        return _amount(number)
    return str(value)


def _field_change(change) -> str:
    """One tracked field's change in words: "now hybrid", "location changed from Berlin to Munich"."""
    try:
        model_field = Job._meta.get_field(change.field)
    except FieldDoesNotExist:  # a field since renamed or removed: its stored name still says what changed
        model_field = None
    declared = _DECLARED.get(change.field)
    noun = ((declared and declared.label) or (model_field and model_field.verbose_name) or change.field.replace("_", " "))
    noun = str(noun).lower()
    choices = dict(model_field.choices) if model_field is not None and model_field.choices else {}
    old, new = _words(change.old_value, choices), _words(change.new_value, choices)
    if choices:  # a closed set reads as what the job now is: "now hybrid", "now part-time"
        return f"now {new}" if new else f"{noun} no longer stated"
    if declared is None or declared.kind != LIST:  # free text (a title) is quoted: it may say anything
        old, new = (f"“{text}”" if text else "" for text in (old, new))
    if old and new:
        return f"{noun} changed from {old} to {new}"
    return f"{noun} now {new}" if new else f"{noun} no longer stated (was {old})"


def _phrase(change, before: dict, after: dict) -> str:
    if change.kind == JobChange.Kind.CHANGED:
        return _pay_change(before, after) if change.field in _SALARY_PARTS else _field_change(change)
    if change.kind == JobChange.Kind.CLOSED:
        return _CLOSED_BECAUSE.get(change.new_value, "closed")
    if change.kind == JobChange.Kind.REOPENED:
        return "reopened: listed again"
    return ""  # a kind the public page has no words for says nothing (the selector does not send one)


@register.filter
def history_in_words(changes, job) -> list[tuple]:
    """A job's history as (when, line) for its page: "pay raised from EUR 32–40 per hour to EUR 36–44 per hour; now
    hybrid". What one scrape or extraction changed at one moment is one line; a salary's parts are one salary, in the
    formatter every page uses; places by name, choices by label; closings and reopenings say so."""
    moments = [(at, list(rows)) for at, rows in groupby(changes, key=attrgetter("at"))]
    # The salary as it stood after each moment, walked back from the job's own: a line states the whole salary, so
    # a change of its figures alone still shows the currency and period they were in then.
    salary = {part: getattr(job, part) for part in _SALARY_PARTS}
    lines = []
    for at, rows in reversed(moments):
        before, after = dict(salary), dict(salary)
        for row in rows:
            if row.kind == JobChange.Kind.CHANGED and row.field in _SALARY_PARTS:
                before[row.field], after[row.field] = row.old_value, row.new_value
        phrases = dict.fromkeys(_phrase(row, before, after) for row in rows)  # the salary's parts say it once
        if text := "; ".join(phrase for phrase in phrases if phrase):
            lines.append((at, text))
        salary = before
    return lines[::-1]

"""Template filters for job pages: sanitised HTML, salary, location and history display."""
import json
from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.template.defaultfilters import date as date_format
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from jobscraper.fields import SALARY, SHOWN
from jobscraper.filters import JobFilters, job_list_query
from jobscraper.models import Job
from jobscraper.sanitize import safe_link as _safe_link
from jobscraper.sanitize import sanitize_html as _sanitize

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
def pretty_json(value):
    return json.dumps(value, indent=2, ensure_ascii=False, default=str)


@register.filter
def clip(text, length: int):
    """truncatechars, without walking a text already short enough (most summaries): a list page shows 25 of them."""
    return text if len(text) <= length else Truncator(text).chars(length)


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


def _annual_salary(job) -> str:
    """A salary stated by the hour, week or month, a year: "≈ SGD 29,120 a year"; empty when stated a year."""
    if not job.salary_annual_min or job.salary_period == "year":
        return ""
    figures = floatformat(job.salary_annual_min, "0g")
    if job.salary_annual_max != job.salary_annual_min:
        figures += "–" + floatformat(job.salary_annual_max, "0g")
    return f"≈ {job.salary_currency} {figures} a year"


def _fact(job, field) -> str:
    """One shown field's value as the job's page writes it; empty when the job does not have it."""
    if field.kind == SALARY:
        stated, annual = salary_range(job), _annual_salary(job)
        return f"{stated} ({annual})" if stated and annual else stated
    value = getattr(job, field.name)
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


@register.filter
def change_field(name):
    """A tracked field's name as the detail page labels it ("salary_min" -> "salary min")."""
    try:
        return Job._meta.get_field(name).verbose_name
    except FieldDoesNotExist:  # a field since renamed or removed: its stored name still says what changed
        return name.replace("_", " ")


@register.filter
def change_value(value):
    """A JobChange value as text: locations by name, lists joined, nothing as a dash."""
    if value in (None, "", []):
        return "—"
    if isinstance(value, list):
        return location_names(value) or ", ".join(str(item) for item in value)
    return str(value)

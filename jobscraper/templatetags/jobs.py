"""Template filters for job pages: sanitised HTML, salary, location and history display."""
import json

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

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


@register.filter
def salary_range(job):
    if job.salary_min is None and job.salary_max is None:
        return ""
    low, high = job.salary_min, job.salary_max
    figures = _amount(low) if high is None or low == high else (f"up to {_amount(high)}" if low is None else f"{_amount(low)}–{_amount(high)}")
    period = f" per {job.salary_period}" if job.salary_period else ""
    return f"{job.salary_currency} {figures}{period}".strip()


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

"""CSV and JSON downloads of a search, streamed row by row; scraped text is defused against spreadsheet formulas."""
import csv
import json
from datetime import date, datetime
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.urls import reverse

from .exchange_rates import base_currency
from .fields import EXPORTED
from .sanitize import safe_link
from .templatetags.jobs import place_names

# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...), +cmd|...); a leading
# quote makes it text. Tab and carriage return count too: some spreadsheets strip them and read what follows.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# The annual salary in the base currency, the currency named (empty where nothing was converted) and the day of the
# rates used (empty for a salary in the base currency). Last, so that every earlier column keeps its place.
BASE_SALARY = ("salary_base_min", "salary_base_max", "salary_base_currency", "salary_base_rate_day")


def _columns() -> tuple[str, ...]:
    """The declared exported fields, the places' countries beside them, between the posting's link and apply link;
    then the salary in the base currency."""
    names = []
    for name in EXPORTED:
        names += [name, "countries"] if name == "locations" else [name]
    return ("id", "url", *names, "first_seen_at", "apply_url", *BASE_SALARY)


FIELDS = _columns()


def csv_cell(value) -> str:
    """One CSV cell: empty for None, and a string that cannot start a formula."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(_plain(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def _plain(value):
    if isinstance(value, list):  # a list field (remote_regions): its items, not its repr ("['EU']")
        return [_plain(item) for item in value]
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def export_record(row: dict, *, site: str, base: str) -> dict:
    """One export record, its keys in FIELDS' order, from a selectors.EXPORT_COLUMNS row read by name; `site` is the
    scheme and host for absolute URLs, `base` the base currency (exchange_rates.base_currency)."""
    places = [place for place in row["locations"] or [] if isinstance(place, dict)]
    converted = row["salary_base_min"] is not None or row["salary_base_max"] is not None
    derived = {
        "url": site + reverse("job_detail", args=[row["id"]]),
        "title": row["heading"],
        "company": row["company__name"],
        "locations": place_names(places),
        "countries": sorted({place["country"] for place in places if place.get("country")}),
        "apply_url": safe_link(row["source_url"]),
        "salary_base_currency": base if converted else "",
    }
    return {name: derived[name] if name in derived else _plain(row[name]) for name in FIELDS}


class _Echo:
    """A file-like object whose write() returns what it is given, so csv.writer yields lines one at a time."""

    def write(self, value):
        return value


def _csv_lines(records):
    writer = csv.writer(_Echo())
    yield writer.writerow(FIELDS)
    for record in records:
        yield writer.writerow(
            [csv_cell(" · ".join(value) if isinstance(value, list) else value) for value in record.values()]
        )


def _json_chunks(records):
    yield "[\n"
    for index, record in enumerate(records):
        yield ("," if index else "") + json.dumps(record, ensure_ascii=False) + "\n"
    yield "]\n"


def _download(chunks, *, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def csv_response(rows, *, site: str) -> StreamingHttpResponse:
    records = (export_record(row, site=site, base=base_currency()) for row in rows)
    return _download(_csv_lines(records), content_type="text/csv; charset=utf-8", filename="jobs.csv")


def json_response(rows, *, site: str) -> StreamingHttpResponse:
    records = (export_record(row, site=site, base=base_currency()) for row in rows)
    return _download(_json_chunks(records), content_type="application/json", filename="jobs.json")

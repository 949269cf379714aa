"""What a web page holds, for the declared kinds whose listing or detail is a page rather than an API (pure).

Each reader turns a fetched page into what a JSON answer would be, so that declared.py's paths and specs read it
the same way: rows picked out by CSS selectors (with a count of all results the page states), JSON the page
embeds (a Next.js `__NEXT_DATA__` script, a hidden input's value, a script's `window.x = {...}`), and a posting
page's schema.org JobPosting. A page without what the reader looks for gives None or no rows, which the engine
reports as an answer without its postings; nothing here guesses.
"""
import json
import re
from collections.abc import Callable
from urllib.parse import urljoin

import dateparser
from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

from jobscraper.text import clean_text
from scraping.errors import SourceError
from scraping.http import FetchedPage
from scraping.jsonld import find_job_postings, job_posting_fields

# Where a row's value sits: "css" (the first matching element's text, its spaces collapsed), "css@attr" (its
# attribute; a link made absolute against the page), or either with a regex whose first group is kept.
Field = str | tuple[str, str]
_LINK_ATTRIBUTES = frozenset({"href", "src", "action"})
_NUMBER_RE = re.compile(r"\d+(?:[,.\u00a0\u202f ]\d{3})*")


def _root(page: FetchedPage):
    """The page's element tree; an empty one for a page with no markup at all."""
    try:
        return lxml_html.document_fromstring(clean_text(page.html or "") or "<html></html>")
    except (etree.ParserError, ValueError):  # no element at all: whitespace, a comment
        return lxml_html.document_fromstring("<html></html>")


class _Value:
    """One Field compiled: its selector, attribute and pattern."""

    def __init__(self, field: Field):
        spec, pattern = (field, None) if isinstance(field, str) else field
        selector, _, self.attribute = spec.partition("@")
        self.select = CSSSelector(selector) if selector.strip() else None  # "@href": the row element's own
        self.pattern = re.compile(pattern) if pattern else None

    def read(self, element, page_url: str) -> str:
        found = (self.select(element) or [None])[0] if self.select else element
        if found is None:
            return ""
        if self.attribute:
            value = (found.get(self.attribute) or "").strip()
            value = urljoin(page_url, value) if value and self.attribute in _LINK_ATTRIBUTES else value
        else:
            value = " ".join(found.text_content().split())
        if self.pattern is None:
            return value
        match = self.pattern.search(value)
        return (match.group(1) if match.groups() else match.group()).strip() if match else ""


def rows(selector: str, *, count: Field = "", more: str = "", **fields: Field) -> Callable[[FetchedPage], dict]:
    """A reader of a results page: {"rows": one {name: text} per element `selector` matches, "total": the count of
    every result the page states at `count` (the last number in "Results 1 – 25 of 1,204"), None when it states
    none}, and with `more` (a selector such as a next page's link) "more": whether the page has one. Selectors are
    compiled here, so a kind with a bad one fails as it is declared."""
    each, values = CSSSelector(selector), {name: _Value(field) for name, field in fields.items()}
    counter, further = (_Value(count) if count else None), (CSSSelector(more) if more else None)

    def read(page: FetchedPage) -> dict:
        root = _root(page)
        found = [{name: value.read(element, page.url) for name, value in values.items()} for element in each(root)]
        numbers = _NUMBER_RE.findall(counter.read(root, page.url)) if counter else []
        total = int(re.sub(r"\D", "", numbers[-1])) if numbers else None
        return {"rows": found, "total": total} | ({"more": bool(further(root))} if further else {})

    return read


def script_json(element_id: str) -> Callable[[FetchedPage], object]:
    """A reader of the JSON in the page's <script id=`element_id`> (Next.js pages' "__NEXT_DATA__")."""
    select = CSSSelector(f"script#{element_id}")

    def read(page: FetchedPage):
        return next(filter(None, (_loaded(script.text or "") for script in select(_root(page)))), None)

    return read


def input_json(selector: str = "input[type=hidden]") -> Callable[[FetchedPage], object]:
    """A reader of the first JSON list or object held in the value of an input `selector` matches (entities
    decoded), as pages that hand their data to a script through a hidden field do."""
    select = CSSSelector(selector)

    def read(page: FetchedPage):
        values = (_loaded(element.get("value") or "") for element in select(_root(page)))
        return next((value for value in values if isinstance(value, (list, dict))), None)

    return read


def assigned_json(name: str) -> Callable[[FetchedPage], object]:
    """A reader of the JSON value a page's script assigns to `name` ("window.pageData = {...};")."""
    assignment = re.compile(rf"{re.escape(name)}\s*=\s*")

    def read(page: FetchedPage):
        for script in _root(page).iter("script"):
            text = script.text or ""
            if match := assignment.search(text):
                try:
                    return json.JSONDecoder(strict=False).raw_decode(text, match.end())[0]
                except (ValueError, RecursionError):
                    return None
        return None

    return read


def _loaded(text: str):
    try:
        return json.loads(text, strict=False) if text.strip() else None
    except (ValueError, RecursionError):
        return None


def posting_json_ld(page: FetchedPage) -> dict:
    """A posting page's detail: {"posting": its first schema.org JobPosting}; a SourceError when it has none (the
    posting is then kept from its listing's row)."""
    postings = find_job_postings(page.html)
    if not postings:
        raise SourceError(f"the posting's page {page.url} has no JobPosting JSON-LD")
    return {"posting": postings[0]}


def posting_fields(job: dict) -> dict:
    """Our fields from the JobPosting posting_json_ld read, where there is one."""
    return job_posting_fields(job["posting"]) if isinstance(job.get("posting"), dict) else {}


_MONTH_NAME_RE = re.compile(r"[^\W\d_]{3}")


def page_date(text) -> str | None:
    """YYYY-MM-DD of a date as results pages write one ("Sep 23, 2026", "05-Oct-2026", "23. September 2026",
    "2026-09-23"); None for none, and for numeric dates such as "05/10/2026", which could be either day first."""
    if not isinstance(text, str) or not text.strip():
        return None
    text = text.strip()
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text) is None and not _MONTH_NAME_RE.search(text):
        return None
    read = dateparser.parse(text, settings={"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True})
    return read.date().isoformat() if read else None

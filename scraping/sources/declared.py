"""One engine for ATS kinds: a kind is an AtsApi description (data), read by DeclaredSource.

Most kinds' public surface is a JSON API; some list their postings on a web page, which a reader from page_data.py
turns into what a JSON answer would be (rows picked out by CSS selectors, JSON the page embeds), with each posting's
page read for its JobPosting JSON-LD. A kind says where its listing is (a URL built from the source parameters), how the listing pages, where its rows sit,
where each of a posting's fields sits in a row (a dotted path, alternatives, or a small function for what a path
cannot say), how the ATS names workplace and employment types, and optionally where a row's detail is. The engine
does the rest the same way for every kind: the polite client (scraping.http, with its SSRF guard; pages obey
robots.txt), paging with a page cap, the closed-posting safety (a listing read in part is marked incomplete; a page
that lists nothing without saying it has nothing is an error), malformed rows and failed details.
"""
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from urllib.parse import quote, urlencode, urljoin, urlsplit

from scraping import mapping
from scraping.html_text import html_to_text, unescape_html
from scraping.http import FetchedPage, get_json, get_page, post_json

from . import urls
from .base import FetchResult, Posting, Source, SourceError
from .page_data import page_date

# A path ("location.city", "offices.0.name"), alternatives tried in order ("department.name", "department.label"), a
# function of the row, or None: the kind does not state it.
Spec = str | tuple[str, ...] | Callable[[dict], object] | None
MAX_PAGES = 100  # pages one read asks for at most: 10,000 postings at 100 a page; past it the read is incomplete


class Paging(StrEnum):
    NONE = "none"  # one request answers the whole listing
    PAGE = "page"  # `page_param` counts pages from `first_page`, `size_param` asks `page_size` a page
    OFFSET = "offset"  # `page_param` is the offset of the page's first row, `size_param` its length
    NEXT_URL = "next_url"  # the answer names the next page's URL at `next_url`; none on the last page


def dig(job, path: str):
    """The value at a dotted path ("location.city", "offices.0.name"); None where any step is missing."""
    value = job
    for step in path.split("."):
        if isinstance(value, dict):
            value = value.get(step)
        elif isinstance(value, list) and step.isdigit():
            value = value[int(step)] if int(step) < len(value) else None
        else:
            return None
    return value


def read(job, spec: Spec):
    """What `spec` finds in a row: the first alternative that is neither missing nor blank."""
    if spec is None:
        return None
    if callable(spec):
        return spec(job)
    for path in (spec,) if isinstance(spec, str) else spec:
        value = dig(job, path)
        if value not in (None, "", [], {}):
            return value
    return None


def place(name: Spec = None, *, city: Spec = None, region: Spec = None, country: Spec = None, each: str = ""):
    """A locations spec: one place from the row's parts, or one from each item of the list at `each`."""

    def places(job) -> list:
        items = dig(job, each) if each else [job]
        return [mapping.location_entry(_text(read(item, name)), city=_text(read(item, city)),
                                       region=_text(read(item, region)), country=_text(read(item, country)))
                for item in (items if isinstance(items, list) else []) if isinstance(item, dict)]

    return places


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else str(value) if isinstance(value, (int, float)) else ""


_AMOUNT_RE = re.compile(r"\d[\d,]*(?:\.\d+)?")
_CURRENCY_SIGNS = {"£": "GBP", "€": "EUR"}  # "$" is several currencies: left out rather than guessed


def pay_text(text) -> dict:
    """Our salary fields from a free-text range ("$95,000 – $115,000 / year", "£24,500 - £26,500"); {} when it states
    no amount or more than two (pure)."""
    if not isinstance(text, str):
        return {}
    amounts = [float(found.replace(",", "")) for found in _AMOUNT_RE.findall(text)]
    if not 1 <= len(amounts) <= 2:
        return {}
    currency = next((code for sign, code in _CURRENCY_SIGNS.items() if sign in text), None)
    if currency is None and (code := re.search(r"\b([A-Z]{3})\b", text)):
        currency = code[1]
    period = re.search(r"/\s*([a-z]+)|\bper\s+([a-z]+)", text, re.I)
    return mapping.salary_fields(low=amounts[0], high=amounts[-1], currency=currency,
                                 period=period and (period[1] or period[2]))


@dataclass(frozen=True)
class AtsApi:
    """An ATS kind as data. URLs are templates over the source parameters (each quoted); `base` is where the API
    lives unless the company's `api_base` parameter says otherwise (a careers site on its own domain, a test server)."""

    vendor: str
    base: str  # "https://{company}.teamtailor.com"
    listing: str  # the listing's path after the base: "/jobs.json"
    required_params: tuple[str, ...]
    careers_url_example: str
    params_from_url: Callable[[urls.CareersUrl], dict]  # {} for a URL on none of the kind's boards
    posting_id_from_url: Callable[[urls.CareersUrl], str] = lambda parsed: ""
    # A kind whose sites live on the company's own domain (its base "https://{host}"): what such a site's markup
    # carries, a regex such as its vendor's script host, so that its home page detects it with `host` its own.
    site_marker: str = ""
    query: dict = field(default_factory=dict)  # asked with every page; a text value is a template too
    # A listing asked by POST sends `body`, a JSON template (its text values filled from the parameters); the query,
    # paging state included, goes into the body instead, each key a dotted path ("opportunitySearch.Skip").
    method: str = "GET"
    body: dict = field(default_factory=dict)
    # A kind whose listing is a web page: the page_data reader that gives what its JSON answer would be.
    page: Callable[[FetchedPage], object] | None = None
    rows: str | Callable[[object], object] = ""  # where the answer lists its rows; "" when it is the list
    no_rows: str = ""  # what an answer without its rows lacks, in the error: "a list of postings" unless said
    paging: Paging = Paging.NONE
    page_param: str = "page"
    size_param: str = ""
    page_size: int = 100
    first_page: int = 1
    next_url: str = ""  # Paging.NEXT_URL: where the answer names the next page
    total: str = ""  # where the answer counts every row: a listing that gives fewer is incomplete
    more_rows: str = ""  # where an answer counting nothing says it lists fewer rows than there are: incomplete
    detail: str = ""  # a row's detail path after the base, {id} its id: its answer's fields win over the row's
    detail_job: str = ""  # where the detail answer holds the job; "" when it is the job
    # A detail that is a posting's page: where the row links to it (asked at the link's path on `base`, so never on
    # another host), the page_data reader of the page, and the fields it states, which win over the row's.
    detail_link: Spec = None
    detail_page: Callable[[FetchedPage], dict] | None = None
    detail_fields: Callable[[dict], dict] | None = None
    # Where each field sits in a row (the row with its detail, when there is one).
    id: Spec = "id"
    title: Spec = "title"
    url: Spec = "url"
    page_url: str = ""  # a template ({base}, {id}, the parameters) when rows name no page of their own
    html: tuple[Spec, ...] = ()  # the description's sections, in order; a spec may give a list of sections
    plain: Spec = None  # the description as plain text, for the text when the sections have none
    company: Spec = None
    department: Spec = None
    locations: Spec = None  # a place name, a list of them, or a function giving location entries (see `place`)
    remote: Spec = None  # the ATS's workplace label, read through `remote_words`, then our shared vocabulary
    remote_words: dict = field(default_factory=dict)
    employment_type: Spec = None
    employment_words: dict = field(default_factory=dict)
    pay: Callable[[dict], dict] | None = None  # our salary_* fields (see mapping.salary_fields, pay_text)
    date_posted: Spec = None  # an ISO date or time, or a date as pages write one ("Sep 23, 2026")
    valid_through: Spec = None
    more: Callable[[dict], dict] | None = None  # fields only code can read; those above win
    # Which job a posting is a post of (Posting's ids, outside the content hash): the employer's requisition id and
    # the ATS's id of the job, where rows give them.
    requisition_id: Spec = None
    ats_job_id: Spec = None


def _mapped(value, words: dict, shared: Callable) -> str | None:
    """Our value for a vendor's label, or a list of them when every one says the same."""
    values = value if isinstance(value, list) else [value]
    found = [words.get(item) if isinstance(item, str) and item in words else shared(item) for item in values]
    return found[0] if found and None not in found and len(set(found)) == 1 else None


class DeclaredSource(Source):
    """Reads any AtsApi: a kind is a subclass setting `kind` and `api`."""

    api: AtsApi

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not isinstance(getattr(cls, "api", None), AtsApi):
            raise TypeError(f"Give {cls.__name__} an `api = AtsApi(...)` describing its kind's API.")
        cls.vendor = cls.api.vendor
        cls.required_params = cls.api.required_params
        cls.careers_url_example = cls.api.careers_url_example

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        return cls.api.params_from_url(urls.parse(url))

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        return cls.api.posting_id_from_url(urls.parse(url)) if cls.params_from_url(url) else ""

    @classmethod
    def params_from_page(cls, url: str, html: str) -> dict:
        host = urls.parse(url).host
        return {"host": host} if cls.api.site_marker and host and re.search(cls.api.site_marker, html or "") else {}

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        quoted = {name: quote(str(value), safe="") for name, value in params.items()}
        base = (params.get("api_base") or self.api.base.format(**quoted)).rstrip("/")
        result = FetchResult()
        query = {name: value.format(**params) if isinstance(value, str) else value
                 for name, value in self.api.query.items()}
        body = _filled(self.api.body, params) if self.api.method == "POST" else None
        rows = self._rows(company, f"{base}{self.api.listing.format(**quoted)}", query, result, body=body)
        to_posting = partial(self.posting, base=base, params=quoted)
        for row in rows:
            if not (self.api.detail or self.api.detail_link):
                mapping.add_posting(result, row, to_posting)
                continue
            mapping.add_posting_with_detail(
                result, row, id_key="id", from_row=to_posting,
                read_detail=partial(self._detail, row, base=base, params=quoted),
                from_detail=lambda job, row=row: to_posting({**row, **job}),
            )
        return result

    def _rows(self, company, listing: str, query: dict, result: FetchResult, *, body: dict | None = None) -> list:
        """Every row of the listing, each once; `result` is marked incomplete where the listing was not read whole."""
        api, url = self.api, listing
        if api.paging in (Paging.PAGE, Paging.OFFSET):
            query[api.page_param] = api.first_page if api.paging == Paging.PAGE else 0
            if api.size_param:
                query[api.size_param] = api.page_size
        rows, seen, total = [], set(), None
        for _ in range(MAX_PAGES):
            if api.page:
                answer = api.page(get_page(f"{url}?{urlencode(query)}" if query else url))
            elif body is None:
                answer = get_json(url, params=query or None)
            else:
                answer = post_json(url, payload=_placed(body, query or {}))
            page = api.rows(answer) if callable(api.rows) else dig(answer, api.rows) if api.rows else answer
            if not isinstance(page, list):
                at = f" at '{api.rows}'" if isinstance(api.rows, str) and api.rows else ""
                what = api.no_rows or f"a list of postings{at}"
                raise SourceError(f"{company.name}: {api.vendor} answered without {what}")
            if total is None and api.total:
                total = dig(answer, api.total)
                total = total if isinstance(total, int) and not isinstance(total, bool) else None
            if api.page and not page and not rows and total != 0:
                raise SourceError(f"{company.name}: the {api.vendor} page {url} lists no posting where its postings "
                                  "are listed, and does not say it has none; nothing is closed")
            new = [row for row in page if not self._seen(row, seen)]
            rows.extend(new)
            if api.more_rows and total is None and dig(answer, api.more_rows) is True:
                return self._stop(rows, result, f"{url} shows more postings than it lists and does not count them; "
                                                "stopped reading")
            if (api.paging == Paging.NONE or not page or (api.size_param and len(page) < api.page_size)
                    or (total is not None and len(rows) >= total)):
                break
            if not new:
                return self._stop(rows, result, f"a page of {url} listed no posting not seen before; stopped reading")
            if api.paging == Paging.NEXT_URL:
                following = dig(answer, api.next_url)
                if not following:
                    break
                url, query = urljoin(url, str(following)), None
                if urlsplit(url).netloc != urlsplit(listing).netloc:
                    return self._stop(rows, result, f"the next page is on another host ({url}); stopped reading")
            else:
                query[api.page_param] += 1 if api.paging == Paging.PAGE else len(page)
        else:
            return self._stop(rows, result, f"the listing has more than {MAX_PAGES} pages; stopped reading")
        if total is not None and len(rows) < total:
            self._stop(rows, result, f"the listing gave {len(rows)} of the {total} postings it counted")
        return rows

    def _seen(self, row, seen: set) -> bool:
        """Whether a row with its id came on an earlier page (one posted during the walk shifts the rest by one)."""
        try:
            key = read(row, self.api.id) if isinstance(row, dict) else None
        except (KeyError, TypeError, AttributeError, ValueError):  # an id function's row without its id
            key = None
        if not isinstance(key, (str, int)):
            return False  # no id: kept, for add_posting to report it
        if key in seen:
            return True
        seen.add(key)
        return False

    @staticmethod
    def _stop(rows: list, result: FetchResult, why: str) -> list:
        result.complete = False
        result.errors.append(why)
        return rows

    def _detail(self, row: dict, *, base: str, params: dict) -> dict:
        job_id = quote(mapping.external_id(read(row, self.api.id)), safe="")
        if self.api.detail_link:
            link = urlsplit(_text(read(row, self.api.detail_link)))
            if not link.path:
                raise SourceError(f"{self.api.vendor} listed {job_id} without a link to its page")
            location = f"{base}{link.path}" + (f"?{link.query}" if link.query else "")
        else:
            location = f"{base}{self.api.detail.format(**params, id=job_id)}"
        answer = self.api.detail_page(get_page(location)) if self.api.detail_page else get_json(location)
        job = dig(answer, self.api.detail_job) if self.api.detail_job else answer
        if not isinstance(job, dict):
            raise SourceError(f"{self.api.vendor} answered the detail of {job_id} without a job")
        return job

    def posting(self, job: dict, *, base: str = "", params: dict | None = None, detail_missing: str = "") -> Posting:
        """Map one row (with its detail) to a Posting (pure)."""
        api = self.api
        job_id = mapping.external_id(read(job, api.id))
        fields = dict(api.more(job)) if api.more else {}
        for name in ("title", "company", "department"):
            if value := _text(read(job, getattr(api, name))):
                fields[name] = value
        if locations := self._locations(job):
            fields["locations"] = locations
        if remote := _mapped(read(job, api.remote), api.remote_words, mapping.remote_mode_in):
            fields["remote"] = remote
        if kind := _mapped(read(job, api.employment_type), api.employment_words, mapping.employment_type_in):
            fields["employment_type"] = kind
        fields.update(api.pay(job) if api.pay else {})
        for name in ("date_posted", "valid_through"):
            value = read(job, getattr(api, name))
            if day := mapping.iso_date(value) or page_date(value):
                fields[name] = day
        fields.update(api.detail_fields(job) if api.detail_fields else {})
        sections = [section for spec in api.html for section in _sections(read(job, spec))]
        texts = [text for text in map(html_to_text, sections) if text] or [_text(read(job, api.plain))]
        places = "; ".join(location["name"] for location in fields.get("locations") or [])
        url = _text(read(job, api.url)) or (api.page_url.format(base=base, id=job_id, **(params or {}))
                                            if api.page_url else "")
        return Posting(
            external_id=job_id,
            url=url,
            text="\n\n".join(part for part in (fields.get("title", ""), places, *texts) if part),
            description_html="\n".join(sections),
            fields=fields,
            detail_missing=detail_missing,
            requisition_id=_text(read(job, api.requisition_id)),
            ats_job_id=_text(read(job, api.ats_job_id)),
        )

    def _locations(self, job: dict) -> list[dict]:
        found = read(job, self.api.locations)
        items = found if isinstance(found, list) else [found]
        return mapping.distinct_locations(
            mapping.location_entry(item) if isinstance(item, str) else item if isinstance(item, dict) else None
            for item in items
        )


def _filled(template, params: dict):
    """A POST body template with its text values filled from the source parameters (pure)."""
    if isinstance(template, dict):
        return {key: _filled(value, params) for key, value in template.items()}
    if isinstance(template, list):
        return [_filled(value, params) for value in template]
    return template.format(**params) if isinstance(template, str) else template


def _placed(body: dict, values: dict) -> dict:
    """A copy of `body` with each value put at its dotted path ("opportunitySearch.Skip"): the paging state (pure)."""
    body = copy.deepcopy(body)
    for path, value in values.items():
        *parents, last = path.split(".")
        target = body
        for step in parents:
            target = target.setdefault(step, {})
        target[last] = value
    return body


def _sections(value) -> list[str]:
    values = value if isinstance(value, list) else [value]
    return [unescape_html(item) for item in values if isinstance(item, str) and item.strip()]


def subdomain(domain: str, param: str, *, reserved=frozenset({"www", "app", "api", "help", "support", "status"})):
    """A params_from_url: `param` is the label of a host <label>.<domain> (`domain` a regex)."""
    return lambda parsed: {param: label} if (label := parsed.subdomain(domain, reserved=reserved)) else {}


def first_segment(hosts: tuple[str, ...], param: str, *, api_hosts=(), api_marker: str = "", skip=()):
    """A params_from_url: `param` is the first path segment on `hosts` (after any of `skip`, such as "embed"), or the
    segment after `api_marker` on `api_hosts`."""

    def params(parsed: urls.CareersUrl) -> dict:
        segments = parsed.segments[1:] if parsed.segment(0).lower() in skip else parsed.segments
        board = urls.CareersUrl(parsed.host, segments, parsed.query).board(
            hosts=hosts, api_hosts=api_hosts, api_marker=api_marker)
        return {param: board} if board else {}

    return params

"""Personio's public XML feed: one document lists every published position of a company, its text included."""
import html
import re
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from scraping import mapping
from scraping.html_text import html_to_text
from scraping.http import get_bytes

from . import urls
from .base import FetchResult, Posting, Source, SourceError

DEFAULT_LANGUAGE = "en"  # the feed is in German unless asked for another of the languages its jobs are written in
_ACCOUNT_RE = re.compile(r"[A-Za-z0-9_-]+")
# Personio's own employment types that say more than the schedule does; "permanent", "trainee" and
# "working_student" leave it to the schedule (full-time/part-time).
_EMPLOYMENT_TYPES = {"intern": "internship", "freelance": "contract", "temporary": "temporary"}


def board_url(account: str) -> str:
    """The account's public job page, which also answers on .com; job links are made from it."""
    return f"https://{account}.jobs.personio.de"


def _text(element: Element, tag: str) -> str:
    return (element.findtext(tag) or "").strip()


def _locations(position: Element) -> list[dict]:
    offices = [_text(position, "office")]
    offices += [(office.text or "").strip() for office in position.iterfind("additionalOffices/office")]
    return mapping.distinct_locations(map(mapping.location_entry, offices))


def _employment_type(position: Element) -> str | None:
    kind = _EMPLOYMENT_TYPES.get(_text(position, "employmentType"))
    return kind or mapping.employment_type(_text(position, "schedule"))


def posting_from_position(position: Element, *, board: str) -> Posting:
    """Map one <position> of the feed to a Posting (pure); `board` is the account's public job page."""
    identifier = _text(position, "id")
    if not identifier:
        raise ValueError("position without an <id>")
    fields = {}
    if title := _text(position, "name"):
        fields["title"] = title
    if subcompany := _text(position, "subcompany"):
        fields["company"] = subcompany
    if locations := _locations(position):
        fields["locations"] = locations
    if kind := _employment_type(position):
        fields["employment_type"] = kind
    if level := mapping.seniority(_text(position, "seniority")):
        fields["seniority"] = level
    if department := _text(position, "department"):
        fields["department"] = department
    if posted := mapping.iso_date(_text(position, "createdAt")):
        fields["date_posted"] = posted
    sections = [
        (_text(block, "name"), (block.findtext("value") or "").strip())
        for block in position.iterfind("jobDescriptions/jobDescription")
    ]
    # Each block's name is plain text and its value HTML: the name becomes the section's heading.
    markup = "\n".join(
        (f"<h3>{html.escape(name)}</h3>\n" if name else "") + value for name, value in sections if name or value
    )
    places = "; ".join(location["name"] for location in locations)
    return Posting(
        external_id=identifier,
        url=f"{board}/job/{identifier}",
        text="\n\n".join(part for part in (title, places, html_to_text(markup)) if part),
        description_html=markup,
        fields=fields,
    )


def parse_feed(body: bytes, *, url: str) -> Element:
    """The feed's <workzag-jobs> root; a SourceError naming `url` when the body is not such a feed."""
    try:
        root = fromstring(body)
    except (ParseError, DefusedXmlException) as exc:
        raise SourceError(f"{url} did not return valid XML: {exc.__class__.__name__}: {exc}") from exc
    if root.tag != "workzag-jobs":
        raise SourceError(f"{url} did not return a Personio job feed: its root is <{root.tag}>, not <workzag-jobs>")
    return root


def fetch_feed(url: str, *, params: dict) -> bytes:
    """GET the feed's bytes: the XML parser reads its encoding from the XML declaration."""
    return get_bytes(url, params=params, accept="application/xml, text/xml")


class PersonioSource(Source):
    """Source parameters: `account`, `language` (default en), and `api_base` (the feed's host; tests point it
    at loopback)."""

    kind = "personio"
    vendor = "Personio"
    required_params = ("account",)
    careers_url_example = "<account>.jobs.personio.de"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`account` of a job page or feed URL (`acme` for acme.jobs.personio.de/job/1, or on .com)."""
        account = urls.parse(url).subdomain(r"jobs\.personio\.(?:de|com)")
        return {"account": account} if account else {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The position id of a job page: acme.jobs.personio.de/job/123 (or on .com)."""
        parsed = urls.parse(url)
        return urls.number(parsed.segment(1)) if cls.params_from_url(url) and parsed.segment(0) == "job" else ""

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        account = params["account"]
        if not _ACCOUNT_RE.fullmatch(account):
            # The account becomes part of the feed's host name.
            raise SourceError(
                f"{company.name}: source parameter account {account!r} is not a Personio account name "
                f"(letters, digits, - and _)."
            )
        board = board_url(account)
        feed_url = f"{params.get('api_base', board).rstrip('/')}/xml"
        body = fetch_feed(feed_url, params={"language": params.get("language", DEFAULT_LANGUAGE)})
        root = parse_feed(body, url=feed_url)
        result = FetchResult()
        for position in root.iterfind("position"):
            try:
                result.postings.append(posting_from_position(position, board=board))
            except ValueError as exc:
                result.complete = False
                result.errors.append(f"position {_text(position, 'name') or '?'}: malformed ({exc})")
        return result

"""The Source base class every adapter extends, and what a fetch returns."""
import hashlib
import json
import re
from dataclasses import dataclass, field

from jobscraper.fields import EVIDENCE_IDS
from jobscraper.text import clean_text, clean_text_deep, escaped_key
from jobscraper.provenance import POSTING_ORIGINS, ContentPart, Provenance
from scraping.errors import SourceError

__all__ = ["FetchResult", "Posting", "Source", "SourceError"]


@dataclass
class Posting:
    """One posting as a source gives it; `fields` uses our structured field names."""

    external_id: str
    url: str = ""
    text: str = ""  # plain text or markdown handed to the extractor
    description_html: str = ""  # untrusted HTML, sanitised whenever it is displayed
    fields: dict = field(default_factory=dict)
    # What `fields` came from: an ATS's API, JSON-LD, a plain page's markup (its title), or a job board.
    origin: Provenance = Provenance.ATS
    # What `text` was read from; an ATS's posting body unless its adapter says otherwise.
    content_part: ContentPart = ContentPart.ATS
    # The employer's own page for the posting when a job board links to it: on a known ATS it names the job
    # scraped from there, which the posting then joins instead of duplicating; stored otherwise as its apply URL (see
    # `evidence`). Not in the content hash: boards add tracking parameters that change between searches.
    canonical_url: str = ""
    # The employer's requisition id and the ATS's id of the job this is a post of (one job may be posted several
    # times), as the source gives them: what duplicate matching reads as exact evidence (jobscraper.fields.EVIDENCE).
    # Not in the content hash either: an id an adapter starts keeping does not make every stored posting "changed".
    requisition_id: str = ""
    ats_job_id: str = ""
    # Why the posting's detail was not read, when it is built from its listing row alone (title, place, URL): it is
    # seen, so nothing closes it, but a job stored from an earlier, whole read keeps what it has. A new job is stored
    # with no content hash, so that the next run reads its detail again.
    detail_missing: str = ""

    def __post_init__(self):
        if self.origin not in POSTING_ORIGINS:
            raise ValueError(f"a posting's origin is one of {[str(o) for o in POSTING_ORIGINS]}, not {self.origin!r}")
        # JSON escapes carry lone surrogates and NUL, which PostgreSQL refuses: the posting would fail to store.
        self.external_id = escaped_key(self.external_id)  # an id stays distinct, and never becomes empty
        self.url, self.text, self.description_html, self.canonical_url, self.requisition_id, self.ats_job_id = (
            clean_text(value) for value in (
                self.url, self.text, self.description_html, self.canonical_url, self.requisition_id, self.ats_job_id
            )
        )
        self.fields = _collapsed(clean_text_deep(self.fields))

    @property
    def evidence(self) -> dict:
        """The ids it gives that tell which job it is a post of, by jobscraper.fields.EVIDENCE_IDS' names (its
        canonical URL is the apply URL); none empty."""
        values = (self.requisition_id, self.ats_job_id, self.canonical_url)
        return {name: value for name, value in zip(EVIDENCE_IDS, values, strict=True) if value}

    @property
    def content_hash(self) -> str:
        payload = json.dumps({"text": self.text, "fields": self.fields, "url": self.url}, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_SPACES_RE = re.compile(r"\s+")


def _collapsed(fields: dict) -> dict:
    """Titles and places as one line each: sources send "Senior  Engineer\n" and "Berlin,\tGermany"."""
    if isinstance(fields.get("title"), str):
        fields["title"] = _SPACES_RE.sub(" ", fields["title"]).strip()
    for place in fields.get("locations") or []:
        for part in ("name", "city", "region"):
            if isinstance(place, dict) and isinstance(place.get(part), str):
                place[part] = _SPACES_RE.sub(" ", place[part]).strip()
    return fields


@dataclass
class FetchResult:
    postings: list[Posting] = field(default_factory=list)
    # True only when the listing was read whole: only then may missing postings be closed.
    complete: bool = True
    errors: list[str] = field(default_factory=list)
    # Set by fetch_changed only: the listing is as it was at the source's previous read (it answered 304), and the
    # postings were not read again. Every posting listed then is listed still.
    listing_unchanged: bool = False


class Source:
    """Base class of source adapters.

    Subclasses set `kind` and implement `fetch(company)`. Parameters come from the company's
    `source_params`; `required_params` names those that must be present. An ATS adapter also sets `vendor`
    and implements `params_from_url(url)`: its boards' URLs then detect the source, and a careers URL on one
    supplies the parameters the company leaves empty. With `posting_id_from_url(url)` as well, a job board's
    link to one of its postings joins the job scraped from it.
    """

    kind: str = ""
    vendor: str = ""  # the ATS as operators know it, named in detection reasons
    required_params: tuple[str, ...] = ()
    careers_url_example: str = ""  # a board URL params_from_url reads, shown when parameters are missing
    # True when a complete fetch lists every open posting, so one missing from it has closed. A job-board
    # search shows only what matches it today: its missing postings may still be open.
    lists_everything: bool = True

    def fetch(self, company) -> FetchResult:
        raise NotImplementedError(
            f"Give {self.__class__.__name__} a fetch(company) method returning a FetchResult of the company's postings."
        )

    def fetch_changed(self, company) -> FetchResult:
        """Like fetch, but a source that can tell cheaply that its listing has not changed since its previous read
        (a listing page answering 304 to a conditional GET) then returns at once, with `listing_unchanged` set and
        no postings. This one cannot tell, so it reads everything."""
        return self.fetch(company)

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """The source parameters a URL on one of this vendor's boards implies; {} for any other URL.

        Hosts are matched exactly: a look-alike (jobs.lever.co.evil.example) or the vendor's own site
        (www.workable.com) is no board.
        """
        return {}

    @classmethod
    def params_from_page(cls, url: str, html: str) -> dict:
        """The source parameters of a career site on the company's own domain (careers.acme.com) that the page at
        `url` shows to be this vendor's, by what its markup loads (the vendor's script host); {} for any other page.
        """
        return {}

    @classmethod
    def posting_id_from_url(cls, url: str) -> str:
        """The external id `fetch` gives the posting at `url`, a posting page on one of this vendor's boards; ""
        for any other URL, and for every URL of a vendor whose posting pages do not show that id.

        Check the board with `params_from_url` first, so that a look-alike host names no posting.
        """
        return ""

    def params(self, company) -> dict:
        """The company's source parameters, those it leaves empty read from its careers URL; a SourceError names
        any still missing and how to supply them."""
        params = dict(company.source_params or {})
        for name, value in self.params_from_url(company.careers_url).items():
            if params.get(name) in (None, ""):
                params[name] = value
        missing = [name for name in self.required_params if not params.get(name)]
        if missing:
            example = f", or use a careers URL such as {self.careers_url_example}" if self.careers_url_example else ""
            raise SourceError(
                f"{company.name}: source {self.kind!r} needs source parameter(s) {', '.join(missing)}; "
                f"set them on the company in admin{example}."
            )
        return params

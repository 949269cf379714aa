"""JazzHR (formerly the Resumator) hosted boards (<company>.applytojob.com/apply/): a page listing the board's jobs,
each job's page (/apply/<code>/<Title-Slug>) with its schema.org JobPosting.

The list states each job's title, link and place; its page adds the description, employment type, dates and the
place's parts. The list as recorded had one job and no count: whether a large board pages is unverified (no page
link or count was seen), so the page is read as the whole board.
"""
import re

from . import urls
from .declared import AtsApi, DeclaredSource, subdomain
from .page_data import posting_fields, posting_json_ld, rows

_CODE_RE = re.compile(r"[A-Za-z0-9]+")


def _posting_id(parsed: urls.CareersUrl) -> str:
    """The job's code in /apply/<code>/<Title-Slug>, or in /apply/jobs/details/<code>; "" for the board's other
    pages (/apply/, /apply/confirm/)."""
    if parsed.segment(0).lower() != "apply":
        return ""
    if parsed.begins_with("apply", "jobs", "details"):
        code = parsed.segment(3)
    else:
        code = parsed.segment(1) if parsed.segment(2) else ""
    return code if _CODE_RE.fullmatch(code) else ""


class JazzHRSource(DeclaredSource):
    kind = "jazzhr"
    api = AtsApi(
        vendor="JazzHR",
        base="https://{company}.applytojob.com",
        listing="/apply/",
        required_params=("company",),
        careers_url_example="<company>.applytojob.com/apply/",
        params_from_url=subdomain(r"applytojob\.com", "company"),
        posting_id_from_url=_posting_id,
        page=rows("ul.list-group > li.list-group-item", id=("h3 a@href", r"/apply/([A-Za-z0-9]+)/"),
                  title="h3 a", url="h3 a@href", location="li:has(> i.fa-map-marker)"),
        rows="rows",
        title="title",
        locations="location",  # "Austin, TX"; the job's page splits it into its parts
        detail_link="url",
        detail_page=posting_json_ld,
        detail_fields=posting_fields,  # title, places, employment type, datePosted, validThrough
        html=("posting.description",),
    )

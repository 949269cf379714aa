"""Avature career portals, on the company's own host or <company>.avature.net: a portal's SearchJobs page lists its
postings a page at a time (jobOffset=N) and states how many there are."""
import re

from . import urls
from .declared import AtsApi, DeclaredSource, Paging
from .page_data import rows

_LOCALE_RE = re.compile(r"[a-z]{2}_[A-Z]{2}")  # jobs.ea.com/en_US/careers, jobs.auspost.com.au/en_GB/careers
_VENDOR_LABELS = frozenset({"www", "app", "api", "help", "support", "status"})


def _path(parsed: urls.CareersUrl) -> tuple[str, str, tuple]:
    """(the locale before the portal or "", the portal, the segments after it)."""
    locale = parsed.segment(0) if _LOCALE_RE.fullmatch(parsed.segment(0)) else ""
    portal, *rest = parsed.segments[1 if locale else 0:] or ("",)
    return locale, portal, tuple(rest)


def _posting_id(parsed: urls.CareersUrl) -> str:
    """The id of <host>/<portal>/JobDetail/<slug>/<id>."""
    _, _, rest = _path(parsed)
    return urls.number(rest[2]) if len(rest) == 3 and rest[0] == "JobDetail" else ""


def _board(parsed: urls.CareersUrl, *, any_page: bool = False) -> dict:
    """The host and portal of a portal's SearchJobs[/...] or JobDetail page (of any page of it with `any_page`); a
    portal under a locale is asked there (`api_base`)."""
    locale, portal, rest = _path(parsed)
    if not (parsed.host and urls.slug(portal) and (any_page or rest[:1] == ("SearchJobs",) or _posting_id(parsed))):
        return {}
    under_locale = {"api_base": f"https://{parsed.host}/{locale}"} if locale else {}
    return {"host": parsed.host, "portal": portal, **under_locale}


class AvatureSource(DeclaredSource):
    kind = "avature"
    api = AtsApi(
        vendor="Avature",
        base="https://{host}",
        listing="/{portal}/SearchJobs/",
        required_params=("host", "portal"),
        careers_url_example="<careers host>/<portal>/SearchJobs/",
        # Any page of a portal on <company>.avature.net names it (unifi.avature.net/careers).
        params_from_url=lambda parsed: _board(parsed, any_page=bool(
            parsed.subdomain(r"avature\.net", reserved=_VENDOR_LABELS))),
        posting_id_from_url=_posting_id,
        # What portal pages carry in their <head> as other projects' detectors read them (meta avature.portal.id,
        # .page, .name); not seen in a page recorded here.
        site_marker=r"""<meta\b[^<>]{0,500}?\bname\s*=\s*["']avature\.portal\.(?:id|page|name)["']""",
        page=rows("article.article--result", count=".list-controls__text__legend",  # "1-20 of 720 results"
                  id=("h3 a@href", r"/JobDetail/[^/]+/(\d+)"), title="h3 a", url="h3 a@href",
                  posted=(".list-item-posted", r"(\d{1,2}-[^\W\d_]+-\d{4})"),  # "Posted 05-Oct-2026"
                  country=".list-item-country",
                  # Fields other portals show in the same line of spans (unverified: not on the page recorded here)
                  location=".list-item-location", department=".list-item-department",
                  worker_type=".list-item-workerType"),
        rows="rows",
        total="total",
        # 20 a page on the recorded portal; asked without a page size, so paging steps by what each page lists and
        # stops on the stated count.
        paging=Paging.OFFSET,
        page_param="jobOffset",
        title="title",
        locations=("location", "country"),  # Unifi's rows name the country alone ("United States")
        department="department",
        employment_type="worker_type",
        date_posted="posted",
    )

    @classmethod
    def params_from_page(cls, url: str, html: str) -> dict:
        """A page carrying the portal's markup, at <host>/<portal>[/...]: its portal is in its URL, not its markup."""
        return _board(urls.parse(url), any_page=True) if super().params_from_page(url, html) else {}

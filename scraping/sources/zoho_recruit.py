"""Zoho Recruit's hosted career sites (<tenant>.zohorecruit.com/jobs/Careers): the page hands its postings to a script
as entity-escaped JSON in a hidden <input id="jobs">, each with its place, type, date and (the start of) its
description; a posting's page is /jobs/<portal>/<id>/<Title-Slug>.

Zoho serves the same sites from regional domains (zohorecruit.eu, .in, .com.au, .ca, as public career links show);
such a site is read where it is (`api_base`). The portal's name is the path segment after /jobs ("Careers" mostly;
"Current-Openings" is seen too). Unverified: whether the page lists every posting. The page recorded held 50, which
docs/ats-kinds.md notes as Zoho's page size (its source's tests take a page of 50 as cut); the page neither pages nor
states a count, so a page holding 50 or more is taken as read in part: its postings are kept, none is closed.
"""
from . import urls
from .declared import AtsApi, DeclaredSource, place
from .page_data import input_json

_DOMAIN = r"zohorecruit\.(?:com|eu|in|com\.au|ca)"
_RESERVED = frozenset({"www", "app", "api", "help", "support", "status"})
PAGE_MOST = 50  # postings a page was seen to hold; it may hold no more
_postings = input_json("input#jobs")


def _page(page) -> dict:
    postings = _postings(page)
    return {"rows": postings, "more": isinstance(postings, list) and len(postings) >= PAGE_MOST}


def _params(parsed: urls.CareersUrl) -> dict:
    """<tenant>.zohorecruit.<domain>/jobs/<portal>[/<id>/<slug>]; a site off zohorecruit.com is read where it is."""
    tenant, portal = parsed.subdomain(_DOMAIN, reserved=_RESERVED), urls.slug(parsed.segment(1))
    if not (tenant and portal and parsed.segment(0).lower() == "jobs"):
        return {}
    regional = {} if parsed.host.endswith(".zohorecruit.com") else {"api_base": f"https://{parsed.host}"}
    return {"tenant": tenant, "portal": portal, **regional}


class ZohoRecruitSource(DeclaredSource):
    kind = "zoho_recruit"
    api = AtsApi(
        vendor="Zoho Recruit",
        base="https://{tenant}.zohorecruit.com",
        listing="/jobs/{portal}",
        required_params=("tenant", "portal"),
        careers_url_example="<tenant>.zohorecruit.com/jobs/Careers",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.number(parsed.segment(2)),
        page=_page,
        rows="rows",
        more_rows="more",
        no_rows="a list of postings in the page's hidden input#jobs",
        id="id",
        title=("Posting_Title", "Job_Opening_Name"),
        page_url="{base}/jobs/{portal}/{id}",  # without the title's slug, as AER's adapter links them (unverified live)
        locations=place(city="City", region="State", country="Country"),
        remote=lambda job: "remote" if job.get("Remote_Job") is True else None,  # false says nothing of hybrid
        employment_type="Job_Type",  # "Full time", "Contract"
        date_posted="Date_Opened",
        html=("Job_Description",),
    )


"""Eightfold's careers API (apply/v2): pages of a tenant's positions by offset, each position's detail with its
description. The company's `domain` is asked with every request, as the careers site does."""
from datetime import UTC, datetime

from . import urls
from .declared import AtsApi, DeclaredSource, Paging, subdomain

_TENANT = subdomain(r"eightfold\.ai", "tenant")


def _params(parsed: urls.CareersUrl) -> dict:
    """`tenant` of <tenant>.eightfold.ai, with the `domain` its careers URLs often carry (?domain=acme.com)."""
    params = _TENANT(parsed)
    if params and (domain := parsed.parameter("domain")) and urls.slug(domain):
        params["domain"] = domain
    return params


def _day(seconds) -> str | None:
    """The UTC date of an epoch time (t_create); Eightfold states no time zone."""
    if not isinstance(seconds, int) or isinstance(seconds, bool):
        return None
    return datetime.fromtimestamp(seconds, UTC).date().isoformat()


class EightfoldSource(DeclaredSource):
    kind = "eightfold"
    api = AtsApi(
        vendor="Eightfold",
        base="https://{tenant}.eightfold.ai",
        listing="/api/apply/v2/jobs",
        required_params=("tenant", "domain"),
        careers_url_example="<tenant>.eightfold.ai/careers?domain=<company domain>",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.number(parsed.after("job")),
        query={"domain": "{domain}"},
        rows="positions",
        paging=Paging.OFFSET,
        page_param="start",
        size_param="num",
        page_size=10,  # what its careers site asks a page
        total="count",
        detail="/api/apply/v2/jobs/{id}?domain={domain}",
        title=("posting_name", "name"),
        url="canonicalPositionUrl",
        page_url="{base}/careers/job/{id}",
        department="department",
        locations="locations",  # "Silver Peak, Nevada, United States of America"
        remote="work_location_option",  # "onsite", "remote", "hybrid"
        date_posted=lambda job: _day(job.get("t_create")),
        html=("job_description",),
    )

"""Comeet's careers API: one request lists a company's positions (without their descriptions)."""
from . import urls
from .declared import AtsApi, DeclaredSource, place


def _params(parsed: urls.CareersUrl) -> dict:
    """`uid` of a hosted position page (www.comeet.com/jobs/aquasec/91.001/<title>/<position uid>); its `token` is on
    the company's careers page only, so it is a parameter to set."""
    uid = urls.slug(parsed.segment(2)) if parsed.host in ("www.comeet.com", "comeet.com") and parsed.begins_with(
        "jobs") else ""
    return {"uid": uid} if uid else {}


class ComeetSource(DeclaredSource):
    kind = "comeet"
    api = AtsApi(
        vendor="Comeet",
        base="https://www.comeet.co",
        listing="/careers-api/2.0/company/{uid}/positions",
        query={"token": "{token}"},
        required_params=("uid", "token"),
        careers_url_example="www.comeet.com/jobs/<company>/<uid>/",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.slug(parsed.segment(4)),
        id="uid",
        title="name",
        url=("url_active_page", "url_comeet_hosted_page"),
        company="company_name",
        department="department",
        locations=place("location.name", city="location.city", region="location.state", country="location.country"),
        remote="workplace_type",  # "On-site", "Hybrid", "Remote"; location.is_remote is true for hybrid ones too
        employment_type="employment_type",  # "Full Time"; "Hourly" says none
    )

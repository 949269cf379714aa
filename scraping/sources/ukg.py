"""UKG Pro (UltiPro) Recruiting job boards: a POSTed search pages a board's opportunities by Skip and Top."""
from . import urls
from .declared import AtsApi, DeclaredSource, Paging, place

_HOSTS = ("recruiting2.ultipro.com", "recruiting.ultipro.com")


def _params(parsed: urls.CareersUrl) -> dict:
    """recruiting2.ultipro.com/<TENANT>/JobBoard/<board uuid>/...; a board on the older recruiting.ultipro.com is
    asked there (`api_base`)."""
    tenant, board = urls.slug(parsed.segment(0)), urls.uuid(parsed.segment(2))
    if parsed.host not in _HOSTS or parsed.segment(1).lower() != "jobboard" or not (tenant and board):
        return {}
    older = {} if parsed.host == _HOSTS[0] else {"api_base": f"https://{parsed.host}"}
    return {"tenant": tenant, "board": board, **older}


class UKGSource(DeclaredSource):
    kind = "ukg"
    api = AtsApi(
        vendor="UKG Pro",
        base=f"https://{_HOSTS[0]}",
        listing="/{tenant}/JobBoard/{board}/JobBoardView/LoadSearchResults",
        required_params=("tenant", "board"),
        careers_url_example=f"{_HOSTS[0]}/<TENANT>/JobBoard/<board uuid>/",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.uuid(parsed.parameter("opportunityId")),
        method="POST",
        body={"opportunitySearch": {"QueryString": "", "Filters": [], "OrderBy": [
                  {"Value": "postedDateDesc", "PropertyName": "PostedDate", "Ascending": False}]},
              "matchCriteria": {"PreferredJobs": [], "Educations": [], "LicenseAndCertifications": [], "Skills": [],
                                "hasNoLicenses": False, "SkippedSkills": []}},
        rows="opportunities",
        paging=Paging.OFFSET,
        page_param="opportunitySearch.Skip",
        size_param="opportunitySearch.Top",
        page_size=50,
        total="totalCount",
        id="Id",
        title="Title",
        page_url="{base}/{tenant}/JobBoard/{board}/OpportunityDetail?opportunityId={id}",
        department="JobCategoryName",
        # An office's address, or a remote opportunity's country alone ("LocalizedName" names the office, no place).
        locations=place(city="Address.City", region="Address.State.Code", country="Address.Country.Name",
                        each="Locations"),
        remote=lambda job: {1: "onsite", 2: "remote"}.get(job.get("JobLocationType")),
        employment_type=lambda job: "full_time" if job.get("FullTime") is True else None,
        date_posted="PostedDate",
        html=("BriefDescription",),  # the first lines, as plain text; the opportunity's page has the rest
    )

"""ADP Workforce Now's public career center: pages of job requisitions, each with a detail giving its description."""
from . import urls
from .declared import AtsApi, DeclaredSource, Paging, place

_HOST = "workforcenow.adp.com"
_API = "/mascsr/default/careercenter/public/events/staffing/v1/job-requisitions"
_BOARD = "?cid={cid}&ccId={ccId}&lang=en_US"


def _params(parsed: urls.CareersUrl) -> dict:
    """A career center names its company by two query parameters: .../recruitment.html?cid=<uuid>&ccId=<number>."""
    if parsed.host != _HOST:
        return {}
    board = {"cid": parsed.parameter("cid"), "ccId": parsed.parameter("ccId")}
    return board if all(urls.slug(value) for value in board.values()) else {}


class ADPSource(DeclaredSource):
    kind = "adp"
    api = AtsApi(
        vendor="ADP Workforce Now",
        base=f"https://{_HOST}",
        listing=_API,
        required_params=("cid", "ccId"),
        careers_url_example=f"{_HOST}/mascsr/default/mdf/recruitment/recruitment.html?cid=<cid>&ccId=<ccId>",
        params_from_url=_params,
        posting_id_from_url=lambda parsed: urls.slug(parsed.parameter("jobId")),
        query={"cid": "{cid}", "ccId": "{ccId}", "lang": "en_US", "locale": "en_US"},
        rows="jobRequisitions",
        paging=Paging.OFFSET,
        page_param="$skip",
        size_param="$top",
        page_size=100,
        total="meta.totalNumber",
        detail=f"{_API}/{{id}}{_BOARD}",
        detail_job="jobRequisitions.0",
        id="itemID",
        title="requisitionTitle",
        page_url=f"{{base}}/mascsr/default/mdf/recruitment/recruitment.html{_BOARD}&jobId={{id}}",
        # The row names the country only (" US"); the detail may add the city and region, often left "".
        locations=place(city="address.cityName", region="address.countrySubdivisionLevel1.codeValue",
                        country="nameCode.shortName", each="requisitionLocations"),
        date_posted="postDate",
        html=("requisitionDescription",),
    )

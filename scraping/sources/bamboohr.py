"""BambooHR's public careers list, and each opening's detail with its description, date and pay."""
from . import urls
from .declared import AtsApi, DeclaredSource, pay_text, place, subdomain


class BambooHRSource(DeclaredSource):
    kind = "bamboohr"
    api = AtsApi(
        vendor="BambooHR",
        base="https://{tenant}.bamboohr.com",
        listing="/careers/list",
        required_params=("tenant",),
        careers_url_example="<tenant>.bamboohr.com/careers",
        params_from_url=subdomain(r"bamboohr\.com", "tenant"),
        posting_id_from_url=lambda parsed: urls.number(parsed.after("careers")),
        rows="result",
        total="meta.totalCount",
        detail="/careers/{id}/detail",
        detail_job="result.jobOpening",
        url="jobOpeningShareUrl",
        page_url="{base}/careers/{id}",
        title="jobOpeningName",
        department="departmentLabel",
        # An opening gives its place in `location`, or in `atsLocation` with the other's parts all null.
        locations=lambda job: [
            *place(city="location.city", region="location.state", country="location.addressCountry")(job),
            *place(city="atsLocation.city", region=("atsLocation.state", "atsLocation.province"),
                   country="atsLocation.country")(job)],
        remote=lambda job: "remote" if job.get("isRemote") is True else None,
        employment_type="employmentStatusLabel",  # "Full-Time", "Temporary staff"; "Employed" says none
        pay=lambda job: pay_text(job.get("compensation")),  # "£24,500 - £26,500"
        date_posted="datePosted",
        html=("description",),
    )

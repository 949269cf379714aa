"""Rippling's public board API: one request lists a board's jobs, and each job's detail gives its description."""
from . import urls
from .declared import AtsApi, DeclaredSource, first_segment


class RipplingSource(DeclaredSource):
    kind = "rippling"
    api = AtsApi(
        vendor="Rippling",
        base="https://api.rippling.com",
        listing="/platform/api/ats/v1/board/{board}/jobs",
        required_params=("board",),
        careers_url_example="ats.rippling.com/<board>/jobs",
        # ats.rippling.com/acme/jobs/<uuid>, ats.rippling.com/embed/acme/jobs, api.rippling.com/.../board/acme/jobs
        params_from_url=first_segment(("ats.rippling.com",), "board", skip=("embed",),
                                      api_hosts=("api.rippling.com",), api_marker="board"),
        posting_id_from_url=lambda parsed: urls.uuid(parsed.after("jobs")),
        detail="/platform/api/ats/v1/board/{board}/jobs/{id}",
        id="uuid",
        title="name",
        company="companyName",
        # The row names the board's department; the detail the team within it, and that department as its base.
        department=("department.base_department", "department.label"),
        locations=("workLocations", "workLocation.label"),  # "Remote (United States)" names the remote one
        remote=("workLocations", "workLocation.label"),
        employment_type=("employmentType.id", "employmentType.label"),  # "Salaried, full-time"
        date_posted="createdOn",
        html=("description.role", "description.company"),
    )

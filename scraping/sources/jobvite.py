"""Jobvite's hosted career sites (jobs.jobvite.com/<company>/jobs): a page listing every job, each job's page with
its schema.org JobPosting."""
from . import urls
from .declared import AtsApi, DeclaredSource, first_segment
from .page_data import posting_fields, posting_json_ld, rows

_HOSTS = ("jobs.jobvite.com",)


class JobviteSource(DeclaredSource):
    kind = "jobvite"
    api = AtsApi(
        vendor="Jobvite",
        base=f"https://{_HOSTS[0]}",
        listing="/{company}/jobs",
        required_params=("company",),
        careers_url_example=f"{_HOSTS[0]}/<company>/jobs",
        params_from_url=first_segment(_HOSTS, "company", skip=("careers",)),
        posting_id_from_url=lambda parsed: urls.slug(parsed.after("job")),
        page=rows("li.job, tr.job", id=("a@href", r"/job/([A-Za-z0-9]+)"), title="a", url="a@href",
                  location=".jv-job-list-location"),
        rows="rows",
        title="title",
        locations="location",  # "Ft Myers, Florida"; the job's page names its country too
        detail_link="url",
        detail_page=posting_json_ld,
        detail_fields=posting_fields,
        html=("posting.description",),
        department="posting.industry",  # where Jobvite names the job's category
    )

"""Gem's public job-board API: one request lists every post with its content, Greenhouse-like."""
from . import urls
from .declared import AtsApi, DeclaredSource, first_segment, place


class GemSource(DeclaredSource):
    kind = "gem"
    api = AtsApi(
        vendor="Gem",
        base="https://api.gem.com",
        listing="/job_board/v0/{board}/job_posts/",
        required_params=("board",),
        careers_url_example="jobs.gem.com/<board>",
        # jobs.gem.com/acme/<post id>, api.gem.com/job_board/v0/acme/job_posts/
        params_from_url=first_segment(("jobs.gem.com",), "board", api_hosts=("api.gem.com",), api_marker="v0"),
        posting_id_from_url=lambda parsed: urls.slug(parsed.segment(1)) if parsed.host == "jobs.gem.com" else "",
        url="absolute_url",
        html=("content",),
        department="departments.0.name",
        # Every office the post is open in (a post can list nine), else its one location; "" names none.
        locations=lambda post: place("location.name", each="offices")(post) or place("location.name")(post),
        remote="location_type",  # "in_office", "hybrid", "remote"
        employment_type="employment_type",  # "full_time"
        date_posted=("first_published_at", "created_at"),
        requisition_id="requisition_id",
        ats_job_id="internal_job_id",  # shared by every post of one job, as Greenhouse's
    )

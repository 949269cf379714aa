"""Breezy HR's public board list (/json): one request lists every position, without its description."""
from .declared import AtsApi, DeclaredSource, pay_text, place, subdomain


class BreezySource(DeclaredSource):
    kind = "breezy"
    api = AtsApi(
        vendor="Breezy HR",
        base="https://{company}.breezy.hr",
        listing="/json",
        required_params=("company",),
        careers_url_example="<company>.breezy.hr",
        params_from_url=subdomain(r"breezy\.hr", "company"),
        # Its pages (/p/<id>-<title>) start with the position's id.
        posting_id_from_url=lambda parsed: parsed.after("p").split("-")[0] if parsed.segment(0) == "p" else "",
        title="name",
        company="company.name",
        department="department",
        locations=lambda job: place("name", city="city", region="state.name", country="country.id", each="locations")(
            job) or place("location.name", city="location.city", region="location.state.name",
                          country="location.country.id")(job),
        remote=lambda job: "remote" if (job.get("location") or {}).get("is_remote") is True else None,
        employment_type=("type.name", "type.id"),  # "Full-Time", "fullTime"
        pay=lambda job: pay_text(job.get("salary")),  # "$95,000 – $115,000 / year"
        date_posted="published_date",
    )

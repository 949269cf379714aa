"""Pinpoint's public postings.json: one request lists every posting, with structured pay, workplace and type."""
from scraping import mapping

from .declared import AtsApi, DeclaredSource, place, subdomain

# A posting's text comes in sections, each with its heading ("Key Responsibilities").
_SECTIONS = ("description", "key_responsibilities", "skills_knowledge_expertise", "benefits")


def _sections(posting: dict) -> list[str]:
    return [f"<h3>{posting.get(f'{name}_header') or ''}</h3>{posting[name]}" if posting.get(f"{name}_header")
            else posting[name] for name in _SECTIONS if isinstance(posting.get(name), str) and posting[name].strip()]


def _pay(posting: dict) -> dict:
    if posting.get("compensation_visible") is False:
        return {}
    return mapping.salary_fields(low=posting.get("compensation_minimum"), high=posting.get("compensation_maximum"),
                                 currency=posting.get("compensation_currency"),
                                 period=posting.get("compensation_frequency"))


class PinpointSource(DeclaredSource):
    kind = "pinpoint"
    api = AtsApi(
        vendor="Pinpoint",
        base="https://{company}.pinpointhq.com",
        listing="/postings.json",
        required_params=("company",),
        careers_url_example="<company>.pinpointhq.com",
        params_from_url=subdomain(r"pinpointhq\.com", "company"),
        # Its pages (/en/postings/<uuid>) do not show the posting's id.
        rows="data",
        html=(_sections,),
        department="job.department.name",
        locations=place("location.name", city="location.city", region="location.province"),
        remote="workplace_type",  # "onsite", "hybrid", "remote"
        employment_type="employment_type",  # "full_time"
        pay=_pay,
        valid_through="deadline_at",
        requisition_id="job.requisition_id",
        ats_job_id="job.id",  # the job a posting is a post of; the posting's own id is "id"
    )

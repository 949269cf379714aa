"""Recruitee careers-site API: one request lists every published offer with its description."""
from scraping.html_text import html_to_text
from scraping.http import get_json
from scraping.mapping import (
    add_posting,
    distinct_locations,
    employment_type,
    external_id,
    iso_date,
    location_entry,
    salary_fields,
)

from . import urls
from .base import FetchResult, Posting, Source, SourceError

# Recruitee's own sites on its domain, which are no company's careers site.
_RESERVED_SUBDOMAINS = {"www", "app", "api", "blog", "career", "help", "support", "docs", "status"}


def _translated(offer: dict) -> dict:
    """The offer with what its own keys leave empty taken from its translations (`{"en": {"title": ...}}`), the
    first language that has it."""
    translations = offer.get("translations") if isinstance(offer.get("translations"), dict) else {}
    filled = dict(offer)
    for key in ("title", "description", "requirements"):
        if not (isinstance(filled.get(key), str) and filled[key].strip()):
            for language in translations.values():
                if isinstance(language, dict) and isinstance(language.get(key), str) and language[key].strip():
                    filled[key] = language[key]
                    break
    return filled


def posting_from_offer(offer: dict) -> Posting:
    """Map one offer of `GET /api/offers/` to a Posting (pure)."""
    offer = _translated(offer)
    fields = {}
    if offer.get("title"):
        fields["title"] = offer["title"].strip()
    if (offer.get("company_name") or "").strip():
        fields["company"] = offer["company_name"].strip()
    if locations := _locations(offer):
        fields["locations"] = locations
    if remote := _remote(offer):
        fields["remote"] = remote
    # The code joins hours and tenure ("fulltime_permanent", "parttime_fixed_term"); the hours are our type.
    if kind := employment_type(str(offer.get("employment_type_code") or "").split("_")[0]):
        fields["employment_type"] = kind
    if (offer.get("department") or "").strip():
        fields["department"] = offer["department"].strip()
    salary = offer.get("salary") or {}
    fields.update(
        salary_fields(
            low=salary.get("min"), high=salary.get("max"), currency=salary.get("currency"), period=salary.get("period")
        )
    )
    if posted := iso_date(offer.get("published_at")):
        fields["date_posted"] = posted
    if closes := iso_date(offer.get("close_at")):  # "2025-09-30 21:59:59 UTC": the offer's last day
        fields["valid_through"] = closes
    sections = [offer.get("description") or "", offer.get("requirements") or ""]
    places = "; ".join(location["name"] for location in locations)
    return Posting(
        external_id=external_id(offer["id"]),
        # The offer's page; its application form when only that is given.
        url=str(offer.get("careers_url") or offer.get("careers_apply_url") or ""),
        text="\n\n".join(
            part for part in (fields.get("title", ""), places, *(html_to_text(section) for section in sections)) if part
        ),
        description_html="\n".join(section for section in sections if section),
        fields=fields,
    )


def _locations(offer: dict) -> list[dict]:
    # Offers list their places in `locations`; without that list the flat fields describe one place, and
    # `location` may then be a label such as "Remote job" rather than a place.
    places = offer.get("locations") or [
        {
            "name": offer.get("location"),
            "city": offer.get("city"),
            "state": offer.get("state_name"),
            "country": offer.get("country"),
            "country_code": offer.get("country_code"),
        }
    ]
    return distinct_locations(_location(place) for place in places if isinstance(place, dict))


def _location(place: dict) -> dict | None:
    parts = [(place.get(key) or "").strip() for key in ("city", "state", "country")]
    return location_entry(
        ", ".join(dict.fromkeys(part for part in parts if part)) or place.get("name"),
        city=parts[0],
        region=parts[1] or place.get("state_code"),
        country=place.get("country_code"),
    )


def _remote(offer: dict) -> str | None:
    for flag, remote in (("hybrid", "hybrid"), ("remote", "remote"), ("on_site", "onsite")):
        if offer.get(flag) is True:
            return remote
    return None


class RecruiteeSource(Source):
    kind = "recruitee"
    vendor = "Recruitee"

    @classmethod
    def params_from_url(cls, url: str) -> dict:
        """`subdomain` of a careers site, offer or API URL (`acme` for acme.recruitee.com/o/engineer)."""
        subdomain = urls.parse(url).subdomain(r"recruitee\.com", reserved=_RESERVED_SUBDOMAINS)
        return {"subdomain": subdomain} if subdomain else {}

    # posting_id_from_url stays the base's "": an offer's URL (acme.recruitee.com/o/<slug>) names its slug, and
    # postings are known by the offer's numeric id, which no public URL shows.

    def fetch(self, company) -> FetchResult:
        params = self.params(company)
        subdomain = params.get("subdomain")
        # A careers site on the company's own domain answers the same API there: set api_base to it.
        api_base = params.get("api_base") or (f"https://{subdomain}.recruitee.com" if subdomain else "")
        if not api_base:
            raise SourceError(
                f"{company.name}: no Recruitee careers site; set source parameter subdomain (acme for "
                f"acme.recruitee.com) or api_base (a careers site on its own domain), or use a "
                f"<subdomain>.recruitee.com careers URL."
            )
        data = get_json(f"{api_base.rstrip('/')}/api/offers/")
        if not isinstance(data, dict) or not isinstance(data.get("offers"), list):
            raise SourceError(f"{company.name}: Recruitee answered without an 'offers' list")
        result = FetchResult()
        for offer in data["offers"]:
            add_posting(result, offer, posting_from_offer)
        return result

"""Recruitee careers-site API: one request lists every published offer with its description."""
from scraping import mapping

from .base import Posting, SourceError
from .declared import AtsApi, DeclaredSource, subdomain

# Recruitee's own sites on its domain, which are no company's careers site.
_RESERVED_SUBDOMAINS = frozenset({"www", "app", "api", "blog", "career", "help", "support", "docs", "status"})


def _in_any_language(key: str):
    """A spec: the offer's `key`, or when that is empty the first of its translations (`{"en": {"title": ...}}`)
    that has it."""

    def read(offer: dict):
        translations = offer.get("translations") if isinstance(offer.get("translations"), dict) else {}
        for found in (offer, *translations.values()):
            if isinstance(found, dict) and isinstance(found.get(key), str) and found[key].strip():
                return found[key]
        return offer.get(key)

    return read


def _locations(offer: dict) -> list[dict]:
    # Offers list their places in `locations`; without that list the flat fields describe one place, and
    # `location` may then be a label such as "Remote job" rather than a place.
    places = offer.get("locations") or [{"name": offer.get("location"), "city": offer.get("city"),
                                         "state": offer.get("state_name"), "country": offer.get("country"),
                                         "country_code": offer.get("country_code")}]
    return [_location(place) for place in places if isinstance(place, dict)]


def _location(place: dict) -> dict | None:
    parts = [(place.get(key) or "").strip() for key in ("city", "state", "country")]
    return mapping.location_entry(", ".join(dict.fromkeys(part for part in parts if part)) or place.get("name"),
                                  city=parts[0], region=parts[1] or place.get("state_code"),
                                  country=place.get("country_code"))


def _remote(offer: dict) -> str | None:
    for flag, remote in (("hybrid", "hybrid"), ("remote", "remote"), ("on_site", "onsite")):
        if offer.get(flag) is True:
            return remote
    return None


def _pay(offer: dict) -> dict:
    salary = offer.get("salary") or {}
    return mapping.salary_fields(low=salary.get("min"), high=salary.get("max"), currency=salary.get("currency"),
                                 period=salary.get("period"))


class RecruiteeSource(DeclaredSource):
    kind = "recruitee"
    api = AtsApi(
        vendor="Recruitee",
        # A careers site on the company's own domain answers the same API there: set api_base to it.
        base="https://{subdomain}.recruitee.com",
        listing="/api/offers/",
        required_params=(),  # subdomain, or api_base instead: see params
        careers_url_example="<subdomain>.recruitee.com",
        params_from_url=subdomain(r"recruitee\.com", "subdomain", reserved=_RESERVED_SUBDOMAINS),
        # posting_id_from_url stays "": an offer's URL (acme.recruitee.com/o/<slug>) names its slug, and postings
        # are known by the offer's numeric id, which no public URL shows.
        rows="offers",
        no_rows="an 'offers' list",
        id=lambda offer: offer["id"],
        title=_in_any_language("title"),
        url=("careers_url", "careers_apply_url"),  # the offer's page; its application form when only that is given
        html=(_in_any_language("description"), _in_any_language("requirements")),
        company="company_name",
        department="department",
        locations=_locations,
        remote=_remote,
        # The code joins hours and tenure ("fulltime_permanent", "parttime_fixed_term"); the hours are our type.
        employment_type=lambda offer: mapping.employment_type(str(offer.get("employment_type_code") or "")
                                                              .split("_")[0]),
        pay=_pay,
        date_posted="published_at",
        valid_through="close_at",  # "2025-09-30 21:59:59 UTC": the offer's last day
    )

    def params(self, company) -> dict:
        params = super().params(company)
        if not params.get("subdomain") and not params.get("api_base"):
            raise SourceError(
                f"{company.name}: no Recruitee careers site; set source parameter subdomain (acme for "
                f"acme.recruitee.com) or api_base (a careers site on its own domain), or use a "
                f"<subdomain>.recruitee.com careers URL."
            )
        return params


def posting_from_offer(offer: dict) -> Posting:
    """Map one offer of `GET /api/offers/` to a Posting (pure)."""
    return RecruiteeSource().posting(offer)

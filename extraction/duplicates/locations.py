"""Whether two postings' places overlap (pure once the gazetteers are loaded): one city under two names ("Gurugram",
"Gurgaon"), a city inside a country or state given alone ("United States" and "Remote - California; United States"),
remote on both sides, or the very same words; two cities, states or countries apart are two places."""
import re
from typing import NamedTuple

from ..gazetteer import CITY_SHORT_NAMES, city_ids, gazetteer, plain

REMOTE_WORDS = {"remote", "anywhere", "worldwide", "wfh", "distributed", "home based", "home office", "work from home"}
# Several places in one location: "NYC; SF", "SF / NY / Remote", "San Francisco Bay Area or Remote (U.S.)".
_PIECES_RE = re.compile(r";|\||\s/\s|/|\bor\b|\s&\s")
_PARTS_RE = re.compile(r",|\s[-–—]\s|[()]")
# Words a city is written with that are not its name: "New York City", "Greater London", "San Francisco Bay Area".
# Fewer than places' _GENERIC_WORDS on purpose: dropping "state", "county" or "hub" names another city ("Washington
# State", "Orange County", "Stamford Hub"), which places may do as it asks only the country.
_CITY_NOISE_RE = re.compile(r"\b(?:city|greater|metro|metropolitan|area|bay area|region|downtown|hq|office)\b")


class Place(NamedTuple):
    words: str  # the place's words, lower-case, punctuation dropped
    remote: bool
    country: str | None  # ISO 3166-1 alpha-2
    region: str | None  # ISO 3166-2 ("US-TX")
    cities: frozenset  # geonames ids the place's city name may mean


class Overlap(NamedTuple):
    score: float  # 1 overlap, 0.5 unknown (a side gives no place), 0 apart
    reason: str
    decisive: bool  # the places alone show two jobs


def _region(part: str, country: str | None) -> str | None:
    tables = gazetteer()
    found = tables.regions.get(part.casefold()) or (
        tables.region_codes.get(part) if re.fullmatch(r"[A-Z]{2,3}", part) else None
    )
    if not found:
        return None
    if country:
        found = {code for code in found if code.startswith(country + "-")}
    return next(iter(found)) if len(found) == 1 else None


def read_place(piece: str) -> Place:
    """One place of a location line: "Austin, TX" -> Austin in US-TX; "Canada - Remote" -> remote in Canada."""
    countries, (cities, city_country) = gazetteer().countries, city_ids()
    words = plain(piece)
    remote = any(re.search(rf"\b{word}\b", words) for word in REMOTE_WORDS)
    parts = [part.strip(" .") for part in _PARTS_RE.split(piece) if part.strip(" .")]
    country = next((countries[part.casefold()] for part in parts if part.casefold() in countries), None)
    # The city is the first part that is not a country or "remote"; a state's name may be a city's too ("New York").
    named = [part for part in parts if part.casefold() not in countries and plain(part) not in REMOTE_WORDS]
    ids, city_part = frozenset(), None
    for part in named:
        name = CITY_SHORT_NAMES.get(plain(part), plain(_CITY_NOISE_RE.sub(" ", part.casefold())))
        if found := cities.get(name):
            ids, city_part = frozenset({i for i in found if city_country[i] == country} or found if country else found), part
            break
    if not country and ids and len({city_country[i] for i in ids}) == 1:
        country = city_country[next(iter(ids))]
    region = next((code for part in named if part != city_part and (code := _region(part, country))), None)
    if not region and not ids and named:
        region = _region(named[0], country)
    country = country or (region.split("-")[0] if region else None)
    if region and ids:  # "Portland, OR": the city of that state, where the gazetteer holds its state
        ids = frozenset(i for i in ids if city_country[i] == region.split("-")[0]) or ids
    return Place(words, remote, country, region, ids)


def read_places(locations: list[str], *, remote: bool = False) -> list[Place]:
    """Every place the location lines name, one more "remote" where the title says the job is remote."""
    places = [read_place(piece) for line in locations for piece in _PIECES_RE.split(line or "") if piece.strip(" ,.-")]
    if remote and not any(place.remote for place in places):
        places.append(Place("remote", True, None, None, frozenset()))
    return places


def _meet(a: Place, b: Place) -> bool:
    if a.words == b.words:
        return True
    if a.country and b.country and a.country != b.country:
        return False
    if a.remote or b.remote:
        return a.remote and b.remote
    if a.cities and b.cities:
        return bool(a.cities & b.cities)
    if a.region and b.region and a.region != b.region:
        return False
    # A country or a state given alone holds every place in it.
    for wide, narrow in ((a, b), (b, a)):
        if not wide.cities and wide.country and wide.country == narrow.country and (not wide.region or wide.region == narrow.region):
            return True
    return False


def places_overlap(first: list[Place], second: list[Place]) -> Overlap:
    """Whether the postings share a place: one pair of places that meet is enough."""
    if not first or not second:
        return Overlap(0.5, "a posting gives no place", False)
    for a in first:
        for b in second:
            if _meet(a, b):
                shown = a.words if a.words == b.words else f"{a.words} ~ {b.words}"
                return Overlap(1.0, f"places overlap ({shown})", False)
    return Overlap(
        0.0, f"places apart ({'; '.join(p.words for p in first)} / {'; '.join(p.words for p in second)})", True
    )

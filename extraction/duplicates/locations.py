"""Whether two postings' places overlap (pure once the gazetteers are loaded): one city under two names ("Gurugram",
"Gurgaon"), a city inside a country or state given alone ("United States" and "Remote - California; United States"),
remote on both sides, or the very same words; two cities, states or countries apart are two places."""
import functools
import re
from typing import NamedTuple

from rapidfuzz.distance import Levenshtein

from ..gazetteer import CITY_SHORT_NAMES, city_ids, city_own_names, gazetteer, plain

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


@functools.lru_cache(maxsize=16_384)  # the gazetteers are fixed once loaded; a batch's candidates repeat their places
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


def _with_country(places: list[Place]) -> list[Place]:
    """Remote places without a country of their own given the one country the other places name, where every other
    place may be in it (a city whose name several countries have, in one of them): "Pune or Delhi/NCR Remote" is
    remote in India; in "London / New York / Remote" London is in Britain or Canada, so the remote stays anywhere."""
    countries = {place.country for place in places if place.country}
    if len(countries) != 1:
        return places
    country, city_country = countries.pop(), city_ids()[1]
    if any(not place.country and not place.remote and country not in {city_country[i] for i in place.cities}
           for place in places):
        return places
    return [place._replace(country=country) if place.remote and not place.country else place for place in places]


def read_places(locations: list[str], *, remote: bool = False) -> list[Place]:
    """Every place the location lines name, one more "remote" where the title says the job is remote. A remote piece of
    a line is remote in the country the line's other pieces name (the title's remote, in the country of all the
    posting's places), where they name one."""
    places = [
        place for line in locations
        for place in _with_country([read_place(piece) for piece in _PIECES_RE.split(line or "") if piece.strip(" ,.-")])
    ]
    if remote and not any(place.remote for place in places):
        places = _with_country([*places, Place("remote", True, None, None, frozenset())])
    return places


def _meet(a: Place, b: Place) -> bool:
    """Whether two places overlap. Countries first: "Remote" in a line naming London and "Remote" in one naming New
    York are the same words in two countries."""
    if a.country and b.country and a.country != b.country:
        return False
    if a.words == b.words:
        return True
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


# A text edit naming a place is this many words at most on each side ("New York" -> "San Francisco"); longer edits
# are rewrites, whatever places they mention.
EDITED_PLACE_WORDS = 4


@functools.cache
def _place_names() -> frozenset:
    """The names a text's words may be read as a place by: cities' own names (not their names in other languages,
    which include "the" and "and"), states' and countries' names, `plain`."""
    tables = gazetteer()
    return city_own_names() | {plain(name) for name in (*tables.regions, *tables.countries)} | set(CITY_SHORT_NAMES)


def _named_place(words: list[str]) -> Place | None:
    """The place these words are the whole name of, each word capitalised as names are ("Sale", not "sale")."""
    if not words or len(words) > EDITED_PLACE_WORDS or not all(word[:1].isupper() or word.isupper() for word in words):
        return None
    name = plain(" ".join(words))
    return read_place(" ".join(words)) if name in _place_names() else None


def _mentions(words: list[str], name: list[str]) -> bool:
    size = len(name)
    return any(words[start:start + size] == name for start in range(len(words) - size + 1))


def places_edited(first: list[str], second: list[str], first_cased: list[str], second_cased: list[str]) -> str | None:
    """Where one text names a place and the other, otherwise alike, names another place apart from it in the same
    spot ("based in New York" / "based in San Francisco": one text posted per city), the two places; else None.
    `first`/`second` are the texts' casefolded words, `*_cased` the same words as written. A place the other text
    names elsewhere too is a list reordered, not a place changed."""
    if len(first) != len(first_cased) or len(second) != len(second_cased):
        return None
    for edit in Levenshtein.opcodes(first, second):
        if edit.tag != "replace":
            continue
        place_a = _named_place(first_cased[edit.src_start:edit.src_end])
        place_b = _named_place(second_cased[edit.dest_start:edit.dest_end])
        if not place_a or not place_b or _meet(place_a, place_b):
            continue
        if _mentions(first, second[edit.dest_start:edit.dest_end]) or _mentions(second, first[edit.src_start:edit.src_end]):
            continue
        return f"{' '.join(first_cased[edit.src_start:edit.src_end])} / {' '.join(second_cased[edit.dest_start:edit.dest_end])}"
    return None

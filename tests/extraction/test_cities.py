"""Which one city a place names (extraction.cities), with its geonames id, coordinates and region: other-language and
short names, a region or country choosing among namesakes, and an ambiguous or unknown place given no city."""
import pytest

from extraction.cities import city_of, coordinates_of


@pytest.mark.parametrize(
    "place, geoname_id, region",
    [
        # other languages and scripts
        ("München", 2867714, ""), ("Milano", 3173435, ""), ("Köln", 2886242, ""), ("東京", 1850147, ""),
        # short and common forms
        ("NYC", 5128581, "US-NY"), ("SF", 5391959, "US-CA"), ("SF Bay Area", 5391959, "US-CA"),
        ("San Francisco Bay Area", 5391959, "US-CA"), ("Greater London", 2643743, "GB-ENG"), ("Ft Myers", 4155995, "US-FL"),
        ("New York, NY (HQ)", 5128581, "US-NY"), ("SF / Remote", 5391959, "US-CA"),
        # a state, province or country choosing among namesakes
        ("Portland, OR", 5746545, "US-OR"), ("Portland, ME", 4975802, "US-ME"), ("Portland, Oregon", 5746545, "US-OR"),
        ("Cambridge, UK", 2653941, "GB-ENG"), ("Cambridge, MA", 4931972, "US-MA"), ("Atlanta, Georgia", 4180439, "US-GA"),
        ("Toronto, CA", 6167865, ""), ("München, Bayern", 2867714, "DE-BY"), ("Bombay, MH", 1275339, "IN-MH"),
        # written country first, with a site after the city (Workday)
        ("US, TX, Austin, Plaza on the Lake", 4671654, "US-TX"), ("USA DC Washington", 4140963, "US-DC"),
        ("USA CA San Diego - 2841 Rendova Rd, Bldg 11, Rm 216 (CAC081)", 5391811, "US-CA"),
        ("India, Bangalore, RMZ", 1277333, ""),
        # a region or country listed beside the city is where it is, not a second city
        ("AMER - Canada - Quebec - Montreal - 10 Rue Duke", 6077243, ""), ("Singapore", 1880252, ""),
    ],
)
def test_a_place_naming_one_city_gives_it(place, geoname_id, region):
    city = city_of(place)

    assert city is not None, place
    assert (city.geoname_id, city.region) == (geoname_id, region)


@pytest.mark.parametrize(
    "place",
    [
        "Springfield", "Cambridge", "Washington",  # namesakes none of which stands out; a state as much as a city
        "Germany", "Luxembourg", "Texas", "Antioquia", "Remote - EMEA", "EMEA", "Remote",  # no city
        "Cape Town & Johannesburg", "SF, NYC, SEA, CHI", "Berlin or London",  # several cities
        "Planet Zorg, sector 7G", "Baylor Genetics", "Apply now", "",  # nothing known
        "Berlin, NH",  # a town too small for the table, beside a large namesake elsewhere: not that one
    ],
)
def test_an_ambiguous_or_unknown_place_gives_no_city(place):
    assert city_of(place) is None


def test_a_country_given_keeps_the_city_inside_it():
    assert city_of("Paris", country="US") is None  # Paris, TX is too small for the table: no other Paris is taken
    assert city_of("Rome", country="IT").geoname_id == 3169070


@pytest.mark.parametrize(
    "place",
    ["Berlin" * 1000, "München\x00\x1b[31m" + "x" * 300, "\u202eBerlin" * 60, "," * 500, " / " * 200, "(((((" * 100],
)
def test_hostile_input_gives_no_city_and_no_error(place):
    assert city_of(place) is None


def test_control_characters_around_a_name_are_ignored():
    assert city_of("\x00München\u202e\n").geoname_id == 2867714


def test_coordinates_are_the_citys():
    lat, lon = coordinates_of("München")

    assert (round(lat, 1), round(lon, 1)) == (48.1, 11.6)
    assert coordinates_of("Springfield") is None

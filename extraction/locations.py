"""The job's places as the posting names them: a labelled line ("Location: Lisbon", "Arbeitsort: München"), the
top card's, the place a title ends with, or a sentence tying the work to a place (pure)."""
import re

from .labels import PLACE, labelled_re
from .markdown import plain
from .places import country_of, is_place, names_country, places_in
from .terms import EITHER_WORDS, badge_kind, remote_mode
from .top_card import FURNITURE_RE, TopCard
from .workplace import workplace_named

MAX_PLACE_VALUE = 50  # characters of a labelled place no gazetteer knows, taken as written ("Bugis")
_PLACE_LINE_RE = labelled_re(PLACE)


def locations_named(text: str, card: TopCard) -> list[str]:
    """The job's places: a labelled line's ("Location: Lisbon", "Arbeitsort: München"), else the top card's. A
    labelled value is taken as written when it is short, and else only for the places it names: "Location: Flexible,
    though San Francisco preferred" is a sentence, not a place."""
    for match in _PLACE_LINE_RE.finditer(text or ""):
        value = _without_arrangement(plain(match.group("value")).strip(" ."))
        if not value or FURNITURE_RE.match(value) or badge_kind(value) or remote_mode(value) != "unknown":
            continue
        if is_place(value):
            return [value]
        if found := places_in(value):
            return _agreeing(_listed(value, found), card.locations)
        # Not a sentence, nor a street's address ("Trollhaugmyra 15"): a place's name has no figure
        if len(value) <= MAX_PLACE_VALUE and len(value.split()) <= 4 and not re.search(r"[.!?;]\s|\d", value):
            return [value]
    return card.locations or _title_place(card.title or "") or workplace_named(text)


# The place a title ends with: "Nurse in London", "Operationssjuksköterska till Umeå!". Not after a dash, where a
# team often stands ("Developer - Mobile"), nor after "at", which names the employer ("Manager at Google").
_TITLE_PLACE_RE = re.compile(
    r"\s(?:in|near|till|i|à|a|en|em|bei|im|w|v|в|во)\s(?P<place>[^\W\d_][^()!?,|]{1,40}?)"
    r"[!.]?\s*(?:[(（][^)）]*[)）]\s*)*$",
    re.IGNORECASE,
)


# A title's last parentheses naming a place: "Nakliye Analisti (Esenyurt)", "Sales Manager (Berlin)"; not a team or
# the words titles use that some town is also called ("iOS Engineer (Mobile)").
_TITLE_PARENTHESES_RE = re.compile(r"[(（](?P<place>[^()（）]{2,40})[)）]\s*$")
_TITLE_WORDS = {"mobile", "remote", "normal", "deal", "opportunity", "centre", "center", "nights", "days"}


def _title_place(title: str) -> list[str]:
    """The place a title ends with, when the gazetteers know it."""
    match = _TITLE_PLACE_RE.search(title)
    if match and is_place(match.group("place")):
        return [match.group("place").strip()]
    match = _TITLE_PARENTHESES_RE.search(title)
    place = match.group("place").strip() if match else ""
    if place and place.casefold() not in _TITLE_WORDS and is_place(place) and remote_mode(place) == "unknown":
        return [place]
    return []


# "Onsite (Pine Bluff or Colborne)", "Hybrid - London": a work arrangement, then the places it applies to.
_ARRANGEMENT_RE = re.compile(r"^(?P<mode>[^()\-–:,]{2,30}?)\s*(?:[(（](?P<inner>[^)）]+)[)）]|[-–:,]\s*(?P<rest>.+))$")
# Places offered as alternatives; not "and": "München und Umgebung" is Munich and its surroundings.
_LIST_SPLIT_RE = re.compile(rf"\s*(?:[;/|]|\s(?:{EITHER_WORDS})\s)\s*")
MAX_LISTED_WORDS = 3  # words of a listed place no gazetteer knows ("Colborne", "Uherské Hradiště")


def _agreeing(labelled: list[str], card: list[str]) -> list[str]:
    """A labelled line's places, unless the top card writes its places with a country that none of them is in: a
    country written out beats one the gazetteer guessed for a name ("CABA" is also a town in India)."""
    written = {country_of(place) for place in card if names_country(place)} - {None}
    if written and not written & {country_of(place) for place in labelled}:
        return card
    return labelled


def _without_arrangement(value: str) -> str:
    """A labelled location without the work arrangement it starts with; the value itself when it names none."""
    match = _ARRANGEMENT_RE.match(value)
    if match and badge_kind(match.group("mode").strip()) and not is_place(value):
        return (match.group("inner") or match.group("rest")).strip(" .")
    return value


def _listed(value: str, found: list[str]) -> list[str]:
    """The places a labelled value lists: all of its parts when each is a name and the gazetteer knows one of them
    ("Pine Bluff or Colborne"), else those the gazetteer knows."""
    parts = [part.strip(" .") for part in _LIST_SPLIT_RE.split(value) if part.strip(" .")]
    if len(parts) > len(found) and all(_name_like(part) for part in parts):
        return parts
    return found


def _name_like(part: str) -> bool:
    words = part.split()
    return len(words) <= MAX_LISTED_WORDS and not re.search(r"\d", part) and all(word[0].isupper() for word in words)

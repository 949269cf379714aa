"""Where a fully remote job is open to, as stored in Job.remote_regions (pure): ISO alpha-2 countries and areas
(jobscraper.regions.Area). Read, in this order, from what the source states (JSON-LD's applicantLocationRequirements),
from the job's places where they are written as where one works remotely ("Remote (US)", "Remote - EMEA", "Europe"),
and from the posting's words where a sentence says who may apply ("open to candidates based in the US and Europe",
"must be based in Canada"). Never guessed: a remote job that says none of these keeps none, meaning "not said".
"""
import re

from jobscraper.regions import COUNTRY_GROUPS, area_of

from .places import iso_country

# Words that say a place is where one works remotely, not an office: "Remote (US)", "US, TX, Remote", "Fully Remote
# Poland", "Anywhere in Ireland", "Remote-Friendly, United States".
_ARRANGEMENT_RE = re.compile(
    r"\b(?:fully\s+|100\s*%\s*)?(?:remote(?:[- ]friendly|[- ]first)?|anywhere(?:\s+in)?|work\s+from\s+home|wfh)\b",
    re.IGNORECASE,
)
# What a list of places is written with: "US or Canada", "Spain, Portugal & France", "UK / Ireland".
_LIST_RE = re.compile(r"\s*(?:,|/|&|;|\||\bor\b|\band\b)\s*", re.IGNORECASE)
# Words around a place that say nothing of which: "(US only)", "the United States", "the European region".
_FILLER_RE = re.compile(r"^(?:the|only)\s+|\s+(?:only|region|area|countries|based)$", re.IGNORECASE)
TEXT_READ = 20_000  # characters; a posting's terms are in its first pages, not past its 20,000th character

# A sentence saying who may apply from where. The places are capitalised names listed with ", ", " or ", " and ",
# "/", "&", each maybe after "the" ("the US and Europe").
_WORD = r"[A-Z](?:[\w'-]|\.(?=\w))*"  # a dot only within a name ("U.S"), never a sentence's full stop
_NAME = rf"(?:the\s+)?{_WORD}(?:\s+{_WORD}){{0,3}}"
_PLACES = rf"(?P<places>{_NAME}(?:\s*(?:,|/|&|\bor\b|\band\b)\s*{_NAME})*)"
_TEXT_RES = [re.compile(pattern) for pattern in (
    # "This role is open to candidates based in North America", "open to applicants residing in the EU"
    rf"(?i:\bopen\s+to\s+(?:candidates|applicants|people|residents|talent|anyone)\s+(?:who\s+(?:are|live)\s+)?"
    rf"(?:(?:based|located|living|residing)\s+)?(?:in|within|across|from))\s+{_PLACES}",
    # "You must be based in the United States", "must reside in Canada", "must be located within the EU"
    rf"(?i:\bmust\s+(?:be\s+)?(?:based|located|living|residing|reside|live)\s+(?:in|within))\s+{_PLACES}",
    # "remote within Canada", "remotely within the European Region", "remote from anywhere in Europe"
    rf"(?i:\bremote(?:ly)?\s+(?:within|from\s+anywhere\s+in|anywhere\s+in|across))\s+{_PLACES}",
    # "US-based candidates only", "EU-based applicants only"
    rf"{_PLACES}[- ]based\s+(?:candidates|applicants)\s+only\b",
)]
# Said of the places just read, these make the sentence something else: working hours ("North America or Europe time
# zones"), or places named as a first step ("the US and Europe to start").
_AFTER_RE = re.compile(r"\s*(?:time\s*zones?|timezones?|hours|business\s+hours|working\s+hours|to\s+start)\b", re.I)
# Before the sentence, these turn it round: "not open to candidates based in...", "except those located in...".
_BEFORE_RE = re.compile(r"\b(?:not|n't|except|excluding|outside(?:\s+of)?|unless)\b[^.]{0,40}$", re.IGNORECASE)


def remote_regions(*, remote: str, locations: list, stated=(), text: str = "") -> tuple[list[str], str]:
    """(where a job is open to, what said so: "source", "locations" or "text"; ([], "") when nothing does or the job
    is not fully remote). `stated` is the source's own list of names or codes (JSON-LD applicantLocationRequirements),
    `locations` the job's places as stored (each with its country as located() reads it)."""
    if remote != "remote":
        return [], ""
    found = _unique(code for name in (stated or ()) for code in _listed_codes(str(name)))
    if found:
        return found, "source"
    found = _unique(code for location in locations if isinstance(location, dict) for code in _location_codes(location))
    if found:
        return found, "locations"
    found = _text_codes(text or "")
    return (found, "text") if found else ([], "")


def _unique(codes) -> list[str]:
    return list(dict.fromkeys(codes))


def _codes(piece: str) -> list[str]:
    """The countries or area one name stands for ("USA", "España", "EMEA", "DACH"), or [] if it names neither."""
    piece = _FILLER_RE.sub("", " ".join(piece.split()).strip(" .()-–—:")).strip()
    piece = _FILLER_RE.sub("", piece).strip()
    if not piece:
        return []
    if area := area_of(piece):
        return [area.value]
    if group := COUNTRY_GROUPS.get(piece.casefold()):
        return list(group)
    country = iso_country(piece) or iso_country(piece.replace(".", ""))  # "U.S"
    return [country] if country else []


def _listed_codes(phrase: str) -> list[str]:
    """The codes of a phrase that lists places and nothing else ("US or Canada", "Spain, Portugal"); [] when any
    piece names no country or area ("Paris, France": Paris is a city, and says the job is not open to all France)."""
    if whole := _codes(phrase):
        return whole  # "UK & Ireland", "Trinidad and Tobago": one name written with a list's word
    pieces = [piece for piece in _LIST_RE.split(phrase) if piece and piece.strip(" .()")]
    codes = [_codes(piece) for piece in pieces]
    return [code for found in codes for code in found] if pieces and all(codes) else []


def _location_codes(location: dict) -> list[str]:
    """Where a remote job's place says it is open to: the countries and areas its name lists once the words of
    working remotely are taken off ("Remote (US or Canada)", "Remote - EMEA", "Europe"); else its country, where the
    name says it is where one works remotely ("US, TX, Remote", "Remote - California"). A city alone ("San Francisco,
    CA") is an office's place, not who may apply: nothing."""
    name = str(location.get("name") or "")
    bare = _ARRANGEMENT_RE.sub(" ", name).replace("(", " ").replace(")", " ")
    bare = re.sub(r"^[\s,|:·–—-]+|[\s,|:·–—-]+$", "", bare)
    if bare and (codes := _listed_codes(bare)):
        return codes
    country = str(location.get("country") or "")
    if country and (_ARRANGEMENT_RE.search(name) or not bare):
        return [country]
    return []


def _text_codes(text: str) -> list[str]:
    """Where the posting's sentences say the job is open to (the first that names only countries or areas)."""
    head = text[:TEXT_READ]
    for match in sorted((m for regex in _TEXT_RES for m in regex.finditer(head)), key=lambda m: m.start()):
        if _AFTER_RE.match(head, match.end("places")) or _BEFORE_RE.search(head, max(0, match.start() - 60), match.start()):
            continue
        if codes := _listed_codes(match.group("places")):
            return _unique(codes)
    return []

"""When a posting says it was posted: a labelled date ("Posted on 5 March 2024", "Veröffentlicht: vor 2 Tagen",
"Дата создания вакансии: 14 July 2023"), or a date phrase standing alone in the posting's top card or last lines.
Relative dates ("3 days ago", "vor 2 Tagen", "今日") are read against the time the page was fetched, and only
then: without that time they say nothing. dateparser reads the phrases, in the languages postings are written in
(pure).
"""
import functools
import re
from datetime import date, datetime, timedelta

from .labels import POSTED

LANGUAGES = ("en", "de", "fr", "es", "pt", "it", "nl", "pl", "cs", "sv", "da", "nb", "fi", "ru", "uk", "ja", "zh", "ko")
EARLIEST = date(1995, 1, 1)  # no job board is older; an earlier "date" is a misread figure
# A date read against this base lands before EARLIEST: the phrase was relative, or lacked its year.
_PROBE_BASE = datetime(1900, 6, 15)

_LABELLED_DATE_RE = re.compile(
    rf"(?<![\w])(?:{POSTED})\s*[:：]?\s*(?P<phrase>[^\n·•|]{{1,60}})", re.IGNORECASE
)
# A phrase of relative time: "3 days ago", "4d ago", "vor 2 Tagen", "il y a 3 jours", "hace 2 días", "há 3 dias",
# "3 giorni fa", "2 dni temu", "3 дня назад", "2 dagar sedan", "3 dagen geleden", "2日前", "today", "heute"...
_RELATIVE_RE = re.compile(
    r"\d+\+?\s*[^\W\d]+\.?\s+(?:ago|fa|temu|назад|sedan|siden|geleden|sitten|önce)\b"
    r"|(?<!\w)(?:vor|il\s+y\s+a|hace|há|ha|před|за)\s+\d+\+?\s*[^\W\d]+"
    r"|\d+\+?\s*(?:日|時間|分|週間|か月|ヶ月|天|小时|周|个月|일|시간|주|개월)\s*前"
    r"|(?<!\w)(?:today|yesterday|just\s+(?:now|posted)|heute|gestern|aujourd'hui|hier|hoy|ayer|hoje|ontem|oggi|ieri|"
    r"vandaag|gisteren|dzisiaj|wczoraj|dnes|včera|сегодня|вчера|idag|i\s+dag|igår|i\s+går|tänään|eilen)(?!\w)"
    r"|今日|本日|昨日|今天|昨天|오늘|어제",
    re.IGNORECASE,
)
# A date with its year, written out: "2024-03-05", "5 March 2024", "Fri, 02 Sep 2022 22:20:48 GMT", "2024年3月5日".
_ABSOLUTE_RE = re.compile(
    r"\d{4}-\d{1,2}-\d{1,2}(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?"
    r"|(?:[^\W\d]+\.?,?\s+)?\d{1,2}\.?\s+(?:de\s+)?[^\W\d]+\.?,?\s+(?:de\s+)?\d{4}(?:[ ,T]+[\d:]+(?:\s*(?:GMT|UTC)?[+-]?[\d:]*)?)?"
    r"|[^\W\d]+\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{1,2}[./-]\d{1,2}[./-]\d{4}"
    r"|\d{4}\s*[年/.]\s*\d{1,2}\s*[月/.]\s*\d{1,2}\s*日?"
)


@functools.lru_cache(maxsize=16)  # one per fetch time in use; a worker reads one batch's postings at a time
def _parser(base: datetime, order: str = ""):
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
    return DateDataParser(languages=list(LANGUAGES), settings={**settings, **({"DATE_ORDER": order} if order else {})})


_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _parse(phrase: str, base: datetime, order: str = "") -> date | None:
    if iso := _ISO_RE.match(phrase):  # the commonest form, read without dateparser's language detection
        try:
            return date(*map(int, iso.groups()))
        except ValueError:
            return None
    try:
        parsed = _parser(base, order).get_date_data(phrase).date_obj
    except (ValueError, OverflowError, TypeError, AttributeError):  # dateparser's ways of failing on odd input
        return None
    return parsed.date() if parsed else None


def _numeric_order(phrase: str, day_first: bool | None) -> str | None:
    """The date order ("DMY", "MDY") a numeric date is read in, "" for other forms, None when it cannot be told:
    "14.03.2024" is day first anywhere, "03/04/2024" is March or April depending on the country."""
    match = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-]\d{4}", phrase.strip())
    if not match:
        return ""
    first, second = int(match.group(1)), int(match.group(2))
    if first > 12 or first == second:
        return "DMY"
    if second > 12:
        return "MDY"
    return None if day_first is None else ("DMY" if day_first else "MDY")


def date_in_phrase(phrase: str, *, fetched_at: datetime | None, day_first: bool | None = None) -> date | None:
    """The date a short phrase names: an absolute date with its year, or a relative one read against `fetched_at`.
    None for what is not a date, for "30+ days ago" (no day can be told), for a relative date with no fetch time,
    and for "03/04/2024" unless `day_first` says how the posting's country writes dates. A date after the fetch (or
    after today) is no posting date."""
    phrase = phrase.strip(" .,;:()[]*")
    if not phrase or not re.search(r"\d|\w{2}", phrase):
        return None
    latest = (fetched_at or datetime.now()).date() + timedelta(days=1)
    if (absolute := _ABSOLUTE_RE.search(phrase)) and (order := _numeric_order(absolute.group(), day_first)) is not None:
        found = _parse(absolute.group(), _PROBE_BASE, order)
        if found and EARLIEST <= found <= latest:
            return found
    if fetched_at is None or not (relative := _RELATIVE_RE.search(phrase)) or "+" in relative.group():
        return None
    found = _parse(relative.group(), fetched_at.replace(tzinfo=None))
    return found if found and EARLIEST <= found <= latest else None


def labelled_posting_date(text: str, *, fetched_at: datetime | None, day_first: bool | None = None) -> date | None:
    """The first date a "posted" label gives in the text."""
    for match in _LABELLED_DATE_RE.finditer(text or ""):
        if found := date_in_phrase(match.group("phrase"), fetched_at=fetched_at, day_first=day_first):
            return found
    return None


def is_date_phrase(piece: str) -> bool:
    """`piece` of a top card or line is a date and little else: "1 day ago", "Posted 4d ago", "5 March 2024"."""
    piece = re.sub(rf"^(?:{POSTED})\s*[:：]?\s*", "", piece.strip(), flags=re.IGNORECASE)
    found = _RELATIVE_RE.search(piece) or _ABSOLUTE_RE.search(piece)
    return bool(found) and len(piece) - len(found.group()) <= 3

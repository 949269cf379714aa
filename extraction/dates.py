"""When a posting says it was posted: a labelled date ("Posted on 5 March 2024", "Veröffentlicht: vor 2 Tagen",
"Дата создания вакансии: 14 July 2023"), or a date phrase standing alone in the posting's top card or last lines.
Relative dates ("3 days ago", "vor 2 Tagen", "今日") are read against the time the page was fetched, and only
then: without that time they say nothing. dateparser reads the phrases, in the languages postings are written in
(pure).
"""
import functools
import re
from datetime import date, datetime, timedelta

from .labels import DATED, POSTED
from .patterns import Anchored, LineStarts, by_first_character

LANGUAGES = (
    "en", "de", "fr", "es", "pt", "it", "nl", "pl", "cs", "sv", "da", "nb", "fi", "ru", "uk", "ja", "zh", "ko", "tr", "bg",
    "ro", "hu", "el", "lt", "sk", "he", "ar", "th",
)
EARLIEST = date(1995, 1, 1)  # no job board is older; an earlier "date" is a misread figure
# A date read against this base lands before EARLIEST: the phrase was relative, or lacked its year.
_PROBE_BASE = datetime(1900, 6, 15)

_LABELLED_DATE_RE = Anchored(
    rf"(?<![\w])(?:{POSTED})\s*[:：]?\s*(?P<phrase>[^\n·•|]{{1,60}})", re.IGNORECASE
)
# A phrase of relative time: "3 days ago", "4d ago", "vor 2 Tagen", "il y a 3 jours", "hace 2 días", "há 3 dias",
# "3 giorni fa", "2 dni temu", "3 дня назад", "2 dagar sedan", "3 dagen geleden", "2日前", "today", "heute"...
_RELATIVE_RE = re.compile(
    r"\d+\+?\s*[^\W\d]+\.?\s+(?:ago|fa|temu|назад|sedan|siden|geleden|sitten|önce)\b"
    r"|(?<!\w)(?:vor|il\s+y\s+a|hace|há|ha|před|pred|за|преди|πριν|acum|prieš|לפני|منذ)\s+\d+\+?\s*[^\W\d]+"
    r"|\d+\+?\s*(?:日|時間|分|週間|か月|ヶ月|天|小时|周|个月|일|시간|주|개월)\s*前"
    r"|(?<!\w)(?:today|yesterday|just\s+(?:now|posted)|heute|gestern|aujourd'hui|hier|hoy|ayer|hoje|ontem|oggi|ieri|"
    r"vandaag|gisteren|dzisiaj|wczoraj|dnes|včera|сегодня|вчера|idag|i\s+dag|igår|i\s+går|tänään|eilen|днес|astăzi|"
    r"azi|σήμερα|χθες|šiandien|vakar|bugün|dün|היום|אתמול|اليوم|أمس)(?!\w)"
    r"|今日|本日|昨日|今天|昨天|오늘|어제|วันนี้|เมื่อวาน",
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
# English relative dates, the commonest after ISO ones, read as dateparser reads them (checked alike for every count
# up to 119 and some to 9,999, each unit, with and without a space or full stop, against five fetch times) without
# its language detection (~0.4 ms a phrase). Months and years are dateparser's: they are not a fixed time back.
_AGO_RE = re.compile(r"([1-9][0-9]{0,3}|0) ?(days?|d|weeks?|wk|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\.? ago")
_AGO_UNITS = {"d": "days", "w": "weeks", "h": "hours", "m": "minutes", "s": "seconds"}  # by the unit's first letter
_DAYS_BACK = {"today": 0, "Today": 0, "yesterday": 1, "Yesterday": 1}
# English dates written out, as feeds and boards give them ("Fri, 02 Sep 2022 22:20:48 GMT", "14 July 2023 08:20:46
# UTC+03:00", "July 14, 2023"): dateparser reads the day as written, whatever the weekday or the zone, where it knows
# the zone (whole hours from -12 to +14 here; it gives no date for "UTC-11:30" or "UTC-13:00"), in ~1 ms a phrase.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_MONTH_NUMBERS = {name: number for number, month in enumerate(_MONTHS, 1) for name in (month, month[:3])}
_WRITTEN_RE = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(?P<day>[0-9]{1,2}) (?P<month>[A-Z][a-z]+) (?P<year>[0-9]{4})"
    r"(?: (?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    r"(?: GMT| UTC(?:\+(?:0[0-9]|1[0-4]):00|-(?:0[0-9]|1[0-2]):00)?)?)?"
    r"|(?P<month_first>[A-Z][a-z]+) (?P<day_second>[0-9]{1,2}), (?P<year_last>[0-9]{4})"
)


def _written_date(phrase: str) -> date | None:
    """The day of an English date written out, where it is a real day and time; None leaves it to dateparser."""
    if not (match := _WRITTEN_RE.fullmatch(phrase)):
        return None
    month = _MONTH_NUMBERS.get(match["month"] or match["month_first"])
    year, day = int(match["year"] or match["year_last"]), int(match["day"] or match["day_second"])
    clock = [int(match[part] or 0) for part in ("hour", "minute", "second")]
    if month is None or not 1900 <= year < 2100 or clock[0] > 23 or max(clock[1:]) > 59:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse(phrase: str, base: datetime, order: str = "") -> date | None:
    if iso := _ISO_RE.match(phrase):  # the commonest form, read without dateparser's language detection
        try:
            return date(*map(int, iso.groups()))
        except ValueError:
            return None
    if ago := _AGO_RE.fullmatch(phrase):
        return (base - timedelta(**{_AGO_UNITS[ago.group(2)[0]]: int(ago.group(1))})).date()
    if phrase in _DAYS_BACK:
        return (base - timedelta(days=_DAYS_BACK[phrase])).date()
    if not order and (written := _written_date(phrase)):
        return written
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


_DATE_LINE_RE = LineStarts(rf"^[\s*#>!_-]*(?:{DATED})\s*[:：]\s*(?P<phrase>[^\n·•|!]{{1,60}})", re.IGNORECASE)


def labelled_posting_date(text: str, *, fetched_at: datetime | None, day_first: bool | None = None) -> date | None:
    """The first date a "posted" label gives in the text, else one a line labelled "Date:" gives."""
    for pattern in (_LABELLED_DATE_RE, _DATE_LINE_RE):
        for match in pattern.finditer(text or ""):
            if found := date_in_phrase(match.group("phrase"), fetched_at=fetched_at, day_first=day_first):
                return found
    return None


_DIGIT_RE = re.compile(r"\d")
_POSTED_LABEL_RE = re.compile(rf"^(?:{by_first_character(POSTED)})\s*[:：]?\s*|^(?:{DATED})\s*[:：]\s*", re.IGNORECASE)
MAX_AROUND_DATE = 3  # characters a date phrase may have besides its date


@functools.lru_cache(maxsize=32)
def is_date_phrase(piece: str) -> bool:
    """`piece` of a top card or line is a date and little else: "1 day ago", "Posted 4d ago", "5 March 2024"."""
    piece = _POSTED_LABEL_RE.sub("", piece.strip())
    found = _first_match(_RELATIVE_RE, piece)
    # Every date with its year holds a digit: most pieces hold none, told by one scan, not four tries of the pattern.
    if found is None and _DIGIT_RE.search(piece) and (found := _first_match(_ABSOLUTE_RE, piece)):
        if _RELATIVE_RE.search(piece):
            return False  # a relative date further on is the one read, and leaves too much around it
    return bool(found) and len(piece) - len(found.group()) <= MAX_AROUND_DATE


def _first_match(pattern: re.Pattern, piece: str) -> re.Match | None:
    """`pattern.search(piece)` where its match starts early enough to leave little else: a date phrase's date starts
    within its first characters, and most lines of a posting (~100 characters) are no date, found without
    searching them whole."""
    return next(filter(None, (pattern.match(piece, start) for start in range(MAX_AROUND_DATE + 1))), None)

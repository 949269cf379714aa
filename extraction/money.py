"""How amounts of money are written: figures and their grouping, scales ("45k", "2 lakhs"), currency signs and codes,
and the words around a figure that make it something other than pay. Shared by the pay parser (pay.py) and the
figures grounding reads (figures.py); pure, no LLM."""
import re

from .patterns import by_first_character, first_character_guard
from .pay_vocabulary import AMBIGUOUS_TOKENS, CURRENCY_TOKENS, SCALES

_FOLDED_TOKENS = {token.casefold(): code for token, code in CURRENCY_TOKENS.items()}
# The longest token first, grouped by first character behind a guard on those: under IGNORECASE the regex engine
# enters each of ~80 alternatives at every place it tries; tokens starting with different letters never meet.
_BY_LENGTH = sorted(CURRENCY_TOKENS, key=lambda token: len(re.escape(token)), reverse=True)
CURRENCY_RE = first_character_guard(token[0].lower() for token in _BY_LENGTH) + "(?:" + "|".join(
    re.escape(first) + f"(?:{'|'.join(re.escape(token[1:]) for token in _BY_LENGTH if token[0].lower() == first)})"
    for first in dict.fromkeys(token[0].lower() for token in _BY_LENGTH)
) + ")"
# Thousands grouped by a mark ("215.000", "90'000" in Switzerland) or, in India, lakhs by twos ("2,00,000").
NUMBER = (
    r"\d{1,2}(?:,\d{2})+,\d{3}(?:\.\d{1,2})?|\d{1,3}(?:[.,\u00a0\u202f\u2009 '’]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
)


# Not the K of "Kč"; "tis." (Czech), "tys." (Polish), "тыс." (Russian), "Tsd." (German), "mil" (Spanish, Portuguese)
SCALE_RE = r"[kK](?![^\W\d_])|万|(?:tis|tys|тыс|Tsd)\.?|mil\b|(?:lacs?|lakhs?|lpa|crores?)\b"
GAP = r"[^\S\n]"  # a space within the line: a statement of pay never runs on into the next line


# Every match of these patterns has a figure, and only a few characters can come before its first digit: the
# patterns are tried only there (_salary_matches, _figure_currencies), not at each position of the text. Written
# "\d\d*", not "\d+", as the regex engine skips to a class a pattern starts with, but enters a repeat at every
# character (a scan of a posting ~40 % faster).
FIGURES_RE = re.compile(r"\d\d*")
LONGEST_TOKEN = max(map(len, CURRENCY_TOKENS))
# What follows a figure that is no pay: a sum of funding, a count of time or a share, a clock, an ordinal, a date.
NOT_PAY_AFTER_RE = re.compile(
    r"^\s*(?:m\b|mn\b|bn\b|million|billion|raised|in funding|series|equity|shares|stock)"
    # A figure counting time or a share ("25 days of leave", "3 extra days off", "3-5 years", "5%", "401(k)"); not
    # a rate's period ("$12 hourly", "$3000 monthly").
    r"|^[\s+-]*(?:(?:extra|additional|paid|more|working|business|calendar)\s+)?(?:(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?|times)\b|x\b|stunden|std\b|tage?n?\b|wochen|monate?n?|jahren?|"
    r"mal\b|heures|jours|semaines|mois\b|ans\b|fois|horas|días|dias|semanas|meses|años|anos|vezes|veces|ore\b|giorni|"
    r"settimane|mesi|anni|volte|godzin|dni\b|tygodni|miesięcy|lat\b|razy|hodin|dnů|týdnů|měsíců|let\b|krát|uur\b|"
    r"dagen|weken|maanden|jaar|timmar|dagar|veckor|månader|år\b|timer|dage|uger|måneder|tuntia|päivää|часов|дней|"
    r"недел|месяц|лет\b|года?\b|раз)|^\s*(?:%|percent\b|\(k\))|^:\d"  # "9:45": a clock's time
    # "2pm to 11pm" a clock's time too, "13th-month salary" an ordinal, "17.05.2022" a date
    r"|^\s?[ap]\.?m\b\.?|^(?:st|nd|rd|th)\b|^\.\d{2,4}\b",
    re.I,
)
# Money that is not pay, named just before the figure: "a learning budget of €1,750", "bonus of $5k".
# Only whether it matches is asked (names_other_money): the words grouped by first character, and the endings of
# words ("Essensbidrag", "Fahrtkostenzuschuss") looked for as such, not from each character of a word on.
_NOT_PAY_BEFORE_RE = re.compile(
    r"(?:\b(?:" + by_first_character(
        r"budget|allowance|stipend|vouchers?|bonus(?:es)?|credits?|commissions?|comms|ote|on[- ]target|equity|reimburse\w*|"
        r"relocation|referral|signing|sign-on|funding|raised|valuation|revenue|401\(?k\)?|meals?|food|lunch|"
        r"benef[ií]cios?|alimenta\w*|vales?|tickets?|allocation|prime|discount|desconto|"
        r"descuento|rabatt|remise|sconto|rent|fees?|costs?|deposit"
    ) + r")|bidrag|zuschuss)\b[^.\n]{0,25}$"
    # Allowances and what the employee pays (a flat's rent): "交通費 あり（～35,000円）", "費用：34,000円/月".
    r"|(?:交通費|通勤費|手当|費用|家賃|寮費|补贴|津贴|补助|费用|房租|수당|교통비|비용|월세|ค่ากะ|ค่ารถ|ค่าเดินทาง|เบี้ยเลี้ยง)"
    r"[^。\n]{0,25}$",
    re.I,
)


def names_other_money(before: str) -> bool:
    """`_NOT_PAY_BEFORE_RE` finds its words in the text before a figure: searched from the last full stop or line
    break on (but for one that ends the text), as no match spans one."""
    end = len(before) - 1 if before.endswith("\n") else len(before)
    return bool(_NOT_PAY_BEFORE_RE.search(before, max(before.rfind(".", 0, end), before.rfind("\n", 0, end)) + 1))


def scale(suffix: str | None) -> int:
    return SCALES[suffix.lower().rstrip(".")] if suffix else 1


_THIN_SPACES_RE = re.compile("[\u00a0\u202f\u2009]")
_GROUP_MARK_RE = re.compile(r"[., '’]")


def parse_number(raw: str) -> float:
    """'215.000' -> 215000, '11.22' -> 11.22, '100,000' -> 100000, '45 000' -> 45000, "90'000" -> 90000,
    '2,00,000' -> 200000."""
    if raw.isdigit():  # most figures ("2024", "5"): what the steps below come to, without them
        return float(raw)
    raw = _THIN_SPACES_RE.sub(" ", raw).strip()
    groups = _GROUP_MARK_RE.split(raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    if len(groups) > 2 and len(groups[-1]) == 3 and all(len(g) == 2 for g in groups[1:-1]):  # lakhs: "2,00,000"
        return float("".join(groups))
    if len(groups) > 2:  # thousands groups then a decimal part: 1,234.56 or 1.234,56
        return float("".join(groups[:-1]) + "." + groups[-1])
    return float(raw.replace(",", "."))


def ambiguous_currencies(token: str) -> tuple[str, ...]:
    """The currencies a sign or word stands for that names none alone ("$", "kr", "Rs"), in any case; () for one
    that names its currency."""
    return AMBIGUOUS_TOKENS.get(token.lower(), ())


def iso(token: str) -> str:
    # The salary pattern matches its tokens in any case: "kč" as well as "Kč".
    return CURRENCY_TOKENS.get(token) or _FOLDED_TOKENS[token.casefold()]

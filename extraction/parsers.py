"""Plain parsers for salary, remote mode and employment type in posting text (pure, no LLM)."""
import re
from dataclasses import dataclass

_CURRENCY_TOKENS = {
    "S$": "SGD", "SGD": "SGD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "HK$": "HKD", "HKD": "HKD", "US$": "USD", "USD": "USD", "$": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
    "GBP": "GBP", "¥": "JPY", "円": "JPY", "JPY": "JPY", "₹": "INR", "INR": "INR", "₽": "RUB", "RUB": "RUB",
    "руб": "RUB", "SEK": "SEK", "kr": "SEK", "CHF": "CHF", "PHP": "PHP", "₱": "PHP",
}
_CURRENCY_RE = "|".join(sorted((re.escape(token) for token in _CURRENCY_TOKENS), key=len, reverse=True))
_NUMBER = r"\d{1,3}(?:[.,\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"


def _amount(n: int) -> str:
    return rf"(?P<cur{n}>{_CURRENCY_RE})?\s?(?P<num{n}>{_NUMBER})\s?(?P<k{n}>[kK](?![a-zA-Z]))?"


_SALARY_RE = re.compile(
    r"(?:(?P<upto>up to|to|max(?:imum)?)\s+)?"
    + _amount(1)
    + r"(?:\s*(?:-|–|—|to|~)\s*"
    + _amount(2)
    + r")?"
    + rf"(?:\s?(?P<cur3>{_CURRENCY_RE})(?![a-zA-Z]))?",
    re.IGNORECASE,
)
_PERIOD_PATTERNS = [
    ("hour", r"per hour|an hour|/\s?h(?:ou)?r|hourly|p\.?h\.?\b|в час|時給"),
    ("day", r"per day|a day|/\s?day|daily|day rate|per diem|в день|日給"),
    ("week", r"per week|a week|/\s?w(?:ee)?k|weekly"),
    ("month", r"per month|a month|/\s?mo(?:nth)?|monthly|p\.?m\.?\b|в месяц|月給|månad"),
    ("year", r"per annum|per year|a year|/\s?y(?:ea)?r|annual(?:ly)?|yearly|p\.?a\.?\b|年収|в год"),
]
# Whole words only: "operate", "corporate" and "payload" are not about pay.
_SALARY_CONTEXT_RE = re.compile(
    r"\b(?:salary|salaries|pay|paid|compensation|wages?|rates?|remuneration|ctc|ote)\b|зарплат|給|lön", re.I
)
_NOT_SALARY_RE = re.compile(
    r"^\s*(?:m\b|mn\b|bn\b|million|billion|raised|in funding|series|equity|shares|stock)"
    # A figure counting time or a share ("25 days of leave", "3-5 years", "40 hours per week", "5%", "401(k)").
    r"|^[\s+-]*(?:days?|weeks?|months?|years?|yrs?|hours?|hrs?)\b|^\s*(?:%|percent\b|\(k\))",
    re.I,
)
# Money that is not pay, named just before the figure: "a learning budget of €1,750", "bonus of $5k".
_NOT_PAY_BEFORE_RE = re.compile(
    r"\b(?:budget|allowance|stipend|vouchers?|bonus(?:es)?|commission|equity|reimburse\w*|relocation|referral|"
    r"signing|sign-on|funding|raised|valuation|revenue|401\(?k\)?)\b[^.\n]{0,25}$",
    re.I,
)
_YEAR_RE = re.compile(r"(?:19|20)\d\d")
_RANGE_GAP_RE = re.compile(rf"\s*(?:-|–|—|to)\s*(?:{_CURRENCY_RE})?\s?", re.I)


@dataclass(frozen=True)
class SalaryRange:
    min: float | None
    max: float | None
    currency: str | None
    period: str | None


def parse_number(raw: str) -> float:
    """'215.000' -> 215000, '11.22' -> 11.22, '100,000' -> 100000, '45 000' -> 45000."""
    raw = raw.replace("\u00a0", " ").strip()
    groups = re.split(r"[., ]", raw)
    if len(groups) > 1 and all(len(g) == 3 for g in groups[1:]):
        return float("".join(groups))
    if len(groups) > 2:  # thousands groups then a decimal part: 1,234.56 or 1.234,56
        return float("".join(groups[:-1]) + "." + groups[-1])
    return float(raw.replace(",", "."))


def _period_near(text: str, *, last: bool = False) -> str | None:
    """The period named nearest a figure: the first mention in the text after it, or (`last`) the final one before it."""
    found = [
        (match.start(), period)
        for period, pattern in _PERIOD_PATTERNS
        for match in re.finditer(pattern, text, re.IGNORECASE)
    ]
    if not found:
        return None
    return (max(found) if last else min(found))[1]


def parse_salary(text: str) -> SalaryRange | None:
    """The first salary-like amount or range: needs a currency or the word salary/pay nearby."""
    for match in _SALARY_RE.finditer(text or ""):
        currency_token = match.group("cur1") or match.group("cur2") or match.group("cur3")
        start, end = match.span()
        before, after = text[max(0, start - 60) : start], text[end : end + 40]
        if _NOT_SALARY_RE.match(after) or _NOT_PAY_BEFORE_RE.search(before):
            continue
        if not currency_token and not _SALARY_CONTEXT_RE.search(before + after) and not _period_near(after[:15]):
            continue
        low = parse_number(match.group("num1")) * (1000 if match.group("k1") else 1)
        high = None
        if match.group("num2"):
            high = parse_number(match.group("num2")) * (1000 if (match.group("k2") or match.group("k1")) else 1)
        if match.group("k2") and not match.group("k1") and low < 1000:
            low *= 1000  # "$100-160k"
        if low < 1 or (high is not None and high < low):
            continue
        if not currency_token and low < 10 and high is None:
            continue  # a bare small number next to "pay" is a count, not money
        if not currency_token and not match.group("k1") and high is None and _YEAR_RE.fullmatch(match.group("num1")):
            if not _period_near(after[:15]):
                continue  # "raised in 2023": a year, unless a period follows ("2000 per month")
        period = _period_near(after) or _period_near(before[-30:], last=True)
        if match.group("upto") and high is None:
            low, high = None, low
        currency = _CURRENCY_TOKENS.get(currency_token) or _CURRENCY_TOKENS.get((currency_token or "").upper())
        return SalaryRange(min=low, max=high if high is not None else low, currency=currency, period=period)
    return None


def parse_remote(text: str) -> str:
    lowered = (text or "").lower()
    if re.search(r"\bhybrid\b", lowered):
        return "hybrid"
    if re.search(r"\bfully remote\b|\bremote\b|work from home|\bwfh\b|telecommut|удал[её]нн", lowered):
        return "remote"
    if re.search(r"on-?site|in[- ]office|in person|office-based", lowered):
        return "onsite"
    return "unknown"


_EMPLOYMENT_PATTERNS = [
    ("internship", r"\bintern(?:ship)?s?\b|praktikum|стаж[её]р"),
    ("contract", r"\bcontract(?:or)?\b|\bfreelance\b|fixed[- ]term|\bb2b\b"),
    ("temporary", r"\btemporary\b|\btemp\b|\bseasonal\b"),
    ("part_time", r"part[- ]time|teilzeit|частичная занятость|パート"),
    ("full_time", r"full[- ]time|\bpermanent\b|vollzeit|полная занятость|正社員"),
]


def parse_employment_type(text: str) -> str:
    lowered = (text or "").lower()
    for kind, pattern in _EMPLOYMENT_PATTERNS:
        if re.search(pattern, lowered):
            return kind
    return "unknown"


def numbers_in(text: str) -> list[float]:
    """Every number written in the text, with 'k' suffixes expanded (for grounding checks)."""
    text = text or ""
    values, previous = [], None
    for match in re.finditer(rf"({_NUMBER})\s?([kK](?![a-zA-Z]))?", text):
        try:
            value = parse_number(match.group(1))
        except ValueError:
            continue
        if match.group(2):
            value *= 1000
            # "$100-160k": the range's "k" applies to its first figure too, as parse_salary reads it.
            if previous is not None and _RANGE_GAP_RE.fullmatch(text, previous.end(), match.start()):
                first = parse_number(previous.group(1))
                if not previous.group(2) and first < 1000:
                    values.append(first * 1000)
        values.append(value)
        previous = match
    return values

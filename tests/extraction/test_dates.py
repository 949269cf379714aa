"""Posting dates as pages and datasets write them (real snippets), read against the fetch time."""
from datetime import date, datetime

import pytest

from extraction.dates import date_in_phrase, is_date_phrase, labelled_posting_date

FETCHED = datetime(2024, 5, 10, 12, 0)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Posted 4d ago", date(2024, 5, 6)),  # SEEK's top card
        ("Reposted 2 weeks ago", date(2024, 4, 26)),  # LinkedIn's
        ("vor 2 Tagen", date(2024, 5, 8)),
        ("il y a 3 jours", date(2024, 5, 7)),
        ("3 дня назад", date(2024, 5, 7)),
        ("2日前", date(2024, 5, 8)),
        ("today", date(2024, 5, 10)),
        ("30+ days ago", None),  # no day can be told
        # more languages: jobs.bg's "днес" (today), and "N days ago" in Bulgarian, Romanian, Slovak, Hebrew, Arabic
        ("днес", date(2024, 5, 10)),
        ("преди 3 дни", date(2024, 5, 7)),
        ("acum 3 zile", date(2024, 5, 7)),
        ("pred 2 dňami", date(2024, 5, 8)),
        ("לפני 3 ימים", date(2024, 5, 7)),
        ("منذ 3 أيام", date(2024, 5, 7)),
        ("วันนี้", date(2024, 5, 10)),
    ],
)
def test_relative_dates_count_from_the_fetch(phrase, expected):
    assert date_in_phrase(phrase, fetched_at=FETCHED) == expected


def test_a_relative_date_without_a_fetch_time_says_nothing():
    assert date_in_phrase("3 days ago", fetched_at=None) is None
    assert date_in_phrase("Posted 4d ago", fetched_at=None) is None


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("14 July 2023 08:20:46 UTC+03:00", date(2023, 7, 14)),  # hh.ru
        ("Fri, 02 Sep 2022 22:20:48 GMT", date(2022, 9, 2)),  # Careerjet
        ("5. März 2024", date(2024, 3, 5)),
        ("12 de marzo de 2024", date(2024, 3, 12)),
        ("2024年3月5日", date(2024, 3, 5)),
        ("2021-06-18T08:44:05Z", date(2021, 6, 18)),
        ("14.03.2024", date(2024, 3, 14)),  # day first, whatever the country
        ("2030-01-01", None),  # after the fetch: no posting date
        ("1850-01-01", None),
    ],
)
def test_absolute_dates_in_many_forms_and_languages(phrase, expected):
    assert date_in_phrase(phrase, fetched_at=FETCHED) == expected


def test_a_numeric_date_is_read_in_the_order_its_country_writes_dates():
    assert date_in_phrase("06/11/2024 17:10:09", fetched_at=FETCHED) is None  # June or November?
    assert date_in_phrase("06/11/2024 17:10:09", fetched_at=None, day_first=True) == date(2024, 11, 6)
    assert date_in_phrase("06/11/2024", fetched_at=None, day_first=False) == date(2024, 6, 11)
    assert date_in_phrase("21-10-2025", fetched_at=None) == date(2025, 10, 21)


def test_a_labelled_date_is_the_posting_date_and_other_dates_are_not():
    text = "Start date: 1 June 2024\nApply by 30 May 2024\nДата создания вакансии: 14 July 2023 08:20:46 UTC+03:00"
    assert labelled_posting_date(text, fetched_at=None) == date(2023, 7, 14)
    assert labelled_posting_date("Veröffentlicht: vor 2 Tagen", fetched_at=FETCHED) == date(2024, 5, 8)
    assert labelled_posting_date("Closing date: 5 March 2024", fetched_at=FETCHED) is None
    assert labelled_posting_date("We posted 3 jobs", fetched_at=FETCHED) is None
    # "Date:" alone at a line's start, a date following (JUG Milano's wiki); never a start or closing date
    assert labelled_posting_date("!Data: 11 Febbraio 2013!\nSalve a tutti", fetched_at=None) == date(2013, 2, 11)
    assert labelled_posting_date("Start date: 5 March 2024", fetched_at=FETCHED) is None
    assert labelled_posting_date("Datum: sofort", fetched_at=FETCHED) is None


@pytest.mark.parametrize(
    ("piece", "is_date"),
    [("1 day ago", True), ("Posted 4d ago", True), ("5 March 2024", True), ("Singapore", False),
     ("founded 10 years ago", False), ("92 people clicked apply", False)],
)
def test_date_phrases_of_a_top_card(piece, is_date):
    assert is_date_phrase(piece) is is_date

"""Salary, remote-mode and employment-type parsing of posting text, and number finding for grounding."""
import pytest

from extraction.parsers import SalaryRange, numbers_in, parse_employment_type, parse_number, parse_remote, parse_salary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salary: €215.000 – €255.000 gross", SalaryRange(215000, 255000, "EUR", None)),
        ("Base pay $100k–160k", SalaryRange(100000, 160000, "USD", None)),
        ("Base pay $100-160k", SalaryRange(100000, 160000, "USD", None)),
        ("£11.22 per hour, paid weekly", SalaryRange(11.22, 11.22, "GBP", "hour")),
        ("Day rate: up to 375 per day", SalaryRange(None, 375, None, "day")),
        ("Salary 45,000 - 55,000 / month", SalaryRange(45000, 55000, None, "month")),
        ("S$14.00 per hour", SalaryRange(14, 14, "SGD", "hour")),
        ("£30,000 to £40,000 per annum", SalaryRange(30000, 40000, "GBP", "year")),
        ("USD 120,000–150,000 a year", SalaryRange(120000, 150000, "USD", "year")),
        ("60.000 - 70.000 EUR per year", SalaryRange(60000, 70000, "EUR", "year")),
        ("Salary: up to $80k", SalaryRange(None, 80000, "USD", None)),
        # the period is the one written next to the figure, not the first in a fixed list
        ("£30,000 per annum, paid monthly", SalaryRange(30000, 30000, "GBP", "year")),
        ("€60.000 per year, plus a day off a week", SalaryRange(60000, 60000, "EUR", "year")),
        ("Hourly rate: $25", SalaryRange(25, 25, "USD", "hour")),
    ],
)
def test_salary_amounts_currencies_and_periods(text, expected):
    assert parse_salary(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Series B: $116M raised from leading investors",
        "We have raised $116 million in funding",
        "We offer a competitive salary, 25 days of paid vacation and a bike",
        "3-5 years of experience; competitive salary",
        "Pay: 401(k) matching and health cover",
        "Salary reviewed every 12 months",
        "Compensation: 40 hours per week, flexible",
        "We are a team of 120 engineers",
        "Our robots operate in 30 warehouses",
        "A yearly learning budget of €1,750 to spend on books",
        "Sign-on bonus of $5,000 and meal vouchers worth €8 per day",
        "Uncapped commission of up to £40,000 per year",
        "A corporate team of 45 and a payload of 200 kg",
    ],
)
def test_figures_that_are_not_salaries(text):
    assert parse_salary(text) is None


def test_benefit_money_before_the_salary_is_skipped_not_taken():
    text = "Perks: a learning budget of €1,750 a year. Salary: €60,000 – €70,000 per year."
    assert parse_salary(text) == SalaryRange(min=60000, max=70000, currency="EUR", period="year")


def test_funding_before_the_salary_is_skipped_not_taken():
    # given a posting that mentions funding first and the pay later
    text = "Backed by $116M raised in 2023. Salary: €60.000 – €70.000 per year."

    # then the salary is the pay, not the funding round
    assert parse_salary(text) == SalaryRange(60000, 70000, "EUR", "year")


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("215.000", 215000), ("11.22", 11.22), ("100,000", 100000), ("45 000", 45000), ("1,234.56", 1234.56),
        ("1.234,56", 1234.56),
    ],
)
def test_number_formats(raw, value):
    assert parse_number(raw) == value


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("This role is fully remote within the EU.", "remote"),
        ("Remote (US time zones)", "remote"),
        ("Hybrid: three days a week in our Lisbon office, the rest remote", "hybrid"),
        ("On-site in Berlin", "onsite"),
        ("This is an in-office role in Paris", "onsite"),
        ("Work from home two days a week is fine", "remote"),
        ("Join our Amsterdam team", "unknown"),
    ],
)
def test_remote_mode(text, mode):
    assert parse_remote(text) == mode


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Full-time, permanent position", "full_time"),
        ("Part time (20 h/week)", "part_time"),
        ("Summer internship 2025", "internship"),
        ("12-month fixed-term contract", "contract"),
        ("Freelance, B2B", "contract"),
        ("Temporary role covering parental leave", "temporary"),
        ("We build internal tools for international customers", "unknown"),
    ],
)
def test_employment_type(text, kind):
    assert parse_employment_type(text) == kind


def test_numbers_in_expands_k_and_reads_grouped_figures():
    assert numbers_in("€215.000 – €255.000, $100k–160k, £11.22") == [215000, 255000, 100000, 160000, 11.22]


def test_numbers_in_applies_a_ranges_shared_k_to_its_first_figure():
    # "$100-160k" means 100,000 to 160,000: both figures must be findable for grounding
    assert {100000, 160000} <= set(numbers_in("Base pay $100-160k"))

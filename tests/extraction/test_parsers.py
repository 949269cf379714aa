"""Salary, remote-mode and employment-type parsing of posting text, and number finding for grounding."""
import pytest

from extraction.parsers import (
    SalaryRange,
    labelled_line,
    parse_employment_type,
    parse_number,
    parse_remote,
    parse_salary,
    pay_numbers_in,
    title_line,
)


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
        ("Salary: 25000 - 30000/annum", SalaryRange(25000, 30000, None, "year")),
        # Japanese: 時給 hourly, 月給 monthly, 年収 yearly; 万 is ten thousand
        ("時給2650円/【渋谷】サーバーサイドエンジニア", SalaryRange(2650, 2650, "JPY", "hour")),
        ("月給25万円以上", SalaryRange(250000, 250000, "JPY", "month")),
        ("年収600万円～900万円", SalaryRange(6000000, 9000000, "JPY", "year")),
        # Russian: от … до … (from … to …), до … alone (up to), spaces as thousands separators
        ("Зарплата: от 150 000 до 200 000 руб. в месяц", SalaryRange(150000, 200000, "RUB", "month")),
        ("до 200 000 ₽ в месяц", SalaryRange(None, 200000, "RUB", "month")),
        # a code after the figures says which dollar
        ("national pay range is $143,000 - $214,000 CAD", SalaryRange(143000, 214000, "CAD", None)),
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
        "OTE £50,000 with uncapped commission",  # on-target earnings include commission
        "Apply at https://jobs.example/afb2f865-cdfb-4a86 for our payments team",
        "Зарплата не указана. Опыт работы с PHP 5-7, MySQL 5-8",
        "Annual tour credits of $750",
    ],
)
def test_figures_that_are_not_salaries(text):
    assert parse_salary(text) is None


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Pay: $14.00 per hour. Location: Bugis, Singapore", "SGD"),
        ("Salary $120K-$145K. Tampa, FL, United States", "USD"),
        ("$100 - $160 a day", "USD"),  # a dollar with no country named is the US dollar
        ("Salary: 18000 - 24000/annum. Developing new business throughout the UK.", "GBP"),
        ("Salary: 18000 - 24000/annum", None),  # no sign, no country: unknown, not guessed
        # A UK county or London borough names the country too; New Hampshire is no English shire.
        ("Location: Bushey, Hertfordshire\nSalary: 11.22 per hour", "GBP"),
        ("Location: Dorking, Surrey\nSalary: 25000 - 30000/annum", "GBP"),
        ("Care Coordinator Croydon\nSalary: 18000 per year", "GBP"),
        ("Location: Nashua, New Hampshire, United States\nSalary: 90000 per year", "USD"),
    ],
)
def test_currency_of_a_dollar_or_of_no_sign_is_the_named_countrys(text, currency):
    assert parse_salary(text).currency == currency


def test_rates_stated_for_the_same_period_make_one_range():
    # given a header's single rate and the body's tiers, all hourly
    text = "Mover $13/hr\nSingapore 228213\nPay: $10 - $13 an hour\n* 0 – 20 hours: $10/hour\n* 21 – 100 hours: $11/hour"

    assert parse_salary(text) == SalaryRange(10, 13, "SGD", "hour")
    assert parse_salary("Salary: *11.22 per hour (Level 2) *13.33 per hour (Club Coach)") == SalaryRange(
        11.22, 13.33, None, "hour"
    )


def test_later_figures_do_not_widen_a_salary_without_a_period():
    assert parse_salary("$60k – $70k. Perks: tour credits worth $9,000 and a $750 bonus") == SalaryRange(
        60000, 70000, "USD", None
    )


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Data Engineer\nGridiron IT\nTampa, FL", "Data Engineer"),
        ("## Talent Acquisition Specialist (Remote)\nAsia / Hong Kong", "Talent Acquisition Specialist (Remote)"),
        # a logo's image inside a link, then the title with an empty link after it
        (
            "[ ![Logo of ANdAZ.](https://img.example/a.png)[ANdAZ](https://x.example/andaz) ](https://x.example/andaz)\n"
            "Sales Manager / Senior Sales Manager [](https://x.example/job)\nSingapore",
            "Sales Manager / Senior Sales Manager",
        ),
        ("x" * 300, None),
    ],
)
def test_title_is_the_first_line_of_plain_text(text, title):
    assert title_line(text) == title


def test_labelled_lines():
    text = "Account Executive\nCompany: MicroP\n**Location:** Basingstoke\nSalary: 16,000 - 20,000"

    assert (labelled_line(text, "company"), labelled_line(text, "location")) == ("MicroP", "Basingstoke")
    assert labelled_line(text, "department") is None


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
        ("HybridInternship", "hybrid"),  # a page's chips glued together by its markup
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
        ("Senior Finance Business Partner on an interim basis", "contract"),
        ("Supply work for qualified primary teachers", "contract"),
        ("Leading B2B distributor seeks an account executive", "unknown"),
        ("Temporary role covering parental leave", "temporary"),
        ("We build internal tools for international customers", "unknown"),
    ],
)
def test_employment_type(text, kind):
    assert parse_employment_type(text) == kind


def test_pay_numbers_expand_k_and_read_grouped_figures():
    assert pay_numbers_in("€215.000 – €255.000, $100k–160k, £11.22") == [215000, 255000, 100000, 160000, 11.22]


def test_pay_numbers_apply_a_ranges_shared_k_to_its_first_figure():
    # "$100-160k" means 100,000 to 160,000: both figures must be findable for grounding
    assert {100000, 160000} <= set(pay_numbers_in("Base pay $100-160k"))


def test_pay_numbers_leave_out_funding_equity_commission_and_links():
    text = "Raised $116M. 5,000 shares. OTE £60,000. https://x.example/jobs/45000 Salary £40,000"
    assert pay_numbers_in(text) == [40000]

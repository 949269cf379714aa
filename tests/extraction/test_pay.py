"""Salary parsing of posting text, and number finding for grounding."""
import pytest

from extraction.figures import pay_numbers_in
from extraction.pay import SalaryRange, parse_number, parse_salary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Salary: €215.000 – €255.000 gross", SalaryRange(215000, 255000, "EUR", None)),
        # "$" alone is any dollar: its currency is the place's, and no place was named
        ("Base pay $100k–160k", SalaryRange(100000, 160000, None, None)),
        ("Base pay $100-160k in New York", SalaryRange(100000, 160000, "USD", None)),
        ("£11.22 per hour, paid weekly", SalaryRange(11.22, 11.22, "GBP", "hour")),
        ("Day rate: up to 375 per day", SalaryRange(None, 375, None, "day")),
        ("Salary 45,000 - 55,000 / month", SalaryRange(45000, 55000, None, "month")),
        ("S$14.00 per hour", SalaryRange(14, 14, "SGD", "hour")),
        ("£30,000 to £40,000 per annum", SalaryRange(30000, 40000, "GBP", "year")),
        ("USD 120,000–150,000 a year", SalaryRange(120000, 150000, "USD", "year")),
        ("60.000 - 70.000 EUR per year", SalaryRange(60000, 70000, "EUR", "year")),
        ("Salary: up to $80k", SalaryRange(None, 80000, None, None)),
        # "from X" is a lower bound only, "up to X" an upper bound only, in the posting's language
        ("Gehalt: ab 3.500 € brutto monatlich", SalaryRange(3500, None, "EUR", "month")),
        ("Salaire : à partir de 40 000 € par an", SalaryRange(40000, None, "EUR", "year")),
        ("Salary: from £28,000 per annum", SalaryRange(28000, None, "GBP", "year")),
        ("Salario: hasta 1.500 € al mes", SalaryRange(None, 1500, "EUR", "month")),
        ("Mensuel de 2000.0 Euros sur 13.0 mois", SalaryRange(2000, 2000, "EUR", "month")),
        ("39.000€ - 54.000€/Jahr (geschätzt für Vollzeit)", SalaryRange(39000, 54000, "EUR", "year")),
        ("Plat: 50 000 \u200d–\u200d 80 000 Kč měsíčně", SalaryRange(50000, 80000, "CZK", "month")),
        ("MZDA: 50 000 KČ MĚSÍČNĚ", SalaryRange(50000, 50000, "CZK", "month")),
        # Finnish: "euroa", and the period in a compound at the line's start (Duunitori)
        ("Kuukausipalkkasi tulee olemaan 4 000 – 6 000 euroa riippuen osaamisestasi", SalaryRange(4000, 6000, "EUR", "month")),
        # "p.a." only as a word: "etapa" holds no year (ZonaJobs)
        ("Sueldo: convenio (te acompañamos en cada etapa). Sueldo: aprox. €935.000 neto", SalaryRange(935000, 935000, "EUR", None)),  # a sign in any case (was a KeyError)
        ("mzda: 50 000 kč měsíčně", SalaryRange(50000, 50000, "CZK", "month")),
        # the period is the one written next to the figure, not the first in a fixed list
        ("£30,000 per annum, paid monthly", SalaryRange(30000, 30000, "GBP", "year")),
        ("€60.000 per year, plus a day off a week", SalaryRange(60000, 60000, "EUR", "year")),
        ("Hourly rate: $25 in Chicago, IL", SalaryRange(25, 25, "USD", "hour")),
        ("Salary: 25000 - 30000/annum", SalaryRange(25000, 30000, None, "year")),
        # Japanese: 時給 hourly, 月給 monthly, 年収 yearly; 万 is ten thousand
        ("時給2650円/【渋谷】サーバーサイドエンジニア", SalaryRange(2650, 2650, "JPY", "hour")),
        # A mark after a lone figure leaves it open: 以上/～ "or more", まで "up to"; never copied into the other bound
        ("月給25万円以上", SalaryRange(250000, None, "JPY", "month")),
        ("月給 : 30万円～  \n想定年収：550万円～700万円", SalaryRange(300000, None, "JPY", "month")),
        ("時給 2100円 ～\n●介護施設など（准看）： 時給1,900円", SalaryRange(2100, None, "JPY", "hour")),
        ("時給1500円まで", SalaryRange(None, 1500, "JPY", "hour")),
        ("月薪 8000元起", SalaryRange(8000, None, "CNY", "month")),
        ("Salary: US$120k+ per year", SalaryRange(120000, None, "USD", "year")),
        ("Salary: £40k + bonus", SalaryRange(40000, 40000, "GBP", None)),
        # a flat's rent and a travel allowance are no pay
        ("月給：355,000円\n費用：34,000円/月", SalaryRange(355000, 355000, "JPY", "month")),
        ("年収600万円～900万円", SalaryRange(6000000, 9000000, "JPY", "year")),
        # Russian: от … до … (from … to …), до … alone (up to), spaces as thousands separators
        ("Зарплата: от 150 000 до 200 000 руб. в месяц", SalaryRange(150000, 200000, "RUB", "month")),
        ("до 200 000 ₽ в месяц", SalaryRange(None, 200000, "RUB", "month")),
        # a code after the figures says which dollar
        ("national pay range is $143,000 - $214,000 CAD", SalaryRange(143000, 214000, "CAD", None)),
        # a rate's period written as one word after the figure (Green Iguana, SimplyHired)
        ("$10 hourly plus Tips", SalaryRange(10, 10, None, "hour")),
        ("Pay: $3,000 monthly", SalaryRange(3000, 3000, None, "month")),
        # India: lakhs grouped by twos, "Lacs" and "LPA" (lakhs per annum) (Internshala, Naukri)
        ("₹ 2,00,000 - 3,00,000 /year", SalaryRange(200000, 300000, "INR", "year")),
        ("2-6 Lacs PA", SalaryRange(200000, 600000, None, "year")),
        ("CTC: 12 LPA", SalaryRange(1200000, 1200000, None, "year")),
        # Switzerland groups thousands with an apostrophe (jobs.ch)
        ("**Lohn - CHF90'000 - 110'000**", SalaryRange(90000, 110000, "CHF", None)),
        # the period, currency and bounds in the words of more languages (cvbankas, profesia, kariera, jobs.bg, JobThai)
        ("1305-2035 €/mėn. neatskaičius mokesčių", SalaryRange(1305, 2035, "EUR", "month")),
        ("Atlyginimas nuo 1200 iki 1500 € per mėnesį", SalaryRange(1200, 1500, "EUR", "month")),
        ("2 000 EUR/mesiac", SalaryRange(2000, 2000, "EUR", "month")),
        ("Μισθός 1.100 έως 1.300€ το μήνα", SalaryRange(1100, 1300, "EUR", "month")),
        ("Заплата: 2000 лв. на месец", SalaryRange(2000, 2000, "BGN", "month")),
        ("Salariu de la 3000 lei pe lună", SalaryRange(3000, None, "RON", "month")),
        ("เงินเดือน 18,000 บาท", SalaryRange(18000, 18000, "THB", "month")),
        # more signs and codes: Nigeria (Jobberman), Hong Kong (JobsDB), Malaysia, Taiwan
        ("NGN 400,000 - 600,000", SalaryRange(400000, 600000, "NGN", None)),
        ("月薪 HKD$27,000起", SalaryRange(27000, None, "HKD", "month")),
        ("RM 3,500 per month", SalaryRange(3500, 3500, "MYR", "month")),
        ("NT$ 35,000", SalaryRange(35000, 35000, "TWD", None)),
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
        "Working time: 2pm to 11pm, attractive salary",  # a clock's times (ITviec)
        "Attractive salary (13th-month salary, salary review twice a year)",  # an ordinal
        "Ansöknings-tiden går ut 17.05.2022 kl. 16:00 för lön",  # a date (Duunitori)
        "dynaTrace: PT=4832100;PA=-1454363067 $",  # a setting's value in a saved page's headers
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
        "มีค่ากะ+ค่ารถ 7,000-8,000 บาท",  # shift and travel allowances (JobThai)
        "Unlimited time off and 18+ company holidays per year",  # a count, not a year's pay (OpenAI)
        "Up to 12 weeks paid leave per year and 25 days a month of remote work",
        "Listed at 1744656722456 as pay",  # a timestamp in milliseconds (SimplyHired)
    ],
)
def test_figures_that_are_not_salaries(text):
    assert parse_salary(text) is None


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("Pay: $14.00 per hour. Location: Bugis, Singapore", "SGD"),
        ("Salary $120K-$145K. Tampa, FL, United States", "USD"),
        ("$100 - $160 a day", None),  # a dollar with no country named is any dollar: not guessed
        ("Rate: $100 - $160 a day. Offices in New York and Singapore", None),  # places of two dollars
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


def test_a_figure_of_the_period_far_from_the_first_does_not_widen_it():
    # 求人ボックス: the job's "時給1,350円", then another figure written with 時給 far off (a page's statistics)
    assert parse_salary("時給1,350円\n交通費\n平均 時給191363円") == SalaryRange(1350, 1350, "JPY", "hour")
    assert parse_salary("£11.22 per hour (Level 2) £13.33 per hour (Club)") == SalaryRange(11.22, 13.33, "GBP", "hour")


def test_later_figures_do_not_widen_a_salary_without_a_period():
    assert parse_salary("$60k – $70k. Perks: tour credits worth $9,000 and a $750 bonus") == SalaryRange(
        60000, 70000, None, None
    )


def test_the_places_the_job_is_in_say_the_currency_not_the_first_country_named():
    text = "We sell in Germany and the UK. Salary: 45,000 - 55,000 per year"

    assert parse_salary(text).currency is None  # two currencies named, neither said to be the job's
    assert parse_salary(text, currencies={"GBP"}).currency == "GBP"
    assert parse_salary("Pay: $30 an hour", currencies={"CAD"}).currency == "CAD"
    # no euro or dong is written "$": a "$" where the job's money is never so written is the US dollar (ITviec)
    assert parse_salary("Pay: $30 an hour", currencies={"EUR"}).currency == "USD"
    assert parse_salary("Business Analyst (~$1500)", stated=["~$1500"], currencies={"VND"}).currency == "USD"
    assert parse_salary("Pay: $30 an hour", currencies={"MXN", "EUR"}).currency is None  # places of two moneys


def test_stated_pay_needs_no_word_for_salary():
    # a top card's line of figures, or a labelled value, is pay without "salary" or a sign beside it
    assert parse_salary("", stated=["10000 - 50000"], currencies={"UAH"}) == SalaryRange(10000, 50000, "UAH", None)
    assert parse_salary("We are 2000 people", stated=[]) is None


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
        ("1.234,56", 1234.56), ("90'000", 90000), ("90’000", 90000), ("2,00,000", 200000), ("12,50,000.50", 1250000.5),
    ],
)
def test_number_formats(raw, value):
    assert parse_number(raw) == value


def test_pay_numbers_expand_k_and_read_grouped_figures():
    assert pay_numbers_in("€215.000 – €255.000, $100k–160k, £11.22") == [215000, 255000, 100000, 160000, 11.22]


def test_pay_numbers_apply_a_ranges_shared_k_to_its_first_figure():
    # "$100-160k" means 100,000 to 160,000: both figures must be findable for grounding
    assert {100000, 160000} <= set(pay_numbers_in("Base pay $100-160k"))


def test_pay_numbers_leave_out_funding_equity_commission_and_links():
    text = "Raised $116M. 5,000 shares. OTE £60,000. https://x.example/jobs/45000 Salary £40,000"
    assert pay_numbers_in(text) == [40000]

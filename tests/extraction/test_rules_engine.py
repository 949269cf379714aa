"""The rules engine on whole postings: what one field's rule needs from the others (real snippets)."""
from extraction.engines.base import ExtractionRequest
from extraction.engines.rules import RulesEngine


def _fields(text: str):
    return RulesEngine().extract([ExtractionRequest(key=0, text=text)])[0].fields


# PagoPA: an Italian posting with no place, ending with its opening date.
ITALIAN = (
    "Junior Data Engineer\n\nPagoPA S.p.A. ricerca un Junior Data Engineer da inserire nella struttura. "
    "Per applicare, invia il tuo CV e la tua lettera di motivazione entro il 30 aprile 2021. La Società valuterà "
    "le candidature mano a mano che vengono inviate.\n08/04/2021\n"
)


def test_a_posting_not_in_english_writes_the_day_first():
    assert _fields(ITALIAN).date_posted == "2021-04-08"


def test_an_english_posting_with_no_place_leaves_a_numeric_date_unread():
    text = "Data Engineer\n\nYou will work with our team on the pipelines and the data of the company.\n08/04/2021\n"
    assert _fields(text).date_posted is None


def test_a_count_beside_a_link_in_the_head_is_no_pay():
    # jobs.cz: the employer's menu above the title counts its open positions
    text = (
        "  * [ O nás](https://www.jobs.cz/fp/alza/)\n  * [ Volná místa](https://www.jobs.cz/fp/alza/prace/) 37 \n\n"
        "# iOS Developer (JPO1715)\nSpolečnost \nAlza.cz a.s.\n[U Pergamenky 1522/2, Praha – Holešovice](x)\n\n"
        "Hledáme iOS vývojáře do našeho týmu.\n"
    )
    assert _fields(text).salary is None


def test_a_head_line_of_figures_is_pay():
    assert _fields("web前端开发\n江苏神州信源系统工程有限公司\n南京-建邺区\n15K-20K\n\n全职\n").salary.min == 15000


def test_a_labelled_pay_without_a_figure_states_none():
    # Yakumatch: the posting's pay "set by our rules", then other jobs' pay in the page's list of similar jobs
    text = (
        "正看護師\n\n| 給与  | _※年齢、経験、能力を考慮のうえ、規定により決定_  |\n| 交通費  | あり（～35,000円）  |\n\n"
        "## 近くの求人\n| 給与  | _【月収】23.0万円～25.0万円 程度_  |\n"
    )
    assert _fields(text).salary is None


def test_a_pay_label_with_its_value_below_withholds_nothing():
    # CME: the "給与" heading's value stands on the lines below it; the job's pay is read, not taken as withheld
    text = "薬剤師\n\n雇用形態\n    正社員\n\n給与\n\n月給 : 30万円～  \n想定年収：550万円～700万円 \n"
    salary = _fields(text).salary
    assert (salary.min, salary.max, salary.currency, salary.period) == (300000, None, "JPY", "month")


def test_an_identifier_in_the_head_is_no_pay():
    text = "Pharmacist\nJOB ID：405496\nReq #20240113\n\nWe look for a pharmacist for our store.\n"
    assert _fields(text).salary is None


def test_a_paragraph_on_pay_does_not_withhold_it():
    text = (
        "Systems Administrator Intern\n\nCompensation:\nAt Booz Allen, we celebrate your contributions and support "
        "your total well-being.\nSalary at Booz Allen is determined by various factors. The projected compensation "
        "range for this position is $52,900.00 to $108,000.00 (annualized USD)."
    )
    assert (_fields(text).salary.min, _fields(text).salary.max) == (52900, 108000)


def test_the_cards_pay_line_beats_the_titles_teaser():
    # InfoJobs: the title's "700-1400€", the card's "600€ - 2.000€ Bruto/mes"
    text = "Ideal ESTUDIANTES!! Captador/a ONG! Media jornada 700-1400€\nTribus We Are\nBarcelona\n600€ - 2.000€ Bruto/mes\n"
    salary = _fields(text).salary
    assert (salary.min, salary.max, salary.currency, salary.period) == (600, 2000, "EUR", "month")


def test_days_off_are_no_daily_pay():
    text = "Security Engineer\n\nBenefits:\n  * #GiveBackDays - 3 extra days off to volunteer\n"
    assert _fields(text).salary is None


def test_a_records_pay_columns_on_lines_of_their_own_are_one_range():
    # Reed's API record: title, employer, place, minimum, maximum, currency, dates; each on its line
    salary = _fields("Golf & Event Sales\n4Leisure Recruitment\nRedbourn\n12000\n18000\nGBP\n13/11/2019\n\nA role.\n").salary
    assert (salary.min, salary.max, salary.currency) == (12000, 18000, "GBP")


def test_a_bare_figure_alone_in_the_head_is_no_pay():
    # cvbankas: a view count; SimplyHired: a timestamp in milliseconds
    assert _fields("Autokrautuvo vairuotojas\n3708 ·  peržiūrėjo\n\nDarbas sandėlyje.\n").salary is None
    assert _fields("Waiter\nHickory's\nWilmslow\n1744656722456\n\nYou'll run a section.\n").salary is None


def test_a_records_html_is_read_as_text_and_its_lines_stay_lines():
    # SEEK's search highlight in a title; an API description in HTML with character references (Reed, NAV)
    text = (
        "Sr Analyst Programmer(Axway API <b>Developer</b>)\nAdaps IT\nMelbourne\n\n"
        "<p>Golf &amp; Event Sales: a <strong>part-time</strong> role.</p><p>Salary: &pound;12,000 per annum</p>\n"
    )
    fields = _fields(text)
    assert (fields.title, fields.company, fields.locations[0].city) == (
        "Sr Analyst Programmer(Axway API Developer)", "Adaps IT", "Melbourne"
    )
    assert (fields.salary.min, fields.salary.currency, fields.employment_type) == (12000, "GBP", "part_time")


def test_a_head_line_labelled_as_something_else_is_no_pay():
    # JobThai's contact block: the company's telephone numbers
    text = "IT Operation\nสามารถคอร์ปอเรชั่น จำกัด (มหาชน)\nโทรศัพท์ : 02-502-6599, 02-502-6051\nแฟกซ์ : 02-502-6092\n"
    assert _fields(text).salary is None


def test_the_heads_first_readable_date_is_the_posting_date():
    # JobsDB's record: a relative date no fetch time dates, then the listing's own time
    text = (
        "Administrative Assistant (Temporary Appointment)\nThe Hong Kong Polytechnic University\n"
        "Hung Hom, Kowloon City District\nFull time\n25d ago\n2024-10-03T09:36:55.176Z\n\nDEPARTMENT OF HISTORY\n"
    )
    assert _fields(text).date_posted == "2024-10-03"

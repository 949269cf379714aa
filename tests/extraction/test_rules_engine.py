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

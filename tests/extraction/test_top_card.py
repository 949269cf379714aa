"""A posting's head read without a model: title, employer, places, date (real snippets from tests/fixtures)."""
import pytest

from extraction.labels import labels_joined
from extraction.locations import locations_named
from extraction.top_card import company_named, read_top_card

LINKEDIN = (  # tests/fixtures/html/frag_linkedin_hdb_intern.html as the page reader gives it, shortened
    "[ ![Company logo for, Housing & Development Board.](https://media.example/logo.png)"
    "[Housing & Development Board](https://www.linkedin.com/company/singaporehdb/life/) ]"
    "(https://www.linkedin.com/company/singaporehdb/life/)\n"
    "Intern - Design & Develop HDB's Upcoming Housing Projects [](file:///x.html)\n"
    "Singapore, Singapore · 1 day ago · **5 people clicked apply**\n"
    "HybridInternship\n[Apply](https://www.linkedin.com/redir/x)\nSave\n## About the job\n"
)
SEEK = (
    "Skip to content\n# Senior Platform Engineer | Remote | Australia\niterate\n[View all jobs](file:///Iterate-jobs)\n"
    "[Melbourne VIC](file:///jobs/in-Melbourne-VIC-3000) (Remote)\n[Full time](file:///jobs/full-time)\n"
    "Posted 4d ago\n[Quick apply](file:///job/93856863/apply)\nSave\n"
    "I'm representing a growing, seed-stage Australian healthtech company that builds AI-powered software, and they're "
    "looking for their second Senior Platform Engineer.\n"
)
DATASET = "Бизнес-аналитик\nCAPYBARA IT AGENCY\nМосква\nот 100000 до 150000 RUR\n\nОписание вакансии...\n"


def test_a_linkedin_top_card():
    card = read_top_card(LINKEDIN)

    assert card.title == "Intern - Design & Develop HDB's Upcoming Housing Projects"
    assert card.company == "Housing & Development Board"
    assert card.locations == ["Singapore, Singapore"]
    assert card.dates == ("1 day ago",)


def test_a_seek_top_card():
    card = read_top_card(SEEK)

    assert (card.title, card.company, card.dates[0]) == ("Senior Platform Engineer | Remote | Australia", "iterate",
                                                         "Posted 4d ago")
    assert card.locations == ["Melbourne VIC (Remote)"]


def test_a_dataset_records_head_lines():
    card = read_top_card(DATASET)

    assert (card.title, card.company, card.locations) == ("Бизнес-аналитик", "CAPYBARA IT AGENCY", ["Москва"])


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("# Senior ML Ops Engineer\nOntario\n" + "x" * 200 + "\nGreenhouse is looking for a **Senior ML Ops Engineer**",
         "Greenhouse"),
        ("# External Affairs, France\nParis, France\nApply\n## **About Anthropic**\nWe are...", "Anthropic"),
        ("# Systems Analyst\n## Description\nActivate Interactive Pte Ltd (“Activate”) is a leading consultancy",
         "Activate Interactive Pte Ltd"),
        ("Kassier:in\n\n" + "y" * 200 + "\nWir bei PENNY sind stolz auf unsere 2.900 Mitarbeiter:innen", "PENNY"),
        ("Engineer\nCompany: MicroP\nLocation: Basingstoke", "MicroP"),
        ("Functieomschrijving\n\nBij welk bedrijf je gaat werken\n\n" + "z" * 200, None),  # headings, no name
        ("Pessoa Desenvolvedora\nVENHA SER #SANGUELARANJA 🧡🚀\nSão Paulo, Brasil\n\n" + "w" * 200, None),
        ("Account Executive\n\n" + "v" * 200 + " a wholly owned subsidiary of parent company DCC PLC", None),
        # Indeed Canada: the description opens with the employer saying what kind of business it is, or who it is
        ("Pipe Layer\nMoncton, NB\n\nDexter Construction Company is a large, diversified Construction Company engaged in "
         "heavy civil construction.", "Dexter Construction Company"),
        ("Deal Poster\nKingston, ON\n\nHere We Grow Again!!!\nCarloft.ca has quickly become the fastest growing used car "
         "brand in the nation.", "Carloft.ca"),
        ("Health and Safety Coordinator\nGreater Toronto Area, ON\n\nWe are Cobalt Safety and are passionate about safety.",
         "Cobalt Safety"),
        ("Engineer\nToronto, ON\n\nWe are Hiring! Python is a plus for this role at a growing company.", None),
        ("정규직\n\n[(주)알에프텍](https://www.saramin.co.kr/company/1)\n", "(주)알에프텍"),  # a corporation's mark stays
    ],
)
def test_the_employer_as_the_posting_names_it(text, company):
    assert company_named(text, read_top_card(text)) == company


def test_a_label_alone_on_its_line_reads_the_next_line():
    # jobs.cz sets "Společnost" and "Plat" above their values
    text = labels_joined("# Frontend Developer\nSpolečnost \nJobs Contact Personal, s.r.o.\n[Brno](https://mapy.cz/x)\n")

    assert company_named(text, read_top_card(text)) == "Jobs Contact Personal, s.r.o."


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Engineer\n**Location:** Basingstoke", ["Basingstoke"]),
        ("Engineer\nArbeitsort: München", ["München"]),
        ("Engineer\nLieu : 37 Rue Guibal, Marseille, 13002", ["Marseille"]),
        # RemoteOK: a work arrangement, then the places as alternatives, one too small for the gazetteer
        ("Electrical Engineer\n\nWork Location: Onsite (Pine Bluff or Colborne)", ["Pine Bluff", "Colborne"]),
        ("Engineer\nStandort: München und Umgebung", ["München"]),  # "and its surroundings" is no place
        # PagoPA: a heading over a list of places
        ("Community Manager\n\n### Sede di lavoro\n- Roma\n- Milano\n \nPer applicare", ["Roma", "Milano"]),
        # Indeed Argentina: "CABA" is a town in India too; the top card writes the country out
        ("CAJERO/A (Temporal) - CABA\nBBVA\nNúñez, B, AR\n\nExcited to grow your career?\n\n"
         "**Ubicación:** Sucursal **356 NUÑEZ, CABA**",
         ["Núñez, B, AR"]),
        ("Operationssjuksköterska till Umeå!\n\nNu söker vi dig", ["Umeå"]),  # JobTech: only the title names it
        ("Product Manager at Google\n\nJoin us", []),  # "at" names the employer
        ("Nakliye Analisti (Esenyurt)\nDHL Supply Chain\n\nDHL Supply Chain Türkiye", ["Esenyurt"]),  # Kariyer.net
        ("iOS Engineer (Mobile)\n\nJoin us", []),  # a word of titles that a town in Alabama is also called
        # Nothing labelled, no top card: a sentence ties the work to a place (Kariyer.net)
        ("Satış Danışmanı\n\nENTERPRISE RENT A CAR' ın Ankara'daki ofislerinde değerlendirilmek üzere", ["Ankara"]),
        # Yakumatch: a table's row whose first cell is the label
        ("看護師\n\n| 勤務地  | 大阪府豊中市  |\n| --- | --- |\n| アクセス  | 「緑地公園駅」/徒歩3分  |", ["大阪府豊中市"]),
    ],
)
def test_labelled_places(text, places):
    text = labels_joined(text)
    assert locations_named(text, read_top_card(text)) == places


def test_a_top_card_listing_one_office_a_line_gives_them_all():
    # jobs.cz: an address per office below the company
    text = (
        "# Software developer\nSpolečnost \nEdhouse s.r.o.\n[Vavrečkova 7074, Zlín](https://www.mapy.cz/?q=a)\n"
        "[Horní náměstí 3, Vsetín](https://www.mapy.cz/?q=b)\n[Masarykova třída 936/50, Olomouc – Hodolany](x)\n"
        "Informace o pozici\n"
    )
    assert read_top_card(labels_joined(text)).locations == ["Zlín", "Vsetín", "Olomouc"]


def test_a_line_ending_in_a_legal_form_is_a_name_whatever_its_case():
    text = "Medior PHP developer\n3IT úspěšný eshop s.r.o.\nOstrava, Česko\n\nPojď k nám"  # StartupJobs
    assert company_named(text, read_top_card(text)) == "3IT úspěšný eshop s.r.o."


def test_a_button_is_no_employer():
    text = "# [야놀자클라우드] DHUB Product Owner\n즉시 지원 »\n\nDescription follows here."
    assert company_named(text, read_top_card(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "Engineer\nChicago, IL\n\nLocation: Flexible though we prefer the Bay. Travel twice a year to our office.",
        "Engineer\nChicago, IL\n\nWork Location: In person",  # a work arrangement, not a place
    ],
)
def test_a_labelled_value_that_is_no_place_leaves_the_top_cards(text):
    assert locations_named(text, read_top_card(text)) == ["Chicago, IL"]


def test_a_town_and_its_provinces_code_is_no_company():
    text = "General Manager\nNisku, AB\n\nGeneral Manager\nOverview:\nWe are seeking a General Manager."  # Indeed
    assert company_named(text, read_top_card(text)) is None


def test_headings_under_the_title_that_name_a_place_are_its_card():
    # RemoteWLB: the employer and the place as smaller headings, a pictograph before the place
    text = "# [Data Engineer](https://x.test/apply/1)  \n### dentsu  \n#### `🌎 Remote,Columbia, MD`  \n\nMerkle is a ..."
    card = read_top_card(text)
    assert (card.title, card.company, card.locations) == ("Data Engineer", "dentsu", ["Columbia, MD"])
    assert "Remote,Columbia, MD" in card.lines  # a badge reads without its pictograph


def test_a_section_heading_under_the_title_is_no_card():
    text = "# Data Engineer\n## Description\nWe build pipelines for our clients in Paris.\n"
    assert read_top_card(text).company is None


@pytest.mark.parametrize(
    ("text", "title"),
    [
        # JUG Milano: a date line first, then the labelled title
        ("Data: 4 giugno 2014\nJob Title: Full Stack Software Developer\nLocation: London, UK\n", "Full Stack Software Developer"),
        # Ontola: a page's front matter
        ("---\ntitle: Vacature front-end webdeveloper Utrecht\nlayout: page\n---\n\n## Over Ontola\n", "Vacature front-end webdeveloper Utrecht"),
        # a labelled title further down does not replace the headline
        ("Electrical Engineer\n\nJob Title: Electrical Engineer I\n", "Electrical Engineer"),
    ],
)
def test_a_title_line_labelled_so(text, title):
    assert read_top_card(text).title == title


def test_a_long_line_of_places_is_the_cards():
    # USAJOBS: eight offices on one line between "|"
    places = "Chamblee, Georgia |  Lanham-Seabrook, Maryland |  Detroit, Michigan |  Memphis, Tennessee |  " \
        "Austin, Texas |  De Soto, Texas |  Ogden, Utah |  Kearneysville, West Virginia"
    card = read_top_card(f"INFORMATION TECHNOLOGY SPECIALIST (SECURITY)\nInternal Revenue Service\n{places}\n")
    assert card.locations[:2] == ["Chamblee, Georgia", "Lanham-Seabrook, Maryland"] and len(card.locations) == 8


def test_a_tables_rows_of_label_value_pairs_are_labelled_lines():
    # an iCIMS page: two labels and their values to a row
    text = labels_joined(
        "#  Careers  \n |  QA Packaging Engineer   |  \n| Job ID:   | 4262  | Location:   | US-IL-Yorkville  |  \n"
        "| Posted Date:   | 12/21/2009  | Category:   | Quality Assurance  |  \n| Company:   | Wm. WRIGLEY Jr. Company  |   |   |\n"
    )
    card = read_top_card(text)
    assert card.title == "QA Packaging Engineer"  # not the site's heading
    assert "Location: US-IL-Yorkville" in text and "Posted Date: 12/21/2009" in text
    assert company_named(text, card) == "Wm. WRIGLEY Jr. Company"


@pytest.mark.parametrize(
    ("card", "company"),
    [
        # ITviec: Vietnamese names run to many short words, their legal form first
        ("Chuyên Gia Quản Trị Cơ Sở Dữ Liệu (DBA)\nNgân hàng TMCP Thịnh vượng và Phát triển (PGBank)\nAt office\nHa Noi\n",
         "Ngân hàng TMCP Thịnh vượng và Phát triển (PGBank)"),
        ("Network Engineer\nCông ty Cổ phần Thanh toán số MobiFone\nAt office\n", "Công ty Cổ phần Thanh toán số MobiFone"),
        ("Network Engineer\nwe are looking for a network engineer to join our team in Ha Noi\n", None),
    ],
)
def test_a_name_that_opens_with_its_legal_form(card, company):
    assert company_named(card, read_top_card(card)) == company


def test_a_logo_named_by_the_registered_name_is_the_employer_and_a_share_bar_is_not():
    # cvbankas: the logo's text is the employer; the links before the title share the page ("Nuoroda": link)
    card = (
        "[ ![UAB „Lidl Lietuva“](https://img.example/lidl.jpg) ](https://www.cvbankas.lt/lidl-lietuva-siulo-darba/4-41627)\n"
        "[ Persiųsti ](https://www.facebook.com/dialog/send)\n[ Nuoroda ](https://www.cvbankas.lt/1-13573910)\n"
        "# Pardavėjas (-a)\n1305-2035 €/mėn.\n"
    )
    assert company_named(card, read_top_card(card)) == "UAB „Lidl Lietuva“"
    card = "[ Persiųsti ](https://www.facebook.com/dialog/send)\n[ Nuoroda ](https://www.cvbankas.lt/1-13573910)\n# Pardavėjas\n"
    assert company_named(card, read_top_card(card)) is None


@pytest.mark.parametrize(
    "text",
    [
        "Verzorgende IG\n\n## Over de functie\nJe werkt in een team van zorgverleners.\n",  # a heading, not "About Acme"
        "เจ้าหน้าที่ฝ่ายผลิต\nไม่ระบุบริษัท\nอ.ปากเกร็ด จ.นนทบุรี\n",  # JobThai: "company not specified"
        "Sales Manager\nConfidential\nLondon\n",
    ],
)
def test_no_employer_where_the_posting_names_none(text):
    assert company_named(text, read_top_card(text)) is None


@pytest.mark.parametrize(
    "text",
    [
        "**About the team**\nOpenAI’s mission is to build safe artificial general intelligence which benefits all of humanity.\n",
        "# Karrier\n\nA HRP Europe Kft. munkatársat keres az alábbi pozícióba, hosszú távú együttműködésre.\n",
        "\"Angajari\"\n\nEuro Auto Service angajează mecanici auto cu experiență pentru service-ul din Constanța.\n",
    ],
)
def test_a_sites_or_sections_heading_is_no_title(text):
    heading = text.split("\n")[0].strip('#*" ')
    assert heading not in (read_top_card(text).title or "")


def test_a_street_address_under_a_place_label_is_no_place():
    # NAV: the work place's street and number, then its postcode and town
    text = labels_joined("Skipselektriker\nATRIUM REKRUTTERING AS\n\n### Arbeidssted\nTrollhaugmyra 15\n5353 Straume\n")
    assert "Trollhaugmyra 15" not in locations_named(text, read_top_card(text))


def test_a_forum_posts_card_line_of_pieces_between_bars():
    # Hacker News "Who is hiring": the author over the date, then "Company | Role | Place | Pay | Terms"
    text = (
        "markwaldron\non Mar 7, 2019\n\nDigiFi | Sales Development Representative | New York City | $50k-$100k + "
        "Equity + Benefits | Full-Time, Onsite\nDigiFi is a SaaS technology company located in New York City that "
        "provides software to help businesses make better automated decisions with machine learning and rules.\n"
    )
    card = read_top_card(text)
    assert (card.title, company_named(text, card), card.locations) == (
        "Sales Development Representative", "DigiFi", ["New York City"]
    )
    # a title with its badges and place (SEEK) is read as before
    title = "Senior Platform Engineer | Remote | Australia"
    assert read_top_card(f"{title}\n\nWe are looking for a platform engineer to run our cloud for clients.").title == title


def test_a_remote_badge_with_no_place_beside_it_is_no_place():
    # Jobberman: "Remote (Work From Home)" where the place would stand; Lever's "Remote (US)" names one
    card = read_top_card("Flutter Developer\nOdixcity Consulting\nRemote (Work From Home)\nNGN 400,000 - 600,000\n")
    assert card.locations == []
    assert read_top_card("Engineer\nAcme\nRemote (US)\n").locations == ["Remote (US)"]


def test_a_registered_name_further_down_the_card_is_the_employer():
    # JobStreet Indonesia: the job's category under the title, then the employer
    card = "Sales Admin\n(Administrasi & Dukungan Perkantoran)\nPT AAF International Indonesia\nJakarta Utara\n"
    assert company_named(card, read_top_card(card)) == "PT AAF International Indonesia"

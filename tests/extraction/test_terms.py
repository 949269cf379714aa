"""Remote mode and employment type where a posting states them, not wherever a word appears (real snippets)."""
import pytest

from extraction.labels import labels_joined
from extraction.terms import badge_kind, employment_type, remote_mode, stated_terms


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("This role is fully remote within the EU.", "remote"),
        ("We are a remote-first company", "remote"),
        ("Hybrid: three days a week in our Lisbon office, the rest remote", "hybrid"),
        ("This is an in-office role in Paris", "onsite"),
        ("Arbeitsmodell: Hybrid", "hybrid"),
        ("Homeoffice möglich, Vollzeit", "hybrid"),  # StepStone
        ("Flexibilité avec une politique remote jusqu’à 3 j", "hybrid"),  # Welcome to the Jungle
        ("Esquema Híbrido: Tres días presenciales en oficina y 2 días de Home Office", "hybrid"),  # Bumeran
        ("Lugar de trabajo: Empleo presencial", "onsite"),  # Indeed Argentina
        ("- Flessibilità di lavorare da remoto da tutta Italia", "remote"),  # PagoPA
        ("Možnost občasné práce z domova", "hybrid"),  # jobs.cz: occasional work from home
        # words out of context state nothing
        ("Our chefs serve meals prepared onsite", "unknown"),
        ("Experience with remote sensing and hybrid cloud platforms", "unknown"),
        ("Perks: Remote Work Flexibility, Company Issued Machine", "unknown"),
        ("Hybrid: If this position is listed as hybrid, you will be expected to work on site", "unknown"),
        ("Join our Amsterdam team", "unknown"),
        ("Lieu du poste : En présentiel", "onsite"),  # Indeed Canada, in French
        ("Een prettige werkplek in ons kantoor in Utrecht, maar thuis werken kan ook altijd", "hybrid"),  # Ontola
        ("You will have the option to work from home two days a week", "hybrid"),
        ("Voit työskennellä toimipisteellämme Tampereella, mutta tarjoamme myös laajan etätyömahdollisuuden.", "hybrid"),
        ("Ability to collaborate and communicate effectively in an all-remote setting", "remote"),
        ("Experience with building applications deployed in cloud, hybrid or on prem environments", "unknown"),
    ],
)
def test_remote_mode(text, mode):
    assert remote_mode(text) == mode


def test_a_top_cards_badges_and_a_titles_tag_state_the_mode():
    assert remote_mode("", top_card=["On-site · Co-Development", "Full time"]) == "onsite"
    assert remote_mode("", top_card=["HybridInternship"]) == "hybrid"  # chips glued together by the markup
    assert remote_mode("", title="FullStack разработчик (remote)") == "remote"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Full-time, permanent position", "full_time"),
        ("Job type: Contract", "contract"),
        ("Vertragsart: befristet", "temporary"),
        ("Contrat : CDD", "temporary"),
        ("12-month fixed-term contract", "contract"),
        ("Senior Finance Business Partner on an interim basis", "contract"),
        ("- Contratto a tempo Indeterminato", "full_time"),
        ("Práce na plný úvazek", "full_time"),
        ("Omfattning: Deltid/Heltid", "unknown"),  # a choice settles neither
        ("Tipologia di contratto: Tempo Indeterminato/Tempo Determinato", "unknown"),
        # PagoPA: the choice is one sentence of a longer line
        ("### Tipologia di contratto: Tempo Indeterminato/Tempo Determinato/ Apprendistato. La tipologia di "
         "inquadramento sarà determinata tenendo conto delle caratteristiche e dei requisiti.", "unknown"),
        ("**Tipo de contratación:** Temporal \\- 3 meses", "temporary"),  # Indeed Argentina, markdown-escaped
        ("Ofrecemos pracovní smlouvu na dobu neurčitou", "full_time"),  # jobs.cz: a contract of indefinite term
        ("Aqui na Tecnofit a carga horária é de 40h semanais, em modelo híbrido", "full_time"),  # Gupy: a full week
        # PENNY: the week's hours are the basis of the pay, not the job's
        ("mindestens 1.800.- Euro brutto/Monat auf Vollzeitbasis (38,5 Stunden/Woche).", "unknown"),
        # words out of context state nothing
        ("Experience in contract management and supply chains", "unknown"),
        ("Leading B2B distributor seeks an account executive", "unknown"),
        ("We build internal tools for international customers", "unknown"),
        ("Seasonal products for every kitchen", "unknown"),
        # A choice offered in one sentence is not settled by a phrase elsewhere (HORNBACH: permanent, hours either)
        ("Die Stelle ist in Vollzeit oder Teilzeit zu besetzen.\n  * Mit einem unbefristeten Arbeitsvertrag", "unknown"),
        ("Full-time and part-time positions available.", "unknown"),
        ("Term (not to exceed 2 years; may be extended up to 2 additional years)", "temporary"),  # USAJOBS
        ("We are offering short-term contracts at this stage, ideal for temporary work", "temporary"),  # Duunitori
        ("Puhdistuspalvelut hakee siistijää vakituiseen työsuhteeseen!", "full_time"),  # Finnish, inflected
        ("Fast anställning", "full_time"),
        ("Job Types: Full-time, Seasonal", "temporary"),  # Indeed Canada: the plural label, every type that applies
        ("Job Types: Full-time, Permanent", "full_time"),  # Indeed Canada
        ("Job type: Contract / Full-time", "contract"),  # hours beside an arrangement: a contract worked full-time
        ("Job type: Full-time / Part-time", "unknown"),
        # Thales: a permanent role to move to later is a prospect, not the job's terms
        ("It is highly likely that successful candidates once established in an engineering role on a project will "
         "transfer into a permanent role within a business unit.", "unknown"),
        ("$ 4.212.275,00 (Mensual) Contrato a término fijo Tiempo Completo", "temporary"),  # Computrabajo, Colombia
    ],
)
def test_employment_type(text, kind):
    assert employment_type(text) == kind


THALES = (
    "Your health and well-being matters to us and that's why we offer you the flexibility to do what's important to "
    "you; whether that's part time hours, job sharing, home working, or the ability to flex your start and finish times."
)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (THALES, "unknown"),  # Thales' boilerplate: flexibility offered to all staff, not this job's hours
        (f"{THALES}\nThis is a part-time role with flexible hours.", "part_time"),  # a later statement still counts
        ("This is a part-time role with flexible hours.", "part_time"),
    ],
)
def test_flexibility_offered_is_not_the_jobs_hours(text, kind):
    assert employment_type(text) == kind


def test_a_label_above_its_value():
    assert employment_type(labels_joined("**고용 형태**\n정규직 (수습 3개월)")) == "full_time"  # Yanolja


def test_a_titles_badge_states_the_terms():
    assert employment_type("", title="Kıdemli İş Analisti - OMS (Dönemsel)") == "temporary"  # kariyer.net
    assert employment_type("", title="Barista (Part-time)") == "part_time"
    assert employment_type("", title="Contract Manager") == "unknown"
    # JobsDB: a temporary appointment worked full time; JobKorea: a contract post (계약직)
    assert employment_type("", top_card=["Full time"], title="Administrative Assistant (Temporary Appointment)") == "temporary"
    assert employment_type("", title="[Coupang Pay] Senior QA Engineering Tester (계약직)") == "contract"
    # Job Bank: "Seasonal employment" and "Full time" glued by the page
    assert employment_type("", top_card=["Seasonal employmentFull time"], title="labourer") == "temporary"


def test_a_title_naming_an_intern_makes_an_internship():
    assert employment_type("", title="Systems Administrator Intern") == "internship"
    assert employment_type("", title="Pasante de RRHH (perfil Soft)") == "internship"
    assert employment_type("", title="Internal Auditor") == "unknown"


@pytest.mark.parametrize(
    ("text", "top_card", "title"),
    [
        ("Hybrid: If this position is listed as hybrid, ...\nThis is a 6-month contract, fully remote.", [], "Engineer"),
        ("Arbeitsmodell: Hybrid\nVertragsart: befristet", ["München", "Vollzeit"], "Entwickler (m/w/d)"),
        ("40 hours per week in our office", ["On-site · Internship"], "Barista (Part-time)"),
    ],
)
def test_stated_terms_are_remote_mode_and_employment_type(text, top_card, title):
    both = (remote_mode(text, top_card=top_card, title=title), employment_type(text, top_card=top_card, title=title))
    assert stated_terms(text, top_card=top_card, title=title) == both


@pytest.mark.parametrize(
    ("piece", "kind"),
    [("Full-time", "full_time"), ("Remote", "remote"), ("CDI", "full_time"), ("Teilzeit", "part_time"),
     ("Apply", None), ("Singapore", None)],
)
def test_badges(piece, kind):
    assert badge_kind(piece) == kind


def test_a_top_cards_only_telework_and_fixed_term():
    card = ["Barcelona", "De duración determinada", "Completa", "Solo teletrabajo"]  # InfoJobs
    assert remote_mode("", top_card=card) == "remote"
    assert employment_type("", top_card=card) == "temporary"


@pytest.mark.parametrize(
    ("card", "kind"),
    [
        (["Warszawa, Wola", "Umowa na zastępstwo", "Pełny etat"], "temporary"),  # pracuj.pl: a replacement contract
        (["Warszawa, Mokotów", "Kontrakt B2B", "Pełny etat"], "contract"),
        (["Warszawa", "Umowa o pracę, Kontrakt B2B", "Pełny etat"], "full_time"),  # a choice of contracts, full hours
        # hours beside an arrangement are one job's terms, not a choice: Reed's contract worked full-time
        (["Data Idols", "£600.00 - £700.00 per day", "London", "Contract, full-time"], "contract"),
        (["Temporary, Part-time"], "temporary"),
        (["Permanent, Full-time"], "full_time"),
        (["Full-time, Part-time"], "unknown"),  # two spans of hours side by side: a choice
    ],
)
def test_a_top_cards_contract_badges(card, kind):
    assert employment_type("", top_card=card) == kind


def test_a_quoted_badge():
    # JM Zorgpartners: a page's front matter read as the top card; "(bij fulltime)" below is a condition
    card = ['location: "Rotterdam"', 'type: "Parttime"', 'salary: "€2.500 - €3.200 per maand"']
    assert employment_type("- 24 vakantiedagen (bij fulltime)", top_card=card) == "part_time"


def test_parttime_offered_as_an_option_is_no_term():
    # WR: "it is also possible to work part-time" beside a 40-hour week
    assert employment_type("Bij deze vacature is het mogelijk ook parttime te werken.") == "unknown"


def test_a_sentence_in_the_card_holds_no_badges():
    # DOU: "(hybrid) development of mobile apps" is no work arrangement
    card = ["Swivl", "Киев", "Требуются специалисты для (гибридной) разработки мобильных приложений на фреймворке React Native"]
    assert remote_mode("", top_card=card) == "unknown"


def test_at_office_is_on_site():
    assert remote_mode("", top_card=["Sign in to view salary", "At office", "Ha Noi"]) == "onsite"  # ITviec


@pytest.mark.parametrize(
    ("text", "card", "title", "kind"),
    [
        ("", ["1305-2035 €/mėn. neatskaičius mokesčių", "Visa darbo diena", "Kaunas - UAB „Lidl Lietuva“"], "",
         "full_time"),  # CVbankas: a full working day
        ("<li>Contract de muncă pe perioadă nedeterminată </li>", [], "", "full_time"),  # Euro Auto Service, Romanian
        ("", ["ICAP Employment Solutions", "Καλλιθέα", "Entry / Αρχάριος", "Πλήρης απασχόληση"], "", "full_time"),
        ("Σταθερός μισθός και πρόσληψη Αορίστου Χρόνου.", [], "", "full_time"),  # kariera.gr: hired for an indefinite term
        ("* משרה מלאה במשמרות בוקר צהרים ולילה", [], "", "full_time"),  # Glassdoor Israel: a full-time post in shifts
        ("Contador Auditor por reemplazo maternal", [], "", "temporary"),  # Xinerlink, Chile: a maternity replacement
        ("Omfattning: Heltidstjänst", [], "", "full_time"),  # Platsbanken
        ("", ["JAN MAYEN", "Heltid", "Engasjement"], "", "temporary"),  # arbeidsplassen: a fixed engagement, full hours
        ("Jovem Aprendiz – PCM - Bauru<br>Cadastrado em: 29/04/2022", [], "Jovem Aprendiz", "internship"),  # apprentice
        # site navigation, no statement of this job's terms (JobThai: "part-time/temporary jobs", "Freelance jobs")
        ("งาน งานพาร์ทไทม์/พนักงานชั่วคราว\nงาน Freelance", [], "", "unknown"),
    ],
)
def test_terms_in_more_languages(text, card, title, kind):
    assert employment_type(text, top_card=card, title=title) == kind


def test_remote_modes_in_more_languages():
    assert remote_mode("Υβριδικό μοντέλο εργασίας (συνδυασμός γραφείου και τηλεργασίας).") == "hybrid"  # kariera.gr
    # mgzk: company buses to the city's outlying ("віддалені") districts; no remote work
    assert remote_mode("Трансфер автобусами підприємства в віддалені райони міста.") == "unknown"


@pytest.mark.parametrize(
    ("piece", "kind"),
    [
        ("Plný úväzok", "full_time"), ("Skrátený úväzok", "part_time"), ("Živnosť", "contract"),
        ("Na dobu určitú", "temporary"), ("Dohoda (brigády)", "temporary"), ("Práca z domu", "remote"),
        ("Nepilnu etatu", "part_time"), ("Terminuota darbo sutartis", "temporary"), ("Nuotolinis darbas", "remote"),
        ("Normă întreagă", "full_time"), ("Jumătate de normă", "part_time"), ("Pe perioadă determinată", "temporary"),
        ("Teljes munkaidős", "full_time"), ("Részmunkaidő", "part_time"), ("Határozott idejű", "temporary"),
        ("Távmunka", "remote"), ("Hibrid", "hybrid"), ("Μερική απασχόληση", "part_time"), ("Τηλεργασία", "remote"),
        ("Непълно работно време", "part_time"), ("Срочен договор", "temporary"), ("Дистанционна работа", "remote"),
        ("Часткова зайнятість", "part_time"), ("Віддалена робота", "remote"), ("Гібрид", "hybrid"),
        ("งานประจำ", "full_time"), ("พาร์ทไทม์", "part_time"), ("ฝึกงาน", "internship"), ("ไฮบริด", "hybrid"),
        ("משרה חלקית", "part_time"), ("עבודה מהבית", "remote"), ("دوام جزئي", "part_time"), ("عن بعد", "remote"),
        ("Engasjement", "temporary"), ("Visstid", "temporary"), ("Reemplazo", "temporary"),
        ("Dohodou", None),  # Slovak "by agreement" (a start date), no agreement to work under
    ],
)
def test_badges_in_more_languages(piece, kind):
    assert badge_kind(piece) == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("**Druh pracovného pomeru**   \nživnosť\n**Termín nástupu**   \nDohodou", "contract"),  # profesia.sk
        ("🕒 Τύπος Απασχόλησης: Πλήρης Απασχόληση", "full_time"),  # kariera.gr
        ("Tipul jobului: Part-time", "part_time"),
        ("Munkaidő: Teljes munkaidő", "full_time"),
        ("Тип зайнятості: Повна зайнятість", "full_time"),
        ("ประเภทงาน: งานประจำ", "full_time"),
        ("Ansettelsesform: Vikariat", "temporary"),
        ("Varaktighet: Tillsvidare", "full_time"),
    ],
)
def test_terms_labels_in_more_languages(text, kind):
    assert employment_type(labels_joined(text)) == kind


def test_days_a_week_in_the_office_are_hybrid():
    # Adzuna (Computershare): a "REMOTE" chip, then the terms in words
    text = (
        "In this position, you’ll be based in the Edinburgh office for a minimum of three days a week, with the "
        "flexibility to work from home for some of your working week."
    )
    assert remote_mode(text, top_card=["REMOTE"]) == "hybrid"
    assert remote_mode("You will work two days a week in the office and the rest from home.") == "hybrid"


def test_a_records_remote_false_is_on_site():
    # Arbeitnow's record as front matter
    text = 'title: "Quereinsteiger Schädlingsbekämpfung"\nlocation: "Frankfurt am Main"\nremote: false\n'
    assert remote_mode(text, top_card=["remote: false"]) == "onsite"
    assert remote_mode("remote: true", top_card=["remote: true"]) == "remote"


def test_a_type_label_above_its_value_states_the_terms():
    # Glassdoor Australia's footer: "Type" over "Contract"
    text = labels_joined("Data Analyst\nClicks IT Recruitment\nSydney\n\nAU$700 - AU$800 per day\n\nType\nContract\n")
    assert employment_type(text) == "contract"

"""The words postings label their facts with ("Location:", "Arbeitsort", "Plat", "勤務地"), in the languages they are
written in, and the one way every rule reads a labelled value (pure).

A page may set the label and its value on lines of their own ("Společnost" then "Jobs Contact Personal, s.r.o."):
`labels_joined` writes such pairs as one "Label: value" line, so every rule reads them alike.
"""
import re

from .patterns import LineStarts, by_first_character

COMPANY = (
    r"company|company\s+name|employer|hiring\s+(?:company|organi[sz]ation)|organi[sz]ation|"
    r"arbeitgeber|unternehmen|firma|entreprise|société|employeur|empresa|empleador|azienda|pracodawca|společnost|"
    r"работодатель|компания|arbetsgivare|företag|arbeidsgiver|virksomhed|työnantaja|werkgever|bedrijf|şirket|"
    r"会社名|企業名|社名|公司名称|公司|회사명|spoločnosť|zamestnávateľ|įmonė|darbdavys|companie|angajator|cég|munkáltató|"
    r"vállalat|εταιρεία|εργοδότης|работодател|компанія|роботодавець|บริษัท|חברה|מעסיק|الشركة|جهة\s+العمل"
)
PLACE = (
    r"location|locations|job\s+location|work\s+location|place\s+of\s+work|based\s+in|city|"
    r"ort|arbeitsort|standort|einsatzort|dienstort|lieu|lieu\s+de\s+travail|lieu\s+du\s+poste|localisation|ville|"
    r"ubicaci[óo]n|localizaci[óo]n|lugar\s+de\s+trabajo|localiza[çc][ãa]o|local\s+de\s+trabalho|cidade|"
    r"sede|sede\s+di\s+(?:lavoro|svolgimento)|luogo\s+di\s+lavoro|localit[àa]|werklocatie|locatie|standplaats|plaats|"
    r"lokalizacja|miejsce\s+pracy|místo\s+výkonu\s+práce|místo\s+pracoviště|lokalita|место\s+работы|город|адрес|"
    r"arbetsort|placering|arbeidssted|sted|arbejdssted|sijainti|työpaikan\s+sijainti|konum|lokasyon|şehir|çalışma\s+yeri|"
    r"勤務地|勤務先|所在地|工作地点|工作地址|근무지|근무\s*지역|miesto\s+(?:výkonu\s+)?práce|darbo\s+vieta|vieta|miestas|"
    r"locați[ae]|locatie|oraș|localitate|loc\s+de\s+muncă|munkavégzés\s+helye|helyszín|település|τοποθεσία|περιοχή|"
    r"местоположение|място\s+на\s+работа|град|місто|місце\s+роботи|สถานที่ปฏิบัติงาน|สถานที่ทำงาน|מיקום|"
    r"الموقع|المدينة|مكان\s+العمل"
)
PAY = (
    r"salary|salary\s+range|pay|pay\s+range|base\s+pay|compensation|wage|wages|rate|remuneration|"
    r"gehalt|vergütung|jahresgehalt|salaire|rémunération|salario|sueldo|salário|remuneração|"
    r"retribuzione|stipendio|ral|wynagrodzenie|pensja|plat|mzda|зарплата|заработная\s+плата|оклад|доход|"
    r"lön|lønn|løn|palkka|salaris|maaş|ücret|給与|給料|月給|年収|薪资|薪酬|工资|月薪|연봉|급여|mzdové\s+podmienky|"
    r"atlyginimas|darbo\s+užmokestis|salariu[l]?|remunerație|fizetés|bér|bérezés|μισθός|αποδοχές|αμοιβή|заплата|"
    r"възнаграждение|заробітна\s+плата|оплата\s+праці|เงินเดือน|שכר|الراتب|راتب"
)
TERMS = (
    r"job\s+types?|employment\s+types?|type\s+of\s+employment|employment|contract\s+types?|type\s+of\s+contract|contract|"
    r"work(?:ing)?\s+(?:type|model|arrangement|mode|hours|pattern|schedule)|workplace(?:\s+type)?|location\s+type|"
    r"remote|hours|schedule|position\s+type|work\s+location|location|type|"
    r"vertragsart|anstellungsart|beschäftigungsart|art\s+der\s+anstellung|arbeitszeit|arbeitsmodell|"
    r"type\s+de\s+contrat|contrat|temps\s+de\s+travail|mode\s+de\s+travail|lieu\s+du\s+poste|"
    r"tipo\s+de\s+contrat[oa](?:ção)?|tipo\s+de\s+contrataci[óo]n|jornada|modalidad|modalidade|regime|"
    r"tipo\s+di\s+contratto|tipologia\s+(?:di\s+)?contratt(?:o|uale)|orario|modalità\s+di\s+lavoro|"
    r"rodzaj\s+umowy|wymiar\s+(?:pracy|etatu)|tryb\s+pracy|typ\s+úvazku|typ\s+pracovního\s+poměru|forma\s+spolupráce|"
    r"тип\s+занятости|занятость|график\s+работы|формат\s+работы|"
    r"anställningsform|anställningstyp|omfattning|arbetstid|stillingstype|ansættelsesform|työsuhde|"
    r"dienstverband|soort\s+contract|çalışma\s+(?:şekli|modeli|tipi)|pozisyon\s+tipi|istihdam\s+türü|"
    r"雇用形態|勤務形態|工作性质|工作类型|고용\s*형태|근무\s*형태|"
    r"druh\s+pracovného\s+pomeru|typ\s+pracovného\s+pomeru|pracovný\s+pomer|druh\s+pracovního\s+poměru|"
    r"darbo\s+krūvis|darbo\s+laikas|darbo\s+sutarties\s+tipas|sutarties\s+tipas|"
    r"tip\s+job|tipul\s+jobului|tip(?:ul)?\s+contract(?:ului)?|program\s+de\s+lucru|"
    r"munkaidő|munkarend|foglalkoztatás\s+(?:jellege|típusa)|szerződés\s+típusa|"
    r"τύπος\s+απασχόλησης|είδος\s+απασχόλησης|απασχόληση|τύπος\s+σύμβασης|"
    r"вид\s+на\s+заетостта|тип\s+на\s+заетостта|тип\s+работа|вид\s+работа|работно\s+време|"
    r"тип\s+договор|вид\s+договор|тип\s+зайнятості|вид\s+зайнятості|зайнятість|графік\s+роботи|формат\s+роботи|"
    r"тип\s+роботи|ประเภทงาน|ประเภทการจ้างงาน|รูปแบบการจ้างงาน|รูปแบบงาน|รูปแบบการทำงาน|"
    r"סוג\s+משרה|היקף\s+משרה|סוג\s+העסקה|نوع\s+الوظيفة|نوع\s+العمل|نوع\s+الدوام|نوع\s+التوظيف|"
    r"ansettelsesform|arbeidstid|varaktighet|"
    r"tipo\s+de\s+vaga|tipo\s+de\s+emprego|tipo\s+de\s+jornada|tipo\s+de\s+empleo|tipo\s+de\s+puesto"
)
POSTED = (
    r"date\s+(?:re)?posted(?:\s+on)?|reposted(?:\s+on)?|posted\s+date|posted(?:\s+on)?|date\s+posted|posting\s+date|"
    r"published(?:\s+on)?|publication\s+date|"
    r"listed(?:\s+on)?|date\s+listed|created(?:\s+on)?|"
    r"ver[öo]ffentlicht(?:\s+am)?|ver[öo]ffentlichungsdatum|erstellt\s+am|online\s+seit|eingestellt(?:\s+am)?|"
    r"publi[ée]e?(?:\s+le)?|date\s+de\s+publication|mise\s+en\s+ligne(?:\s+le)?|"
    r"publicad[oa](?:\s+(?:el|em|en))?|fecha\s+de\s+publicaci[óo]n|data\s+de\s+publica[çc][ãa]o|"
    r"pubblicat[oa](?:\s+il)?|data\s+di\s+pubblicazione|"
    r"geplaatst(?:\s+op)?|gepubliceerd(?:\s+op)?|publicatiedatum|"
    r"opublikowan[aeyo]|data\s+publikacji|dodan[aeyo]|zveřejněno|"
    r"дата\s+(?:создания|публикации|размещения)(?:\s+вакансии)?|опубликовано|размещено|"
    r"publicerad|publiceringsdatum|publisert|opslået|julkaistu|"
    r"掲載日|公開日|投稿日|更新日|发布日期|发布时间|등록일|dátum\s+zverejnenia|zverejnené|paskelbta|data\s+publicării|"
    r"publicat|közzétéve|feladva|δημοσιεύτηκε|ημερομηνία\s+δημοσίευσης|публикувана|публикувано|"
    r"дата\s+на\s+публикуване|дата\s+публікації|опубліковано|วันที่ประกาศ|ประกาศเมื่อ|פורסם|تاريخ\s+النشر|"
    r"cadastrad[oa](?:\s+em)?"
)
# "Date:" alone, at the start of a line, where a posting gives when it was posted ("Data: 11 Febbraio 2013"); only a
# date that follows counts (dates.labelled_posting_date), never a "start date" or "closing date".
DATED = r"date|data|datum|fecha|dato"
# A title given as a labelled line ("Job Title: Deal Poster", a page's front matter "title: Vacature ...").
TITLE = (
    r"job\s+title|position\s+title|title|titre\s+du\s+poste|intitulé\s+du\s+poste|stellenbezeichnung|stellentitel|"
    r"jobtitel|título\s+del\s+puesto|título\s+da\s+vaga|titolo(?:\s+della\s+posizione)?|stanowisko|název\s+pozice|"
    r"должность|functietitel|befattning|職種名|职位名称|직무명|názov\s+pozície|pareigos|titlul\s+postului|munkakör|"
    r"длъжност|посада|ตำแหน่งงาน|המשרה|المسمى\s+الوظيفي"
)
# Every label starts with a letter, so that an alternation of labels can be grouped by it (patterns.by_first_character).
_ANY = by_first_character("|".join((COMPANY, PLACE, PAY, TERMS, POSTED)))
MAX_VALUE = 120  # characters of a labelled value read
MAX_ITEM = 60  # characters of a list item read as one of a label's values ("- Roma"), not a sentence
# A line that is a label and nothing else, its value on the next line of text, or its values in the short list items
# that follow ("### Sede di lavoro" then "- Roma", "- Milano").
_LABEL_ALONE = rf"^(?P<label>[ \t*#>-]*(?:{_ANY})[ \t*]*[:：]?[ \t*]*)\n+"
_LABEL_LIST_RE = LineStarts(rf"{_LABEL_ALONE}(?P<items>(?:[ \t]*[-*•][ \t]+[^\n]{{1,{MAX_ITEM}}}(?:\n|\Z)){{2,}})", re.I)
_LABEL_ALONE_RE = LineStarts(rf"{_LABEL_ALONE}(?:[ \t]*[-*•][ \t]+)?(?=[^\n])", re.I)
# A table's row whose cells pair labels with values: "| 給与 | 月給：355,000円 |" reads "給与: 月給：355,000円", and
# "| Job ID: | 4262 | Location: | US-IL-Yorkville |" (an iCIMS page) reads "Location: US-IL-Yorkville" on a line of its own.
_TABLE_ROW_RE = LineStarts(r"^[ \t]*\|[^\n]*\|[^\n]*$")
_LABEL_CELL_RE = re.compile(rf"\**(?:{_ANY})\**[ \t]*[:：]?[ \t]*", re.I)


def _table_row(match: re.Match) -> str:
    cells = [cell.strip() for cell in match.group().strip().strip("|").split("|")]
    pairs = [
        f"{label.strip(' *:：')}: {value}"
        for label, value in zip(cells, cells[1:])
        if value and _LABEL_CELL_RE.fullmatch(label) and not _LABEL_CELL_RE.fullmatch(value)
    ]
    return "\n".join(pairs) if pairs else match.group()


# A line of several labelled values, each label in bold ("**ID:** 5161946 **Dátum zverejnenia:** 22.9.2025
# **lokalita:**[Bratislava](…)"): each label starts a line of its own.
_BOLD_LABEL_RE = re.compile(r"(?<=\S)[ \t]*(?=\*\*[^*\n:：]{1,40}[:：]\*\*)")
_BOLD_LABELS_LINE_RE = re.compile(r"^[ \t]*\*\*[^*\n:：]{1,40}[:：]\*\*[^\n]*\*\*[^*\n:：]{1,40}[:：]\*\*[^\n]*$", re.M)


def labels_joined(text: str) -> str:
    """`text` with each label standing alone on its line joined to the value on the next: "Plat\\n50 000 Kč" reads
    "Plat: 50 000 Kč", "Sede di lavoro" over the items "- Roma" and "- Milano" reads "Sede di lavoro: Roma; Milano",
    a table's row "| Ort | Berlin | Gehalt | 50.000 € |" reads "Ort: Berlin" and "Gehalt: 50.000 €", and a line of
    bold labels "**Ort:** Berlin **Gehalt:** 50.000 €" reads as two lines."""
    if "|" in (text or ""):
        text = _TABLE_ROW_RE.sub(_table_row, text)
    if ":**" in (text or "") or "：**" in (text or ""):
        text = _BOLD_LABELS_LINE_RE.sub(lambda match: _BOLD_LABEL_RE.sub("\n", match.group()), text)
    text = _LABEL_LIST_RE.sub(lambda match: f"{_joined(match)}{'; '.join(_items(match.group('items')))}\n", text or "")
    return _LABEL_ALONE_RE.sub(_joined, text)


def _joined(match: re.Match) -> str:
    return match.group("label").rstrip(" :：*") + ": "


def _items(items: str) -> list[str]:
    return [item.strip().lstrip("-*•").strip() for item in items.splitlines() if item.strip()]


def labelled_re(labels: str) -> LineStarts:
    """A pattern for the value of a "Label: value" line, for one of `labels`."""
    return LineStarts(
        rf"^[\s*#>-]*(?:{by_first_character(labels)})\s*[:：]\**[^\S\n]*(?P<value>[^\n]{{1,{MAX_VALUE}}})", re.I
    )

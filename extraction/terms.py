"""The job's terms as a posting states them: where the work is done (remote, hybrid, on-site) and on what terms
(full-time, part-time, contract, temporary, internship), in the languages postings are written in (pure).

A bare word says little: "onsite" in "meals prepared onsite", "contract" in "contract management", "remote" in
"remote sensing". So a term counts in three places only: as a badge of its own (a top card's "Full-time", a
"Remote" tag), as the value of a labelled line ("Job type: Contract", "Vertragsart: befristet"), or in a phrase
that states the job's terms ("this is a remote role", "a 6-month contract", "Praktikum").
"""
import functools
import re
from typing import NamedTuple

from .labels import TERMS, labelled_re
from .patterns import MIN_LITERAL, Literals, alternatives, digits_first, folded_apart, occurrences, requirements, starts
from .text import without_markdown_escapes

# Each arrangement: what a badge or a labelled value may say, and the phrases that state it in running text.
# Hybrid comes first: "remote" within a hybrid statement ("hybrid: 2 days remote") does not make the job remote.
_REMOTE_BADGES = [
    ("hybrid", r"hybrid|hybride?|híbrido|ibrido|hybrydow[aey]|гибрид\w*|ハイブリッド|混合办公|partial(?:ly)? remote|hibrit|"
               r"remote\s*/\s*on-?site|on-?site\s*/\s*remote|teletrabajo parcial|télétravail partiel"),
    ("remote", r"(?:fully |100\s?% |full[- ])?remote(?: first| only| ok| friendly)?|work from home|wfh|home\s?office|"
               r"télétravail(?: total| complet)?|(?:solo |sólo )?teletrabajo|remoto|da remoto|zdaln[aey]|praca zdalna|"
               r"удал[её]нн\w*|удал[её]нка|distans|etätyö|fjernarbejde|thuiswerken|リモート|フルリモート|在宅勤務|远程|"
               r"uzaktan(?: çalışma)?"),
    ("onsite", r"on-?site|(?:in|at)[- ](?:the )?office|office[- ]based|in person|vor ort|präsenz|(?:en )?présentiel|sur site|presencial|"
               r"in presenza|in sede|(?:praca )?stacjonarn[aey]|в офисе|офис|på plats|på kontoret|op locatie|出社|现场办公|"
               r"iş ?yerinde|ofiste"),
]
_REMOTE_PHRASES = [
    ("hybrid", r"\bh[iíy]bri[dt]\w*\b(?!\s+(?:cloud|apps?|applications?|mobile|infrastructure|architectures?|"
               r"vehicles?|cars?|search|integrations?|solutions?|systems?|events?|storage|networks?|multi-cloud|"
               r"environments?|deployments?|or on[- ]?prem\w*))|"
               r"(?<!%\s)(?<!%)\bhome[- ]?office\b|\b(?:remote|télétravail|teletrabajo|home ?office|smart working)"
               r"[^.\n]{0,25}\b(?:jusqu'à|up to|bis zu|hasta|até|fino a|\d)\s*\d?\s*(?:days?|jours?|j|tage?n?|días|dias|"
               r"giorni|dny|dni)\b|\b\d\s*(?:days?|jours?|tage?n?|días|dias|giorni|dny|dni)\b[^.\n]{0,30}"
               r"\b(?:remote|home ?office|télétravail|teletrabajo|HO|z domova|smart working|da remoto)\b|\b\d(?:-\d)? days? (?:a|per) week (?:in|at) (?:the|our) office\b|"
               r"\bhybrides? arbeiten\b|\bmobiles? arbeiten\b|\btélétravail (?:partiel|possible|\d)|"
               r"\bsmart working\b|\bmodalità ibrida\b|\bmodelo híbrido\b|\bpraca hybrydowa\b|\bгибридн\w* формат|"
               r"\boccasional(?:ly)? (?:work(?:ing)? )?(?:from home|remote(?:ly)?)\b|\b(?:občasn|částečn)\w* prác\w* z domova\b|"
               r"\bgelegentlich\w* (?:im )?home ?office\b|\bteletrabajo ocasional\b|"
               # working from home offered beside an office: "the option to work from home", "thuis werken kan ook"
               r"\b(?:option|possibility|opportunity) to work (?:from home|remotely)\b|"
               r"\bthuis ?werken (?:kan|is mogelijk)\b|\bmogelijkheid (?:tot|om) thuis te werken\b|"
               r"\bmöglichkeit (?:zum|zu|für) (?:home ?office|mobile\w* arbeit\w*)\b|\bposibilidad de teletrabajo\b|"
               r"\betätyömahdollisuu\w*|\bmahdollisuus etätyöhön\b"),
    ("remote", r"\b(?:is|be|as) an? (?:fully |100\s?% )?remote (?:role|position|job|opportunity)\b|\ball[- ]remote\b|"
               r"\b(?:fully|100\s?%|completely|entirely|full) remote\b|\bremote[- ]first\b|"
               r"\bwork(?:ing)? (?:fully |100\s?% )?remotely\b|\bwork (?:from|at) home\b|\bwork from anywhere\b|"
               r"\bremote (?:role|position|job|opportunity)\b|"
               r"\b(?:100\s?%|komplett|vollständig) (?:remote|homeoffice|home office)\b|"
               r"\btélétravail (?:total|complet|à 100)|\bfull remote\b|\b100\s?% remoto\b|\btrabajo remoto\b|"
               r"\btrabalho remoto\b|\bpraca zdalna\b|\bудал[её]нная работа\b|\bработа удал[её]нно\b|"
               r"\bfull(?:y)? distans\b|フルリモート|完全在宅|\blavor\w* (?:interamente |completamente )?da remoto\b"),
    ("onsite", r"\b(?:is|be|as) an? (?:on-?site|in-office|office-based) (?:role|position|job)\b|"
               r"\bon-?site (?:role|position|job)\b|\b(?:this|the) (?:role|position|job) is (?:based )?"
               r"(?:on-?site|in[- ]office|office-based)\b|\bno remote\b|\bnot (?:a )?remote\b|"
               r"\b100\s?% (?:on-?site|in[- ]office|presencial)\b|\bpresencial\b|\bin presenza\b|\bstacjonarn\w*\b"),
]
_EMPLOYMENT_BADGES = [
    ("internship", r"intern(?:ship)?|praktikum|pflichtpraktikum|stage|stagiaire|alternance|prácticas|becari[oa]|"
                   r"estágio|tirocinio|stage curriculare|staż|stáž|стажировка|стаж[её]р|praktik|harjoittelu|"
                   r"インターン(?:シップ)?|实习|인턴|stajyer|staj"),
    ("contract", r"contract(?:or)?|freelance(?:r)?|self[- ]employed|b2b|contrat de prestation|autónomo|"
                 r"freiberuflich|werkvertrag|contrato por obra|umowa o dzieło|umowa zlecenie|договор гпх|"
                 r"konsult(?:uppdrag)?|zzp|kontrakt b2b|umowa b2b|業務委託|劳务|외주|contract to hire|contract-to-hire|sözleşmeli|serbest çalışan"),
    ("temporary", r"temporary|temp|seasonal|fixed[- ]term|befristet|(?:de )?duración determinada|zeitarbeit|arbeitnehmerüberlassung|cdd|"
                  r"interim|intérim|temporal|temporário|tempo determinato|umowa na czas określony|"
                  r"временн\w*|visstidsanställning|vikariat|behovsanställning|tidsbegrænset|määräaikainen|"
                  r"派遣|契約社員|临时|dönemsel|geçici|sezonluk|umowa na zastępstwo|zastępstwo|umowa na czas określony"),
    ("part_time", r"part[- ]?time|teilzeit|temps partiel|tiempo parcial|media jornada|meio período|meio expediente|"
                  r"part-time|tempo parziale|niepełny etat|część etatu|частичная занятость|неполный день|deltid|"
                  r"deltid\w*|osa-aikainen|deeltijd|パート|アルバイト|兼职|파트타임|minijob|aushilfe|yarı zamanlı|part time"),
    ("full_time", r"full[- ]time|permanent|vollzeit|festanstellung|unbefristet|cdi|temps plein|temps complet|"
                  r"tiempo completo|jornada completa|indefinido|tempo integral|efetivo|clt|tempo pieno|"
                  r"tempo indeterminato|pełny etat|umowa o pracę|полная занятость|полный день|heltid|"
                  r"tillsvidareanställning|tillsvidare|fast anställning|fast stilling|fuldtid|kokoaikainen|"
                  r"vakituinen|voltijd|vast contract|正社員|全职|정규직|regular|full time employee|tam zamanlı|süresiz"),
]
_EMPLOYMENT_PHRASES = [
    ("internship", r"\binternship\b|\bстаж[её]р|\bintern (?:role|position|program(?:me)?)\b|\bsummer intern\b|\bpraktikum\b|"
                   r"\bpraktikant(?:in)?\b|\bstage de (?:fin|\d)|\bstage (?:de )?\d+ mois\b|\ben stage\b|"
                   r"\bprácticas\b|\bestágio\b|\btirocinio\b|\bstaż\b|\bстажировк|\bインターン|实习生"),
    ("contract", r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)[- ]"
                 r"(?:month|year|week)s?[- ](?:fixed[- ]term )?contract\b|\bcontract (?:role|position|job|"
                 r"basis|assignment|engagement|opportunity)\b|\bon a contract\b|\b(?:a|this is a) contract\b|"
                 r"\bfreelance (?:role|position|basis|contract|job|project|assignment)\b|\bas a freelancer\b|"
                 r"\bcontractor (?:role|position)\b|\bself[- ]employed\b|\bb2b contract\b|"
                 r"\b(?:interim|locum) (?:role|position|assignment|manager|post|basis)\b|\bon an? (?:contract|freelance) basis\b|\bsupply (?:teach\w*|work|staff)\b|"
                 r"\bcontract to hire\b|\bcontract-to-hire\b|\bfixed[- ]term contract\b|"
                 r"\bcontract(?:\s*:)?\s+(?:till|until|through|ending)\b"),
    ("temporary", r"\btemporary (?:role|position|job|contract|assignment|employment|post|basis|work)\b|"
                  r"\bshort[- ]term contracts?\b|"
                  r"\bseasonal (?:role|position|job|work|staff|employment)\b|\bfixed[- ]term\b|\bbefristet\w*\b|"
                  r"\bzeitarbeit\b|\bcdd\b|\bcontrat à durée déterminée\b|\bcontrato temporal\b|"
                  r"\btempo determinato\b|\bvisstidsanställning\b|\bvikariat\b|\bmaternity cover\b|\bparental leave cover\b|"
                  r"\btidsbegränsad\b|\bmidlertidig\b|\bvikar\b|\bsijaisuus\b|\bmääräaikainen\b|\bdobu určitou\b|"
                  # USAJOBS: a federal "Term" appointment lasts a set time
                  r"\bterm (?:appointment|position)\b|\bterm \(not to exceed\b|\bduración determinada\b|"
                  r"\b(?:contrato a )?término fijo\b|\bplazo fijo\b|\bprazo determinado\b"),
    ("part_time", r"\bpart[- ]time\b|\bteilzeit\b|\btemps partiel\b|\btiempo parcial\b|\bmedia jornada\b|"
                  r"\bmeio período\b|\bpart-time\b|\bdeltid\b|\bdeeltijd\b|\bчастичная занятость\b|パート|\byarı zamanlı\b"),
    ("full_time", r"\bfull[- ]time\b|\bpermanent (?:role|position|job|contract|employment|post|basis)\b|"
                  r"\bvollzeit\b|\bfestanstellung\b|\bunbefristet\w*\b|\bcdi\b|\bcontrat à durée indéterminée\b|"
                  r"\btemps plein\b|\btiempo completo\b|\bjornada completa\b|\btempo integral\b|\btempo pieno\b|"
                  r"\bpełny etat\b|\bполная занятость\b|\bheltid\b|\btillsvidareanställning\b|\bvoltijd\b|正社員|"
                  r"\btempo indeterminato\b|\bplný úvazek\b|\bplným úvazkem\b|\bHPP\b|\bvaste baan\b|"
                  r"\bvast dienstverband\b|\bfulltime\b|\bfast ansættelse\b|\bfast stilling\b|\bvakitui(?:nen|se\w*)\b|"
                  r"\bfast anställning\b|"
                  r"\bdobu neurčitou\b|\btiempo indeterminado\b|\bcontrato indefinido\b|\bprazo indeterminado\b|"
                  r"\bdurata indeterminata\b|\bczas nieokreślony\b|\bнеопредел[её]нный срок\b|\btam zamanlı\b"),
]
# Lines whose value is the job's terms: "Job type: Contract", "Vertragsart: befristet", "雇用形態：正社員".
_TERMS_LINE_RE = labelled_re(TERMS)


# A title naming its holder as an intern: "Systems Administrator Intern", "Pasante de RRHH", "Praktikant (m/w/d)".
_TITLE_INTERN_RE = re.compile(
    r"\b(?:interns?|trainee|praktikant\w*|stagiaire|pasante|becari[oa]|estagiári[oa]|tirocinante|stażyst\w*|"
    r"stážist\w*|стаж[её]р\w*|harjoittelija)\b",
    re.IGNORECASE,
)


class _Phrases:
    """A kind's phrase pattern, split into its alternatives, each searched only in a text holding what every match of
    it holds, and where it can start: substring tests cost far less than a regex scan of the whole posting, and most
    postings state a term in few of the ways the pattern knows."""

    def __init__(self, pattern: str):
        self.alternatives = [_Alternative(alternative) for alternative in alternatives(pattern)]

    def search(self, text: str, lowered: str | None = None, exact: bool | None = None, held=None):
        """The earliest match of any alternative, as `pattern.search` finds it; `lowered`, `exact` (no letter
        folded apart) and `held` (the longest runs it holds, _LONGEST_RUNS) may be given for a text searched often."""
        lowered = text.lower() if lowered is None else lowered
        exact = not folded_apart(text) if exact is None else exact
        held = lowered if held is None else held  # a run is held by the text, or in the set of those it holds
        matches = [
            found
            for alternative in self.alternatives  # most do not hold their longest run: told without a call
            if alternative.longest in held and (found := alternative.search(text, lowered, exact))
        ]
        return min(matches, key=lambda match: match.start()) if matches else None


class _Alternative:
    """One alternative of a phrase pattern, with the lower-cased runs of plain characters every match of it holds
    (its longest run, and choices of runs) and, where known, the strings every match starts with one of. A string
    holding "ı", which the regex matches to "i" as well, tells nothing of a text but as the longest run."""

    def __init__(self, source: str):
        self.pattern = re.compile(digits_first(source), re.IGNORECASE)
        required = requirements(source)
        self.longest = max((choice[0] for choice in required if len(choice) == 1), key=len, default="")
        self.required = [
            choice for choice in required if choice != (self.longest,) and not any("ı" in run for run in choice)
        ]
        found, _ = starts(source)
        self.starts = None if any(len(start) < MIN_LITERAL or "ı" in start for start in found) else found

    def search(self, text: str, lowered: str, exact: bool):
        """`pattern.search(text)` in a text holding the longest run; `exact` where lower-casing `text` kept each
        letter's place and case folding."""
        if not exact:
            return self.pattern.search(text)
        if not all(any(run in lowered for run in choice) for choice in self.required):
            return None
        if self.starts is None:
            return self.pattern.search(text)
        places = sorted({index for start in self.starts for index in occurrences(lowered, start)})
        return next(filter(None, (self.pattern.match(text, place) for place in places)), None)


def _compiled(table):
    return [(kind, _Phrases(pattern)) for kind, pattern in table]


_REMOTE_BADGE_RES = [(kind, re.compile(rf"(?:{pattern})", re.I)) for kind, pattern in _REMOTE_BADGES]
_EMPLOYMENT_BADGE_RES = [(kind, re.compile(rf"(?:{pattern})", re.I)) for kind, pattern in _EMPLOYMENT_BADGES]
_REMOTE_PHRASE_RES = _compiled(_REMOTE_PHRASES)
_EMPLOYMENT_PHRASE_RES = _compiled(_EMPLOYMENT_PHRASES)
# Every phrase alternative's longest run, looked for in a posting at once (~half the time of a test for each).
_LONGEST_RUNS = Literals(
    alternative.longest
    for _, phrases in _REMOTE_PHRASE_RES + _EMPLOYMENT_PHRASE_RES
    for alternative in phrases.alternatives
)
# A badge's text parted where a page's markup glued words together ("On-siteFull-time", "HybridInternship").
_GLUED_RE = re.compile(r"(?<=[a-z])(?=[A-Z])")
_BADGE_SPLIT_RE = re.compile(r"\s*(?:[,/|·•;:()]|\s-\s|\band\b|\bor\b|\n)\s*")


@functools.lru_cache(maxsize=32)  # a top card's lines, each read for both kinds of badge
def _badge_pieces(text: str) -> tuple[str, ...]:
    return tuple(piece.strip(" *_-.!") for piece in _BADGE_SPLIT_RE.split(_GLUED_RE.sub(" / ", text)) if piece.strip())


def _badge_kinds(text: str, table) -> list[str]:
    """The kinds of every piece of `text` that is a badge and nothing else ("Full-time", "100% remote")."""
    return [kind for piece in _badge_pieces(text) for kind, pattern in table if pattern.fullmatch(piece)]


def _first_by_precedence(kinds: list[str], table) -> str | None:
    order = [kind for kind, _ in table]
    return min(kinds, key=order.index) if kinds else None


def badge_kind(piece: str) -> str | None:
    """What a short piece of a top card is, when it is only a badge: a remote mode or an employment type."""
    return _first_by_precedence(_badge_kinds(piece, _REMOTE_BADGE_RES), _REMOTE_BADGES) or _first_by_precedence(
        _badge_kinds(piece, _EMPLOYMENT_BADGE_RES), _EMPLOYMENT_BADGES
    )


# A line that says what would hold if the job were so ("Hybrid: If this position is listed as hybrid, ...") states
# nothing about this job: boilerplate an ATS adds to all its postings.
_CONDITIONAL_RE = re.compile(
    r"^[^\n]*\bif (?:this|the|your) (?:position|role|job|opportunity) is\b[^\n]*$", re.IGNORECASE | re.MULTILINE
)
# What such a line holds, lower-cased: looked for first, as its literal start makes it a fast scan.
_CONDITIONAL_LOWERED_RE = re.compile(r"if (?:this|the|your) (?:position|role|job|opportunity) is")


class _Read(NamedTuple):
    """A posting as its terms are read: without the lines that say what would hold if the job were so, lower-cased,
    whether lower-casing agrees with the regex's case folding there, and the first sentence of each labelled terms
    line, unescaped ("Temporal \\- 3 meses"; "Tempo Indeterminato/Tempo Determinato. La ...")."""

    text: str
    lowered: str
    exact: bool
    held: set[str]  # the phrases' longest runs the text holds
    values: list[str]


def _read(text: str) -> _Read:
    lowered = text.lower()
    exact = not folded_apart(text)
    if "if " in lowered and (not exact or _CONDITIONAL_LOWERED_RE.search(lowered)):
        text = _CONDITIONAL_RE.sub("", text)
        lowered = text.lower()
    values = [
        _sentence_around(without_markdown_escapes(match.group("value")), 0, 0) for match in _TERMS_LINE_RE.finditer(text)
    ]
    return _Read(text, lowered, exact, _LONGEST_RUNS.held(lowered), values)


def _stated(read: _Read, badges: list[str], badge_table, phrase_table) -> str:
    """The most specific kind stated: by a labelled line's value, a badge of the top card, or a phrase."""
    kinds, offered = list(badges), set()
    for value in read.values:
        kinds += _either_says_neither(
            _badge_kinds(value, badge_table) or [k for k, pattern in phrase_table if pattern.search(value)], value, offered
        )
    phrased = []
    for kind, pattern in phrase_table:
        if match := pattern.search(read.text, read.lowered, read.exact, read.held):
            sentence = _sentence_around(read.text, match.start(), match.end())
            phrased += _either_says_neither([k for k, other in phrase_table if other.search(sentence)], sentence, offered)
    # A kind the posting offers as one of a choice ("in Vollzeit oder Teilzeit") is not settled by a phrase elsewhere
    # ("unbefristeter Arbeitsvertrag": permanent, whatever the hours); a badge or a labelled value still settles it.
    kinds += [kind for kind in phrased if kind not in offered]
    return _first_by_precedence(kinds, phrase_table) or "unknown"


_SENTENCE_END_RE = re.compile(r"[.!?](?:\s|$)")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of `text` holding [start, end): within its line, between full stops that end sentences."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    before = [found.end() for found in _SENTENCE_END_RE.finditer(text, line_start, start)]
    after = _SENTENCE_END_RE.search(text, end, line_end)
    return text[before[-1] if before else line_start : after.end() if after else line_end].strip(" #*>-")


MAX_CHOICE_LENGTH = 80  # characters: a choice is a short statement, a badge or a labelled value
# "or" in the languages postings offer choices in: "Deltid/Heltid", "Pine Bluff or Colborne".
EITHER_WORDS = r"or|oder|ou|o|eller|of|lub|nebo|или|tai"
# Two terms joined by "and" in one short statement are a choice too: "full-time and part-time positions", "zowel op
# fulltime als op parttime basis".
_EITHER_RE = re.compile(rf"/|\b(?:{EITHER_WORDS}|and|und|et|y|e|als|och|og|i|и)\b", re.IGNORECASE)


def _either_says_neither(kinds: list[str], line: str, offered: set) -> list[str]:
    """One statement offering a choice ("Deltid/Heltid", "Full-time or part-time", "Tempo Indeterminato/Tempo
    Determinato") settles none of its kinds; they are added to `offered`."""
    if len(set(kinds)) > 1 and len(line) <= MAX_CHOICE_LENGTH and _EITHER_RE.search(line):
        offered.update(kinds)
        return []
    return kinds


def remote_mode(text: str, *, top_card: list[str] = (), title: str = "") -> str:
    """remote, hybrid, onsite or unknown, as the posting states it; `top_card` are its head's short lines, and a
    title's badge counts too ("Engineer (remote)", "Engineer | Remote | Australia")."""
    return _remote_mode(_read(text or ""), top_card, title)


def employment_type(text: str, *, top_card: list[str] = (), title: str = "") -> str:
    """full_time, part_time, contract, temporary, internship or unknown, as the posting states it; a title that
    names an internship makes it one."""
    return _employment_type(text or "", _read(text or ""), top_card, title)


def stated_terms(text: str, *, top_card: list[str] = (), title: str = "") -> tuple[str, str]:
    """`remote_mode` and `employment_type` of a posting, its text read once for both."""
    read = _read(text or "")
    return _remote_mode(read, top_card, title), _employment_type(text or "", read, top_card, title)


# A top card's line of more words is a sentence, whose words are no badges: "(гибридной) разработки мобильных
# приложений" is hybrid app development.
MAX_BADGE_LINE_WORDS = 8


def _badge_lines(top_card: list[str], title: str) -> list[str]:
    return [line for line in top_card if len(line.split()) <= MAX_BADGE_LINE_WORDS] + [title]


def _remote_mode(read: _Read, top_card: list[str], title: str) -> str:
    badges = [kind for line in _badge_lines(top_card, title) for kind in _badge_kinds(line, _REMOTE_BADGE_RES)]
    badges += ["remote" for line in top_card if re.search(r"\bremote\b", line, re.I) and not badges]
    return _stated(read, badges, _REMOTE_BADGE_RES, _REMOTE_PHRASE_RES)


def _employment_type(text: str, read: _Read, top_card: list[str], title: str) -> str:
    # A title's badge states the terms too: "Kıdemli İş Analisti - OMS (Dönemsel)", "Barista (Part-time)". A line
    # listing kinds apart offers a choice and states none ("Umowa o pracę, Kontrakt B2B").
    badges = [
        kind
        for line in _badge_lines(top_card, title)
        for kinds in [_badge_kinds(line, _EMPLOYMENT_BADGE_RES)]
        if len(set(kinds)) == 1 or not re.search(r",|\s/\s", line)
        for kind in kinds
    ]
    badges += [kind for kind, pattern in _EMPLOYMENT_PHRASE_RES[:1] if pattern.search(title or "")]
    badges += ["internship" for _ in _TITLE_INTERN_RE.finditer(title or "")][:1]
    badges += ["internship" for piece in _badge_pieces(title or "") if _EMPLOYMENT_BADGE_RES[0][1].fullmatch(piece)]
    stated = _stated(read, badges, _EMPLOYMENT_BADGE_RES, _EMPLOYMENT_PHRASE_RES)
    return "full_time" if stated == "unknown" and _full_week(text) else stated


# A full week's hours: "40 hours per week", "40h semanais", "37,5 Stunden Woche".
_FULL_WEEK_RE = re.compile(
    r"\b(?:3[5-9]|4[0-8])(?:[.,]5)?\s?(?:h|hrs?|hours|horas|stunden|std\.?|heures|ore|timmar|timer|uur|hodin)\b"
    r"[^\S\n]*(?:per week|a week|/\s?week|weekly|semanais|por semana|pro woche|/\s?woche|woche|wöchentlich|"
    r"par semaine|hebdomadaires|a settimana|settimanali|i veckan|per uke|týdně)",
    re.IGNORECASE,
)
# Words of pay: hours in the same sentence are the basis the pay is stated on ("1.800 Euro brutto/Monat auf
# Vollzeitbasis (38,5 Stunden/Woche)"), not the job's hours.
_PAY_BASIS_RE = re.compile(
    r"[$€£]|\b(?:salary|pay|wage|gross|brutto|gehalt|lohn|euro|salaire|sueldo|salario|salário|stipendio|"
    r"retribuzione|mzda|plat|lön|lønn)\w*",
    re.IGNORECASE,
)


def _full_week(text: str) -> bool:
    """The posting states a full week's hours as the job's, not as the basis of its pay."""
    return any(
        not _PAY_BASIS_RE.search(_sentence_around(text, match.start(), match.end()))
        for match in _FULL_WEEK_RE.finditer(text)
    )

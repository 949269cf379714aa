"""The place a posting's running text says the job is at, where no labelled line, top card or title names one (pure):
"you will join our London office", "Ankara'daki ofislerimizde", "in unserem Büro in Hamburg", "Yenibosna'ya ulaşım
sorunu olmayan". Only phrases that tie a place to the workplace count; a place merely mentioned ("clients across
Europe", "founded in Paris") is no workplace.
"""
import re

from .places import is_place

_CAPITAL = "[" + "".join(sorted({char for char in map(chr, range(0x250)) if char.isupper()})) + "]"  # Latin
_WORD = rf"{_CAPITAL}[\w.-]*(?:[ -]{_CAPITAL}[\w.-]*){{0,2}}"
_NAME = rf"(?P<place>{_WORD}(?:\s*/\s*{_WORD})?)"  # a name, or two ("Bahçelievler / Yenibosna": district, quarter)
# A workplace's nouns, then the place it is in, or the place then its noun, per language.
_PHRASES = (
    # "at our London office", "in our Berlin and Munich offices" (the first), "based in our Leeds headquarters"
    rf"\b(?:in|at|from|to|join)\s+our\s+{_NAME}\s+(?:office|offices|headquarters|HQ|hub|studio|site|plant|store|"
    r"warehouse|branch|facility|campus|team)\b",
    # "our office in London", "our offices in Madrid", "based at our site in Leeds"
    rf"\bour\s+(?:office|offices|headquarters|HQ|hub|studio|site|plant|store|warehouse|branch|facility|campus)\s+"
    rf"(?:in|at)\s+{_NAME}",
    # "This role is based in London", "the position is located in Austin, TX"
    rf"\b(?:[Tt]his|[Tt]he)\s+(?:role|position|job|opportunity|vacancy|post)\s+(?:is|will\s+be)\s+(?:based|located)\s+"
    rf"(?:in|at)\s+{_NAME}",
    # Portuguese, Spanish: "Vaga em Bauru", "Vacante en Osorno"
    rf"\b(?:[Vv]aga|[Vv]acante)\s+(?:em|en|para)\s+{_NAME}",
    # German: "in unserem Büro in Hamburg", "an unserem Standort München", "am Standort Köln"
    rf"\b(?:unser(?:em|en)?|am)\s+(?:Büro|Standort|Hauptsitz|Werk|Lager|Office)\s+(?:in\s+)?{_NAME}",
    # French: "dans nos bureaux de Lyon", "au sein de notre agence de Nantes", "notre siège à Paris"
    rf"\b(?:notre|nos)\s+(?:bureau|bureaux|agence|agences|siège|site|magasin|magasins|entrepôt|usine)\s+"
    rf"(?:de|d'|d’|à|a)\s*{_NAME}",
    # Spanish, Portuguese, Italian: "en nuestra oficina de Madrid", "no nosso escritório em Lisboa", "nella nostra
    # sede di Milano"
    rf"\b(?:nuestr[oa]s?|noss[oa]s?|nostr[oa]|nostre|nostri)\s+(?:oficinas?|sede|sedes|tiendas?|centro|almac[ée]n|"
    rf"escrit[óo]rios?|loja|lojas|uffici[oi]|negozi[oi]|stabilimento)\s+(?:de|en|em|di|a)\s+{_NAME}",
    # Turkish: "Ankara'daki ofislerimizde", "İstanbul'da bulunan merkezimizde", "Yenibosna'ya ulaşım sorunu olmayan"
    rf"{_NAME}['’](?:da|de|ta|te)(?:ki)?\s+(?:bulunan\s+|yer\s+alan\s+)?(?:ofis|merkez|genel\s+müdürlü|şube|fabrika|"
    r"depo|mağaza|tesis|bölge\s+müdürlü|lokasyon)",
    rf"{_NAME}['’](?:y?a|y?e|na|ne)\s+ulaşım",
)
_PHRASE_RES = [re.compile(phrase) for phrase in _PHRASES]
TEXT_READ = 6000  # characters: a workplace is named in the posting's opening or its terms, not in its footer


def workplace_named(text: str) -> list[str]:
    """The place of the first phrase that says where the work is, when the gazetteers know it (one of its names,
    where it gives two)."""
    head = (text or "")[:TEXT_READ]
    found = sorted((match.start(), match.group("place")) for regex in _PHRASE_RES for match in regex.finditer(head))
    for _, place in found:
        place = place.rstrip(".")  # the full stop of the sentence it ends
        if any(is_place(name) for name in re.split(r"\s*/\s*", place)):
            return [place]
    return []

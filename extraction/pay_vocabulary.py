"""The words and signs postings state pay in: currencies' signs and codes, the countries whose currency a bare figure
is in, scales ("k", "万", lakhs), bound words ("up to", "ab") and periods, in the languages postings are written in;
read by money.py and pay.py (data only)."""

CURRENCY_TOKENS = {
    "S$": "SGD", "SGD": "SGD", "A$": "AUD", "AU$": "AUD", "AUD": "AUD", "C$": "CAD", "CA$": "CAD", "CAD": "CAD",
    "HK$": "HKD", "HKD": "HKD", "US$": "USD", "USD": "USD", "$": "USD", "€": "EUR", "EUR": "EUR", "£": "GBP",
    "GBP": "GBP", "¥": "JPY", "円": "JPY", "JPY": "JPY", "₹": "INR", "INR": "INR", "₽": "RUB", "RUB": "RUB",
    "руб": "RUB", "SEK": "SEK", "kr": "SEK", "CHF": "CHF", "PHP": "PHP", "₱": "PHP", "zł": "PLN", "PLN": "PLN",
    "Kč": "CZK", "CZK": "CZK", "R$": "BRL", "BRL": "BRL", "MXN": "MXN", "ARS": "ARS", "NOK": "NOK", "DKK": "DKK",
    "₩": "KRW", "원": "KRW", "KRW": "KRW", "元": "CNY", "RMB": "CNY", "CNY": "CNY", "₴": "UAH", "грн": "UAH",
    "UAH": "UAH", "₺": "TRY", "TRY": "TRY", "NZD": "NZD", "NZ$": "NZD", "RUR": "RUB", "рублей": "RUB",
    "руб.": "RUB", "р.": "RUB", "euro": "EUR", "euros": "EUR", "złotych": "PLN", "zl": "PLN", "reais": "BRL",
    "dollars": "USD", "pounds": "GBP", "yen": "JPY", "yuan": "CNY", "kronor": "SEK", "kroner": "NOK",
    "€uro": "EUR", "euroa": "EUR", "บาท": "THB", "฿": "THB", "THB": "THB", "lei": "RON", "RON": "RON", "лв": "BGN",
    "лв.": "BGN", "BGN": "BGN", "HUF": "HUF", "forint": "HUF", "₪": "ILS", "ILS": "ILS", "ש\"ח": "ILS", "JOD": "JOD",
    "دينار": "JOD", "EGP": "EGP", "SAR": "SAR", "AED": "AED", "IDR": "IDR", "Rp": "IDR", "VND": "VND", "₫": "VND",
    "RSD": "RSD", "ISK": "ISK", "ZAR": "ZAR", "₦": "NGN", "NGN": "NGN", "HKD$": "HKD", "NT$": "TWD",
    "NTD": "TWD", "TWD": "TWD", "RM": "MYR", "MYR": "MYR", "Rs": "INR", "Rs.": "INR", "KSh": "KES", "KES": "KES",
    "GH₵": "GHS", "GHS": "GHS", "PKR": "PKR", "৳": "BDT", "BDT": "BDT", "LKR": "LKR",
}
# Tokens that name a currency only together with the country the posting is in: "$" in Singapore is SGD.
AMBIGUOUS_TOKENS = {
    "$": ("USD", "SGD", "CAD", "AUD", "HKD", "NZD", "MXN", "ARS", "COP", "CLP"),
    "dollars": ("USD", "SGD", "CAD", "AUD", "HKD", "NZD"),
    "kroner": ("NOK", "DKK"),
    "kr": ("SEK", "NOK", "DKK", "ISK"),
    "rs": ("INR", "PKR", "LKR", "NPR"),
    "rs.": ("INR", "PKR", "LKR", "NPR"),
    "دينار": ("JOD", "KWD", "BHD", "IQD", "LYD", "TND", "DZD", "RSD"),
    "¥": ("JPY", "CNY"),
}
# The currencies a "$" stands for where they are spent: dollars, pesos, reais ("R$"), the New Taiwan dollar.
DOLLAR_SIGN_CURRENCIES = {*AMBIGUOUS_TOKENS["$"]} | {
    "BRL", "TWD", "UYU", "DOP", "CUP", "JMD", "TTD", "BSD", "BBD", "BZD", "FJD", "LRD", "NAD", "SRD", "GYD", "XCD", "BND",
    "KYD", "BMD", "SBD", "TOP", "WST", "NIO", "CVE", "KID", "TVD",
}
# Where a posting says it is, the currency its pay is in when no sign says so ("Salary: 18000 per year" in the UK).
# Countries and their capitals or largest cities, for a posting whose places are not known otherwise.
COUNTRY_CURRENCIES = [
    (r"\bUK\b|U\.K\.|United Kingdom|Great Britain|England|Scotland|Wales|London|Manchester|Edinburgh|"
     # UK postings often give only a county or a London borough: counties ending in -shire (New Hampshire aside),
     # the ceremonial counties that do not, and the boroughs few places elsewhere share a name with.
     r"(?<!New )\b[A-Z][a-z]+shire\b|\b(?:Surrey|Kent|Essex|East Sussex|West Sussex|Sussex|Norfolk|Suffolk|Devon|"
     r"Cornwall|Dorset|Somerset|Cumbria|Merseyside|Middlesex|Northumberland|County Durham|Tyne and Wear|Rutland|"
     r"Croydon|Hackney|Islington|Southwark|Lambeth|Wandsworth|Lewisham|Haringey|Hillingdon|Hounslow|Tower Hamlets|"
     r"Waltham Forest|Bexley|Bromley|Havering|Redbridge|Newham|Barnet|Ealing|Enfield)\b", "GBP"),
    (r"\bUSA?\b|U\.S\.|United States|New York|San Francisco|Chicago|Seattle|Los Angeles|Boston", "USD"),
    (r"Singapore", "SGD"),
    (r"Canada|Toronto|Vancouver|Montreal|Ontario", "CAD"),
    (r"Australia|Sydney|Melbourne|Brisbane", "AUD"),
    (r"New Zealand|Auckland|Wellington", "NZD"),
    (r"Hong Kong", "HKD"),
    (r"Philippines|Manila", "PHP"),
    (r"Japan|Tokyo|Osaka|日本|東京", "JPY"),
    (r"India\b|Bangalore|Bengaluru|Mumbai|Delhi", "INR"),
    (r"Russia|Moscow|Россия|Москва|Санкт-Петербург", "RUB"),
    (r"Sweden|Sverige|Stockholm", "SEK"),
    (r"Switzerland|Zurich|Zürich|Geneva", "CHF"),
    (r"Poland|Polska|Warszawa|Warsaw|Kraków|Wrocław", "PLN"),
    (r"Czech|Česk|Praha|Prague|Brno", "CZK"),
    (r"Brazil|Brasil|São Paulo|Rio de Janeiro", "BRL"),
    (r"Mexico|México|Ciudad de México", "MXN"),
    (r"Argentina|Buenos Aires", "ARS"),
    (r"Norway|Norge|Oslo", "NOK"),
    (r"Denmark|Danmark|København|Copenhagen", "DKK"),
    (r"Germany|Deutschland|France|Spain|Italy|Netherlands|Ireland|Portugal|Austria|Belgium|Finland|Berlin|Paris|"
     r"Madrid|Amsterdam|Dublin|Lisbon|Munich|München|Vienna|Barcelona|Milan", "EUR"),
]

# "k" thousands; Japanese 万 ten thousands ("25万円" is 250,000 yen); India's lakhs and crores ("2-6 Lacs PA", "12 LPA":
# lakhs per annum).
SCALES = {
    "k": 1000, "万": 10000, "tis": 1000, "tys": 1000, "тыс": 1000, "tsd": 1000, "mil": 1000,
    "lac": 100_000, "lacs": 100_000, "lakh": 100_000, "lakhs": 100_000, "lpa": 100_000, "crore": 10_000_000,
    "crores": 10_000_000,
}

# "up to X" states only the upper bound, "from X" only the lower one: neither is copied into the other. Plain words,
# a longer form before the shorter one it extends, so that the longest is known (_salary_matches).
UP_TO_WORDS = (
    "up to", "to", "maximum", "max", "до", "bis zu", "bis", "jusqu'à", "jusqu’à", "hasta", "fino a", "até", "iki",
    "până la", "έως", "μέχρι",
)
FROM_WORDS = (
    "from", "starting at", "starting from", "minimum", "min", "at least", "ab", "mindestens", "à partir de",
    "a partir de", "au moins", "dès", "desde", "al menos", "pelo menos", "almeno", "od", "co najmniej", "от", "минимум",
    "vanaf", "minstens", "fra", "från", "minst", "nuo", "de la", "από", "від", "ตั้งแต่",
)

PERIOD_PATTERNS = [
    ("hour", r"per hour|\ban hour|/\s?h(?:ou)?r|hourly|\bp\.?h\.?\b|в час|時給|\bhoraire\b|par heure|de l'heure|/\s?heure|"
             r"pro stunde|\bstündlich\b|stundenlohn|/\s?std|por hora|/\s?hora|all'ora|l'ora|\borari[oa]\b|za godzinę|/\s?godz|"
             r"per uur|/\s?uur|i timmen|/\s?tim|/\s?h\b|за час|на годину|시급|时薪|/\s?小时|/\s?val\b|per valandą|/\s?hod\b|"
             r"na hodinu|/\s?oră|pe oră|/\s?óra|órabér|/\s?ώρα|την ώρα|на час|/\s?ชั่วโมง|ต่อชั่วโมง|לשעה|في الساعة|"
             r"timelønn|per time\b"),
    ("day", r"per day|\ba day|/\s?day|daily|day rate|per diem|в день|日給|par jour|/\s?jour|pro tag|tagessatz|"
            r"por día|/\s?día|al giorno|/\s?giorno|\bdziennie\b|/\s?dzień|per dag|/\s?dag|за день|일급|/\s?天|per dieną|"
            r"/\s?deň|na deň|/\s?zi\b|pe zi\b|/\s?nap\b|napidíj|την ημέρα|на ден|/\s?วัน|ต่อวัน|ליום|يوميا"),
    ("week", r"per week|\ba week|/\s?w(?:ee)?k|weekly|par semaine|pro woche|por semana|a settimana|\btygodniowo\b|"
             r"per vecka|/\s?vecka|в неделю|주급"),
    ("month", r"per month|\ba month|/\s?mo(?:nth)?|monthly|\bp\.?m\.?\b|в месяц|月給|månad|\bmensuel\b|par mois|/\s?mois|"
              r"brut mensuel|pro monat|\bmonatlich\b|/\s?monat|brutto monat|al mes|por mes|\bmensual\b|/\s?mes\b|\bmensais\b|"
              r"por mês|/\s?mês|al mese|\bmensile\b|/\s?mese|lordi mensili|\bmiesięcznie\b|/\s?mies|brutto miesięcznie|"
              r"per maand|/\s?maand|per månad|/\s?mån|i måneden|pr\.? md|kuukaudessa|kuukausipalk\w*|/\s?kk|\bměsíčně\b|/\s?měs|"
              r"\bежемесячно\b|на месяц|/\s?мес|на місяць|/\s?міс|월급|/\s?月|元/月|每月|月薪|/\s?mėn|per mėnesį|"
              r"/\s?mesiac|mesačne|za mesiac|/\s?lună|pe lună|\blunar\b|/\s?hó\b|havonta|havi bruttó|/\s?μήνα|"
              r"το μήνα|τον μήνα|μηνιαίως|на месец|/\s?месец|месечно|/\s?เดือน|ต่อเดือน|เงินเดือน|לחודש|شهريا|"
              r"في الشهر|per måned|/\s?mnd|i måneden|månedslønn|\bmensal\b"),
    ("year", r"per annum|/\s?annum|per year|\blpa\b|\ba year|/\s?y(?:ea)?r|annual(?:ly)?|yearly|\bp\.?a\.?\b|年収|в год|"
             r"\bannuel\b|par an\b|/\s?an\b|brut annuel|pro jahr|\bjährlich\b|/\s?jahr|jahresgehalt|al año|por año|\banual\b|"
             r"/\s?año|por ano|/\s?ano\b|all'anno|\bannu[oa]\b|/\s?anno|lordi annui|\bral\b|\brocznie\b|/\s?rok|per jaar|"
             r"/\s?jaar|per år|/\s?år|om året|vuodessa|\bročně\b|/\s?rok|в год|на год|연봉|年薪|/\s?年|per metus|"
             r"/\s?metus|\bročne\b|pe an\b|/\s?év\b|évente|ετησίως|το χρόνο|τον χρόνο|годишно|на година|/\s?ปี|"
             r"ต่อปี|לשנה|سنويا|årslønn"),
]

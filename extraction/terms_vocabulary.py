"""The words postings state their terms in, by kind and in the languages postings are written in: what a badge or a
labelled value may say, and the phrases that state a kind in running text (pure data, read by extraction.terms).

Precedence is the order of each table: the first kind stated wins.
"""

# Each arrangement: what a badge or a labelled value may say, and the phrases that state it in running text.
# Hybrid comes first: "remote" within a hybrid statement ("hybrid: 2 days remote") does not make the job remote.
REMOTE_BADGES = [
    ("hybrid", r"hybrid|hybride?|híbrido|ibrido|hybrydow[aey]|гибрид\w*|ハイブリッド|混合办公|partial(?:ly)? remote|hibrit|"
               r"remote\s*/\s*on-?site|on-?site\s*/\s*remote|teletrabajo parcial|télétravail partiel|hibrid\w*|"
               r"υβριδικ\w*(?: (?:μοντέλο|εργασία))?|хибрид\w*|гібрид\w*|ไฮบริด|היברידי\w*|(?:عمل |نظام )?هجين|hybridkontor|"
               r"delvis hjemmekontor"),
    ("remote", r"(?:fully |100\s?% |full[- ])?remote(?: first| only| ok| friendly)?|work from home|wfh|home\s?office|"
               r"télétravail(?: total| complet)?|(?:solo |sólo )?teletrabajo|remoto|da remoto|zdaln[aey]|praca zdalna|"
               r"удал[её]нн\w*|удал[её]нка|distans|etätyö|fjernarbejde|thuiswerken|リモート|フルリモート|在宅勤務|远程|"
               r"uzaktan(?: çalışma)?|prác[ae] z domu|prác[ae] z domova|nuotolinis(?: darbas)?|darbas nuotoliniu būdu|"
               r"(?:munc[aă] |lucru )?(?:de acas[aă]|la distan[tțţ][aă])|telemunc[aă]|távmunka|otthoni munkavégzés|"
               r"τηλεργασία|εξ αποστάσεως(?: εργασία)?|απομακρυσμένη εργασία|дистанционн[ао](?: работа)?|"
               r"(?:работа )?от вкъщи|віддалена(?: робота)?|віддалено|дистанційн[оа](?: робота)?|ทำงาน(?:จาก)?ที่บ้าน|"
               r"עבודה מהבית|(?:العمل )?عن بعد|kun hjemmekontor"),
    ("onsite", r"on-?site|(?:in|at)[- ](?:the )?office|office[- ]based|in person|vor ort|präsenz|(?:en )?présentiel|sur site|presencial|"
               r"in presenza|in sede|(?:praca )?stacjonarn[aey]|в офисе|офис|på plats|på kontoret|op locatie|出社|现场办公|"
               r"iş ?yerinde|ofiste"),
]
REMOTE_PHRASES = [
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
               r"\b(?:option|possibility|opportunity|flexibility) to work (?:from home|remotely)\b|"
               # days a week in the office: "based in the Edinburgh office for a minimum of three days a week"
               r"\b(?:one|two|three|four|[1-4](?:-[2-4])?) days? (?:a|per|each) week (?:in|at) (?:the|our) office\b|"
               r"\bin (?:the|our) [A-Z]?\w* ?office (?:for )?(?:a minimum of |at least )?(?:one|two|three|four|[1-4]) days? "
               r"(?:a|per|each) week\b|\bsplit between (?:home|remote) and (?:the )?office\b|"
               r"\bthuis ?werken (?:kan|is mogelijk)\b|\bmogelijkheid (?:tot|om) thuis te werken\b|"
               r"\bmöglichkeit (?:zum|zu|für) (?:home ?office|mobile\w* arbeit\w*)\b|\bposibilidad de teletrabajo\b|"
               r"\betätyömahdollisuu\w*|\bmahdollisuus etätyöhön\b|\bmožnosť (?:občasnej |čiastočnej )?práce z domu\b|"
               r"\bgalimyb\w* (?:dirbti )?nuotolin\w*|\bposibilitate\w* de (?:telemunc[aă]|lucru de acas[aă]|lucru remote)\b|"
               r"\brészleges (?:távmunka|home ?office)\w*|\bmulighet for (?:\w+ )?hjemmekontor\b|\bdelvis hjemmekontor\b|"
               r"\bυβριδικ\w* (?:μοντέλο|σχήμα|πρόγραμμα|τρόπο|εργασ)\w*|\bσυνδυασμ\w* γραφείου και τηλεργασίας\b|"
               r"\bхибридн\w* (?:модел|режим|работ|график|формат)\w*|"
               r"\bвъзможност за (?:частична )?(?:дистанционна работа|работа от вкъщи|home ?office)\b|"
               r"\bгібридн\w* (?:формат|режим|графік|модел|робот)\w*|\bможливість (?:працювати )?(?:віддалено|дистанційно)\b|"
               r"(?:מודל|משרה|עבודה|במודל|בעבודה|במשרה) היברידי\w*|(?:نظام|نموذج|عمل|العمل|بنظام) (?:ال)?هجين"),
    ("remote", r"\b(?:is|be|as) an? (?:fully |100\s?% )?remote (?:role|position|job|opportunity)\b|\ball[- ]remote\b|"
               r"\b(?:fully|100\s?%|completely|entirely|full) remote\b|\bremote[- ]first\b|"
               r"\bwork(?:ing)? (?:fully |100\s?% )?remotely\b|\bwork (?:from|at) home\b|\bwork from anywhere\b|"
               r"\bremote (?:role|position|job|opportunity)\b|"
               r"\b(?:100\s?%|komplett|vollständig) (?:remote|homeoffice|home office)\b|"
               r"\btélétravail (?:total|complet|à 100)|\bfull remote\b|\b100\s?% remoto\b|\btrabajo remoto\b|"
               r"\btrabalho remoto\b|\bpraca zdalna\b|\bудал[её]нная работа\b|\bработа удал[её]нно\b|"
               r"\bfull(?:y)? distans\b|フルリモート|完全在宅|\blavor\w* (?:interamente |completamente )?da remoto\b|"
               r"\bnuotolinis darbas\b|\b(?:visiškai|100\s?%) nuotolin\w*|"
               r"\b(?:100\s?%|complet|exclusiv) (?:remote|de acas[aă]|la distan[tțţ][aă])\b|"
               r"\b(?:teljes(?:en)?|100\s?%(?:-?(?:ban|os))?) (?:távmunk\w*|home ?office)|"
               r"\b(?:αποκλειστικά|πλήρης|100\s?%) (?:με )?(?:τηλεργασία|εξ αποστάσεως)\b|\bαπομακρυσμένη εργασία\b|"
               r"\b(?:изцяло|напълно|100\s?%) (?:дистанционн\w*|от вкъщи)|"
               r"\bвіддалена робота\b|\b(?:повністю|100\s?%) (?:віддален\w*|дистанційн\w*)|\bпрацювати віддалено\b|"
               r"\b100\s?% hjemmekontor\b"),
    ("onsite", r"\b(?:is|be|as) an? (?:on-?site|in-office|office-based) (?:role|position|job)\b|"
               r"\bon-?site (?:role|position|job)\b|\b(?:this|the) (?:role|position|job) is (?:based )?"
               r"(?:on-?site|in[- ]office|office-based)\b|\bno remote\b|\bnot (?:a )?remote\b|"
               r"\b100\s?% (?:on-?site|in[- ]office|presencial)\b|\bpresencial\b|\bin presenza\b|\bstacjonarn\w*\b"),
]
# The hours a job is worked, a full week or part of one, as a badge or a labelled value says them: beside an arrangement
# (a contract, a fixed term, an internship, a permanent post) they combine with it ("Contract, full-time"), where two
# spans of hours side by side are a choice ("Deltid/Heltid").
FULL_HOURS = (
    r"full[- ]?time|full time employee|vollzeit|temps plein|temps complet|tiempo completo|jornada completa|"
    r"tempo integral|tempo pieno|pełny etat|полная занятость|полный день|heltid\w*|fuldtid|kokoaikainen|voltijd|全职|"
    r"tam zamanlı|plný úvazek|plným úvazkem|plný (?:pracovný )?úväzok|plným úväzkom|visa darbo diena|pilna darbo diena|"
    r"pilnu etatu|visu etatu|pilnas etatas|visas etatas|norm[aă] [iî]ntreag[aă]|teljes munkaidő\w*|"
    r"πλήρ\w* απασχόλησ\w*|пълно работно време|повн\w* зайнят\w*|повний робочий день|משרה מלאה|دوام كامل"
)
PART_HOURS = (
    r"part[- ]?time|teilzeit|temps partiel|tiempo parcial|media jornada|meio período|meio expediente|tempo parziale|"
    r"niepełny etat|część etatu|частичная занятость|неполный день|deltid\w*|osa-aikainen|deeltijd|パート|アルバイト|"
    r"兼职|파트타임|yarı zamanlı|skrátený úväzok|čiastočný úväzok|zkrácený úvazek|nepiln[au] (?:darbo dien[ao]|etat[au])|"
    r"ne visu etatu|nepilnas etatas|norm[aă] redus[aă]|jum[aă]tate de norm[aă]|norm[aă] par[tțţ]ial[aă]|"
    r"timp par[tțţ]ial|részmunkaidő\w*|μερικ\w* απασχόλησ\w*|непълно работно време|частков\w* зайнят\w*|"
    r"неповн\w* зайнят\w*|неповний робочий день|พาร์ทไทม์|งานพาร์ทไทม์|משרה חלקית|دوام جزئي"
)
EMPLOYMENT_BADGES = [
    ("internship", r"intern(?:ship)?|praktikum|pflichtpraktikum|stage|stagiaire|alternance|prácticas|becari[oa]|"
                   r"estágio|tirocinio|stage curriculare|staż|stáž|стажировка|стаж[её]р|praktik|harjoittelu|"
                   r"インターン(?:シップ)?|实习|인턴|stajyer|staj|gyakornok\w*|gyakornoki program|szakmai gyakorlat|"
                   r"πρακτική άσκηση|стажант\w*|стажування|стажист\w*|ฝึกงาน|นักศึกษาฝึกงาน|(?:jovem |menor )?aprendiz"),
    ("contract", r"contract(?:or)?|freelance(?:r)?|self[- ]employed|b2b|contrat de prestation|autónomo|"
                 r"freiberuflich|werkvertrag|contrato por obra|umowa o dzieło|umowa zlecenie|договор гпх|"
                 r"konsult(?:uppdrag)?|zzp|kontrakt b2b|umowa b2b|業務委託|劳务|외주|contract to hire|contract-to-hire|sözleşmeli|serbest çalışan|"
                 r"(?:na )?živnosť|živnostník|živnostenský list|szčo|vállalkozói(?: szerződés| jogviszony)?|"
                 r"megbízási(?: szerződés| jogviszony)?|граждански договор|фоп|ฟรีแลนซ์|계약직"),
    ("temporary", r"(?:temporary|seasonal)(?: employment| work| job| position| appointment)?|temp|fixed[- ]term|befristet|(?:de )?duración determinada|zeitarbeit|arbeitnehmerüberlassung|cdd|"
                  r"interim|intérim|temporal|temporário|tempo determinato|umowa na czas określony|"
                  r"временн\w*|visstidsanställning|vikariat|behovsanställning|tidsbegrænset|määräaikainen|"
                  r"派遣|契約社員|临时|dönemsel|geçici|sezonluk|umowa na zastępstwo|zastępstwo|umowa na czas określony|"
                  # Slovak "dohoda" (work done under an agreement, not an employment contract) and "brigáda": casual work
                  r"dohoda(?: o (?:vykonaní práce|pracovnej činnosti|brigádnickej práci študentov))?|brigád[ay]|"
                  r"na dobu určitú|terminuot\w*(?: darbo sutartis)?|laikinas darbas|sezoninis darbas|"
                  r"(?:contract )?(?:pe )?(?:perioad[aă]|durat[aă]) determinat[aă]|sezonier|"
                  r"határozott idejű(?: (?:munka)?szerződés)?|diákmunka|alkalmi munka|(?:σύμβαση )?ορισμένου χρόνου|"
                  r"εποχικ\w*(?: (?:εργασία|απασχόληση))?|срочен(?: трудов)? договор|временна работа|сезонна работа|"
                  r"тимчасова(?: робота| зайнятість)?|сезонна робота|строковий(?: трудовий)? договір|งานชั่วคราว|"
                  r"พนักงานชั่วคราว|midlertidig(?: stilling)?|engasjement|vikar|visstid|"
                  r"reemplazo(?: maternal| por licencia| de (?:vacaciones|licencia))?|suplencia"),
    ("part_time", rf"{PART_HOURS}|minijob|aushilfe"),
    ("full_time", rf"{FULL_HOURS}|permanent|festanstellung|unbefristet|cdi|indefinido|efetivo|clt|tempo indeterminato|"
                  r"umowa o pracę|tillsvidareanställning|tillsvidare|fast anställning|fast stilling|vakituinen|"
                  r"vast contract|正社員|정규직|regular|süresiz|na dobu neurčitú|trvalý pracovný pomer|"
                  r"neterminuot\w*(?: darbo sutartis)?|darbo sutartis|contract de munc[aă]|"
                  r"(?:contract )?(?:pe )?(?:perioad[aă]|durat[aă]) nedeterminat[aă]|határozatlan idejű(?: (?:munka)?szerződés)?|"
                  r"(?:σύμβαση )?αορίστου χρόνου|безсрочен(?: трудов)? договор|постоянна работа|постійна робота|"
                  r"งานประจำ|พนักงานประจำ|fast ansettelse"),
]
EMPLOYMENT_PHRASES = [
    ("internship", r"\binternship\b|\bстаж[её]р|\bintern (?:role|position|program(?:me)?)\b|\bsummer intern\b|\bpraktikum\b|"
                   r"\bpraktikant(?:in)?\b|\bstage de (?:fin|\d)|\bstage (?:de )?\d+ mois\b|\ben stage\b|"
                   r"\bprácticas\b|\bestágio\b|\btirocinio\b|\bstaż\b|\bстажировк|\bインターン|实习生|"
                   r"\b(?:jovem|menor) aprendiz\b|\bprograma (?:de )?(?:jovem )?aprendiz\w*|"
                   r"\bgyakornoki (?:program|pozíció|állás|munka)\w*"),
    ("contract", r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen)[- ]"
                 r"(?:month|year|week)s?[- ](?:fixed[- ]term )?contract\b|\bcontract (?:role|position|job|"
                 r"basis|assignment|engagement|opportunity)\b|\bon a contract\b|\b(?:a|this is a) contract\b|"
                 r"\bfreelance (?:role|position|basis|contract|job|project|assignment)\b|\bas a freelancer\b|"
                 r"\bcontractor (?:role|position)\b|\bself[- ]employed\b|\bb2b contract\b|"
                 r"\b(?:interim|locum) (?:role|position|assignment|manager|post|basis)\b|\bon an? (?:contract|freelance) basis\b|\bsupply (?:teach\w*|work|staff)\b|"
                 r"\bcontract to hire\b|\bcontract-to-hire\b|\bfixed[- ]term contract\b|"
                 r"\bcontract(?:\s*:)?\s+(?:till|until|through|ending)\b|\bna živnosť\b|\bformou živnosti\b|"
                 r"\bvállalkozói (?:szerződés|jogviszony)\w*|\bmegbízási (?:szerződés|jogviszony)\w*|\bграждански договор\b"),
    ("temporary", r"\btemporary (?:role|position|job|contract|assignment|employment|post|basis|work)\b|"
                  r"\bshort[- ]term contracts?\b|"
                  r"\bseasonal (?:role|position|job|work|staff|employment)\b|\bfixed[- ]term\b|\bbefristet\w*\b|"
                  r"\bzeitarbeit\b|\bcdd\b|\bcontrat à durée déterminée\b|\bcontrato temporal\b|"
                  r"\btempo determinato\b|\bvisstidsanställning\b|\bvikariat\b|\bmaternity cover\b|\bparental leave cover\b|"
                  r"\btidsbegränsad\b|\bmidlertidig\b|\bvikar\b|\bsijaisuus\b|\bmääräaikainen\b|\bdobu určitou\b|"
                  # USAJOBS: a federal "Term" appointment lasts a set time
                  r"\bterm (?:appointment|position)\b|\bterm \(not to exceed\b|\bduración determinada\b|"
                  r"\b(?:contrato a )?término fijo\b|\bplazo fijo\b|\bprazo determinado\b|\bdobu určitú\b|"
                  r"\bterminuot\w* (?:darbo )?sutart\w*|\b(?:perioad|durat)[aă] determinat[aă]\b|\bhatározott idejű\b|"
                  r"\bορισμένου χρόνου\b|\bсрочен (?:трудов )?договор\b|\bтимчасов\w* (?:робот|зайнят)\w*|\bvisstid\b|"
                  # a replacement for someone on leave: "Contador Auditor por reemplazo maternal"
                  r"\bpor reemplazo\b|\breemplazo (?:maternal|pre ?natal|post ?natal|de (?:pre|post|licencia|vacaciones)|"
                  r"por (?:licencia|vacaciones))\w*|\bsuplencia\b"),
    # Dutch "parttime" alone is often an option ("het mogelijk ook parttime te werken"): with a job word only
    ("part_time", r"\bpart[- ]time\b|\bparttime (?:functie|baan|dienstverband|vacature|job|rol)\b|\bteilzeit\b|"
                  r"\btemps partiel\b|\btiempo parcial\b|\bmedia jornada\b|"
                  r"\bmeio período\b|\bpart-time\b|\bdeltid\b|\bdeeltijd\b|\bчастичная занятость\b|パート|\byarı zamanlı\b|"
                  r"\bskráten\w* úväzk\w*|\bnepilnu etatu\b|\bne visu etatu\b|\bnepilna darbo diena\b|"
                  r"\bnorm[aă] redus[aă]\b|\bjum[aă]tate de norm[aă]\b|\brészmunkaidő\w*|\bμερικ\w* απασχόλησ\w*|"
                  r"\bнепълно работно време\b|\bчастков\w* зайнят\w*|\bнеповн\w* (?:робоч\w* день|зайнят\w*)|"
                  r"\b[בלהו]?משרה חלקית\b|دوام جزئي"),
    # a permanent role to move to later ("will transfer into a permanent role") is a prospect, not the job's terms
    ("full_time", r"\bfull[- ]time\b|(?<!to a )\bpermanent (?:role|position|job|contract|employment|post|basis)\b|"
                  r"\bvollzeit\b|\bfestanstellung\b|\bunbefristet\w*\b|\bcdi\b|\bcontrat à durée indéterminée\b|"
                  r"\btemps plein\b|\btiempo completo\b|\bjornada completa\b|\btempo integral\b|\btempo pieno\b|"
                  r"\bpełny etat\b|\bполная занятость\b|\bheltid\b|\btillsvidareanställning\b|\bvoltijd\b|正社員|"
                  r"\btempo indeterminato\b|\bplný úvazek\b|\bplným úvazkem\b|\bHPP\b|\bvaste baan\b|"
                  r"\bvast dienstverband\b|\bfulltime\b|\bfast ansættelse\b|\bfast stilling\b|\bvakitui(?:nen|se\w*)\b|"
                  r"\bfast anställning\b|"
                  r"\bdobu neurčitou\b|\btiempo indeterminado\b|\bcontrato indefinido\b|\bprazo indeterminado\b|"
                  r"\bdurata indeterminata\b|\bczas nieokreślony\b|\bнеопредел[её]нный срок\b|\btam zamanlı\b|"
                  r"\bplný úväzok\b|\bplným úväzkom\b|\bdobu neurčitú\b|\bpilnu etatu\b|\bvisu etatu\b|"
                  r"\b(?:visa|pilna) darbo diena\b|\bneterminuot\w* (?:darbo )?sutart\w*|\bnorm[aă] [iî]ntreag[aă]\b|"
                  r"\b(?:perioad|durat)[aă] nedeterminat[aă]\b|\bteljes munkaidő\w*|\bhatározatlan idejű\b|"
                  r"\bπλήρ\w* απασχόλησ\w*|\bαορίστου χρόνου\b|\bпълно работно време\b|\bбезсрочен (?:трудов )?договор\b|"
                  r"\bповн\w* зайнят\w*|\bповний робочий день\b|\b[בלהו]?משרה מלאה\b|دوام كامل|\btillsvidare\b|"
                  r"\bheltidstjänst\b|\bfast ansettelse\b"),
]

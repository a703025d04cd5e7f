"""The words and shapes around a name that the name detector reads: titles, relations and roles,
prepositions and nouns of place, head nouns that make a capitalised run a thing, verbs only people
do, and the patterns for doses, units, post-nominals and house numbers.

Constants only, no rules: :mod:`thematic.deid.name_evidence` decides with them. Word lists that
ship as data files (census names, gazetteer, English) are in :mod:`thematic.deid.lexicon`.
"""

from __future__ import annotations

import re

from thematic.deid.lexicon import (
    kinship_words,
    terms,
)
from thematic.deid.patterns import STATES

TITLES = frozenset(
    """mr mrs ms miss mx dr prof professor rev reverend pastor rabbi imam dame sir mdm madam
    madame mme mlle sr sra srta fr herr frau ma'am ma’am maam""".split()
)
# Titles written as abbreviations: only after these is a full stop no sentence's end.
ABBREVIATED_TITLES = frozenset("mr mrs ms mx dr prof rev mdm mme mlle sr sra srta fr".split())
_PEOPLE = frozenset(
    """wife husband daughter son mother father mum mom dad sister brother grandson granddaughter
    grandmother grandfather grandma grandpa nana niece nephew aunt auntie uncle cousin partner
    fiancé fiancée fiance boyfriend girlfriend friend colleague patient nurse doctor chaplain
    named called neighbour neighbor resident registrar consultant surgeon physician oncologist
    widow widower baby stepson stepdaughter sibling sibs twin grandchild kid child mummy mommy
    nan nanna gran granny grandad granddad""".split()
)
# Nouns for a person that a name may follow after a comma: "one lady, Bridie, she was 97".
PERSON_BEARERS = frozenset("lady woman man gentleman girl boy chap fellow guy".split())
# Roles in care, and their abbreviations: the word after one is a name as after a relation
# ("pharmacist Tendai", "CNS Aoife"), and they also head compound nouns ("nurse handover",
# "pharmacist review", "GP Surgery"): a plain English word after one is a name only when it is
# a common first name (see name_evidence._judge_word).
ROLES = frozenset(
    """patient nurse doctor chaplain resident registrar consultant surgeon physician oncologist
    colleague pharmacist porter midwife therapist physio physiotherapist dietitian dietician
    psychologist counsellor counselor volunteer interpreter translator paramedic carer caregiver
    receptionist clerk cleaner matron worker assistant aide coordinator navigator radiographer
    technician sonographer haematologist hematologist radiologist anaesthetist anesthetist
    dentist podiatrist phlebotomist housekeeper manager supervisor student trainee intern
    cns rn rgn hca hcsw gp sw ot slt salt chw psw np dn cna lpn""".split()
)
# A relation in the plural introduces the names listed after it: "her parents, Emeka and Ngozi".
PLURAL_RELATIONS = frozenset(
    """parents children kids sons daughters brothers sisters siblings grandchildren grandsons
    granddaughters grandparents cousins nieces nephews twins friends neighbours neighbors
    colleagues carers caregivers""".split()
)
# Relations and roles: the word right after one is a name ("her daughter Sue", "nurse Kwame").
RELATIONS = _PEOPLE | ROLES
# Titles and the roles used as titles: the word after them is a name even in lower case ("nurse
# maria"), unlike after a relation ("a cousin drew up a rota").
ROLE_TITLES = TITLES | frozenset("nurse doctor matron".split())
# Kinship words and forms of address of many languages introduce a name as a relation does
# ("Gogo Thandeka", "Mama Okonjo"), and are no name alone.
KINSHIP = kinship_words()
CUES = TITLES | RELATIONS | KINSHIP
CUE_FORMS = frozenset(form for cue in CUES for form in (cue, cue.title(), cue.upper()))
NOT_AFTER_CUE = frozenset(
    """i a an and or but so then the this that it he she we they you my his her our their
    was is who had has said i'm i’m i've i'd i'll""".split()
)
# Walks over neighbouring tokens stop after this many, so every token costs O(1).
MAX_NAME_WORDS = 4
# A blank a de-identifier leaves in place of a name: "[NAME]", "[ ]", "<name>", "___". The word
# right before one is its title or role ("Mdm [NAME]", "Sister ___"), not a name.
PLACEHOLDER_AFTER = re.compile(r"\.?\s{0,2}(?:\[[^\]\n]{0,24}\]|<[^>\n]{0,24}>|_{2,}|\*{3,})")
# Closed-class words: capitalised only at a sentence's start, never as part of a title-case run.
FUNCTION_WORDS = NOT_AFTER_CUE | frozenset(
    """when while where if as after before because since until with for to at on in of by
    from not""".split()
)
ARTICLES = frozenset("a an A An AN".split())
# Labels before a colon that introduce a person on a form or in notes: "Client: Wiremu".
PERSON_LABELS = frozenset("client case patient pt resident name participant".split())
DETERMINERS = frozenset("a an the my our his her their".split())
# Nouns for a person, after "was a young ..." or ", the ... of": evidence for the word before.
PERSON_NOUNS = RELATIONS | frozenset(
    """man woman boy girl lady gentleman teenager toddler child baby mother father wife husband
    grandmother grandfather widow widower veteran farmer teacher nurse student mum dad""".split()
)
PLACE_PREPOSITIONS = frozenset("in from near outside around toward towards past beyond via".split())
MOVE_VERBS = frozenset(
    """moved drove back travelled traveled returned went flew driving relocated home came
    commuted transfer transferred discharge discharged sent taken brought""".split()
)
# What a dose is measured in or given as: "of" after one names a drug ("a dose of Oramorph").
DOSE_NOUNS = frozenset(
    """dose doses mg mcg g ml mls tablet tablets tab tabs capsule capsules puff puffs drop drops
    vial vials ampoule ampoules sachet sachets spoon spoonful bottle bottles course cycle cycles
    unit units patch patches""".split()
)
PLACE_NOUNS = frozenset(
    """city town village county suburb outskirts borough parish township neighbourhood
    neighborhood area hometown""".split()
)
PLACE_TAILS = frozenset("county parish borough township heights springs falls".split())
# Features of a place named by the word before them, in lower case: "Lemona bridge".
PLACE_FEATURES = frozenset("bridge river harbour harbor lake valley station estate".split())
PLACE_SUFFIXES = (
    "ville", "ton", "burg", "burgh", "borough", "field", "ford", "port", "mouth", "chester",
    "caster", "wick", "stead", "dale", "haven", "brook", "bury",
)  # fmt: skip
STREET_TAILS = frozenset(
    """street st avenue ave road rd lane ln drive boulevard blvd court ct way place terrace
    circle crescent close parkway highway square trail row grove gardens mews""".split()
)
# A company's legal form: "Kosmos Energy Ltd", "Phio Pharmaceuticals Corp." name a company; in
# lower case after a name it is an adjective ("Ioana speaks limited English").
LEGAL_FORMS = frozenset(
    """ltd limited inc incorporated corp corporation co plc llc llp nv bv gmbh ag sa spa ab oy
    holdings group company""".split()
)
# A capitalised run followed by one of these names a thing, not a person.
THING_TAILS = frozenset(
    """hospital clinic centre center institute university foundation trust society college school
    hospice unit ward program programme initiative award awards prize fellowship scheme project
    network study trial group team association council lecture medal method model lymphoma
    disease syndrome sarcoma tumour tumor score scale test procedure sign cell cells catheter line
    port reflex criteria classification protocol theory day round rounds pathway
    assessment""".split()
) | frozenset(
    # a company's legal form: "Kosmos Energy Ltd", "Phio Pharmaceuticals Corp." name a company
    """ltd limited inc incorporated corp corporation co plc llc llp nv bv gmbh ag sa spa ab oy
    holdings group company""".split()
)
# Nouns that head a named thing when they follow a capitalised run, even in lower case: an eponym
# or a brand before them is no person ("Hoyer lift", "Bristol stool chart", "Sister Mary Joseph
# nodule", "Edmonton Symptom Assessment scores"); "Mrs. Hoyer's lift" stays a name.
CLINICAL_HEADS = (THING_TAILS - LEGAL_FORMS) | frozenset(
    """lift hoist driver pump chart nodule node breathing respiration respirations formula
    equation sign signs phenomenon manoeuvre maneuver position needle bed chair mattress monitor
    machine scanner device mask dressing bag tube stent valve shunt boot frame walker syringe
    inhaler patch app portal scores scale criteria index staging grade tool questionnaire
    inventory checklist approach technique method type grade class stage transformation
    effect reaction triad law ulcer palsy fracture incision operation rule curve""".split()
)
# Verbs that only a person does, right after a word: evidence that the word names someone
# ("Will wrote everything down", "Hope laughed"). No copula: "Hope was" says nothing.
PERSON_VERBS = frozenset(
    """said says told tells asked asks laughed laughs smiled smiles cried cries wept died dies
    wrote writes lost loved loves hated hates wanted wants liked likes called calls came comes
    went goes walked walks sat sits stood lived lives worked works nodded replied whispered
    shouted insisted refused agreed decided looked knew thought felt stopped started kept
    joked teased sang prayed hugged winked sighed squeezed grinned admitted explained""".split()
)
# Verbs and greetings whose object is a person, right before a word: "said Naile", "Hi Keiran",
# "told Wanjiru", "my name is Minoesch".
PERSON_OBJECT_CUES = frozenset(
    """said says asked asks told tell tells thanked thank met meet meets called named visited
    hugged married phoned rang emailed texted hi hello dear thanks is was""".split()
)
# A prefix before an inner capital in a surname ("McKinley", "DiNapoli"); any other inner capital
# marks a product ("TrueBeam", "OxyNorm", "YouTube").
NAME_PREFIXES = frozenset("mc mac di de da du la le van von fitz st o d".split())
INNER_CAPITAL = re.compile(r"[a-z]([A-Z])")
# A dose right after a word makes it a drug: "Oramorph 10 mg", "Norco 10/325", "Keytruda 200mg".
DOSE_AFTER = re.compile(
    r"\s{1,2}\d{1,5}(?:\.\d{1,3})?(?:\s?(?:mg|mcg|µg|micrograms?|milligrams?|g|ml|mL|units?|iu|IU"
    r"|mmol|mg/m2|mg/kg|%)\b|/\d{1,4}\b)"
)
# A short word right after a number is its unit: "70 Gy", "10 MBq", "5 mSv".
NUMBER_BEFORE = re.compile(r"\d\s?\Z")
FIGURE_SPLIT = re.compile(r"[\s.]+")
# A state or country after a town: after a comma, or on an address line after a wide gap.
REGION_AFTER = re.compile(
    r"(?:,\s{0,3}|[ \t]{2,6}|[ \t]{0,3}\n[ \t]{0,3})"
    r"(?P<region>[A-Z][A-Za-z]{1,20}(?:\s[A-Z][a-z]{2,20})?)"
)
STATE_PATTERN = re.compile(STATES)
MODEL_AFTER = re.compile(r"\s[A-Z]{1,3}-?\d{1,5}[A-Za-z]?\b")
# A Roman numeral of two letters or more after a word grades it: "Stage IIIC", "Grade II",
# "Type IV" (a single letter is a pronoun, an initial or a district: "Mary I said", "Cian V
# Young", "København V"; a numeral after a full name is a suffix, see POST_NOMINAL).
GRADE_AFTER = re.compile(r"\s(?:(?:II|III|IV|VI{1,3}|IX)[A-C]?|[IV][A-C])\b")
MAX_UNIT_LETTERS = 4
OPENING_QUOTE = re.compile(r"(?:\A|\s)[\"“‘'(]\Z")
TERMS = re.compile(  # starts with a literal; the word boundary before is checked after
    r"(?:"
    + "|".join(
        re.escape(t).replace(r"\ ", r"\s{1,3}") for t in sorted(terms(), key=len, reverse=True)
    )
    + r")\b"
)
# Every term starts with one of these words, found by str.find.
TERM_HEADS = tuple(sorted({term.split()[0] for term in terms()}))
# Lower-case particles inside a name: "Christiane de Vaan", "Teixeira de Freitas".
PARTICLES = frozenset(
    "de da do dos das du del della di van von der den ter le la y u bin al".split()
)
# Post-nominal letters and generational suffixes belong to the name before them.
POST_NOMINAL = re.compile(r",?\s(?:MD|DO|DVM|DDS|PhD|RN|NP|PA-C|Jr\.?|Sr\.?|II|III|IV)\b")
# A house number right after a street name: "Via Leopardi 83", "Strojírenská 1006".
LEADING_NUMBER = re.compile(r"(?<![\w.,-])\d{1,6}\s{1,3}(?:\d{1,6}\s{1,3})?\Z")
HOUSE_NUMBER = re.compile(r" \d{1,5}[A-Za-z]?\b(?![.,/]\d|\s?(?:%|mg|kg|am|pm|years?\b))")
DRUG_SUFFIXES = (
    "mab", "nib", "platin", "taxel", "rubicin", "mide", "vir", "cillin", "mycin", "olol", "pril",
    "sartan", "statin", "azole", "parin", "lisib", "ciclib", "parib", "oma", "omas", "itis",
    "ectomy", "otomy", "ostomy", "plasty", "scopy", "graphy", "logist", "logy", "emia", "aemia",
    "penia", "cyte", "plasia", "pathy", "algia", "osis",
)  # fmt: skip
INITIALS_ALLOWED = frozenset(
    "us uk am pm md rn np do bc ad eg ie un eu nb ps rip dc la ok ma ba bsc msc phd mph".split()
)

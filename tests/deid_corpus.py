"""A seeded, labelled evaluation corpus for the de-identification detectors.

Reflective essays by oncology professionals, generated from sentence templates: "phi" essays
carry planted identifiers of every category in realistic surface forms (positions recorded),
"clean" essays carry only hard negatives (placeholders, eponyms, drugs, staging, years alone,
ages under 90, weekdays, holidays, virtue words, bodies and charities, generic facilities,
public figures). A named hospital, hospice or clinic is a place below state level, so it is
planted as a LOCATION ("the Mayo Clinic" was a hard negative until issue 14's policy).

Names and places are composed from syllables here and never read the detector's word lists
(thematic/deid/data), so recall is not measured on the detector's own vocabulary.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from thematic.deid.evaluate import Planted

ONSETS = ["b", "br", "d", "dr", "g", "k", "kr", "l", "m", "n", "p", "r", "s", "t", "tr", "v",
          "z", "sh", "th", "h", "j", "f", "y", "w", "ch", "st"]  # fmt: skip
VOWELS = ["a", "e", "i", "o", "u", "ae", "ei", "ou", "ia", "y"]
CODAS = ["", "", "", "n", "r", "l", "s", "m", "v", "sk", "nd", "rt"]
FIRST_ENDINGS = ["a", "o", "en", "ia", "ie", "el", "ette", "io", "ra", "on"]
LAST_ENDINGS = ["ovic", "enka", "ardt", "sson", "quist", "elli", "ades", "mann", "oglu", "ayo",
                "ski", "wick", "thorne", "ley", "idis", "escu"]  # fmt: skip
PLACE_ENDINGS = ["ford", "ton", "ville", "bury", "field", "wick", "stead", "more", "", "", "ar"]
STREETS = ["Street", "Road", "Avenue", "Lane", "Drive", "Close", "Way", "Court", "Terrace", "St.",
           "Rd", "Ave."]  # fmt: skip
STATES = ["OH", "PA", "NY", "TX", "CA", "MI", "Ohio", "Oregon", "Georgia", "Vermont"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]  # fmt: skip
MONTHS_SHORT = ["Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec"]
WORD_NAMES = ["Dawn", "Ivy", "Robin", "Pearl", "Heath", "Wren", "Brook", "Sky", "Hazel", "Reed"]
UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
            "tenth", "eleventh", "twelfth", "twentieth"]  # fmt: skip

FILLER = [
    "I have worked in oncology for many years, and some encounters stay with me.",
    "The ward was quiet that evening, and the light through the window was thin and grey.",
    "I remember thinking that nothing in my training had prepared me for this conversation.",
    "We sat together for a long time without saying much at all.",
    "Later I realised that listening had been the treatment that mattered most.",
    "The multidisciplinary team met every week to discuss patients like this.",
    "I still think about how much courage it takes to ask for help.",
    "There is a particular silence that follows bad news, and I have learned to wait in it.",
    "Looking back, I would have done some things differently.",
    "The family asked good questions, and I tried to answer them honestly.",
    "Palliative care is often misunderstood as giving up, but it is nothing of the kind.",
    "My colleagues carried me through that winter more than they know.",
]

HARD_NEGATIVES = [
    "When I first met [PATIENT], she had just been told her scan showed progression.",
    "Mrs. X asked me whether the chemotherapy was worth it.",
    "Patient A and Patient B were admitted on the same night.",
    "I wrote [NAME] on the whiteboard because the family had asked for privacy.",
    "Our unit joined the Pacemakers initiative to support staff wellbeing.",
    "I was nominated for the Daisy Award, which embarrassed me more than it pleased me.",
    "Her Hodgkin lymphoma had relapsed after two lines of therapy.",
    "He had Ewing sarcoma diagnosed at nineteen.",
    "The side effects of pembrolizumab were harder on him than the disease.",
    "She was on tamoxifen for five years before the recurrence.",
    "Keytruda had given him another good year.",
    "By then the cancer was Stage IV and the conversation changed.",
    "In 2019 I moved from the inpatient ward to the day unit.",
    "She was a 67-year-old retired teacher with a dry sense of humour.",
    "He was 84 years old and still drove himself to every appointment.",
    "Every Monday we held a short debrief after the ward round.",
    "Christmas on the oncology ward is a strange mixture of tinsel and grief.",
    "In March the days grew longer and she seemed to rally.",
    "There was a kind of grace in the way he accepted help.",
    "Hope is not the same as optimism, and I learned that slowly.",
    "Grace, as my mentor used to say, is what we give when we have nothing left.",
    "I trained at the district general hospital before returning to the NHS.",
    "Cicely Saunders wrote that you matter because you are you.",
    "I think often of Elisabeth Kübler-Ross and how her stages never fit anyone neatly.",
    "Atul Gawande's book was passed around our team like a relic.",
    "We use the Schwartz Rounds to talk about the emotional side of the work.",
    "I joined a Balint group in my second year as a registrar.",
    "Her ECOG performance status had fallen to three.",
    "The tumour was HER2-positive and the team was cautiously hopeful.",
    "He started FOLFOX on a Tuesday and was admitted with neutropenic sepsis by Friday.",
    "R-CHOP was the standard regimen, and we talked about what it would mean.",
    "She fasted during Ramadan against our advice, and we found a way to make it work.",
    "Macmillan nurses were the ones who made the difference at home.",
    "The Liverpool Care Pathway still casts a long shadow over how families hear us.",
    "We followed the NCCN guidelines, but guidelines do not hold a hand.",
    "On Friday afternoons the ward felt lighter somehow.",
    "A third of our patients were over 70, and many lived alone.",
    "The trial had closed to recruitment in 2021.",
    "She used a PICC line for months without complaint.",
    "The Whipple procedure had left him exhausted but alive.",
    "Our chaplain, whose faith was quiet and practical, sat with the family.",
    "I read Being Mortal on the train home that week.",
    "Dr. Y, the registrar on call, came up to help.",
    "Half of the nurses on the ward had worked through the pandemic in 2020.",
    "Mindfulness sessions on Wednesday lunchtimes became a lifeline.",
]


@dataclass
class LabelledEssay:
    """One generated essay: its text, kind ("phi" or "clean") and planted identifiers."""

    essay_id: str
    kind: str
    text: str
    planted: list[Planted] = field(default_factory=list)


class _Names:
    """Syllable-composed people and places."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def _syllable(self) -> str:
        return self.rng.choice(ONSETS) + self.rng.choice(VOWELS) + self.rng.choice(CODAS)

    def first(self) -> str:
        return (self._syllable() + self.rng.choice(FIRST_ENDINGS)).capitalize()

    def last(self) -> str:
        return (self._syllable() + self._syllable() + self.rng.choice(LAST_ENDINGS)).capitalize()

    def place(self) -> str:
        return (self._syllable() + self._syllable() + self.rng.choice(PLACE_ENDINGS)).capitalize()


class _Builder:
    """Builds one essay sentence by sentence, recording planted spans as it goes."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.planted: list[Planted] = []

    def add(self, *pieces: str | tuple[str, str]) -> None:
        """Append a sentence of plain strings and (category, value) planted pieces."""
        if self.parts and not self.parts[-1].endswith("\n"):
            self._emit(" ")
        for piece in pieces:
            if isinstance(piece, tuple):
                category, value = piece
                self.planted.append(Planted(category, self.length, self.length + len(value)))
                self._emit(value)
            else:
                self._emit(piece)

    def paragraph(self) -> None:
        self._emit("\n\n")
        self.parts.append("")

    def _emit(self, value: str) -> None:
        self.parts.append(value)
        self.length += len(value)

    def text(self) -> str:
        return "".join(self.parts)


def _digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(n))


def _letters(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))


def _date(rng: random.Random) -> str:
    day, month, year = rng.randint(1, 28), rng.randint(1, 12), rng.randint(1995, 2024)
    name = MONTHS[month - 1]
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd"}.get(day, "th")
    forms = [
        f"{month}/{day}/{year}",
        f"{day:02d}/{month:02d}/{year}",
        f"{year}-{month:02d}-{day:02d}",
        f"{name} {day}, {year}",
        f"{day} {name} {year}",
        f"{name} {day}{suffix}",
        f"the {day}{suffix} of {name}",
        f"{rng.choice(MONTHS_SHORT)}. {day}",
        f"{day}-{rng.choice(MONTHS_SHORT)}-{year}",
        f"{name} {year}",
        f"{day}.{month:02d}.{year % 100:02d}",
        f"the {rng.choice(ORDINALS)} of {name}",
        f"Christmas Eve {year}",
        f"{rng.choice(['Monday', 'Tuesday', 'Friday'])}, {name} {day}",
    ]
    return rng.choice(forms)


def _age(rng: random.Random) -> tuple[str, str]:
    """(sentence prefix, age phrase) for an age of 90 or more."""
    n = rng.randint(90, 104)
    words = "ninety" + ("-" + UNITS[n - 91] if 90 < n < 100 else "") if n < 100 else "one hundred"
    return rng.choice(
        [
            ("She was a ", f"{n}-year-old"),
            ("He was ", f"{n} years old"),
            ("She was ", f"{words} years old"),
            ("He was a ", f"{words}-year-old"),
            ("My patient, ", f"aged {n}"),
            ("She was a woman of ", f"{n}"),
            ("He had just ", f"turned {n}"),
            ("She was ", "in her late nineties"),
            ("The note said ", f"{n} yo"),
        ]
    )


def _phi_sentences(rng: random.Random, names: _Names) -> list[list[str | tuple[str, str]]]:
    """One sentence per planted category (plus name variants), in random surface forms."""
    first, last, city = names.first(), names.last(), names.place()
    relation = rng.choice(["daughter", "son", "husband", "wife", "sister", "grandson"])
    street = f"{rng.randint(2, 4800)} {names.last()} {rng.choice(STREETS)}"
    if rng.random() < 0.4:
        street += f", Apt {rng.randint(1, 40)}{rng.choice('ABC')}"
    phone = rng.choice(
        [
            f"({_digits(rng, 3)}) {_digits(rng, 3)}-{_digits(rng, 4)}",
            f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 4)}",
            f"{_digits(rng, 3)}.{_digits(rng, 3)}.{_digits(rng, 4)}",
            f"+1 {_digits(rng, 3)} {_digits(rng, 3)} {_digits(rng, 4)}",
            f"07{_digits(rng, 3)} {_digits(rng, 6)}",
            f"+44 20 {_digits(rng, 4)} {_digits(rng, 4)}",
        ]
    )
    zipcode = _digits(rng, 5) + (f"-{_digits(rng, 4)}" if rng.random() < 0.3 else "")
    age_prefix, age = _age(rng)
    name_forms: list[list[str | tuple[str, str]]] = [
        ["I still remember ", ("NAME", f"Mrs. {last}"), " asking me to open the window."],
        [("NAME", f"{first} {last}"), " was the first patient I cared for on my own."],
        ["Her ", relation, ", ", ("NAME", first), ", sat by the bed every night."],
        ["The next morning ", ("NAME", last), " told me she was ready to stop treatment."],
        ["I wrote to ", ("NAME", f"{first[0]}. {last}"), " after the funeral."],
        ["Only ", ("NAME", f"{first} {last[0]}."), " understood what she meant."],
        ["The chart simply said ", ("NAME", f"{first[0]}.{last[0]}."), " and a bed number."],
        ["THE NOTE READ: ", ("NAME", f"{first.upper()} {last.upper()}"), " DECLINED FURTHER CARE."],
        ["i remember his wife ", ("NAME", first.lower()), " holding his hand."],
        ["We called ", ("NAME", f"Dr. {last}"), " from palliative care."],
        ["Her ", relation, " ", ("NAME", rng.choice(WORD_NAMES)), " brought flowers every week."],
        ["I asked ", ("NAME", f"{last}'s"), " family to come in."],
        ["Nurse ", ("NAME", first), " stayed past the end of her shift."],
    ]
    others: list[list[str | tuple[str, str]]] = [
        ["They lived at ", ("ADDRESS", street), ", near the old mill."],
        rng.choice(
            [
                ["She had moved to ", ("LOCATION", city), " to be near her grandchildren."],
                ["He came from ", ("LOCATION", city), ", a small town by the river."],
                ["Their farm was outside ", ("LOCATION", city), ", miles from any hospital."],
                ["The family lived in ", ("LOCATION", f"{city} County"), " for generations."],
                # a named facility is a place below state level (a generic one is not)
                ["She died at ", ("LOCATION", f"St {first}'s Hospice"), ", as she wanted."],
                ["He was transferred to ", ("LOCATION", f"{city} Royal Infirmary"), " at night."],
                ["I trained at the ", ("LOCATION", "Mayo Clinic"), " before coming home."],
            ]
        ),
        rng.choice(
            [
                [
                    "Her address ended ",
                    ("LOCATION", city),
                    ", ",
                    rng.choice(STATES),
                    " ",
                    ("ZIP", zipcode),
                    ".",
                ],
                ["The form listed zip code ", ("ZIP", zipcode), " for the family home."],
            ]
        ),
        ["The scan was done on ", ("DATE", _date(rng)), ", a day I will not forget."],
        [age_prefix, ("AGE", age), ", and sharper than any of us."],
        ["Her son left his number, ", ("PHONE", phone), ", on the whiteboard."],
        [
            "The hospice faxed the forms to fax ",
            ("FAX", f"{_digits(rng, 3)}-{_digits(rng, 3)}-{_digits(rng, 4)}"),
            " that afternoon.",
        ],
        [
            "Her daughter wrote from ",
            ("EMAIL", f"{first.lower()}.{last.lower()}@{names.place().lower()}.com"),
            " every week.",
        ],
        [
            "His SSN, ",
            ("SSN", f"{_digits(rng, 3)}-{_digits(rng, 2)}-{_digits(rng, 4)}"),
            ", was still on the old paperwork.",
        ],
        ["I checked MRN ", ("MRN", _digits(rng, 7)), " twice before the consent."],
        [
            "Her insurance member ID ",
            ("HEALTH_PLAN", _letters(rng, 3) + _digits(rng, 8)),
            " was rejected again.",
        ],
        [
            "The bill for account number ",
            ("ACCOUNT", _digits(rng, 4) + "-" + _digits(rng, 6)),
            " arrived after he died.",
        ],
        [
            "His driving licence number ",
            ("LICENSE", _letters(rng, 2) + _digits(rng, 7)),
            " was on the form.",
        ],
        [
            "The car with licence plate ",
            ("VEHICLE", f"{_digits(rng, 1)}{_letters(rng, 3)}-{_digits(rng, 3)}"),
            " stayed in the car park for weeks.",
        ],
        [
            "The pacemaker serial number ",
            ("DEVICE", _letters(rng, 2) + _digits(rng, 6)),
            " had to be recorded before cremation.",
        ],
        [
            "She kept a blog at ",
            ("URL", f"https://www.{names.place().lower()}.org/diary"),
            " until the end.",
        ],
        [
            "The log showed a login from ",
            ("IP", ".".join(str(rng.randint(1, 254)) for _ in range(4))),
            " at midnight.",
        ],
        rng.choice(
            [
                # a trial's registry number names a study, not a person (issue 14): the
                # participant's own number does
                ["He was enrolled as participant ", ("ID", f"{_letters(rng, 2)}-{_digits(rng, 5)}"), " in the spring."],
                ["My badge number ", ("ID", _digits(rng, 5)), " still opens that door."],
                ["She posted as ", ("ID", f"@{first.lower()}_{_digits(rng, 2)}"), " for years."],
            ]
        ),
    ]
    return [rng.choice(name_forms), rng.choice(name_forms), *others]


def make_corpus(seed: int = 0, n_phi: int = 200, n_clean: int = 100) -> list[LabelledEssay]:
    """``n_phi`` essays with planted PHI and ``n_clean`` essays with hard negatives only.

    Each PHI essay plants about four identifiers drawn from every category, so 200 essays plant
    every category 30+ times. Deterministic for a given seed.
    """
    rng = random.Random(seed)
    names = _Names(rng)
    corpus = []
    for index in range(n_phi):
        pool = _phi_sentences(rng, names)
        chosen = pool[:2] if rng.random() < 0.5 else []
        chosen += rng.sample(pool[2:], 4)
        corpus.append(_essay(rng, f"phi-{index:04d}", "phi", chosen))
    for index in range(n_clean):
        corpus.append(_essay(rng, f"clean-{index:04d}", "clean", []))
    return corpus


def _essay(
    rng: random.Random, essay_id: str, kind: str, phi: list[list[str | tuple[str, str]]]
) -> LabelledEssay:
    """Interleave filler, hard negatives and PHI sentences into paragraphs."""
    sentences: list[list[str | tuple[str, str]]] = [
        [sentence] for sentence in rng.sample(FILLER, 4) + rng.sample(HARD_NEGATIVES, 5)
    ]
    sentences += phi
    rng.shuffle(sentences)
    builder = _Builder()
    for i, sentence in enumerate(sentences):
        if i and i % 4 == 0:
            builder.paragraph()
        builder.add(*sentence)
    return LabelledEssay(essay_id, kind, builder.text(), builder.planted)


# --- External corpora: written by others, stored under tests/data/deid/ --------------------------

DATA = Path(__file__).resolve().parent / "data" / "deid"

# presidio-evaluator's template entity types -> Safe Harbor categories (45 CFR 164.514(b)(2)(i)).
# None: not a Safe Harbor identifier, so not scored, and a sentence holding only these counts as
# clean (a finding on it is a false flag). Countries, states, nationalities, employers, job
# titles, honorifics, a year or weekday alone are not identifiers; a card number or IBAN is an
# account number; an age is an identifier only from 90 on (see ``_presidio_category``).
PRESIDIO_CATEGORIES: dict[str, str | None] = {
    **dict.fromkeys(
        """person name first_name first_name_male first_name_female first_name_nonbinary
        last_name last_name_male last_name_female name_male name_female""".split(),
        "NAME",
    ),
    "city": "LOCATION",
    **dict.fromkeys("address street_name building_number secondary_address".split(), "ADDRESS"),
    "postcode": "ZIP",
    "zipcode": "ZIP",
    "phone_number": "PHONE",
    "email": "EMAIL",
    "url": "URL",
    "ip_address": "IP",
    "ssn": "SSN",
    "credit_card_number": "ACCOUNT",
    "iban": "ACCOUNT",
    "us_driver_license": "LICENSE",
    "date_of_birth": "DATE",
    "date_time": "DATE",
    "age": "AGE",
    **dict.fromkeys(
        """country state state_abbr nationality nation_woman nation_man nation_plural organization
        job prefix prefix_male prefix_female year day_of_week""".split(),
        None,
    ),
}
PRESIDIO_FILE = DATA / "presidio" / "sentences.jsonl"


def make_presidio_corpus(seed: int = 42, n: int = 1500) -> list[dict]:
    """Sentences from presidio-evaluator's own templates and Faker generator, as raw records.

    Needs ``presidio-evaluator`` (the ``eval`` extra). Records are {"id", "text", "spans":
    [[start, end, entity_type], ...]} with the generator's own entity types; the mapping onto
    Safe Harbor categories is applied when loading (:func:`load_presidio_corpus`). Lower-case
    names at the package's documented default ratio (0.05). Its templates write line breaks as
    the two characters "\\n"; they are replaced by " \\n" (same length, offsets unchanged).
    """
    from presidio_evaluator.data_generator import PresidioSentenceFaker

    identity = {entity: entity for entity in PresidioSentenceFaker.ENTITY_TYPE_MAPPING}
    faker = PresidioSentenceFaker(
        "en_US", lower_case_ratio=0.05, random_seed=seed, entity_type_mapping=identity
    )
    records = []
    for index, sample in enumerate(faker.generate_new_fake_sentences(n)):
        text = sample.full_text.replace("\\n", " \n")
        spans = sorted(
            [s.start_position, s.end_position, s.entity_type] for s in sample.spans
        )
        records.append({"id": f"presidio-{index:04d}", "text": text, "spans": spans})
    return records


def _presidio_category(entity_type: str, value: str) -> str | None:
    category = PRESIDIO_CATEGORIES[entity_type]
    if category == "AGE":
        return "AGE" if value.isdigit() and int(value) >= 90 else None
    return category


def load_presidio_corpus(path: Path = PRESIDIO_FILE) -> list[LabelledEssay]:
    """The stored presidio-evaluator sentences, spans mapped by :data:`PRESIDIO_CATEGORIES`."""
    corpus = []
    for line in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        text = record["text"]
        planted = []
        for start, end, entity_type in record["spans"]:
            category = _presidio_category(entity_type, text[start:end])
            if category is not None:
                planted.append(Planted(category, start, end))
        kind = "phi" if planted else "clean"
        corpus.append(LabelledEssay(record["id"], kind, text, planted))
    return corpus


BLIND_DIR = DATA / "blind"
# A second blind corpus by another helper, stored after tuning on the first was finished.
BLIND2_DIR = DATA / "blind2"
# held out: scored on the detector before round three and once after it; never tuned on
BLIND3_DIR = DATA / "blind3"
BLIND4_DIR = DATA / "blind4"
BLIND5_DIR = DATA / "blind5"
BLIND6_DIR = DATA / "blind6"
BLIND7_DIR = DATA / "blind7"
BLIND8_DIR = DATA / "blind8"


def load_blind_corpus(folder: Path = BLIND_DIR) -> list[LabelledEssay]:
    """The blind corpus: essays written from the category list alone by someone who had not
    read the detector (``labels.jsonl`` + ``essays/<essay>.txt``, stored as delivered)."""
    corpus = []
    for line in (folder / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        text = (folder / "essays" / f"{record['essay']}.txt").read_text(encoding="utf-8")
        planted = [Planted(s["category"], s["start"], s["end"]) for s in record["spans"]]
        kind = "phi" if planted else "clean"
        corpus.append(LabelledEssay(record["essay"], kind, text, planted))
    return corpus

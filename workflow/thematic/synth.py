"""Synthetic studies: essays, coders' segment codings and adjudication decisions, made from a seed.

Essays are composed from sentence templates in the register of the example study (first-person
oncology professionals); each code has its own sentences, so a coded segment is always a real
passage of its essay and its offsets are exact. Coders see the true codes through a per-code
sensitivity and false-positive rate, which gives per-code Cohen's kappas of about 0.5-0.9.
Nothing here names a person, a place, a date finer than a year or a number: the de-identification
gate clears every essay. Not for writing files (see :mod:`thematic.commands.synth`).

Every random draw comes from one ``numpy.random.Generator`` in a fixed order, so a seed gives the
same study byte for byte.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

# (code, prevalence, coders' sensitivity, coders' false-positive rate, sentences); the codes are
# those of config/codebook.yaml.
CODES: tuple[tuple[str, float, float, float, tuple[str, ...]], ...] = (
    (
        "support_networks",
        0.45,
        0.94,
        0.04,
        (
            "Her sister and two neighbours took turns driving her to every infusion, and the women "
            "from her choir filled the waiting room on the bad days.",
            "I put him in touch with the peer group that meets on the ward, and within a month he "
            "was the one welcoming the newcomers.",
            "The volunteers who run the tea trolley came to know the family by sight and asked after "
            "them every week.",
            "What carried her through was not us so much as the circle of friends who organised "
            "meals, lifts and visits without ever being asked.",
            "I linked the family with the caregivers' group, and the father told me later it was the "
            "first place he could say out loud how frightened he was.",
            "His colleagues from the depot set up a rota so that someone sat with him at every "
            "treatment, and they kept it going for a whole winter.",
            "Other patients in the suite swapped tips, phone chargers and jokes, and I watched a "
            "small community form around the chairs by the window.",
            "Her grown children, who lived far away, joined a weekly call with the team so that "
            "nobody in the family was left guessing.",
        ),
    ),
    (
        "conveying_solidarity",
        0.8,
        0.97,
        0.15,
        (
            "I told him I would be there at every scan, whatever it showed, and I was.",
            "When the results were bad I stayed in the room, because I had promised her she would "
            "not hear that kind of news from a stranger.",
            "We have faced this together for six years now, and I have no intention of stepping "
            "away while there is still road ahead.",
            "I said to her husband that he was not carrying this alone, and I tried every week to "
            "make that true.",
            "Whatever the next step turned out to be, I wanted them to know we would take it with "
            "them and not leave them at the door.",
            "I swapped shifts more than once so that I would be with him for the appointments that "
            "mattered.",
            "Standing beside her through the long middle of the illness, not just the dramatic "
            "moments, is the part of the job I am proudest of.",
            "I kept coming back to her room even when there was nothing clinical left to do, because "
            "leaving felt like abandoning her.",
        ),
    ),
    (
        "small_acts_of_kindness",
        0.45,
        0.9,
        0.06,
        (
            "On cold mornings I warmed a blanket for her before she sat down.",
            "I started keeping the window chair free for him, with the crossword folded on the seat "
            "and a pen clipped to it.",
            "When her daughter could not find parking I went down and waited with the car so she "
            "would not miss the start of the appointment.",
            "I wrote a short card by hand after his last cycle, and months later his wife told me he "
            "kept it in his wallet.",
            "I brought a second cup of tea for the caregiver, who had been sitting in the corridor "
            "for three hours without anyone noticing.",
            "On her birthday the whole team signed a card and someone found a candle for the slice "
            "of cake from the canteen.",
            "I stayed after my shift to sit with his wife until the taxi came, because she did not "
            "want to wait alone in the dark.",
            "I saved the good pillow for him, the one that does not slide off the chair.",
        ),
    ),
    (
        "compassion",
        0.75,
        0.95,
        0.12,
        (
            "I sat with her fear instead of hurrying past it.",
            "When he described the nights on the bathroom floor his hands were shaking, and I felt it "
            "in my own stomach.",
            "I wanted very much to take some of that pain away from her, and the honest truth is that "
            "I could not take much.",
            "Watching her try to hide how much it hurt, so as not to worry her children, was one of "
            "the hardest things I have seen in this work.",
            "I let him finish every sentence, however long it took, because the suffering underneath "
            "it deserved to be heard.",
            "His grief for the life he had planned was so plain on his face that I put the chart down "
            "and simply listened.",
            "I could see the exhaustion in the way she held the cup, and I wanted to ease it in any "
            "way I was able.",
            "The fear in that room was so thick that all I could offer at first was to stay in it "
            "with them.",
        ),
    ),
    (
        "patient_centeredness",
        0.65,
        0.9,
        0.08,
        (
            "We moved his infusions to the start of the week so he could keep coaching the youth "
            "team at the weekend.",
            "She told us she would rather have fewer good months than more bad ones, and we changed "
            "the plan to match.",
            "Before we talked about treatment I asked him what mattered most to him, and we built the "
            "schedule around the answer.",
            "We dropped the extra scans she dreaded because they would not have changed anything she "
            "cared about.",
            "He wanted to be at home for the harvest, so we arranged the cycles and the blood tests "
            "around the farm and not the clinic.",
            "I laid out the options side by side and let her decide, and then we did it her way.",
            "Because music was what kept him going, we let him bring his headphones and his own "
            "playlist into every session.",
            "We asked what a good day looked like for her, and every decision after that was measured "
            "against it.",
        ),
    ),
    (
        "celebrating_resilience",
        0.45,
        0.96,
        0.03,
        (
            "When she walked up to receive the award, the whole room stood.",
            "At the ceremony he insisted on walking to the front without his stick and told everyone "
            "he had mostly just kept turning up.",
            "We rang the bell with her on the day of her last treatment, and half the waiting room "
            "clapped along.",
            "The clinic's annual celebration of patients gave us a chance to say out loud what they "
            "had come through.",
            "I made sure the team marked the anniversary of her diagnosis, because surviving that year "
            "deserved to be honoured.",
            "Her certificate from the survivors' evening still hangs on our noticeboard, next to the "
            "rota.",
            "We threw a small party in the day unit when he finished, and his grandchildren made a "
            "banner that said he was the bravest man they knew.",
            "Hearing him speak at the recognition evening about what he had endured, I understood how "
            "much strength the treatment had asked of him.",
        ),
    ),
    (
        "renewed_purpose",
        0.5,
        0.9,
        0.05,
        (
            "Driving home that evening I remembered why I had chosen this work.",
            "Moments like that are the reason I am still in oncology after all these years.",
            "I had been running on empty for months, and that afternoon gave me back something I "
            "thought I had lost.",
            "It reminded me that the work is not the protocols but the people, and I went back to the "
            "ward lighter than I had been in a long time.",
            "Knowing that we made the road a little easier for them is what gets me up on the "
            "difficult mornings.",
            "I came into this profession to make a difference, and on days like that I can see that "
            "I still do.",
            "After that conversation I stopped thinking about leaving the specialty.",
            "Every time I think I have nothing more to give, a family like theirs shows me that I do.",
        ),
    ),
)

CODE_IDS: tuple[str, ...] = tuple(code for code, *_ in CODES)
# What a second coder sometimes writes instead of the id: labels and aliases of the codebook.
ALIASES: dict[str, str] = {
    "support_networks": "SN",
    "conveying_solidarity": "solidarity",
    "small_acts_of_kindness": "kindness",
    "compassion": "empathy",
    "patient_centeredness": "patient-centred care",
    "celebrating_resilience": "resilience",
    "renewed_purpose": "purpose",
}

# (role in the manifest, the essay's first sentence).
ROLES: tuple[tuple[str, str], ...] = (
    (
        "oncology nurse",
        "I have worked as a nurse in the infusion suite for many years, long enough "
        "to know which chairs people ask for.",
    ),
    (
        "oncology nurse",
        "Most of the patients I look after on the day unit I see every two or three "
        "weeks, for months and sometimes for years.",
    ),
    (
        "medical oncologist",
        "As an oncologist I have learned that the conversations I remember are "
        "rarely the ones about drugs.",
    ),
    (
        "medical oncologist",
        "I have been a consultant in this clinic for a long time, and some "
        "patients have been with me for most of it.",
    ),
    (
        "oncology social worker",
        "My work as a social worker in the cancer centre is mostly about "
        "what happens to people between their appointments.",
    ),
    (
        "hospital chaplain",
        "As a chaplain I am often the person who arrives when the medical part of "
        "the conversation has finished.",
    ),
    (
        "radiation therapist",
        "In radiotherapy we see the same patients every weekday for weeks, and "
        "that rhythm builds a particular kind of closeness.",
    ),
    (
        "palliative care nurse",
        "I came to palliative care after years on a surgical ward, and I "
        "still notice how differently time moves here.",
    ),
)

# Sentences that carry no code: the texture between the coded passages.
FILLERS: tuple[str, ...] = (
    "The first cycles were hard, and the side effects came on the second day and stayed.",
    "The waiting room was full that morning, and the machines kept alarming in the background.",
    "She arrived with a folder of printouts and a list of questions written on the back of an "
    "envelope.",
    "He was quiet at first and answered in single words.",
    "We talked about ordinary things for a while: the weather, the traffic, the football.",
    "The scan that autumn showed the disease had grown.",
    "There is a lot of paperwork in this job, and most of it has nothing to do with why we are "
    "here.",
    "The ward was short of staff that winter, as it often is.",
    "Treatment went on for most of the year, with a break in the middle when her counts dropped.",
    "I remember the light in the room more than anything that was said.",
    "Nothing about the clinical side of the case was unusual.",
    "The family had driven a long way to be there.",
    "He liked to know exactly what was in each bag before it went up.",
    "Some weeks were better than others, and we learned to read which kind it would be from the "
    "way she walked in.",
    "I do not know how this ends, and neither does she.",
    "The corridor outside the consulting rooms is narrow, and people wait there standing.",
    "Her husband did most of the talking during the early appointments.",
    "It took a long time for the team to agree on the next step.",
    "By the spring the routine had become familiar to all of us.",
    "The room was too warm, and the chairs were too close together.",
)

CLOSINGS: tuple[str, ...] = (
    "I think about them often.",
    "I do not know what the next year will bring for them, but I am glad I was there for this "
    "part.",
    "That is the part of the story I wanted to write down.",
    "There will be other patients, but I will not forget this one.",
    "I have no neat lesson to draw from it, only that it mattered.",
    "Writing this, I realise how much of the work happens in the margins.",
)

RATIONALES = {
    "present": "The passage meets the inclusion criteria for {code}; the coder who left it out "
    "read it too narrowly.",
    "absent": "The passage falls under the exclusion criteria for {code}; the coder who applied "
    "it read it too broadly.",
}

UNCODED_SHARE = 0.04  # essays no coder has reached yet
PARTIAL_SHARE = 0.02  # essays only the first coder has coded
DECIDED_SHARE = 0.7  # disagreements the adjudicator has ruled on
ALIAS_SHARE = 0.1  # a second coder's rows written with an alias
WIDER_SHARE = 0.15  # segments a coder extends to the next sentence


@dataclass(frozen=True)
class Study:
    """A synthetic study's inputs, as tables; :mod:`thematic.commands.synth` writes them."""

    essays: pd.DataFrame  # essay_id, role, text
    codings: dict[str, pd.DataFrame]  # coder -> coder, essay_id, code, start, end, quote, memo
    decisions: pd.DataFrame  # essay_id, code, decision, adjudicator, rationale
    truth: pd.DataFrame  # essay_id x code: whether the code applies (for tests)


def essay_ids(n_essays: int, first: int = 1) -> list[str]:
    """``essay_00001`` ...: zero-padded so file names sort as numbers do."""
    width = max(5, len(str(first + n_essays - 1)))
    return [f"essay_{i:0{width}d}" for i in range(first, first + n_essays)]


def compose_essays(
    n_essays: int, rng: np.random.Generator
) -> tuple[list[str], np.ndarray, np.ndarray, list[list[tuple[int, int, int]]]]:
    """Essay texts, roles (index into :data:`ROLES`), true presence (essay x code) and sentences.

    ``sentences[i]`` lists (code index or -1 for a filler, start, end) of essay ``i``'s
    sentences in order; offsets are code points into ``texts[i]``, end exclusive.
    """
    n_codes = len(CODES)
    prevalence = np.array([p for _, p, *_ in CODES])
    truth = rng.random((n_essays, n_codes)) < prevalence
    extra = rng.random((n_essays, n_codes)) < 0.25  # a second sentence for a present code
    code_sentence = rng.integers(0, 8, (n_essays, n_codes, 2))
    n_fillers = rng.integers(5, 10, n_essays)
    filler_pick = rng.integers(0, len(FILLERS), (n_essays, 9))
    roles = rng.integers(0, len(ROLES), n_essays)
    closing = rng.integers(0, len(CLOSINGS), n_essays)
    order_keys = rng.random((n_essays, 9 + 2 * n_codes))
    breaks = rng.integers(3, 6, n_essays)  # sentences per paragraph
    texts: list[str] = []
    sentences: list[list[tuple[int, int, int]]] = []
    for i in range(n_essays):
        body: list[tuple[int, str]] = [(-1, FILLERS[f]) for f in filler_pick[i, : n_fillers[i]]]
        for c in np.flatnonzero(truth[i]):
            pool = CODES[c][4]
            first, second = code_sentence[i, c] % len(pool)
            body.append((int(c), pool[first]))
            if extra[i, c] and second != first:
                body.append((int(c), pool[second]))
        order = np.argsort(order_keys[i, : len(body)], kind="stable")
        parts = [(-1, ROLES[roles[i]][1]), *(body[j] for j in order), (-1, CLOSINGS[closing[i]])]
        pieces: list[str] = []
        spans: list[tuple[int, int, int]] = []
        position = 0
        for k, (code, sentence) in enumerate(parts):
            if k:
                joint = "\n\n" if k % breaks[i] == 0 else " "
                pieces.append(joint)
                position += len(joint)
            pieces.append(sentence)
            spans.append((code, position, position + len(sentence)))
            position += len(sentence)
        texts.append("".join(pieces) + "\n")
        sentences.append(spans)
    return texts, roles, truth, sentences


def code_essays(
    texts: list[str],
    truth: np.ndarray,
    sentences: list[list[tuple[int, int, int]]],
    coded_by: np.ndarray,
    ids: list[str],
    rng: np.random.Generator,
) -> dict[str, pd.DataFrame]:
    """Each coder's segment codings of the essays they have reached (``coded_by``: essay x coder).

    A coder applies a present code with the code's sensitivity and an absent one with its
    false-positive rate (a plausible misreading of another sentence). An essay read with no code
    applying gets one row with an empty code, so coverage knows the coder has been there.
    """
    n_essays, n_codes = truth.shape
    n_coders = coded_by.shape[1]
    sensitivity = np.array([s for _, _, s, _, _ in CODES])
    false_positive = np.array([f for _, _, _, f, _ in CODES])
    draw = rng.random((n_essays, n_codes, n_coders))
    applied = (
        np.where(truth[..., None], draw < sensitivity[:, None], draw < false_positive[:, None])
        & coded_by[:, None, :]
    )
    which = rng.random((n_essays, n_codes, n_coders, 3))
    codings = {}
    for k in range(n_coders):
        coder = f"coder_{chr(ord('a') + k)}" if n_coders <= 26 else f"coder_{k + 1:03d}"
        rows: list[tuple[str, str, str, int, int, str, str]] = []
        for i in np.flatnonzero(coded_by[:, k]):
            text, spans, essay_id = texts[i], sentences[i], ids[i]
            codes = np.flatnonzero(applied[i, :, k])
            if not len(codes):
                rows.append((coder, essay_id, "", -1, -1, "", ""))
                continue
            for c in codes:
                u = which[i, c, k]
                own = [j for j, (code, _, _) in enumerate(spans) if code == c]
                # a missed sentence of a present code, or a misread one for an absent code
                j = own[0] if own and u[0] < 0.8 else (own[-1] if own else int(u[0] * len(spans)))
                end = spans[j + 1][2] if u[1] < WIDER_SHARE and j + 1 < len(spans) else spans[j][2]
                start = spans[j][1]
                written = CODE_IDS[c]
                if k == 1 and u[2] < ALIAS_SHARE:
                    written = ALIASES[written]
                rows.append((coder, essay_id, written, start, end, text[start:end], ""))
        table = pd.DataFrame(
            rows, columns=["coder", "essay_id", "code", "start", "end", "quote", "memo"]
        )
        for column in ("start", "end"):  # empty offsets on a "no code applies" row
            table[column] = table[column].astype("Int64").mask(table[column] < 0)
        codings[coder] = table
    return codings


def coder_coverage(n_essays: int, n_coders: int, rng: np.random.Generator) -> np.ndarray:
    """Essay x coder: who has coded what. A few essays await every coder, a few all but one."""
    waiting = rng.permutation(n_essays)
    n_uncoded = max(1, round(UNCODED_SHARE * n_essays)) if n_essays > 1 else 0
    n_partial = round(PARTIAL_SHARE * n_essays) if n_coders > 1 else 0
    coded_by = np.ones((n_essays, n_coders), dtype=bool)
    coded_by[waiting[:n_uncoded]] = False
    coded_by[waiting[n_uncoded : n_uncoded + n_partial], 1:] = False
    return coded_by


def adjudicate(
    codings: dict[str, pd.DataFrame],
    truth: pd.DataFrame,
    coded_by_all: set[str],
    rng: np.random.Generator,
) -> pd.DataFrame:
    """Decisions on a share of the units where coders of fully coded essays differ."""
    applied = pd.concat(
        [t.loc[t["code"] != "", ["essay_id", "code"]].assign(coder=c) for c, t in codings.items()]
    )
    applied["code"] = applied["code"].replace({v: k for k, v in ALIASES.items()})
    applied = applied[applied["essay_id"].isin(coded_by_all)].drop_duplicates()
    n_applied = applied.groupby(["essay_id", "code"]).size()
    split = n_applied[n_applied < len(codings)].reset_index()[["essay_id", "code"]]
    split = split.sort_values(["essay_id", "code"], ignore_index=True)
    decided = split[rng.random(len(split)) < DECIDED_SHARE].reset_index(drop=True)
    present = truth.stack().rename("present").reset_index()
    decided = decided.merge(present, on=["essay_id", "code"], how="left")
    decided["decision"] = np.where(decided["present"], "present", "absent")
    decided["adjudicator"] = "adjudicator_1"
    decided["rationale"] = [
        RATIONALES[d].format(code=c)
        for d, c in zip(decided["decision"], decided["code"], strict=True)
    ]
    return decided[["essay_id", "code", "decision", "adjudicator", "rationale"]]


def synthesize(n_essays: int, n_coders: int = 2, seed: int = 0) -> Study:
    """A complete synthetic study of ``n_essays`` essays and ``n_coders`` coders."""
    if n_essays < 1 or n_coders < 1:
        raise ValueError("a study needs at least one essay and one coder")
    rng = np.random.default_rng(seed)
    ids = essay_ids(n_essays)
    texts, roles, truth, sentences = compose_essays(n_essays, rng)
    coded_by = coder_coverage(n_essays, n_coders, rng)
    codings = code_essays(texts, truth, sentences, coded_by, ids, rng)
    truth_table = pd.DataFrame(
        truth, index=pd.Index(ids, name="essay_id"), columns=pd.Index(CODE_IDS, name="code")
    )
    coded_by_all = {ids[i] for i in np.flatnonzero(coded_by.all(axis=1))}
    decisions = adjudicate(codings, truth_table, coded_by_all, rng)
    essays = pd.DataFrame({"essay_id": ids, "role": [ROLES[r][0] for r in roles], "text": texts})
    return Study(essays=essays, codings=codings, decisions=decisions, truth=truth_table)

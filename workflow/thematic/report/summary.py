"""The report's content, computed once from the artifacts: study summary, prevalence as a paper
prints it, agreement rows, the prevalence paradox where it shows, adjudication and coverage.

The Markdown report, the HTML report, the figures and the methods paragraph all read these
dictionaries, so a number cannot differ between them. Not for rendering (see ``markdown``,
``html``) and not for statistics (every value is read from an artifact; see ``numbers``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from thematic.agreement import why_not_computed
from thematic.report.artifacts import ReportArtifacts
from thematic.report.numbers import (
    as_printed,
    count_percent,
    fmt,
    in_prose,
    is_missing,
    join_words,
    percent_of,
    percent_text,
    with_interval,
)

PRIMARY_UNIT = "essay_presence"
# A code counts as "present in nearly all (or nearly no) essays" at this consensus share, and
# agreement as "high" at this share of agreeing essays; kappa then reads low next to it when it
# falls below the Landis-Koch "substantial" band's upper edge.
SKEWED_PREVALENCE = 0.85
HIGH_AGREEMENT = 0.85
LOW_KAPPA = 0.80


def kappa_name(n_coders: int) -> str:
    """The kappa the report shows: Cohen's for two coders, Fleiss' for more."""
    return "cohen_kappa" if n_coders <= 2 else "fleiss_kappa"


KAPPA_LABELS = {"cohen_kappa": "Cohen's kappa", "fleiss_kappa": "Fleiss' kappa"}


def study_summary(art: ReportArtifacts) -> dict[str, Any]:
    """Essays received, cleared, quarantined, awaiting coding and analysed; coders; codebook."""
    status = art.deid_status["status"]
    coverage = art.coverage
    kept = coverage[coverage["status"] != "quarantined"]
    n_done = kept["coders_done"].fillna("").map(lambda s: len([c for c in s.split(", ") if c]))
    n_coded = int((n_done >= 1).sum())
    n_multi = int((n_done >= 2).sum())
    return {
        "n_received": len(coverage),
        "n_cleared": int((status == "cleared").sum()),
        "n_waived": int((status == "waived").sum()),
        "n_flagged": int((status == "flagged").sum()),
        "n_quarantined": int((status == "quarantined").sum()),
        "n_awaiting": int((coverage["status"] == "awaiting_coding").sum()),
        "n_partial": int((coverage["status"] == "partially_coded").sum()),
        "n_analysed": art.n_analysed,
        "coders": art.coders,
        "n_coders": len(art.coders),
        "codebook_name": art.codebook_name,
        "codebook_version": art.codebook_version,
        "n_codes": len(art.codebook),
        "n_themes": int(art.codebook["theme"].nunique()),
        "n_coded": n_coded,
        "n_multi_coded": n_multi,
        "multi_coded": count_percent(n_multi, n_coded),
    }


def prevalence(art: ReportArtifacts) -> list[dict[str, Any]]:
    """Per theme (codebook order): the theme and its codes as a paper prints them, for the
    consensus and each coder, with an editable results sentence."""
    counts = art.code_counts.set_index(["code", "source"])
    theme_counts = art.theme_counts.set_index(["theme", "source"])
    sources = ["consensus", *art.coders]
    total = art.n_analysed
    themes = []
    for theme_id, codes in art.codes.groupby("theme", sort=False):
        theme_label = str(codes["theme_label"].iloc[0])
        theme_n = {s: int(theme_counts.loc[(theme_id, s), "n_essays"]) for s in sources}
        rows = []
        for code in codes.itertuples(index=False):
            n = {s: int(counts.loc[(code.code, s), "n_essays"]) for s in sources}
            rows.append(
                {
                    "code": code.code,
                    "label": code.label,
                    "n": n,
                    "cells": {s: count_percent(n[s], total) for s in sources},
                    "printed": as_printed(code.label, n["consensus"], total),
                    "pending": int(counts.loc[(code.code, "consensus"), "n_pending"]),
                }
            )
        themes.append(
            {
                "theme": theme_id,
                "label": theme_label,
                "n": theme_n,
                "cells": {s: count_percent(theme_n[s], total) for s in sources},
                "printed": as_printed(theme_label, theme_n["consensus"], total),
                "codes": rows,
                "sentence": results_sentence(theme_label, theme_n["consensus"], rows, total),
            }
        )
    return themes


def results_sentence(theme: str, n_theme: int, codes: list[dict[str, Any]], total: int) -> str:
    """One sentence per theme in the register of a results section; a starting point to edit."""
    share = percent_of(n_theme, total)
    if n_theme == 0:
        return f"No essay was coded with the theme {theme} (N = {total})."
    ranked = sorted(codes, key=lambda c: -c["n"]["consensus"])  # stable: codebook order on ties
    present = [c for c in ranked if c["n"]["consensus"] > 0]
    printed = [as_printed(c["label"], c["n"]["consensus"], total) for c in present]
    sentence = f"{theme} was identified in {n_theme} of {total} essays ({share}%)"
    if len(printed) == 1:
        sentence += f", through the code {printed[0]}."
    else:
        sentence += (
            f"; the most frequent code was {printed[0]}, followed by {join_words(printed[1:])}."
        )
    pending = sum(c["pending"] for c in codes)
    if pending:
        sentence += f" {pending} further coding decision(s) await adjudication."
    return sentence


def _cells(agreement: pd.DataFrame, unit: str, scope: str, scope_id: str, convention: str):
    found = agreement[
        (agreement["unit"] == unit)
        & (agreement["scope"] == scope)
        & (agreement["scope_id"] == scope_id)
        & (agreement["convention"] == convention)
    ]
    return found.set_index("coefficient")


def _agreement_row(label: str, cells: pd.DataFrame, kappa: str) -> dict[str, Any]:
    def value(name: str, column: str = "value") -> float:
        return float(cells.loc[name, column]) if name in cells.index else float("nan")

    def band(name: str) -> str:
        return str(cells.loc[name, "interpretation"]) if name in cells.index else ""

    return {
        "label": label,
        "n_units": int(cells["n_units"].iloc[0]) if len(cells) else 0,
        "agreement": percent_text(value("percent_agreement")),
        "kappa": with_interval(value(kappa), value(kappa, "ci_low"), value(kappa, "ci_high")),
        "kappa_band": band(kappa),
        "alpha": with_interval(
            value("krippendorff_alpha"),
            value("krippendorff_alpha", "ci_low"),
            value("krippendorff_alpha", "ci_high"),
        ),
        "alpha_band": band("krippendorff_alpha"),
        "kappa_prose": in_prose(value(kappa), value(kappa, "ci_low"), value(kappa, "ci_high")),
        "alpha_prose": in_prose(
            value("krippendorff_alpha"),
            value("krippendorff_alpha", "ci_low"),
            value("krippendorff_alpha", "ci_high"),
        ),
        "values": {
            "percent_agreement": value("percent_agreement"),
            "kappa": value(kappa),
            "kappa_low": value(kappa, "ci_low"),
            "kappa_high": value(kappa, "ci_high"),
            "alpha": value("krippendorff_alpha"),
            "gwet_ac1": value("gwet_ac1"),
        },
    }


def agreement_rows(art: ReportArtifacts) -> dict[str, Any]:
    """Essay-presence agreement per code and overall (pooled, and the mean of the codes)."""
    kappa = kappa_name(len(art.coders))
    per_code = [
        {
            "code": code.code,
            **_agreement_row(
                code.label,
                _cells(art.agreement, PRIMARY_UNIT, "code", code.code, "per_code"),
                kappa,
            ),
        }
        for code in art.codes.itertuples(index=False)
    ]
    overall = [
        _agreement_row(
            label, _cells(art.agreement, PRIMARY_UNIT, "overall", "all", convention), kappa
        )
        for label, convention in (
            ("All codes, pooled", "pooled"),
            ("All codes, mean of codes", "mean_of_codes"),
        )
    ]
    return {
        "not_computed": why_not_computed(art.presence),
        "kappa_label": KAPPA_LABELS[kappa],
        "per_code": per_code,
        "overall": overall,
        "other_units": other_units(art),
    }


def other_units(art: ReportArtifacts) -> list[dict[str, str]]:
    """Per code and overall: segment-overlap agreement and the characters' unitizing alpha."""
    agreement = art.agreement

    def cell(unit: str, scope: str, scope_id: str, coefficient: str, percent: bool) -> str:
        found = agreement[
            (agreement["unit"] == unit)
            & (agreement["scope"] == scope)
            & (agreement["scope_id"] == scope_id)
            & (agreement["coefficient"] == coefficient)
            & agreement["convention"].isin(["per_code", "pooled", "codes_as_values"])
        ]
        if found.empty or is_missing(found["value"].iloc[0]):
            return fmt(None)
        value = found["value"].iloc[0]
        return percent_text(value) if percent else fmt(value)

    scopes = [(c.label, "code", c.code) for c in art.codes.itertuples(index=False)]
    scopes.append(("All codes", "overall", "all"))
    return [
        {
            "label": label,
            "segments": cell("segment_overlap", scope, scope_id, "percent_agreement", True),
            "u_alpha": cell("characters", scope, scope_id, "u_alpha", False),
        }
        for label, scope, scope_id in scopes
    ]


def prevalence_paradox(art: ReportArtifacts, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Codes where agreement is high, kappa lower, and the code is in nearly all (or nearly no)
    essays: chance agreement is then high, so kappa is low for want of variation, not of
    agreement (Feinstein & Cicchetti 1990, "High agreement but low kappa: I. The problems of two
    paradoxes", J Clin Epidemiol 43:543-549).

    The chance agreement shown is the one kappa implies, p_e = (p_o - kappa) / (1 - kappa).
    """
    total = art.n_analysed
    consensus = art.code_counts[art.code_counts["source"] == "consensus"].set_index("code")
    found = []
    for row in rows:
        values = row["values"]
        p_o, kappa = values["percent_agreement"], values["kappa"]
        if total == 0 or is_missing(p_o) or is_missing(kappa) or kappa >= 1:
            continue
        n = int(consensus.loc[row["code"], "n_essays"])
        share = n / total
        skewed = share >= SKEWED_PREVALENCE or share <= 1 - SKEWED_PREVALENCE
        if skewed and p_o >= HIGH_AGREEMENT and kappa < LOW_KAPPA:
            found.append(
                {
                    "label": row["label"],
                    "n": n,
                    "total": total,
                    "agreement": percent_text(p_o),
                    "kappa": fmt(kappa),
                    "chance": percent_text((p_o - kappa) / (1 - kappa)),
                    "gwet_ac1": fmt(values["gwet_ac1"]),
                }
            )
    return found


def adjudication(art: ReportArtifacts) -> dict[str, Any]:
    """Units in dispute, adjudicated, pending; decisions not applied (stale: made before the
    unit changed, so the unit is pending again; not in dispute: the coders agree); essays
    awaiting coding."""
    disputes = art.disagreements
    coverage = art.coverage
    unused = art.unused_decisions
    stale = unused[unused["reason"] == "stale"]
    moot = unused[unused["reason"] == "not_in_dispute"]
    return {
        "n_disputed": len(disputes),
        "n_adjudicated": int((disputes["status"] == "adjudicated").sum()),
        "n_pending": int((disputes["status"] == "pending").sum()),
        "n_stale": len(stale),
        "stale": stale.to_dict("records"),
        "n_not_in_dispute": len(moot),
        "not_in_dispute": moot.to_dict("records"),
        "awaiting": sorted(coverage.loc[coverage["status"] == "awaiting_coding", "essay_id"]),
        "partial": coverage[coverage["status"] == "partially_coded"].to_dict("records"),
    }


def top_pairs(art: ReportArtifacts, n: int = 5) -> list[dict[str, Any]]:
    """The code pairs most often present together in the consensus."""
    labels = art.labels
    pairs = art.cooccurrence[art.cooccurrence["code_a"] != art.cooccurrence["code_b"]]
    pairs = pairs.sort_values(["n_essays", "code_a", "code_b"], ascending=[False, True, True])
    return [
        {
            "a": labels[r.code_a],
            "b": labels[r.code_b],
            "n": int(r.n_essays),
            "jaccard": fmt(r.jaccard),
        }
        for r in pairs.head(n).itertuples(index=False)
    ]


SUGGEST_COEFFICIENTS = {"cohen_kappa": "Cohen's kappa", "gwet_ac1": "Gwet's AC1"}
SUGGESTIONS_LISTED = 25  # essays listed in the report; all of them are in queue.csv


def _lower_bound(cells: pd.DataFrame, name: str) -> float:
    return float(cells.loc[name, "ci_low"]) if name in cells.index else float("nan")


def machine_suggestions(art: ReportArtifacts) -> dict[str, Any]:
    """The machine-suggestion section: cross-validated agreement of the machine with the
    consensus and each coder beside the coders' own, a plain statement per code of whether its
    suggestions can be relied on (both lower bounds at least the threshold), and the suggested
    codes of the first essays of the queue. Suggestions are never counted as coding."""
    if art.suggestions is None or art.suggest_agreement is None:
        return {"enabled": False}
    table = art.suggest_agreement
    threshold = art.suggest_threshold
    per_code = table[(table["scope"] == "code") & (table["unit"] == PRIMARY_UNIT)]
    coders = sorted(set(per_code.loc[per_code["comparison"] == "machine_vs_coder", "coder_b"]))

    def cells(comparison: str, code: str, coder_b: str | None = None) -> pd.DataFrame:
        found = per_code[(per_code["comparison"] == comparison) & (per_code["scope_id"] == code)]
        if coder_b is not None:
            found = found[found["coder_b"] == coder_b]
        return found.set_index("coefficient")

    def shown(found: pd.DataFrame, name: str) -> str:
        if name not in found.index:
            return fmt(None)
        rows = found.loc[[name]]  # one row per coder pair where there are several pairs
        return "; ".join(
            with_interval(row.value, row.ci_low, row.ci_high) for row in rows.itertuples()
        )

    # a code needs this many consensus essays with it and without it before its agreement can
    # be judged: with one essay on a side, a lucky guess gives an interval of [1, 1]
    min_essays = int(art.suggest_params.get("min_essays", 1))
    counts = art.code_counts[art.code_counts["source"] == "consensus"].set_index("code")
    rows, unreliable = [], []
    for code in art.codes.itertuples(index=False):
        machine = cells("machine_vs_consensus", code.code)
        humans = cells("coder_vs_coder", code.code)
        bounds = {n: _lower_bound(machine, n) for n in SUGGEST_COEFFICIENTS}
        n_with = int(counts.loc[code.code, "n_essays"]) if code.code in counts.index else 0
        n_without = (
            int(counts.loc[code.code, "n_total"] - counts.loc[code.code, "n_pending"]) - n_with
            if code.code in counts.index
            else 0
        )
        few = min(n_with, n_without) < min_essays
        reliable = not few and all(not is_missing(b) and b >= threshold for b in bounds.values())
        if not reliable:
            unreliable.append(code.label)
        rows.append(
            {
                "code": code.code,
                "label": code.label,
                "model": str(machine["model"].iloc[0]).replace("_", " ") if len(machine) else "",
                "n_units": int(machine["n_units"].iloc[0]) if len(machine) else 0,
                "kappa": shown(machine, "cohen_kappa"),
                "ac1": shown(machine, "gwet_ac1"),
                "by_coder": [
                    shown(cells("machine_vs_coder", code.code, c), "cohen_kappa") for c in coders
                ],
                "human_kappa": shown(humans, "cohen_kappa") if len(humans) else fmt(None),
                "reliable": reliable,
                "statement": (
                    _too_few_statement(code.label, n_with, n_without, min_essays)
                    if few
                    else _reliability_statement(code.label, bounds, threshold, reliable)
                ),
            }
        )
    suggested = art.suggestions[art.suggestions["suggested"]]
    labels = art.labels
    by_essay = suggested.groupby("essay_id", sort=True)["code"].agg(
        lambda codes: ", ".join(labels[c] for c in codes)
    )
    essays = sorted(art.suggestions["essay_id"].unique())
    reliable_labels = [row["label"] for row in rows if row["reliable"]]
    if not reliable_labels:
        headline = (
            f"The machine's suggestions are not yet reliable for any of the {len(rows)} codes: "
            "use them, if at all, as a starting point to check, never as coding."
        )
    else:
        headline = (
            f"The machine's suggestions are reliable for {len(reliable_labels)} of {len(rows)} "
            f"codes ({join_words(reliable_labels)}) and not yet for the others."
        )
    return {
        "enabled": True,
        "headline": headline,
        "threshold": fmt(threshold),
        "coders": coders,
        "rows": rows,
        "unreliable": unreliable,
        "n_reliable": len(rows) - len(unreliable),
        "n_essays": len(essays),
        "essays": [
            {"essay_id": e, "codes": by_essay.get(e, "(none)")} for e in essays[:SUGGESTIONS_LISTED]
        ],
        "n_unlisted": max(0, len(essays) - SUGGESTIONS_LISTED),
    }


def _too_few_statement(label: str, n_with: int, n_without: int, min_essays: int) -> str:
    side, n = ("without", n_without) if n_without < n_with else ("with", n_with)
    return (
        f"Suggestions for {label} are not yet reliable: the consensus has only {n} essay(s) "
        f"{side} the code, fewer than the {min_essays} a side that agreement can be judged on "
        "(suggest.min_essays), so even perfect agreement here may be luck."
    )


def _reliability_statement(
    label: str, bounds: dict[str, float], threshold: float, reliable: bool
) -> str:
    """One sentence in plain words on whether to rely on a code's suggestions."""
    if reliable:
        return (
            f"Suggestions for {label} agree with the consensus: the 95% intervals of Cohen's "
            f"kappa and Gwet's AC1 lie above {fmt(threshold)}."
        )
    undefined = [SUGGEST_COEFFICIENTS[n] for n, b in bounds.items() if is_missing(b)]
    low = [
        f"{SUGGEST_COEFFICIENTS[n]} could be as low as {fmt(b)}"
        for n, b in bounds.items()
        if not is_missing(b) and b < threshold
    ]
    reasons = []
    if low:
        reasons.append(join_words(low))
    if undefined:
        reasons.append(f"{join_words(undefined)} cannot be estimated from these essays")
    return (
        f"Suggestions for {label} are not yet reliable: {'; '.join(reasons)} "
        f"(threshold {fmt(threshold)}). Treat them as a starting point to check, not as coding."
    )

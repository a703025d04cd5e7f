"""The study report (results/report.md): the tables as a paper prints them.

Built only from artifacts, never from essay text, so nothing the deid gate withheld can reach it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from thematic import __version__
from thematic.codebook import lookup
from thematic.provenance import code_fingerprint

TEMPLATES = Path(__file__).parent / "templates"
SHOWN_COEFFICIENTS = {
    "percent_agreement": "Agreement",
    "cohen_kappa": "Cohen's kappa",
    "krippendorff_alpha": "Krippendorff's alpha",
}


def fmt(value: Any, digits: int = 2) -> str:
    """A number as tables print it: fixed digits, an en dash where undefined."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return "–"
    return f"{round(float(value), digits) + 0.0:.{digits}f}"  # + 0.0: no "-0.00"


def n_of(row: Any) -> str:
    return f"{row.label} (n = {row.n_essays})"


def agreement_rows(agreement: pd.DataFrame, codebook: pd.DataFrame) -> list[dict[str, str]]:
    """Per code, then overall (pooled): the shown coefficients with their 95% CI."""
    rows = []
    labels = lookup(codebook, "label")
    wanted = agreement[
        (agreement["unit"] == "essay_presence") & agreement["coefficient"].isin(SHOWN_COEFFICIENTS)
    ]
    selections = [
        (labels[c], (wanted["scope"] == "code") & (wanted["scope_id"] == c))
        for c in codebook["code"]
    ]
    selections.append(
        ("All codes (pooled)", (wanted["scope"] == "overall") & (wanted["convention"] == "pooled"))
    )
    for label, mask in selections:
        cells = wanted[mask].set_index("coefficient")
        row = {"label": label}
        for name in SHOWN_COEFFICIENTS:
            if name not in cells.index:
                row[name] = "–"
                continue
            cell = cells.loc[name]
            text = fmt(cell["value"], 1 if name == "percent_agreement" else 2)
            if name == "percent_agreement" and text != "–":
                text = f"{100 * cell['value']:.1f}%"
            elif not (pd.isna(cell["ci_low"]) or pd.isna(cell["ci_high"])):
                text += f" [{fmt(cell['ci_low'])}, {fmt(cell['ci_high'])}]"
            row[name] = text
            if name == "cohen_kappa":
                row["interpretation"] = str(cell["interpretation"] or "")
                row["note"] = str(cell["note"] or "")
        rows.append(row)
    return rows


def other_units(agreement: pd.DataFrame, codebook: pd.DataFrame) -> list[dict[str, str]]:
    """Per code and overall: segment-overlap agreement and the characters' unitizing alpha."""
    labels = lookup(codebook, "label")

    def cell(unit: str, scope: str, scope_id: str, coefficient: str, percent: bool) -> str:
        found = agreement[
            (agreement["unit"] == unit)
            & (agreement["scope"] == scope)
            & (agreement["scope_id"] == scope_id)
            & (agreement["coefficient"] == coefficient)
            & agreement["convention"].isin(["per_code", "pooled", "codes_as_values"])
        ]
        if found.empty or pd.isna(found["value"].iloc[0]):
            return "–"
        value = found["value"].iloc[0]
        return f"{100 * value:.1f}%" if percent else fmt(value)

    scopes = [(labels[c], "code", c) for c in codebook["code"]]
    scopes.append(("All codes", "overall", "all"))
    return [
        {
            "label": label,
            "segments": cell("segment_overlap", scope, scope_id, "percent_agreement", True),
            "u_alpha": cell("characters", scope, scope_id, "u_alpha", False),
        }
        for label, scope, scope_id in scopes
    ]


def render(
    tables: dict[str, pd.DataFrame], *, unused_decisions: pd.DataFrame, title: str, policy: str
) -> str:
    """Render the report from artifact tables (keys: the report rule's input names)."""
    codebook = tables["codebook"].sort_values("code_order")
    coverage = tables["coverage"]
    counts = tables["code_counts"]
    theme_counts = tables["theme_counts"]
    sources = list(dict.fromkeys(counts["source"]))
    coders = [s for s in sources if s != "consensus"]
    consensus_counts = counts[counts["source"] == "consensus"].set_index("code")
    by_source = counts.pivot(index="code", columns="source", values="n_essays")
    theme_by_source = theme_counts.pivot(index="theme", columns="source", values="n_essays")
    themes = []
    for theme in theme_counts[theme_counts["source"] == "consensus"].itertuples(index=False):
        codes = []
        for code in codebook[codebook["theme"] == theme.theme].itertuples(index=False):
            row = consensus_counts.loc[code.code]
            codes.append(
                {
                    "printed": f"{code.label} (n = {row['n_essays']})",
                    "percent": fmt(row["percent"], 1),
                    "pending": int(row["n_pending"]),
                    "coders": [int(by_source.loc[code.code, c]) for c in coders],
                }
            )
        themes.append(
            {
                "printed": n_of(theme),
                "percent": fmt(theme.percent, 1),
                "codes": codes,
                "coders": [int(theme_by_source.loc[theme.theme, c]) for c in coders],
            }
        )
    status = tables["deid_status"]
    quarantined = status[status["status"] == "quarantined"]
    flagged = status[status["status"] == "flagged"]
    disagreements = tables["disagreements"]
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.md.j2").render(
        title=title,
        n_total=int((coverage["status"] == "analysed").sum()),
        n_files=len(coverage),
        coders=coders,
        themes=themes,
        awaiting=sorted(coverage.loc[coverage["status"] == "awaiting_coding", "essay_id"]),
        partial=coverage[coverage["status"] == "partially_coded"].to_dict("records"),
        quarantined=quarantined.to_dict("records"),
        flagged=flagged.to_dict("records"),
        n_waived=int((status["status"] == "waived").sum()),
        policy=policy,
        agreement=agreement_rows(tables["agreement"], codebook),
        other_units=other_units(tables["agreement"], codebook),
        n_disagreements=len(disagreements),
        n_adjudicated=int((disagreements["status"] == "adjudicated").sum()),
        n_pending=int((disagreements["status"] == "pending").sum()),
        unused_decisions=unused_decisions.to_dict("records"),
        cooccurrence=top_pairs(tables["cooccurrence"], codebook),
        version=__version__,
        code_sha=code_fingerprint()[:12],
    )


def top_pairs(cooccurrence: pd.DataFrame, codebook: pd.DataFrame, n: int = 5) -> list[dict]:
    labels = lookup(codebook, "label")
    pairs = cooccurrence[cooccurrence["code_a"] != cooccurrence["code_b"]]
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

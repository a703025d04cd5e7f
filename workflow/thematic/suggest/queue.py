"""The coding queue: essays awaiting coding, the one whose coding would teach the model most
first (uncertainty sampling: Lewis, D. D. & Gale, W. A. (1994). A sequential algorithm for
training text classifiers. SIGIR '94, 3-12).

An essay's uncertainty is the mean over codes of ``1 - |2p - 1|``: 1 when the model is at 0.5
on every code, 0 when it is sure of all. Ties go by essay id. Not for the suggestions
themselves (see :mod:`.model`).
"""

from __future__ import annotations

import pandas as pd

from thematic import schemas


def coding_queue(suggestions: pd.DataFrame, codebook: pd.DataFrame) -> pd.DataFrame:
    """The SuggestQueue table from the Suggestions table; the suggested codes in codebook order."""
    columns = schemas.columns(schemas.SuggestQueue)
    if suggestions.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
    order = dict(zip(codebook["code"], codebook["code_order"], strict=True))
    rows = suggestions.assign(
        closeness=1.0 - (2.0 * suggestions["probability"] - 1.0).abs(),
        position=suggestions["code"].map(order),
    ).sort_values(["essay_id", "position"])
    by_essay = rows.groupby("essay_id", sort=True)
    queue = pd.DataFrame(
        {
            "uncertainty": by_essay["closeness"].mean().clip(0.0, 1.0),
            "machine_suggestion": by_essay.apply(
                lambda g: "; ".join(g.loc[g["suggested"], "code"]), include_groups=False
            ),
        }
    ).reset_index()
    queue = queue.sort_values(["uncertainty", "essay_id"], ascending=[False, True])
    queue.insert(0, "rank", range(1, len(queue) + 1))
    queue["note"] = schemas.SUGGESTION_NOTE
    return queue.astype({"machine_suggestion": str})[columns]

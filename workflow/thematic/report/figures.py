"""The report's figures: matplotlib's object API on the Agg backend, one function per figure.

Each function takes the report's artifacts (and the summaries computed from them) and returns a
:class:`ReportFigure`: the matplotlib Figure with its file name, caption and alt text.
:func:`svg_bytes` and :func:`png_bytes` write them deterministically: a fixed SVG hash salt (the
ids of clip paths and markers), no date or software version in either file, text kept as text in
the SVG (selectable, searchable, and readable by the privacy test). Same artifacts and same
matplotlib -> byte-identical files. Not for the numbers themselves (see ``summary``).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from thematic.report.artifacts import ReportArtifacts
from thematic.report.numbers import join_words, percent_of

# Okabe & Ito (2008) colour-blind-safe palette: consensus dark, each coder its own hue.
CONSENSUS_COLOUR = "#000000"
CODER_COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442")
FIGURE_RC: dict[str, Any] = {
    "svg.hashsalt": "thematic-report",
    "svg.fonttype": "none",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    "axes.titleweight": "bold",
    "legend.frameon": False,
}
PNG_DPI = 150
# At most this many codes in the co-occurrence heatmap (see heatmap_codes).
HEATMAP_CODES = 25
# Landis & Koch (1977) bands, shaded behind the forest plot
KAPPA_BANDS = (
    (-1.0, 0.0, "poor"),
    (0.0, 0.2, "slight"),
    (0.2, 0.4, "fair"),
    (0.4, 0.6, "moderate"),
    (0.6, 0.8, "substantial"),
    (0.8, 1.0, "almost perfect"),
)


@dataclass(frozen=True)
class ReportFigure:
    """A figure of the report: its file stem under results/report/figures/, caption and alt text."""

    name: str
    caption: str
    alt: str
    figure: Figure


@contextmanager
def _style() -> Iterator[None]:
    with matplotlib.rc_context(FIGURE_RC):
        yield


def _new_figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(figure)  # Agg, whatever backend the process has selected
    return figure


def svg_bytes(report_figure: ReportFigure) -> bytes:
    """The figure as SVG: no date, no creator version; ids salted with a fixed salt."""
    with _style():
        buffer = io.BytesIO()
        report_figure.figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()


def png_bytes(report_figure: ReportFigure) -> bytes:
    """The figure as PNG at PNG_DPI, without the Software text chunk (it names a version)."""
    with _style():
        buffer = io.BytesIO()
        report_figure.figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def _coder_colour(index: int) -> str:
    return CODER_COLOURS[index % len(CODER_COLOURS)]


def prevalence_figure(art: ReportArtifacts, themes: list[dict[str, Any]]) -> ReportFigure:
    """Code prevalence by theme: the consensus share of essays, with each coder's beside it."""
    sources = ["consensus", *art.coders]
    total = art.n_analysed
    n_rows = sum(len(t["codes"]) for t in themes)
    bar = 0.8 / len(sources)
    with _style():
        figure = _new_figure(7.0, 0.9 + (0.2 * len(sources) + 0.25) * n_rows + 0.35 * len(themes))
        axes = figure.add_subplot()
        ticks, labels, headers, y = [], [], [], 0.0
        for theme in themes:
            ticks.append(y)
            labels.append(theme["label"])
            headers.append(len(ticks) - 1)
            y += 0.8
            for code in theme["codes"]:
                for k, source in enumerate(sources):
                    axes.barh(
                        y + (k - (len(sources) - 1) / 2) * bar,
                        percent_of(code["n"][source], total) or 0,
                        height=bar * 0.92,
                        color=CONSENSUS_COLOUR if k == 0 else _coder_colour(k - 1),
                        label=source if len(ticks) == 1 else None,
                    )
                axes.text(
                    (percent_of(code["n"]["consensus"], total) or 0) + 1,
                    y - (len(sources) - 1) / 2 * bar,
                    f"n = {code['n']['consensus']}",
                    va="center",
                    fontsize=7.5,
                )
                ticks.append(y)
                labels.append(code["label"])
                y += 1.0
        axes.set_yticks(ticks, labels)
        for k, tick in enumerate(axes.get_yticklabels()):
            if k in headers:
                tick.set_fontweight("bold")
        axes.tick_params(axis="y", length=0)
        axes.set_ylim(y - 0.4, -0.6)
        axes.set_xlim(0, 108)
        axes.set_xticks(range(0, 101, 20))
        axes.set_xlabel(f"Essays with the code (% of N = {total})")
        figure.legend(loc="outside upper center", ncols=len(sources))
    consensus = [
        f"{c['label']} {percent_of(c['n']['consensus'], total)}%"
        for t in themes
        for c in t["codes"]
    ]
    return ReportFigure(
        name="prevalence",
        caption=(
            f"Share of the {total} analysed essays in which each code is present, grouped by "
            f"theme: the consensus (black) and each coder ({join_words(art.coders)}) beside it."
        ),
        alt=(
            f"Horizontal bar chart, codes grouped by theme, of the percentage of {total} essays "
            f"with each code. Consensus: {'; '.join(consensus)}."
        ),
        figure=figure,
    )


def agreement_forest(art: ReportArtifacts, agreement: dict[str, Any]) -> ReportFigure:
    """Forest plot: per-code kappa with its bootstrap interval, the pooled value last."""
    rows = [*agreement["per_code"], agreement["overall"][0]]
    kappa_label = agreement["kappa_label"]
    values = np.array([r["values"]["kappa"] for r in rows], dtype=float)
    lows = np.array([r["values"]["kappa_low"] for r in rows], dtype=float)
    highs = np.array([r["values"]["kappa_high"] for r in rows], dtype=float)
    finite_lows = lows[np.isfinite(lows)]
    left = min(-0.2, float(finite_lows.min()) - 0.05) if finite_lows.size else -0.2
    with _style():
        figure = _new_figure(7.0, 1.2 + 0.38 * len(rows))
        axes = figure.add_subplot()
        for low, high, band in KAPPA_BANDS:
            if high <= left:
                continue
            shade = "#f2f2f2" if KAPPA_BANDS.index((low, high, band)) % 2 else "#ffffff"
            axes.axvspan(max(low, left), high, color=shade, zorder=0)
            axes.text(
                (max(low, left) + high) / 2,
                -0.75,
                band.replace(" ", "\n"),
                ha="center",
                va="bottom",
                fontsize=7,
                color="#555555",
            )
        y = np.arange(len(rows), dtype=float)
        y[-1] += 0.5  # a gap before the pooled row, as forest plots set off the summary
        defined = np.isfinite(values)
        has_ci = defined & np.isfinite(lows) & np.isfinite(highs)
        axes.hlines(y[has_ci], lows[has_ci], highs[has_ci], color="#333333", linewidth=1.2)
        codes = defined.copy()
        codes[-1] = False  # the pooled row gets its own marker
        axes.plot(values[codes], y[codes], "s", color="#0072B2", markersize=6)
        if defined[-1]:
            axes.plot(values[-1], y[-1], "D", color=CONSENSUS_COLOUR, markersize=8)
        for k, row in enumerate(rows):
            axes.text(
                1.03,
                y[k],
                row["kappa"],
                va="center",
                fontsize=8,
                transform=axes.get_yaxis_transform(),
            )
        axes.axvline(0, color="#999999", linewidth=0.8)
        axes.set_yticks(y, [r["label"] for r in rows])
        axes.set_ylim(y[-1] + 0.7, -1.3)
        axes.set_xlim(left, 1.0)
        axes.set_xlabel(f"{kappa_label} (essay presence), bootstrap 95% interval")
    described = [f"{r['label']} {r['kappa']}" for r in rows]
    return ReportFigure(
        name="agreement_forest",
        caption=(
            f"{kappa_label} per code on essay presence, with bootstrap 95% intervals over "
            f"essays; the pooled value (every essay-code pair one unit) is the diamond. "
            f"Shading: Landis and Koch (1977) bands."
        ),
        alt=f"Forest plot of {kappa_label} with 95% intervals: {'; '.join(described)}.",
        figure=figure,
    )


def heatmap_codes(art: ReportArtifacts, limit: int = HEATMAP_CODES) -> pd.DataFrame:
    """The codes the co-occurrence heatmap shows, in codebook order: all of them, or with more
    than ``limit`` the ``limit`` in most essays (ties in codebook order), since a matrix of a
    whole large codebook is unreadable, and its SVG ran to megabytes."""
    codes = art.codes.reset_index(drop=True)
    if len(codes) <= limit:
        return codes
    diagonal = art.cooccurrence[art.cooccurrence["code_a"] == art.cooccurrence["code_b"]]
    in_essays = dict(zip(diagonal["code_a"], diagonal["n_essays"], strict=True))
    essays = codes["code"].map(in_essays).fillna(0)
    ranked = sorted(range(len(codes)), key=lambda k: (-essays[k], k))[:limit]
    return codes.iloc[sorted(ranked)]


def cooccurrence_heatmap(art: ReportArtifacts) -> ReportFigure:
    """Heatmap of consensus essays carrying both codes; the diagonal is each code's count."""
    shown = heatmap_codes(art)
    codes = list(shown["code"])
    labels = list(shown["label"])
    index = {code: k for k, code in enumerate(codes)}
    matrix = np.zeros((len(codes), len(codes)), dtype=int)
    for pair in art.cooccurrence.itertuples(index=False):
        if pair.code_a not in index or pair.code_b not in index:
            continue
        a, b = index[pair.code_a], index[pair.code_b]
        matrix[a, b] = matrix[b, a] = int(pair.n_essays)
    with _style():
        figure = _new_figure(6.5, 1.6 + 0.55 * len(codes))
        axes = figure.add_subplot()
        image = axes.imshow(matrix, cmap="Blues", vmin=0, vmax=max(1, art.n_analysed))
        ceiling = max(1, art.n_analysed)
        for a in range(len(codes)):
            for b in range(len(codes)):
                dark = matrix[a, b] > 0.6 * ceiling
                axes.text(
                    b,
                    a,
                    str(matrix[a, b]),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if dark else "black",
                )
        axes.set_xticks(range(len(codes)), labels, rotation=40, ha="right")
        axes.set_yticks(range(len(codes)), labels)
        axes.spines[:].set_visible(False)
        colorbar = figure.colorbar(
            image, ax=axes, label=f"Essays (of N = {art.n_analysed})", shrink=0.8
        )
        colorbar.locator = MaxNLocator(integer=True)
        colorbar.update_ticks()
    pairs = art.cooccurrence[art.cooccurrence["code_a"] != art.cooccurrence["code_b"]]
    top = pairs.sort_values(["n_essays", "code_a", "code_b"], ascending=[False, True, True]).head(3)
    described = [
        f"{art.labels[p.code_a]} with {art.labels[p.code_b]} in {p.n_essays}"
        for p in top.itertuples(index=False)
    ]
    return ReportFigure(
        name="cooccurrence",
        caption=(
            "Number of analysed essays in which the consensus has both codes; the diagonal is "
            "the number of essays with the code."
            + (
                f" The {len(codes)} codes in most essays, of {len(art.codes)}; every pair is in "
                "results/themes/cooccurrence.parquet."
                if len(codes) < len(art.codes)
                else ""
            )
        ),
        alt=(
            f"Heatmap of {len(codes)} by {len(codes)} codes counting essays with both codes. "
            f"Most frequent pairs: {'; '.join(described) or 'none'}."
        ),
        figure=figure,
    )


def disagreement_figure(art: ReportArtifacts) -> ReportFigure:
    """Per code, the disputed units each coder applied the code in (the others did not): who
    tends to apply a code more readily, and where the codebook needs sharper boundaries."""
    coders = art.coders
    codes = art.codes
    disputes = art.disagreements
    applied = {
        # astype: mapping no disputes at all keeps the string dtype, which '&' refuses
        coder: disputes["coders_applied"]
        .fillna("")
        .map(lambda s, c=coder: c in s.split(", "))
        .astype(bool)
        for coder in coders
    }
    counts = np.array(
        [
            [int((applied[c] & (disputes["code"] == code)).sum()) for c in coders]
            for code in codes["code"]
        ]
    ).reshape(len(codes), len(coders))
    bar = 0.8 / max(1, len(coders))
    with _style():
        figure = _new_figure(7.0, 1.2 + 0.3 * len(coders) * len(codes))
        axes = figure.add_subplot()
        y = np.arange(len(codes), dtype=float)
        for k, coder in enumerate(coders):
            axes.barh(
                y + k * bar, counts[:, k], height=bar * 0.9, color=_coder_colour(k), label=coder
            )
        totals = (disputes.groupby("code").size()).reindex(codes["code"], fill_value=0).to_numpy()
        for row, total in enumerate(totals):
            axes.text(
                counts[row].max() + 0.15 if counts.size else 0.15,
                y[row] + bar * (len(coders) - 1) / 2,
                f"{total} disputed",
                va="center",
                fontsize=8,
                color="#555555",
            )
        axes.set_yticks(y + bar * (len(coders) - 1) / 2, list(codes["label"]))
        axes.invert_yaxis()
        axes.set_xlim(0, max(1, int(counts.max()) if counts.size else 1) + 1.5)
        axes.xaxis.get_major_locator().set_params(integer=True)
        axes.set_xlabel("Disputed essays in which the coder applied the code")
        if coders:  # none when no essay was analysed
            figure.legend(loc="outside upper center", ncols=len(coders))
    described = [
        f"{label}: " + ", ".join(f"{coder} {counts[r, k]}" for k, coder in enumerate(coders))
        for r, label in enumerate(codes["label"])
    ]
    return ReportFigure(
        name="disagreement",
        caption=(
            "For each code, the essays in which the coders disagreed on whether it is present, "
            "split by the coder who applied it. A coder whose bars are consistently longer "
            "applies the code more readily than the others."
        ),
        alt=f"Horizontal bar chart of disputed essays per code by coder: {'; '.join(described)}.",
        figure=figure,
    )


FIGURES: tuple[Callable[..., ReportFigure], ...] = (
    prevalence_figure,
    agreement_forest,
    cooccurrence_heatmap,
    disagreement_figure,
)

"""The report package on a synthetic study's artifacts: numbers as printed, quotes only from
cleared essays, deterministic figures, a self-contained escaped HTML page and a methods
paragraph whose numbers follow the artifacts."""

from __future__ import annotations

import functools
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from report_study import CODERS, essay_ids, synthetic_artifacts
from thematic.codebook import codebook_identity
from thematic.errors import InputError
from thematic.report import (
    FIGURE_DIR,
    FIGURE_NAMES,
    HTML,
    MARKDOWN,
    METHODS,
    WithheldTextError,
    exemplar_quotes,
    report_files,
    summary,
    withhold_unquotable,
)
from thematic.report.numbers import as_printed, count_percent, percent_of
from thematic.report.quotes import MAX_CHARS, shorten

REPO = Path(__file__).resolve().parents[1]
SOFTWARE = {
    "thematic": "0.1.0",
    "commit": "abcdef012345",
    "python": "3.11.7",
    "snakemake": "9.1.0",
    "pandas": "2.2.0",
    "scikit_learn": "1.5.0",
    "matplotlib": "3.9.0",
}


@functools.cache
def cached_artifacts(seed: int):
    return synthetic_artifacts(seed=seed)


@pytest.fixture(scope="module")
def art():
    return synthetic_artifacts()


@pytest.fixture(scope="module")
def files(art) -> dict[str, bytes]:
    return report_files(art, title="Synthetic study", policy="quarantine", software=SOFTWARE)


# numbers as a paper prints them


def test_percent_is_rounded_from_the_counts_not_from_a_rounded_percent() -> None:
    assert percent_of(10, 22) == 45  # 45.45%; a stored 45.5 rounded again would give 46
    assert percent_of(1, 8) == 13  # 12.5% rounds half up
    assert percent_of(0, 0) is None
    assert as_printed("Compassion", 19, 22) == "Compassion (n = 19, 86%)"
    assert count_percent(3, 0) == "3 (–)"


def test_codes_print_with_their_counts_for_consensus_and_each_coder(art) -> None:
    counts = art.code_counts.set_index(["code", "source"])["n_essays"]
    total = art.n_analysed
    for theme in summary.prevalence(art):
        for code in theme["codes"]:
            for source in ["consensus", *CODERS]:
                n = int(counts[(code["code"], source)])
                assert code["cells"][source] == f"{n} ({round(100 * n / total + 1e-9)}%)"
            assert code["printed"].startswith(
                f"{code['label']} (n = {counts[(code['code'], 'consensus')]}, "
            )


def test_results_sentence_names_the_theme_and_its_codes_by_frequency(art) -> None:
    theme = summary.prevalence(art)[0]
    sentence = theme["sentence"]
    assert sentence.startswith(
        f"{theme['label']} was identified in {theme['n']['consensus']} of {art.n_analysed}"
    )
    ranked = sorted(theme["codes"], key=lambda c: -c["n"]["consensus"])
    assert sentence.index(ranked[0]["printed"]) < sentence.index(ranked[-1]["printed"])


def test_study_summary_counts_each_status(art) -> None:
    study = summary.study_summary(art)
    assert (study["n_received"], study["n_quarantined"], study["n_waived"]) == (14, 1, 1)
    assert (study["n_awaiting"], study["n_partial"], study["n_analysed"]) == (1, 1, 11)
    # the partially coded essay has one coder, the awaiting one none; the quarantined one is out
    assert (study["n_multi_coded"], study["n_coded"]) == (11, 12)


def test_adjudication_counts_disputes_pending_and_stale_decisions(art) -> None:
    adjudication = summary.adjudication(art)
    assert adjudication["n_disputed"] == len(art.disagreements)
    assert adjudication["n_pending"] == 1
    assert adjudication["n_adjudicated"] == len(art.disagreements) - 1
    assert adjudication["n_stale"] == 1  # the stale decision left its unit pending
    assert (
        adjudication["stale"][0]["essay_id"]
        == art.disagreements.loc[art.disagreements["status"] == "pending", "essay_id"].iloc[0]
    )
    assert adjudication["n_not_in_dispute"] == 1


def test_prevalence_paradox_shows_for_a_code_in_nearly_every_essay_only(art) -> None:
    rows = [
        {
            "code": "conveying_solidarity",
            "label": "Common",
            "values": {"percent_agreement": 0.95, "kappa": 0.5, "gwet_ac1": 0.94},
        },
        {
            "code": "compassion",
            "label": "Balanced",
            "values": {"percent_agreement": 0.95, "kappa": 0.5, "gwet_ac1": 0.9},
        },
    ]
    counts = art.code_counts.copy()
    total = art.n_analysed
    consensus = counts["source"] == "consensus"
    counts.loc[consensus & (counts["code"] == "conveying_solidarity"), "n_essays"] = total
    counts.loc[consensus & (counts["code"] == "compassion"), "n_essays"] = total // 2
    found = summary.prevalence_paradox(type(art)(**{**art.__dict__, "code_counts": counts}), rows)
    assert [row["label"] for row in found] == ["Common"]
    # the chance agreement kappa implies: (0.95 - 0.5) / (1 - 0.5)
    assert found[0]["chance"] == "90.0%"


# exemplar quotes: never from a withheld essay


@pytest.mark.parametrize("status", ["quarantined", "flagged", None])
def test_a_quote_from_an_essay_the_gate_did_not_clear_is_refused(art, status) -> None:
    segments = art.segments.copy()
    essay = segments["essay_id"].iloc[0]
    deid = art.deid_status.copy()
    if status is None:  # an essay the gate never saw
        deid = deid[deid["essay_id"] != essay]
    else:
        deid.loc[deid["essay_id"] == essay, "status"] = status
    with pytest.raises(WithheldTextError) as raised:
        exemplar_quotes(segments, art.consensus, deid)
    assert essay in str(raised.value)
    assert "Passage of" not in str(raised.value)  # the message names essays, never their text


def test_withholding_blanks_exactly_the_essays_not_cleared_or_waived(art) -> None:
    deid = art.deid_status.copy()
    deid.loc[deid["essay_id"] == "e01", "status"] = "flagged"
    kept = withhold_unquotable(art.segments, deid)
    status = kept["essay_id"].map(dict(zip(deid["essay_id"], deid["status"], strict=True)))
    assert kept.loc[~status.isin(["cleared", "waived"]), "quote"].isna().all()
    assert kept.loc[status.isin(["cleared", "waived"]), "quote"].notna().all()


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.sampled_from(["cleared", "waived", "flagged", "quarantined"]), min_size=14, max_size=14
    ),
    st.sampled_from([1, 2, 3]),
)
def test_every_quote_is_from_a_cleared_essay_whose_consensus_has_the_code(statuses, seed) -> None:
    art = cached_artifacts(seed)
    deid = art.deid_status.assign(status=statuses)
    quotes = exemplar_quotes(withhold_unquotable(art.segments, deid), art.consensus, deid)
    quotable = set(deid.loc[deid["status"].isin(["cleared", "waived"]), "essay_id"])
    present = art.consensus[art.consensus["present"].fillna(False).astype(bool)]
    present_pairs = set(zip(present["essay_id"], present["code"], strict=True))
    for quote in quotes.itertuples(index=False):
        assert quote.essay_id in quotable
        assert (quote.essay_id, quote.code) in present_pairs
        assert quote.quote == f"Passage of {quote.essay_id} by {quote.coder} for {quote.code}."
    assert (quotes.groupby("code").size() <= 3).all()
    assert not quotes.duplicated(["code", "essay_id"]).any()


def test_a_long_quote_is_cut_at_a_sentence_or_word_and_marked() -> None:
    sentence = "I sat with her for a long while that evening. "
    cut = shorten(sentence * 10)
    assert len(cut) <= MAX_CHARS + 2 and cut.endswith(". …")
    words = shorten("word " * 100, 50)
    assert words == "word " * 9 + "word …"


# figures


def test_every_figure_is_written_as_svg_and_png_with_caption_and_alt(files) -> None:
    html = files[HTML].decode()
    for name in FIGURE_NAMES:
        svg = files[f"{FIGURE_DIR}/{name}.svg"]
        assert svg.startswith(b"<?xml") and b"<svg" in svg
        assert files[f"{FIGURE_DIR}/{name}.png"].startswith(b"\x89PNG")
        figure = re.search(rf'<figure id="figure-{name}">(.*?)</figure>', html, re.DOTALL)
        assert figure, name
        assert re.search(r'<svg role="img" aria-label="[^"]{40,}"', figure.group(1))
        assert re.search(r"<figcaption><strong>Figure \d\.</strong> \S", figure.group(1))


def test_figures_carry_no_date_and_no_software_version(files) -> None:
    for name in FIGURE_NAMES:
        svg = files[f"{FIGURE_DIR}/{name}.svg"].decode()
        assert "<dc:date>" not in svg and "Matplotlib v" not in svg
        png = files[f"{FIGURE_DIR}/{name}.png"]
        assert b"tEXt" not in png and b"iTXt" not in png and b"tIME" not in png


FIGURE_HASHES = """
import hashlib, sys
sys.path[:0] = [{tests!r}, {workflow!r}]
from report_study import synthetic_artifacts
from thematic.report import figures, summary
art = synthetic_artifacts()
agreement = summary.agreement_rows(art)
for figure in (figures.prevalence_figure(art, summary.prevalence(art)),
               figures.agreement_forest(art, agreement),
               figures.cooccurrence_heatmap(art), figures.disagreement_figure(art)):
    for data in (figures.svg_bytes(figure), figures.png_bytes(figure)):
        print(figure.name, hashlib.sha256(data).hexdigest())
"""


def test_figures_are_byte_identical_across_two_runs(files) -> None:
    """A second process (fresh matplotlib state, another hash seed) draws the very bytes this
    one drew."""
    script = FIGURE_HASHES.format(tests=str(REPO / "tests"), workflow=str(REPO / "workflow"))
    other = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONHASHSEED": "12345", "PATH": "/usr/bin:/bin"},
    ).stdout
    here = [
        f"{name} {hashlib.sha256(files[f'{FIGURE_DIR}/{name}.{kind}']).hexdigest()}"
        for name in FIGURE_NAMES
        for kind in ("svg", "png")
    ]
    assert other.split("\n")[:-1] == here


# the HTML page


def test_the_page_loads_nothing_from_the_network_and_runs_no_script(files) -> None:
    html = files[HTML].decode()
    assert "<script" not in html.lower() and "<link" not in html.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
    assert not re.search(r"@import", html)


def test_labels_and_quotes_are_escaped_in_the_page(art) -> None:
    book = art.codebook.copy()
    book.loc[0, "label"] = "<script>alert(1)</script> & co"
    hostile = synthetic_artifacts(codebook=book)
    segments = hostile.segments.copy()
    segments["quote"] = segments["quote"].where(
        segments["quote"].isna(), '<img src=x onerror="alert(1)">'
    )
    hostile = type(hostile)(**{**hostile.__dict__, "segments": segments})
    html = report_files(hostile, title="<i>t</i>", policy="quarantine", software=SOFTWARE)[
        HTML
    ].decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<i>t</i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "&lt;img src=x" in html


def test_the_page_has_every_section_and_table(files) -> None:
    html = files[HTML].decode()
    for section in (
        "summary",
        "themes",
        "agreement",
        "figures",
        "quotes",
        "adjudication",
        "methods",
    ):
        assert f'<section id="{section}"' in html
    for table in (
        "summary",
        "prevalence",
        "agreement",
        "agreement-units",
        "cooccurrence",
        "adjudication",
    ):
        assert (
            f'<table class="summary" id="table-{table}"' in html
            or f'<table id="table-{table}"' in html
        )
    assert html.count('contenteditable="true"') == 3  # one results sentence per theme


def test_svg_ids_are_unique_in_the_page(files) -> None:
    ids = re.findall(r'\bid="([^"]+)"', files[HTML].decode())
    assert len(ids) == len(set(ids))


# the methods paragraph and the Markdown


def test_methods_numbers_follow_the_artifacts(art, files) -> None:
    methods = files[METHODS].decode()
    pooled = art.agreement[
        (art.agreement["scope"] == "overall")
        & (art.agreement["convention"] == "pooled")
        & (art.agreement["coefficient"] == "cohen_kappa")
    ].iloc[0]
    assert (
        f"Pooled Cohen's kappa was {pooled['value']:.2f} (95% CI {pooled['ci_low']:.2f} to {pooled['ci_high']:.2f})"
        in methods
    )
    assert "coded by two coders (ann and ben)" in methods
    assert "codebook “Synthetic codebook” (version 2.1)" in methods
    assert f"{len(art.disagreements)} essay-code units were in dispute" in methods
    assert "from 50 resamples of essays" in methods
    assert "thematic 0.1.0 (commit abcdef012345)" in methods
    assert "Of the 14 essays received, 12 had no finding, 1 was cleared after" in methods
    assert not re.search(r"[*_#`]", methods)  # prose to paste, not Markdown markup
    # another artifact, another paragraph: nothing in it is typed in
    shifted = art.agreement.copy()
    mask = (
        (shifted["scope"] == "overall")
        & (shifted["convention"] == "pooled")
        & (shifted["coefficient"] == "cohen_kappa")
    )
    shifted.loc[mask, "value"] = 0.123
    other = report_files(
        type(art)(**{**art.__dict__, "agreement": shifted}),
        title="t",
        policy="quarantine",
        software=SOFTWARE,
    )
    assert "Pooled Cohen's kappa was 0.12 (95% CI" in other[METHODS].decode()


def test_methods_text_is_in_the_page(files) -> None:
    html = files[HTML].decode()
    for paragraph in files[METHODS].decode().strip().split("\n\n"):
        assert paragraph.replace("'", "&#39;").replace("“", "“") in html


def test_markdown_keeps_the_consensus_counts(art, files) -> None:
    markdown = files[MARKDOWN].decode()
    consensus = art.code_counts[art.code_counts["source"] == "consensus"]
    for row in consensus.itertuples(index=False):
        assert f"| {row.label} (n = {row.n_essays}) | {row.percent:.1f} |" in markdown
    assert f"N = {art.n_analysed}" in markdown


# codebook identity


def test_codebook_name_and_version_are_optional(tmp_path: Path) -> None:
    assert codebook_identity(REPO / "config/codebook.yaml")["name"]
    bare = tmp_path / "codebook.yaml"
    bare.write_text("themes: []\n", "utf-8")
    assert codebook_identity(bare) == {"name": "", "version": ""}
    numeric = tmp_path / "numeric.yaml"
    numeric.write_text("name: Care\nversion: 2.0\nthemes: []\n", "utf-8")
    assert codebook_identity(numeric) == {"name": "Care", "version": "2.0"}
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [a, b]\nthemes: []\n", "utf-8")
    with pytest.raises(InputError, match="'name' must be text"):
        codebook_identity(bad)


def test_synthetic_study_has_what_the_tests_rely_on() -> None:
    art = synthetic_artifacts()
    assert list(art.deid_status["essay_id"]) == essay_ids(14)
    assert art.segments.loc[art.segments["essay_id"] == "e14", "quote"].isna().all()
    assert isinstance(art.consensus, pd.DataFrame)


def test_a_study_coded_by_one_person_says_agreement_was_not_computed(art) -> None:
    """One coder: the agreement tables are empty, and the report, page and methods say why
    instead of printing a table of dashes."""
    import dataclasses

    one = art.presence[art.presence["coder"] == art.presence["coder"].min()]
    single = dataclasses.replace(
        art, presence=one, agreement=art.agreement.iloc[:0], consensus=art.consensus
    )
    built = report_files(single, title="One coder", policy="quarantine", software=SOFTWARE)
    markdown = built[MARKDOWN].decode("utf-8")
    assert (
        "Not computed: the essays were coded by one coder only" in markdown
        and "| Code | Agreement |" not in markdown
    )
    page = built[HTML].decode("utf-8")
    assert 'id="agreement-not-computed"' in page and 'id="table-agreement"' not in page
    assert "Agreement was not assessed: the essays were coded by one coder only" in built[
        METHODS
    ].decode("utf-8")


def test_a_large_codebooks_heatmap_shows_the_codes_in_most_essays(art) -> None:
    """A real codebook of 150 codes made a 150 x 150 heatmap (an SVG of megabytes): above 25
    codes the figure keeps the codes in most essays, in codebook order, and says so."""
    from thematic.report import figures

    diagonal = art.cooccurrence[art.cooccurrence["code_a"] == art.cooccurrence["code_b"]]
    counts = dict(zip(diagonal["code_a"], diagonal["n_essays"], strict=True))
    shown = figures.heatmap_codes(art, limit=3)
    assert len(shown) == 3
    assert list(shown["code_order"]) == sorted(shown["code_order"])
    left_out = set(art.codes["code"]) - set(shown["code"])
    assert min(counts.get(c, 0) for c in shown["code"]) >= max(counts.get(c, 0) for c in left_out)
    assert figures.heatmap_codes(art).equals(art.codes.reset_index(drop=True))

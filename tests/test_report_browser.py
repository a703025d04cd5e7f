"""The HTML report checked as a person would: opened in headless Chromium, rendered and
photographed. The page logs nothing to the console, requests nothing beyond itself, shows every
table and figure, and the numbers it shows are the artifacts' (recomputed here from the
artifacts, not taken from the report's own code). Skipped, with the reason, where Chromium is
not available."""

from __future__ import annotations

import html
import math
import re
import struct
from pathlib import Path

import pandas as pd
import pytest

from browser import PageVisit, visit, why_unavailable
from report_study import CODERS, synthetic_artifacts
from thematic.report import FIGURE_NAMES, HTML, ReportArtifacts, report_files

TABLES = ("summary", "prevalence", "agreement", "agreement-units", "cooccurrence", "adjudication")
SOFTWARE = dict.fromkeys(
    ("thematic", "commit", "python", "snakemake", "pandas", "scikit_learn", "matplotlib"), "1.0"
)


def open_report(art: ReportArtifacts, folder: Path) -> PageVisit:
    reason = why_unavailable()
    if reason:
        pytest.skip(f"headless Chromium unavailable: {reason}")
    page = folder / "index.html"
    page.write_bytes(report_files(art, title="Study", policy="quarantine", software=SOFTWARE)[HTML])
    seen = visit(page)
    (folder / "screenshot.png").write_bytes(seen.screenshot)
    print(f"screenshot: {folder / 'screenshot.png'} ({seen.width} x {seen.height} px)")
    return seen


@pytest.fixture(scope="module")
def art() -> ReportArtifacts:
    return synthetic_artifacts()


@pytest.fixture(scope="module")
def seen(art: ReportArtifacts, tmp_path_factory: pytest.TempPathFactory) -> PageVisit:
    return open_report(art, tmp_path_factory.mktemp("browser"))


def cell_text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def cells(dom: str, row_pattern: str, cell_attribute: str) -> dict[str, str]:
    """{attribute value: shown text} of the cells in the first row matching ``row_pattern``."""
    row = re.search(rf"<tr [^>]*{row_pattern}[^>]*>(.*?)</tr>", dom, re.DOTALL)
    assert row, f"no row {row_pattern}"
    return {
        m.group(1): cell_text(m.group(2))
        for m in re.finditer(rf'<td [^>]*{cell_attribute}="([^"]+)"[^>]*>(.*?)</td>', row.group(1))
    }


def interval(cell) -> str:
    """How a coefficient with its interval reads: en dash where undefined."""

    def two(value: float) -> str:
        return f"{round(value, 2) + 0.0:.2f}"  # tables print 0.00, never -0.00

    if math.isnan(cell["value"]):
        return "–"
    if math.isnan(cell["ci_low"]) or math.isnan(cell["ci_high"]):
        return two(cell["value"])
    return f"{two(cell['value'])} [{two(cell['ci_low'])}, {two(cell['ci_high'])}]"


def shown(n: int, total: int) -> str:
    return f"{n} ({int(100 * n / total + 0.5)}%)"


def test_the_page_logs_no_console_message_and_requests_nothing(seen: PageVisit) -> None:
    assert seen.console == []
    assert seen.requests == []


def test_the_screenshot_shows_a_rendered_page(seen: PageVisit) -> None:
    assert seen.screenshot.startswith(b"\x89PNG")
    width, height = struct.unpack(">II", seen.screenshot[16:24])
    assert (width, height) == (seen.width, seen.height)
    assert width >= 800 and height > 3000  # every section laid out, not an empty or error page
    assert len(seen.screenshot) > 100_000  # text and figures, not a blank canvas


def test_no_table_makes_the_page_scroll_sideways(seen: PageVisit) -> None:
    # before: the machine-suggestions table (one column per coder) made a 1,200 px page
    # 1,568 px wide; a wide table now scrolls in its own box
    assert seen.width <= 1200


def test_every_table_and_figure_is_in_the_rendered_page(seen: PageVisit) -> None:
    for table in TABLES:
        assert re.search(rf'<table [^>]*id="table-{table}"', seen.dom), table
    for name in FIGURE_NAMES:
        figure = re.search(rf'<figure id="figure-{name}">(.*?)</figure>', seen.dom, re.DOTALL)
        assert figure and "<svg" in figure.group(1) and "<figcaption>" in figure.group(1), name


def test_the_summary_shows_the_artifacts_counts(seen: PageVisit, art: ReportArtifacts) -> None:
    coverage, status = art.coverage["status"], art.deid_status["status"]
    expected = {
        "n_received": str(len(art.coverage)),
        "n_cleared": str((status == "cleared").sum()),
        "n_quarantined": str((status == "quarantined").sum()),
        "n_awaiting": str((coverage == "awaiting_coding").sum()),
        "n_analysed": str((coverage == "analysed").sum()),
        "coders": ", ".join(CODERS),
    }
    summary = re.search(r'id="table-summary".*?</table>', seen.dom, re.DOTALL).group(0)
    found = {
        m.group(1): cell_text(m.group(2))
        for m in re.finditer(r'<td [^>]*data-key="([^"]+)"[^>]*>(.*?)</td>', summary)
    }
    assert {key: found[key] for key in expected} == expected


def test_code_counts_in_the_page_equal_the_artifacts(seen: PageVisit, art: ReportArtifacts) -> None:
    total = int(art.code_counts["n_total"].iloc[0])
    for code, rows in art.code_counts.groupby("code"):
        row = cells(seen.dom, f'data-code="{code}"', "data-source")
        for count in rows.itertuples(index=False):
            assert row[count.source] == shown(count.n_essays, total), (code, count.source)
    for theme, rows in art.theme_counts.groupby("theme"):
        row = cells(seen.dom, f'data-theme="{theme}"', "data-source")
        for count in rows.itertuples(index=False):
            assert row[count.source] == shown(count.n_essays, total), (theme, count.source)


def test_agreement_in_the_page_equals_the_artifacts(seen: PageVisit, art: ReportArtifacts) -> None:
    presence = art.agreement[art.agreement["unit"] == "essay_presence"]
    table = re.search(r'id="table-agreement".*?</table>', seen.dom, re.DOTALL).group(0)
    for code in art.codebook["code"]:
        per_code = presence[(presence["scope_id"] == code) & (presence["convention"] == "per_code")]
        kappa = per_code.set_index("coefficient").loc["cohen_kappa"]
        agreement = per_code.set_index("coefficient").loc["percent_agreement", "value"]
        row = cells(table, f'data-code="{code}"', "data-field")
        assert row["kappa"] == interval(kappa)
        assert row["agreement"] == f"{100 * agreement:.1f}%"
    pooled = presence[(presence["scope"] == "overall") & (presence["convention"] == "pooled")]
    kappa = pooled.set_index("coefficient").loc["cohen_kappa"]
    row = cells(table, 'data-overall="0"', "data-field")
    assert row["kappa"] == interval(kappa)
    assert row["n_units"] == str(kappa["n_units"])


def test_adjudication_in_the_page_equals_the_artifacts(
    seen: PageVisit, art: ReportArtifacts
) -> None:
    table = re.search(r'id="table-adjudication".*?</table>', seen.dom, re.DOTALL).group(0)
    found = {
        m.group(1): cell_text(m.group(2))
        for m in re.finditer(r'<td [^>]*data-key="([^"]+)"[^>]*>(.*?)</td>', table)
    }
    status = art.disagreements["status"]
    assert found == {
        "n_disputed": str(len(art.disagreements)),
        "n_adjudicated": str((status == "adjudicated").sum()),
        "n_pending": str((status == "pending").sum()),
        "n_stale": str((art.unused_decisions["reason"] == "stale").sum()),
        "n_not_in_dispute": str((art.unused_decisions["reason"] == "not_in_dispute").sum()),
        "n_awaiting": str((art.coverage["status"] == "awaiting_coding").sum()),
    }


def test_quotes_in_the_page_cite_cleared_essays_only(seen: PageVisit, art: ReportArtifacts) -> None:
    cleared = set(
        art.deid_status.loc[art.deid_status["status"].isin(["cleared", "waived"]), "essay_id"]
    )
    cited = re.findall(r'<blockquote data-code="[^"]+" data-essay="([^"]+)"', seen.dom)
    assert cited and set(cited) <= cleared


@pytest.mark.e2e
def test_the_example_studys_own_report_renders_clean_with_its_artifacts_numbers(
    example_build: Path, tmp_path: Path
) -> None:
    """The page the pipeline built for the bundled example study, not a synthetic one."""
    reason = why_unavailable()
    if reason:
        pytest.skip(f"headless Chromium unavailable: {reason}")
    seen = visit(example_build / "results" / "report" / "index.html")
    (tmp_path / "example.png").write_bytes(seen.screenshot)
    assert seen.console == [] and seen.requests == []
    assert seen.width <= 1200, "a table wider than the page makes it scroll sideways"
    for table in TABLES:
        assert re.search(rf'<table [^>]*id="table-{table}"', seen.dom), table
    counts = pd.read_parquet(example_build / "results" / "themes" / "code_counts.parquet")
    total = int(counts["n_total"].iloc[0])
    for code, rows in counts.groupby("code"):
        row = cells(seen.dom, f'data-code="{code}"', "data-source")
        for count in rows.itertuples(index=False):
            assert row[count.source] == shown(count.n_essays, total), (code, count.source)

"""The readable reports: rendered from summary.json alone, every input text escaped, charts present."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from markupsafe import escape
from test_qa_cli import parse_html

from review_app.cli import main
from review_app.qa.report_html import histogram_svg, render_html
from review_app.qa.report_md import marked, md, render_markdown

HOSTILE = '<script>alert("x")</script> & | *bold* _it_ `code` [link](http://e.x)'


@pytest.fixture
def bundle(tmp_path: Path) -> Path:
    """A two-document run whose texts and file names are full of markup."""
    for doc, mt in (('<b>1&"2.txt', f"{HOSTILE} they are time—tested."), ("two|2.txt", "A plain line.")):
        for side, text in (("mt", mt), ("ref", f"{HOSTILE} they are time-tested.")):
            (tmp_path / side).mkdir(exist_ok=True)
            (tmp_path / side / doc).write_text(text + "\nSecond line.\n", "utf-8")
    out = tmp_path / "report"
    args = ["qa", "--mt", str(tmp_path / "mt"), "--ref", str(tmp_path / "ref"), "--segmented", "--lang", "en",
            "--out", str(out), "--bootstrap", "10", "--name", "<i>run</i>", "--fail-on", "minor"]
    assert main(args) == 1
    return out


def test_reports_render_again_from_summary_json(bundle: Path) -> None:
    summary = json.loads((bundle / "summary.json").read_text("utf-8"))
    assert render_html(summary) == (bundle / "report.html").read_text("utf-8")
    assert render_markdown(summary) == (bundle / "report.md").read_text("utf-8")


def test_html_escapes_every_input_text(bundle: Path) -> None:
    page = (bundle / "report.html").read_text("utf-8")
    text = parse_html(page)
    assert "<script" not in page and "<b>1" not in page and "<i>run</i>" not in page
    assert escape('<script>alert("x")</script>') in page and "&lt;b&gt;1&amp;&#34;2.txt" in page
    assert '<script>alert("x")</script>' in text and "QA report: <i>run</i>" in text  # shown as text
    assert page.count("<svg") == 3  # chrF histogram, findings by check, chrF per document
    assert "<mark>—</mark>" in page  # the flagged span in the example
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "").replace("http://e.x", "")  # no fetches


@pytest.mark.parametrize("name", ["<script>alert(1)</script>", "{{7*7}}", "{% raw %}x{{ 1 }}"])
def test_html_shows_a_hostile_document_name_as_text(tmp_path: Path, name: str) -> None:
    """A name that is markup or template syntax is escaped in the page and shown literally, never run."""
    for side in ("mt", "ref"):
        (tmp_path / side / f"{name}.txt").parent.mkdir(parents=True)  # "</script>": a sub-folder
        (tmp_path / side / f"{name}.txt").write_text("One line — here.\n", "utf-8")
        (tmp_path / side / "plain.txt").write_text("Another line.\n", "utf-8")
    out = tmp_path / "report"
    assert main(["qa", "--mt", str(tmp_path / "mt"), "--ref", str(tmp_path / "ref"), "--segmented",
                 "--lang", "en", "--out", str(out), "--bootstrap", "0", "--name", name]) == 0
    page = (out / "report.html").read_text("utf-8")
    # Evaluated template syntax would read "49" where the name is; the clock or a score may hold 49.
    assert "<script>" not in page and "QA report: 49" not in parse_html(page) and "49.txt" not in parse_html(page)
    assert f"QA report: {name}" in parse_html(page) and f"{name}.txt" in parse_html(page)
    assert page.count(str(escape(f"{name}.txt"))) >= 3  # documents table, chart label and its tooltip


def test_markdown_escapes_every_input_text(bundle: Path) -> None:
    report = (bundle / "report.md").read_text("utf-8")
    assert "<script>" not in report and r"\<script\>" in report
    assert r"two\|2.txt" in report and r"\*bold\*" in report and r"\[link\]" in report
    assert "**FAILED**\n\n- ✗ no finding of severity minor or worse: 2 found" in report


@pytest.mark.parametrize(
    ("text", "start", "end", "expected"),
    [
        ("time—tested", 4, 5, "time**—**tested"),
        ("Saba Saba", 4, 9, "Saba **Saba**"),  # the space stays outside, or Markdown shows the asterisks
        ("a_b", 1, 2, r"a**\_**b"),
        ("ab", 1, 1, "a‸b"),
    ],
)
def test_markdown_marks_a_span(text: str, start: int, end: int, expected: str) -> None:
    assert marked(text, start, end) == expected


def test_md_keeps_one_line() -> None:
    assert md("a\nb|c") == r"a b\|c"


def test_the_report_escapes_as_the_app_does() -> None:
    """One escaper (text/markdown.py): a link, a colour directive or LaTeX in a file name is inert in report.md too."""
    from review_app.app.components import safe

    assert md is safe.md
    assert md("see https://evil.example :red[x] $x$ a|b") == (
        "see https:\u2060//evil.example &#58;red\\[x\\] \\$x\\$ a\\|b")


def test_histogram_scales_bars_to_the_highest_count() -> None:
    svg = histogram_svg(list(range(0, 101, 10)), [0, 0, 1, 2, 4, 0, 0, 0, 0, 0])
    assert svg.count("<rect") == 10 and 'height="176.0"' in svg and ">4</text>" in svg


def test_a_missing_score_or_interval_shows_as_a_dash(bundle: Path) -> None:
    summary = json.loads((bundle / "summary.json").read_text("utf-8"))
    for entry in summary["overall"]["scores"].values():
        entry["ci_95"] = None  # no bootstrap
    summary["documents"][1]["scores"] = {}  # a document without scores
    page, text = render_html(summary), render_markdown(summary)
    assert '<td class="num">—</td>' in page and "None" not in parse_html(page) and ">–<" not in page
    assert "| — |" in text and "None" not in text and "| – |" not in text

"""``compare --html``: one self-contained, escaped HTML file."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from review_app.cli import main

REF = ["The committee approved the budget on Monday.", "Prices rose by 5% in <May>.",
       "He said: \"we will see\".", "The river station closed.", "Nothing else happened."] * 4
ONE = ["The committee approved the budget on Monday.", "Prices rose by 5 % in <May>.",
       "He said: \"we will see\".", "The river terminal closed.", "Nothing happened."] * 4
TWO = ["A committee passed the budget Monday.", "Prices went up by 7% in <May>.",
       "He said, we shall see.", "The river station closed.", "Nothing else happened <script>x</script>."] * 4


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href") and v and not v.startswith("#")]


@pytest.fixture
def report(tmp_path: Path) -> str:
    for name, lines in (("ref.txt", REF), ("one.txt", ONE), ("two.txt", TWO)):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "report.html"
    argv = ["compare", f"<img src=x onerror=alert(1)>={tmp_path / 'one.txt'}", str(tmp_path / "two.txt"),
            "--ref", str(tmp_path / "ref.txt"), "--segmented", "--bootstrap", "50", "--ar-trials", "200",
            "--jobs", "1", "--html", str(out)]
    assert main(argv) == 0
    return out.read_text(encoding="utf-8")


def test_report_is_self_contained(report: str) -> None:
    parser = _Collector()
    parser.feed(report)
    assert parser.urls == []
    assert "script" not in parser.tags and "link" not in parser.tags and "iframe" not in parser.tags
    assert re.findall(r"https?://[^\"' ]+", report) == ["http://www.w3.org/2000/svg"] * report.count("<svg ")
    assert "default-src 'none'" in report
    assert report.count("<svg ") == 4


def test_user_text_is_escaped(report: str) -> None:
    assert "<img" not in report and "<script>" not in report
    assert "&lt;img src=x onerror=alert(1)&gt;" in report
    assert "&lt;script&gt;x&lt;/script&gt;" in report
    assert "&lt;May&gt;" in report


def test_report_holds_every_section(report: str) -> None:
    for anchor in ("systems", "significance", "findings", "lengths", "words", "ngrams", "segments"):
        assert f'id="{anchor}"' in report
    assert "nrefs:1|bs:50|seed:12345" in report and "ar:200" in report
    assert 'id="seg-' in report and "<del " in report and "<ins " in report
    assert "Word frequency counted in the test set&#39;s reference" in report


def test_html_refuses_an_input_as_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ref = tmp_path / "ref.txt"
    ref.write_text("a b\n", encoding="utf-8")
    (tmp_path / "s.txt").write_text("a b\n", encoding="utf-8")
    assert main(["compare", f"x={tmp_path / 's.txt'}", f"y={tmp_path / 's.txt'}", "--ref", str(ref), "--segmented",
                 "--html", str(tmp_path / "s.txt")]) == 2
    assert "is an input of this command" in capsys.readouterr().err
    assert (tmp_path / "s.txt").read_text(encoding="utf-8") == "a b\n"


def test_an_empty_length_bucket_shows_a_dash(report: str) -> None:
    assert '<td class="num">—</td>' in report  # the long-sentence buckets: no segment, no score
    assert '<td class="num"></td>' not in report

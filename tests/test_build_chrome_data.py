"""scripts/build_chrome_data.py: the three annotated page sets read alike, lines labelled by the page's markup."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from scripts_module import load_script

ARTICLE = "The council met on Tuesday evening to discuss the new budget for the city's schools and parks."
MORE = "Members argued for three hours before they agreed to raise the spending on the libraries by a tenth."
PAGE = f"""<html><head><meta charset="utf-8"><link rel="canonical" href="https://www.example.org/news/1"></head>
<body><nav><ul><li>Home</li><li>World news – today</li></ul></nav>
<article><h1>Council agrees budget</h1><p>{ARTICLE}</p><p>{MORE}</p></article>
<div class="share-tools"><a>Share on Facebook</a></div>
<footer><p>About us</p><p class="copyright">© 2019 Example Media</p></footer></body></html>"""


def _lines(path: Path) -> set[tuple[str, str, str]]:
    return {tuple(raw.split("\t", 2)) for raw in path.read_text(encoding="utf-8").splitlines()}  # type: ignore[misc]


def test_each_set_is_read_and_its_lines_labelled_by_markup(tmp_path: Path) -> None:
    builder = load_script("build_chrome_data")
    zyte = tmp_path / "zyte"
    (zyte / "html").mkdir(parents=True)
    # No charset declared in the bytes: the page is still read as UTF-8 ("–", "©" not mangled).
    (zyte / "html" / "k1.html.gz").write_bytes(gzip.compress(PAGE.replace('<meta charset="utf-8">', "").encode()))
    (zyte / "ground-truth.json").write_text(json.dumps(
        {"k1": {"url": "https://www.example.org/news/1", "articleBody": f"Council agrees budget\n{ARTICLE}\n{MORE}"}}))
    readability = tmp_path / "readability" / "test" / "test-pages"
    for name, page in (("example-1", PAGE), ("constructed-case", PAGE.replace('<link rel="canonical"', "<link"))):
        (readability / name).mkdir(parents=True)
        (readability / name / "source.html").write_text(page, encoding="utf-8")
        (readability / name / "expected.html").write_text(f"<div><p>{ARTICLE}</p><p>{MORE}</p></div>",
                                                             encoding="utf-8")
    expected = {
        ("example.org", "chrome", "Home"), ("example.org", "chrome", "World news – today"),
        ("example.org", "inline", "Share on Facebook"), ("example.org", "chrome", "About us"),
        ("example.org", "credit", "© 2019 Example Media"), ("example.org", "content", ARTICLE),
        ("example.org", "content", MORE),
    }
    for root in (zyte, tmp_path / "readability"):
        assert builder.main([str(root), "-o", str(tmp_path / "out.tsv")]) == 0
        # One page only: a constructed test case (no canonical address) is not a site's page.
        assert _lines(tmp_path / "out.tsv") == expected


def test_a_pages_headline_is_its_og_title_without_the_sites_name_else_its_h1(tmp_path: Path) -> None:
    builder = load_script("build_chrome_data")
    titled = PAGE.replace("<head>", '<head><meta property="og:title" content="Council agrees the budget | Example">')
    assert builder.headline(titled) == "Council agrees the budget"
    # A colon inside the headline is no separator; a headline too short without the tail keeps it.
    assert builder.headline(titled.replace(" | Example", ": the schools gain")) == (
        "Council agrees the budget: the schools gain")
    assert builder.headline(PAGE.replace("Council agrees budget", "Update | Council agrees budget")) == (
        "Update | Council agrees budget")
    assert builder.headline(PAGE) == "Council agrees budget"
    assert builder.headline(PAGE.replace("<h1>Council agrees budget</h1>", "")) is None
    zyte = tmp_path / "zyte"
    (zyte / "html").mkdir(parents=True)
    (zyte / "html" / "k1.html.gz").write_bytes(gzip.compress(titled.encode()))
    (zyte / "ground-truth.json").write_text(json.dumps(
        {"k1": {"url": "https://www.example.org/news/1", "articleBody": f"{ARTICLE}\n{MORE}"}}))
    assert builder.main([str(zyte), "--headlines", "-o", str(tmp_path / "titles.tsv")]) == 0
    assert (tmp_path / "titles.tsv").read_text(encoding="utf-8") == "example.org\tCouncil agrees the budget\n"


def test_a_folder_of_no_known_set_is_refused(tmp_path: Path) -> None:
    builder = load_script("build_chrome_data")
    with pytest.raises(SystemExit, match="not a checkout of trafilatura"):
        builder.main([str(tmp_path), "-o", str(tmp_path / "out.tsv")])
    assert not (tmp_path / "out.tsv").exists()

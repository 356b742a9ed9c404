#!/usr/bin/env python
"""Lines of real web pages labelled by the page's own structure: the training and held-out data of the chrome model.

Reads the annotated pages of trafilatura's evaluation set (``tests/eval/*.html`` and
``tests/evaldata.json`` of https://github.com/adbar/trafilatura, Apache-2.0), of Zyte's article-extraction
benchmark (``html/*.html.gz``, ``ground-truth.json`` of https://github.com/scrapinghub/article-extraction-benchmark,
MIT) or Mozilla Readability's test pages (``test/test-pages`` of https://github.com/mozilla/readability, Apache-2.0),
keeps the English pages (``--lang``: another language's, as held-out data for pages in that language), renders each
page's blocks as the lines a scraper produces, and labels them by where they sit in the HTML:

* ``chrome``: a short line inside navigation, header, footer, sidebar, share, breadcrumb,
  newsletter, cookie or related-links markup (``<nav>``, ``<footer>``, ``<aside>``, ``class="menu"`` …);
* ``inline``: the same for calls to action and breadcrumbs (share, follow, subscribe, cookie, breadcrumb
  markup), which scrapers leave between paragraphs;
* ``credit``: a short line inside credit or copyright markup (``class="credit"``, ``class="copyright"``);
* ``content``: a paragraph or heading inside the article's main text (the element holding one of the
  page's annotated ``with`` snippets), so real headings, captions and short paragraphs are the negatives.

Only short lines (at most 14 words) are written for chrome and credits: page furniture, not prose.
The site is the page's host name; the evaluation holds out whole sites.

    .venv/bin/python scripts/build_chrome_data.py TRAFILATURA_DIR [-o scripts/data/page_lines.tsv]
    .venv/bin/python scripts/build_chrome_data.py ZYTE_DIR -o scripts/data/page_lines.zyte.tsv  # and READABILITY_DIR
    .venv/bin/python scripts/build_chrome_data.py TRAFILATURA_DIR --lang de --max-sites 120  # page_lines.de.tsv
    .venv/bin/python scripts/build_chrome_data.py TRAFILATURA_DIR --headlines  # page_headlines.tsv (and -o …)

``--headlines`` writes each page's own headline instead (site, headline): its ``og:title`` (or Twitter's title,
its first ``<h1>``, its ``<title>``) without the site's name after a separator. The evaluation puts it over the
text (``eval_checks.py --headlines``): the line a page check must never take for the site's furniture.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import cast
from urllib.parse import urlparse

from lxml import html as lxml_html

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from review_app.checks.langid import identify  # noqa: E402

BLOCK_TAGS = {
    "p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer",
    "nav", "aside", "figure", "figcaption", "blockquote", "tr", "td", "th", "table", "dd", "dt", "br", "form",
    "button", "label", "option", "select", "main",
}
DROP_TAGS = ("script", "style", "noscript", "svg", "template", "iframe", "head", "input", "textarea")
CHROME_TAGS = {"nav", "footer", "aside", "header", "menu"}
CHROME_CLASS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|breadcrumbs?|share|sharing|social|newsletter|subscribe"
    r"|subscription|cookies?|consent|masthead|topbar|toolbar|pagination|pager|signup|login)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Calls to action scraped between paragraphs (share, follow, subscribe, cookies) and breadcrumb paths.
INLINE_CLASS = re.compile(
    r"(?:^|[\s_-])(?:breadcrumbs?|share|sharing|social|newsletter|subscribe|subscription|cookies?|consent|signup)"
    r"(?:$|[\s_-])",
    re.IGNORECASE,
)
CREDIT_CLASS = re.compile(r"(?:^|[\s_-])(?:credits?|copyright|photo-credit|image-credit|source)(?:$|[\s_-])", re.I)
MAX_WORDS = 14
MAIN_TAGS = {"p", "h1", "h2", "h3", "h4", "li", "figcaption", "blockquote"}


def _classes(el: lxml_html.HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"


def render_lines(el: lxml_html.HtmlElement) -> list[str]:
    """The element's text as a scraper's lines: a line break at every block boundary, whitespace collapsed."""
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text and tag not in DROP_TAGS:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str) and child.tag not in DROP_TAGS:
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(el)
    return [" ".join(line.split()) for line in "".join(parts).split("\n") if line.strip()]


def _role(el: lxml_html.HtmlElement, main: set[lxml_html.HtmlElement]) -> str | None:
    """``credit``, ``inline``, ``chrome`` or None from the element and its ancestors (not the main text's)."""
    for node in [el, *el.iterancestors()]:
        if not isinstance(node.tag, str) or node in main:
            return None
        if CREDIT_CLASS.search(_classes(node)):
            return "credit"
        if INLINE_CLASS.search(_classes(node)):
            return "inline"
        if node.tag in CHROME_TAGS or CHROME_CLASS.search(_classes(node)):
            return "chrome"
    return None


def page_lines(page: str | bytes, with_snippets: list[str]) -> Iterator[tuple[str, str]]:
    """(role, line) of one page."""
    tree = lxml_html.fromstring(page)
    for bad in list(tree.iter(*DROP_TAGS)):
        cast(lxml_html.HtmlElement, bad).drop_tree()  # keeps the text after the element
    seen: set[str] = set()
    # The main text's containers: every ancestor of an element holding an annotated snippet.
    main: set[lxml_html.HtmlElement] = set()
    for el in tree.iter():
        if isinstance(el.tag, str) and el.text and any(s in el.text for s in with_snippets):
            main.update(el.iterancestors())
    # Leaf blocks: elements with text of their own and no block children.
    for el in tree.iter():
        if not isinstance(el.tag, str) or el.tag not in BLOCK_TAGS | {"a", "span"}:
            continue
        if any(isinstance(c.tag, str) and c.tag in BLOCK_TAGS for c in el):
            continue
        for line in render_lines(el):
            if line in seen or len(line) < 2:
                continue
            seen.add(line)
            role = _role(el, main)
            if role is not None and len(line.split()) <= MAX_WORDS:
                yield role, line
            elif role is None and el.tag in MAIN_TAGS and any(s in line for s in with_snippets):
                yield "content", line


HEADLINE_XPATHS = ('//meta[@property="og:title"]/@content', '//meta[@name="twitter:title"]/@content', "//h1",
                   "//title")
# "Bridge reopens | The Herald", "Bridge reopens - BBC News": the site's name after the last separator.
SITE_SUFFIX = re.compile(r"\s+[|\-–—:·]\s+[^|\-–—:·]{1,40}$")
HEADLINE_WORDS = (3, 25)


def headline(page: str | bytes) -> str | None:
    """The page's own headline: the first of its candidates (:data:`HEADLINE_XPATHS`) of 3 to 25 words
    (:data:`HEADLINE_WORDS`), or None."""
    tree = lxml_html.fromstring(page)
    for xpath in HEADLINE_XPATHS:
        for found in tree.xpath(xpath):
            text = " ".join((found if isinstance(found, str) else found.text_content()).split())
            short = SITE_SUFFIX.sub("", text)
            text = short if len(short.split()) >= HEADLINE_WORDS[0] else text
            if HEADLINE_WORDS[0] <= len(text.split()) <= HEADLINE_WORDS[1]:
                return text.replace("\t", " ")
    return None


def in_language(snippets: list[str], lang: str = "en") -> bool:
    """The page's main-text snippets are in ``lang``."""
    text = " ".join(snippets)
    return len(text.split()) >= 8 and identify(text)[0] == lang


PER_SITE = 80


def _balanced(rows: list[tuple[str, str, str]], lang: str = "en") -> list[tuple[str, str, str]]:
    """At most ``PER_SITE`` lines of a role per site (no site dominates); furniture in another language left out."""
    kept: list[tuple[str, str, str]] = []
    count: dict[tuple[str, str], int] = {}
    for site, role, line in rows:
        if not re.search(r"[^\W\d_]", line):
            continue
        if role != "content" and len(line.split()) >= 4:
            line_lang, prob = identify(line)
            if line_lang != lang and prob > 0.9:
                continue
        if count.get((site, role), 0) >= PER_SITE:
            continue
        count[(site, role)] = count.get((site, role), 0) + 1
        kept.append((site, role, line))
    return kept


# A page's main text marked by the first words of a few of its paragraphs (as trafilatura's annotations mark it
# with short snippets), spread over the text: a body's every paragraph would outweigh the furniture.
SNIPPET_WORDS = 6
SNIPPETS_PER_PAGE = 6

Page = tuple[str, str | bytes, list[str]]  # the site (host name), the page's HTML, snippets of its main text
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def _decoded(page: bytes) -> str:
    """The page as text: UTF-8 when it is (lxml reads bytes with no declared charset as Latin-1: "â\x80\x93")."""
    try:
        text = page.decode("utf-8")
    except UnicodeDecodeError:
        text = page.decode("cp1252", errors="replace")
    return XML_DECLARATION.sub("", text)  # lxml refuses text that declares an encoding


def _site(url: str) -> str:
    return (urlparse(url).hostname or "").removeprefix("www.")


def _snippets(paragraphs: list[str]) -> list[str]:
    """The first words of up to :data:`SNIPPETS_PER_PAGE` paragraphs, evenly spread over the text."""
    long = [" ".join(p.split()[:SNIPPET_WORDS]) for p in paragraphs if len(p.split()) >= 2 * SNIPPET_WORDS]
    step = max(1, len(long) // SNIPPETS_PER_PAGE)
    return long[::step][:SNIPPETS_PER_PAGE]


def trafilatura_pages(root: Path) -> Iterator[Page]:
    """trafilatura's evaluation pages (``tests/evaldata.json``): the annotated ``with`` snippets."""
    evaldata = json.loads((root / "tests" / "evaldata.json").read_text(encoding="utf-8"))
    for url, entry in sorted(evaldata.items()):
        path = root / "tests" / "eval" / entry["file"]
        if path.is_file():
            yield _site(url) or entry["file"].split(".html")[0], path.read_bytes(), [str(s) for s in entry["with"]]


def benchmark_pages(root: Path) -> Iterator[Page]:
    """Zyte's article-extraction-benchmark (``ground-truth.json``, ``html/*.html.gz``): the article bodies."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    for key, entry in sorted(truth.items()):
        path = root / "html" / f"{key}.html.gz"
        if path.is_file() and entry.get("url"):
            page = _decoded(gzip.decompress(path.read_bytes()))
            yield _site(entry["url"]), page, _snippets(entry["articleBody"].split("\n"))


CANONICAL = ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content')


def readability_pages(root: Path) -> Iterator[Page]:
    """Mozilla Readability's test pages (``test/test-pages/*/source.html``, ``expected.html``) of a real site:
    the expected article's paragraphs. A page with no canonical address is a constructed test case: left out."""
    for folder in sorted((root / "test" / "test-pages").iterdir()):
        source, expected = folder / "source.html", folder / "expected.html"
        if not (source.is_file() and expected.is_file()):
            continue
        page = _decoded(source.read_bytes())
        urls = [str(u) for xpath in CANONICAL for u in lxml_html.fromstring(page).xpath(xpath)]
        site = next((_site(u) for u in urls if _site(u)), "")
        if not site:
            continue
        article = lxml_html.fromstring(_decoded(expected.read_bytes()))
        paragraphs = [" ".join(el.text_content().split()) for el in article.iter("p", "li", "blockquote")]
        yield site, page, _snippets(paragraphs)


def pages(root: Path) -> Iterator[Page]:
    """The pages of one of the three annotated sets, told apart by their files."""
    if (root / "tests" / "evaldata.json").is_file():
        return trafilatura_pages(root)
    if (root / "ground-truth.json").is_file():
        return benchmark_pages(root)
    if (root / "test" / "test-pages").is_dir():
        return readability_pages(root)
    raise SystemExit(f"{root}: not a checkout of trafilatura, article-extraction-benchmark or readability")


def main(argv: list[str] | None = None) -> int:
    """Write the labelled lines as TSV: site, role, line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sets", type=Path, nargs="+", help="checkouts (or git archives) of adbar/trafilatura, "
                        "scrapinghub/article-extraction-benchmark or mozilla/readability")
    parser.add_argument("-o", "--output", type=Path, help="default: scripts/data/page_lines.tsv (English), "
                        "page_lines.LANG.tsv for another language")
    parser.add_argument("--lang", default="en", help="the pages' language (default en: the model's training data)")
    parser.add_argument("--max-sites", type=int, help="keep this many sites, chosen by a hash of their names")
    parser.add_argument("--headlines", action="store_true", help="write each page's own headline (site, headline)")
    args = parser.parse_args(argv)
    stem = "page_headlines" if args.headlines else "page_lines"
    name = f"{stem}.tsv" if args.lang == "en" else f"{stem}.{args.lang}.tsv"
    output = args.output or REPO / "scripts" / "data" / name
    rows: list[tuple[str, str, str]] = []
    titles: list[tuple[str, str]] = []
    for root in args.sets:
        for site, page, snippets in pages(root):
            if not in_language(snippets, args.lang):
                continue
            try:
                if args.headlines:
                    found = headline(page)
                    titles += [(site, found)] if found else []
                    continue
                for role, line in page_lines(page, snippets):
                    rows.append((site, role, line.replace("\t", " ")))
            except (ValueError, OSError) as err:
                print(f"skipped a page of {site}: {err}", file=sys.stderr)
    if args.headlines:
        output.parent.mkdir(parents=True, exist_ok=True)
        kept = list(dict.fromkeys(titles))
        output.write_text("".join(f"{site}\t{text}\n" for site, text in kept), encoding="utf-8")
        print(f"{len(kept)} headlines from {len({site for site, _ in kept})} sites -> {output}")
        return 0
    unique = _balanced(list(dict.fromkeys(rows)), args.lang)
    if args.max_sites:
        chosen = set(sorted({r[0] for r in unique}, key=lambda site: zlib.crc32(site.encode()))[: args.max_sites])
        unique = [r for r in unique if r[0] in chosen]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join("\t".join(r) + "\n" for r in unique), encoding="utf-8")
    print(f"{len(unique)} lines from {len({r[0] for r in unique})} sites -> {output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

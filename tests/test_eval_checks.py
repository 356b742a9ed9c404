"""The evaluation harness: real MT with injected page artifacts meets the targets of docs/evaluation.md."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from scripts_module import load_script
from shared_data import shared_corpus

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "eval_checks.py"


@pytest.mark.parametrize(("corpus", "folder"), [("ted-zhen", "google-mqm-wmt"), ("mlqe-dev", "mlqe-pe-ru-en")])
def test_recall_and_false_alarms_meet_the_targets(corpus: str, folder: str) -> None:
    """Run in a child process: the whole corpus passes through the checks, the test process stays small."""
    shared_corpus(folder)
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", corpus, "--check-targets"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| dash |" in run.stdout and "Clean lines:" in run.stdout


def test_missed_targets_are_reported() -> None:
    harness = load_script("eval_checks")
    tally = harness.Tally()
    for kind in harness.KINDS:
        tally.positives[kind], tally.found[kind] = 20, 20
    tally.found["chrome"] = 18
    tally.clean_lines, tally.clean_flagged = 100, 2
    assert harness.missed_targets(tally) == ["chrome recall 0.900", "2 of 100 clean lines flagged"]


def test_injection_labels_every_artifact() -> None:
    harness = load_script("eval_checks")
    doc = harness.Doc(
        "t",
        ["A well-known and long-term plan was agreed today by all sides.", "It works well for everyone here."],
        ["Источник один два три четыре", "Источник пять шесть"],
        ["", ""],
        compounds=frozenset({"well-known", "long-term"}),
    )
    doc = harness.inject(doc, random.Random(3))
    assert all(doc.lines[i][s] in "—–" for i, s in doc.dashes)
    assert {"untranslated-line", "chrome"} <= set(doc.kinds.values())
    assert len(doc.lines) == len(doc.source) == len(doc.reference)


def test_dev_and_held_out_page_material_share_no_site_and_no_vocabulary() -> None:
    harness = load_script("eval_checks")
    dev, held = harness.load_sites(False), harness.load_sites(True)
    assert dev and held
    assert not {s.name for s in dev} & {s.name for s in held}
    assert not set(harness.HELDOUT_AGENCIES) & set(harness.AGENCIES)
    assert not set(harness.HELDOUT_ENGINES) & set(harness.ENGINES)
    assert not set(harness.HELDOUT_CREDIT_TEMPLATES) & set(harness.CREDIT_TEMPLATES)
    assert not set(harness.HELDOUT_MT_TEMPLATES) & set(harness.MT_CREDIT_TEMPLATES)


def test_site_pages_are_injected_and_labelled() -> None:
    harness = load_script("eval_checks")
    site = harness.Site("example.org", ["Home", "Sections", "Contact", "Careers"], ["Share on Mastodon"], [])
    doc = harness.Doc("t", [f"Sentence number {i} of the story." for i in range(6)], [""] * 6, [""] * 6)
    doc = harness.inject(doc, random.Random(5), [site], heldout=True)
    assert doc.site == "example.org"
    assert len(doc.lines) == len(doc.source) == len(doc.reference)
    assert "site-chrome" in doc.kinds.values()
    assert all(doc.lines[i] not in harness.CREDIT_TEMPLATES for i in doc.kinds)


def test_a_pages_own_headline_goes_over_the_text_and_counts_when_deleted() -> None:
    """With ``headline`` the site's headline is put under its navigation, over the text, as the text's own line; the
    random draws, and so every injected line, are those of a run without it; a page check deleting it is counted."""
    harness = load_script("eval_checks")
    site = harness.Site("example.org", ["Home", "Sections", "Contact", "Careers"], ["Share on Mastodon"], [],
                        ("Council agrees budget for the schools",))
    story = [f"Sentence number {i} of the story." for i in range(6)]
    plain = harness.inject(harness.Doc("t", list(story), [""] * 6, [""] * 6), random.Random(5), [site])
    titled = harness.inject(harness.Doc("t", list(story), [""] * 6, [""] * 6), random.Random(5), [site],
                            headline=True)
    at = titled.headline
    assert at is not None and titled.lines[at] == site.headlines[0] and at not in titled.kinds
    assert titled.lines[at + 1] == story[0] and titled.lines[:at] + titled.lines[at + 1:] == plain.lines
    tally = harness.Tally()
    harness.score(titled, [harness.Finding(at + 1, 0, len(titled.lines[at]), "chrome", "Other", "minor", "UI", "")],
                  tally)
    assert tally.headlines == [1, 1] and tally.alarms["headline"]


def test_the_shipped_chrome_weights_are_the_trained_ones() -> None:
    """The weights module is what scripts/train_chrome_model.py writes from the development sites."""
    shared_corpus("wmt21-newstest-en-ru")
    shared_corpus("mlqe-pe-ru-en")
    harness = load_script("eval_checks")
    trainer = sys.modules["train_chrome_model"]
    rows = [r for r in trainer.page_lines(trainer.TRAINING_SETS) if not trainer.heldout_site(r[0])]
    assert rows and not any(trainer.heldout_site(r[0]) for r in rows)
    assert trainer.render(trainer.train(rows, trainer.negatives())) == trainer.WEIGHTS.read_text(encoding="utf-8")
    assert harness.KINDS["site-chrome"]


def test_ted_documents_carry_no_raters_marks() -> None:
    """The MQM file marks the raters' error spans with <v>…</v> on both sides: neither the MT nor the source lines
    injected as untranslated ones keep them."""
    shared_corpus("google-mqm-wmt")
    docs = load_script("eval_checks").ted_documents()
    lines = [line for d in docs for line in (*d.lines, *d.source, *d.reference)]
    assert docs and not any("<v>" in line or "</v>" in line for line in lines)


def test_the_shipped_german_furniture_words_are_the_trained_ones() -> None:
    """chrome_weights_de is what scripts/train_chrome_model.py --lang de writes from the German development sites."""
    load_script("eval_checks")
    trainer = sys.modules["train_chrome_model"]
    rows = trainer.own_page_lines("de")
    assert rows and not any(trainer.heldout_site(r[0]) for r in rows)
    source = trainer.render_words(trainer.furniture_words(rows), "de")
    shipped = SCRIPT.parent.parent / "review_app" / "checks" / "chrome_weights_de.py"
    assert source == shipped.read_text(encoding="utf-8")


def test_held_out_sites_meet_the_targets_with_the_source() -> None:
    """Other sites' furniture, never used in development, with the source beside the MT (a child process)."""
    shared_corpus("mlqe-pe-ru-en")
    run = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", "mlqe-dev", "--pages", "heldout", "--check-targets"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "| site-chrome |" in run.stdout


def test_documents_that_never_were_web_pages_are_counted_per_set(tmp_path: Path) -> None:
    harness = load_script("eval_checks")
    (tmp_path / "dev_letter.txt").write_text(
        "Northern Timber Ltd.\n14 Harbour Street\nArkhangelsk 163000\n\nDear Mr. Lang,\n\n"
        "We regret to inform you that the shipment has been delayed by the early freezing of the port.\n\n"
        "Yours sincerely,\nSergei Volkov\nSales Director\n", encoding="utf-8")
    (tmp_path / "a01_page.txt").write_text(
        "Skip to main content\n\nThe talks went on for hours, and the delegations met again on Tuesday.\n",
        encoding="utf-8")
    table = list(harness.document_false_positives(tmp_path, show=True))
    assert "| dev | 1 | 8 | 0 (0.0%) |" in table
    assert "| a | 1 | 2 | 1 (50.0%) |" in table and "  a01_page.txt: 'Skip to main content'" in table


def test_every_held_out_site_is_counted_with_its_spread() -> None:
    """``--pages heldout-every``: each held-out site in every document, the per-site recall's spread printed. Two
    sites in a short corpus stand for all (the whole run takes minutes)."""
    harness = load_script("eval_checks")
    shared_corpus("mlqe-pe-ru-en")
    sites = harness.load_sites(True)[:2]
    real_load, real_corpus = harness.load_sites, harness.CORPORA["mlqe-dev"]
    harness.load_sites = lambda heldout, **_: sites if heldout else real_load(heldout)
    harness.CORPORA["mlqe-dev"] = lambda: real_corpus()[:3]
    try:
        tally = harness.every_heldout_site("mlqe-dev", 7, with_reference=False, with_source=False)
    finally:
        harness.load_sites, harness.CORPORA["mlqe-dev"] = real_load, real_corpus
    assert sorted(tally.per_site) == sorted(s.name for s in sites)
    assert sum(n for n, _ in tally.per_site.values()) == sum(tally.positives[k] for k in harness.LINE_KINDS)
    assert any(line.startswith("Per site (2 sites), whole-line recall: mean ")
               for line in harness.table(tally, "held-out"))

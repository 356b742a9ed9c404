"""``convert`` and ``mqm-score`` through the CLI's own ``main`` (errors: one line, exit 2)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from shared_data import REPO_ROOT, shared_corpus
from test_formats_xliff import xliff20_problems

import review_app.cli
from review_app.formats import Unit, read_units, write_units

DATA = Path(__file__).parent / "data"


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    """Run ``main(argv)``; returns (code, stdout, stderr)."""

    def run(*argv: str) -> tuple[int, str, str]:
        code = review_app.cli.main([str(a) for a in argv])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def test_tmx_to_xliff(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.xlf"
    # the second <tu> also holds French, which bilingual XLIFF cannot: refused unless dropped explicitly
    code, _, err = cli("convert", DATA / "inline.tmx", out, "--lang", "de-DE")
    assert code == 2 and "unit '2': holds text in 1 more language(s) (fr-FR)" in err and "--drop-languages" in err
    assert not out.exists()
    code, _, err = cli("convert", DATA / "inline.tmx", out, "--lang", "de-DE", "--drop-languages")
    assert code == 0
    assert "converted 2 unit(s)" in err and "(tmx)" in err and "(xliff)" in err
    assert "dropped 1 text(s) in further languages (fr-FR 1)" in err
    assert xliff20_problems(out) == []
    assert [u.mt for u in read_units(out)] == ["Drücken Sie Speichern jetzt oder später.", "Isolierter Code"]


def test_xliff12_to_tsv_with_columns_then_back(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    tsv, xlf = tmp_path / "out.tsv", tmp_path / "back.xliff"
    assert cli("convert", DATA / "inline12.xlf", tsv, "--columns", "id=ID,source=Source,mt=Target")[0] == 0
    assert tsv.read_text(encoding="utf-8").splitlines()[:2] == [
        "ID\tSource\tTarget",
        "1\tClick here to continue now.\tCliquez ici pour continuer maintenant.",
    ]
    code, _, _ = cli("convert", tsv, xlf, "--columns", "id=ID,source=Source,mt=Target", "--xliff-version", "1.2",
                     "--src-lang", "en", "--lang", "fr")
    assert code == 0
    assert [u.id for u in read_units(xlf)] == ["1", "2", "3"]
    assert 'version="1.2"' in xlf.read_text(encoding="utf-8")


def test_txt_needs_languages_for_tmx(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    txt, tmx = tmp_path / "mt.txt", tmp_path / "out.tmx"
    txt.write_text("eins\nzwei\n", encoding="utf-8")
    code, out, err = cli("convert", txt, tmx)
    assert (code, out) == (2, "")
    assert err == f"review_app: error: {tmx}: TMX needs the source language: pass src_lang (--src-lang)\n"
    assert not tmx.exists()
    assert cli("convert", txt, tmx, "--src-lang", "en", "--lang", "de", "--side", "mt")[0] == 0
    assert [(u.source, u.mt) for u in read_units(tmx)] == [(None, "eins"), (None, "zwei")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--xliff-version", "1.2"], "--xliff-version does not apply to converting jsonl to tsv"),
        (["--side", "source"], "--side does not apply to converting jsonl to tsv"),
    ],
)
def test_options_that_do_not_apply_are_refused(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, args: list[str], message: str
) -> None:
    src = tmp_path / "in.jsonl"
    write_units(src, [Unit(id="1", mt="x")])
    code, _, err = cli("convert", src, tmp_path / "out.tsv", *args)
    assert code == 2 and message in err


def test_malformed_input_leaves_no_output(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src, out = tmp_path / "in.jsonl", tmp_path / "out.tmx"
    src.write_text('{"id": "1", "source": "a", "mt": "b"}\n{"id": "2", "source": \n', encoding="utf-8")
    code, _, err = cli("convert", src, out, "--src-lang", "en", "--lang", "de")
    assert code == 2
    assert err.count("\n") == 1 and f"{src}: line 2: invalid JSON" in err
    assert list(tmp_path.iterdir()) == [src]


def test_unsafe_xml_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "in.tmx"
    src.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tmx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        '<tmx><body><tu><tuv xml:lang="en"><seg>&x;</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    code, _, err = cli("convert", src, tmp_path / "out.jsonl")
    assert code == 2 and "declares entities (x)" in err


def test_output_must_differ_from_input(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "a.jsonl"
    write_units(src, [Unit(id="1", mt="x")])
    code, _, err = cli("convert", src, src)
    assert code == 2 and "is an input of this command" in err


def test_mqm_score_table_and_json(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "ratings.tsv"
    path.write_text(
        "system\tdoc\tdoc_id\tseg_id\trater\tsource\ttarget\tcategory\tseverity\n"
        "A\td\t1\t1\tr1\ts\t<v>t</v>\tAccuracy/Mistranslation\tMajor\n"
        "A\td\t1\t2\tr1\ts\tt<v>.</v>\tFluency/Punctuation\tMinor\n"
        "B\td\t1\t1\tr2\ts\tt\tNo-error\tNo-error\n"
        "B\td\t1\t2\tr2\ts\tt\tNo-error\tNo-error\n",
        encoding="utf-8",
    )
    code, out, _ = cli("mqm-score", path)
    assert code == 0
    assert [line.split() for line in out.splitlines()[:3]] == [["system", "MQM", "segments"],
                                                             ["B", "0.000", "2"], ["A", "2.550", "2"]]
    assert out.splitlines()[3].startswith("signature: mqm|weights:google-wmt|major:5|minor:1|minor-punct:0.1")
    code, out, _ = cli("mqm-score", path, "--json")
    data = json.loads(out)
    assert data["systems"] == [{"system": "B", "mqm": 0.0, "segments": 2}, {"system": "A", "mqm": 2.55, "segments": 2}]


def test_mqm_score_on_the_ted_file(cli) -> None:  # type: ignore[no-untyped-def]
    path = shared_corpus("google-mqm-wmt") / "ted" / "mqm_ted_ende.tsv"
    code, out, _ = cli("mqm-score", path, "--json")
    scores = {s["system"]: round(s["mqm"], 3) for s in json.loads(out)["systems"]}
    assert code == 0 and scores["ref"] == 0.912 and scores["eTranslation"] == 1.969 and scores["Nemo"] == 2.141


def test_python_dash_m_entry_point(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "review_app", "convert", str(DATA / "inline20.xlf"), str(out)],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == 4


XLIFF12_RICH = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
<file source-language="en" target-language="de" datatype="plaintext" original="a.txt">
<header><note>File note</note><tool tool-id="cat" tool-name="CAT"/></header>
<body>
<trans-unit id="1">
<source>Hello world</source>
<target state="translated">Hallo Welt</target>
<alt-trans match-quality="85%"><source>Hello world!</source><target>Hallo Welt!</target></alt-trans>
<alt-trans match-quality="70%"><source>Hello</source><target>Hallo</target></alt-trans>
<note from="translator">Check the tone</note>
<context-group><context context-type="linenumber">12</context></context-group>
</trans-unit>
<bin-unit id="b1" mime-type="image/png"><bin-source><external-file href="logo.png"/></bin-source></bin-unit>
</body></file></xliff>
"""
XLIFF20_RICH = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" xmlns:mtc="urn:oasis:names:tc:xliff:matches:2.0"
       version="2.0" srcLang="en" trgLang="de">
<file id="f1"><skeleton href="a.skl"/><notes><note>File note</note></notes>
<unit id="u1"><mtc:matches><mtc:match ref="#s1"><source>Hi</source><target>Hallo</target></mtc:match></mtc:matches>
<segment id="s1"><source>Hello</source><target>Hallo</target></segment><ignorable><source> </source></ignorable>
</unit></file></xliff>
"""
TMX_RICH = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" adminlang="en"
 creationtool="CAT" creationtoolversion="1" o-tmf="cat"><prop type="x-domain">legal</prop><note>TM note</note></header>
<body><tu tuid="7" creationid="ann" creationdate="20250101T120000Z" usagecount="3">
<tuv xml:lang="en"><seg>Hello</seg></tuv><tuv xml:lang="de"><seg>Hallo</seg></tuv></tu></body></tmx>
"""


@pytest.mark.parametrize(("name", "text", "left_out"), [
    ("rich12.xlf", XLIFF12_RICH, "not carried over: <alt-trans> ×2, <bin-unit> ×1, <context-group> ×1, "
                                 "<header> <note> ×1, <header> <tool> ×1, <note> author or category ×1"),
    ("rich20.xlf", XLIFF20_RICH, "not carried over: <file> <note> ×1, <ignorable> ×1, <matches> ×1, <skeleton> ×1"),
    ("rich.tmx", TMX_RICH, "not carried over: <header> <note> ×1, <header> <prop> ×1, <tu creationdate> ×1, "
                           "<tu creationid> ×1, <tu usagecount> ×1"),
])
def test_convert_says_what_it_does_not_carry_over(  # type: ignore[no-untyped-def]
    cli, tmp_path: Path, name: str, text: str, left_out: str
) -> None:
    """Matches, context, history, file-level notes have no place in a unit: the summary names each kind and
    its count, so nothing is dropped in silence; the units themselves are converted whole."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    for out in (tmp_path / "out.tsv", tmp_path / "out.xlf" if name.endswith(".tmx") else tmp_path / "out.tmx"):
        code, _, err = cli("convert", source, out)
        assert code == 0 and err.rstrip().endswith(left_out), err
        # what the output itself holds converts on without a word
        assert "not carried" not in cli("convert", out, tmp_path / f"again{out.suffix}.jsonl")[2]


def test_convert_names_what_a_real_file_leaves_out(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _, _, err = cli("convert", DATA / "inline12.xlf", tmp_path / "a.jsonl")
    assert "not carried over: <alt-trans> ×1, <header> <note> ×1, <note> author or category ×1" in err, err
    _, _, err = cli("convert", DATA / "inline.tmx", tmp_path / "b.jsonl")
    assert err.rstrip().endswith("not carried over: <tu changeid> ×1"), err
    _, _, err = cli("convert", DATA / "inline.tmx", tmp_path / "c.tmx", "--lang", "de-DE", "--drop-languages")
    assert "not carried over: <tu changeid> ×1" in err and "dropped 1 text(s)" in err, err

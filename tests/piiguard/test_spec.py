"""Recognizer specs: invalid ones fail at load naming file, field and problem; presidio's
own YAML is accepted as it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiguard.errors import ConfigError
from piiguard.pack import load_pack

VALID = """
entity: MEMBER_ID
languages: [en, zh]
patterns:
  - {name: member, regex: 'M-\\d{6}', score: 0.8}
examples:
  match: ["member [[M-123456]]"]
  no_match: ["M-12"]
"""


def _pack(tmp_path: Path, text: str, name: str = "member_id.yaml"):
    (tmp_path / name).write_text(text, encoding="utf-8")
    return load_pack([tmp_path], entry_point_plugins=False)


@pytest.mark.parametrize(
    ("text", "field", "problem"),
    [
        ("entity: member_id\npatterns: [{regex: 'x'}]\n", "entity", "UPPER_SNAKE"),
        ("entity: M\npatterns: [{regex: '(unclosed'}]\n", "patterns[0].regex", "does not compile"),
        ("entity: M\npatterns: [{regex: 'x', score: 2}]\n", "patterns[0].score", "between 0 and 1"),
        (
            "entity: M\npatterns: [{regex: 'x'}]\nvalidator: crc99\n",
            "validator",
            "unknown validator",
        ),
        ("entity: M\n", "patterns", "patterns or a deny_list"),
        ("entity: M\npatterns: [{regex: 'x'}]\ncolour: red\n", "colour", "unknown key"),
        (
            "entity: M\npatterns: [{regex: 'x'}]\ncontext: {words: {en: [yes, no]}}\n",
            "context.words.en",
            "quotes",
        ),
        ("entity: M\npatterns: [{regex: 'x'}]\nexamples: [a]\n", "examples", "match"),
        ("entity: [unclosed\n", "line 2", "not valid YAML"),
    ],
)
def test_invalid_spec_names_file_field_and_problem(
    tmp_path: Path, text: str, field: str, problem: str
) -> None:
    with pytest.raises(ConfigError) as err:
        _pack(tmp_path, text, "bad.yaml")
    message = str(err.value)
    assert "bad.yaml" in message and field in message and problem in message


def test_valid_spec_loads_with_name_from_file(tmp_path: Path) -> None:
    pack = _pack(tmp_path, VALID)
    (rec,) = pack.recognizers
    assert (rec.name, rec.entity, rec.languages) == ("member_id", "MEMBER_ID", ("en", "zh"))


def test_presidio_yaml_is_accepted_as_is(tmp_path: Path) -> None:
    presidio = """
recognizers:
  - name: "Zip code Recognizer"
    supported_language: "en"
    patterns:
      - name: "zip code (weak)"
        regex: "(\\\\b\\\\d{5}(?:\\\\-\\\\d{4})?\\\\b)"
        score: 0.01
    context:
      - zip
      - code
    supported_entity: "ZIP"
"""
    pack = _pack(tmp_path, presidio, "zip.yaml")
    (rec,) = pack.recognizers
    assert (rec.entity, rec.languages, rec.name) == ("ZIP", ("en",), "zip_code_recognizer")
    assert rec.spec.context.all_words() == ("zip", "code")


def test_duplicate_names_are_rejected(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: same\n" + VALID, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("name: same\n" + VALID, encoding="utf-8")
    with pytest.raises(ConfigError, match="also defined"):
        load_pack([tmp_path], entry_point_plugins=False)


def test_sibling_python_hooks_are_used(tmp_path: Path) -> None:
    from piiguard.engine import Detector

    (tmp_path / "member_id.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "member_id.py").write_text(
        "def invalidate(value):\n    return value.endswith('000')\n", encoding="utf-8"
    )
    detector = Detector(load_pack([tmp_path], entry_point_plugins=False))
    assert [f.type for f in detector.detect("member M-123456")] == ["MEMBER_ID"]
    assert detector.detect("member M-123000") == []


def test_python_recognizer_class_is_discovered(tmp_path: Path) -> None:
    (tmp_path / "shout.py").write_text(
        "from presidio_analyzer import EntityRecognizer, RecognizerResult\n"
        "class ShoutRecognizer(EntityRecognizer):\n"
        "    ENTITIES = ['SHOUT']\n"
        "    examples = {'match': ['[[HELLO]] there'], 'no_match': ['hello there']}\n"
        "    def __init__(self, supported_language='en'):\n"
        "        super().__init__(\n"
        "            supported_entities=['SHOUT'], supported_language=supported_language\n"
        "        )\n"
        "    def load(self):\n        pass\n"
        "    def analyze(self, text, entities, nlp_artifacts=None):\n"
        "        i = text.find('HELLO')\n"
        "        return [] if i < 0 else [RecognizerResult('SHOUT', i, i + 5, 0.9)]\n",
        encoding="utf-8",
    )
    from piiguard.authoring import run_examples
    from piiguard.engine import Detector

    pack = load_pack([tmp_path], entry_point_plugins=False)
    (rec,) = pack.recognizers
    assert rec.entity == "SHOUT"
    report = run_examples(Detector(pack), rec)
    assert report.total == 2 and not report.failures

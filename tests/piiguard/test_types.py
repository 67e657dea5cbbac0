"""Type declarations (piiguard/types.py) and routing by script (piiguard/scripts.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from piiguard.errors import ConfigError
from piiguard.pack import load_pack
from piiguard.scripts import ScriptRoutedRecognizer, script_parts
from piiguard.types import parse_type

from ..conftest import RECOGNIZERS

_SPEC = """\
name: {name}
entity: NEW_TYPE
patterns: [{{name: p, regex: 'NT\\d{{6}}', score: 0.8}}]
type:
{type}
"""


@pytest.mark.parametrize(
    ("type_yaml", "field"),
    [
        ("  chip: {en: x}", "type.display"),
        ("  display: {zh: 新}", "type.display.en"),
        ("  display: {en: x, fr: y}", "type.display.fr"),
        ("  display: {en: x}\n  policy: {robot: block}", "type.policy.robot"),
        ("  display: {en: x}\n  policy: {agent: deny}", "type.policy.agent"),
        ("  display: {en: x}\n  redaction: {operator: shred}", "type.redaction.operator"),
        ("  display: {en: x}\n  redaction: {operator: keep_last, n: 4}", "type.redaction.n"),
        ("  display: {en: x}\n  request: {words: {en: [x]}}", "type.request.agents_may_ask"),
        (
            "  display: {en: x}\n  request: {agents_may_ask: false, risk_weight: 2}",
            "type.request.risk_weight",
        ),
        (
            "  display: {en: x}\n  request: {agents_may_ask: false, words: {en: [yes]}}",
            "type.request.words.en",
        ),
        ("  display: {en: x}\n  colour: blue", "type.colour"),
    ],
)
def test_a_bad_declaration_names_file_and_field(tmp_path: Path, type_yaml: str, field: str) -> None:
    (tmp_path / "new_type.yaml").write_text(
        _SPEC.format(name="new_type", type=type_yaml), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as err:
        load_pack([tmp_path])
    assert err.value.field == field
    assert "new_type.yaml" in str(err.value)


def test_a_type_is_declared_once(tmp_path: Path) -> None:
    for name in ("first", "second"):
        (tmp_path / f"{name}.yaml").write_text(
            _SPEC.format(name=name, type="  display: {en: x}"), encoding="utf-8"
        )
    with pytest.raises(ConfigError) as err:
        load_pack([tmp_path])
    assert "first.yaml" in str(err.value) and "second.yaml" in str(err.value)


def test_the_built_in_pack_declares_the_contract_types() -> None:
    from piiguard.model import ENTITY_TYPES

    declared = load_pack([RECOGNIZERS]).types
    assert set(ENTITY_TYPES) <= set(declared)
    assert declared["CREDIT_CARD"].redaction is not None
    assert declared["CREDIT_CARD"].redaction.operator == "keep_last"
    requestable = {t for t, d in declared.items() if d.request is not None}
    assert requestable == {
        "PASSWORD",
        "VERIFICATION_CODE",
        "CREDIT_CARD",
        "CARD_CVV",
        "CARD_EXPIRY",
        "CN_RESIDENT_ID",
        "US_SSN",
        "BANK_ACCOUNT",
    }
    assert all(declared[t].request.words for t in requestable)  # type: ignore[union-attr]


def test_a_chip_defaults_to_the_display_name() -> None:
    d = parse_type({"display": {"en": "Taiwan ID", "zh": "台湾身份证"}}, "TW", "x.yaml")
    assert d.label("zh") == "台湾身份证" and d.label("fr") == "Taiwan ID"


def test_script_parts_keep_offsets_and_blank_the_other_script() -> None:
    text = "我的身分證 E268067753, NI number JG103759A"
    latin = script_parts(text, "en")
    assert latin is not None and len(latin) == len(text)
    assert "身" not in latin and latin.index("JG103759A") == text.index("JG103759A")
    han = script_parts("my 身分证 is X1234 ok", "zh")
    assert han is not None and "my" not in han and "X1234" in han and "身分证" in han
    assert script_parts("身分证 123", "en") is None  # no Latin letter: nothing to read
    assert script_parts("call me at 5pm", "zh") is None


def test_only_one_language_recognizers_are_routed(tmp_path: Path) -> None:
    from piiguard.engine import Detector

    (tmp_path / "en_only.yaml").write_text(
        "entity: EN_ONLY\nlanguages: [en]\npatterns: [{name: p, regex: 'ZQ\\d{6}', score: 0.8}]\n",
        encoding="utf-8",
    )
    detector = Detector(load_pack([RECOGNIZERS, tmp_path]))
    routed = [
        r for r in detector.analyzer.registry.recognizers if isinstance(r, ScriptRoutedRecognizer)
    ]
    assert [(r.supported_language, r.script_language) for r in routed] == [("zh", "en")]
    found = detector.detect("客户编号是 ZQ123456 谢谢您")
    assert [(f.type, f.start) for f in found] == [("EN_ONLY", 6)]
    assert detector.detect("客户编号是 ZQ123456 谢谢您", "en")[0].type == "EN_ONLY"


def test_each_declared_request_word_names_one_type() -> None:
    # Names and descriptions of all types share one matcher each: a phrase declared for
    # two types (or twice for one) would go to whichever loads first.
    import collections

    for part in ("words", "descriptions"):
        seen: collections.Counter[str] = collections.Counter()
        for d in load_pack([RECOGNIZERS]).types.values():
            if d.request is not None:
                for words in getattr(d.request, part).values():
                    seen.update(w.lower() for w in words)
        assert [w for w, n in seen.items() if n > 1] == [], part

"""The learned back-up of the request rules (piiguard.request_model): evaluated and not
adopted (docs/accuracy.md), so scanning must not use it; `explain --request-model` shows
its view without letting it decide."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from piiguard.errors import ConfigError
from piiguard.guard import Guard
from piiguard.request_model import DEFAULT_MODEL_PATH, RequestModel, features
from piiguard.request_train import TYPES, fit


def test_features_hold_no_digits_and_carry_the_expectation() -> None:
    feats = features("Read me the 6 digits ######, 4417", prior=["CREDIT_CARD"], items=["X"])
    assert "p:CREDIT_CARD" in feats and "i:X" in feats
    assert not any(ch.isdigit() for f in feats for ch in f.partition(":")[2] if ch != "0")


def test_committed_model_loads_small_and_scores_with_evidence() -> None:
    assert DEFAULT_MODEL_PATH.stat().st_size < 400_000
    model = RequestModel.load()
    assert set(model.types) == set(TYPES)
    scored = model.score(features("please read me the verification code we just texted you"))
    p, evidence = scored["VERIFICATION_CODE"]
    assert p > 0.5 and evidence
    assert scored["US_SSN"][0] < 0.5


def test_a_broken_model_file_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "m.json"
    bad = {"types": ["A"], "bias": [0, 1], "thresholds": [0.5], "weights": {}}
    path.write_text(json.dumps(bad))
    with pytest.raises(ConfigError):
        RequestModel.load(path)


def test_scanning_does_not_use_the_model(guard: Guard) -> None:
    assert guard.requests.model is None


def test_shadow_model_is_shown_by_explain_and_never_decides(guard: Guard) -> None:
    text = "the thing on your screen, the six figures, whats it"
    before = {t.type for t in guard.requests.detect(text)}
    guard.requests.shadow_model = RequestModel.load()
    try:
        notes = guard.requests.explain(text)
        assert {t.type for t in guard.requests.detect(text)} == before
    finally:
        guard.requests.shadow_model = None
    assert any(n.startswith("learned model (shown only, never decides)") for n in notes)


def test_fit_learns_a_type_from_few_rows() -> None:
    ask = ({"w:tell", "w:pin"}, {"PASSWORD"}, set())
    other = ({"w:tell", "w:order"}, set(), set())
    vocab, coef, _ = fit([ask, other] * 5)
    k = TYPES.index("PASSWORD")
    assert coef[vocab.index("w:pin"), k] > 0 > coef[vocab.index("w:order"), k]

"""Measuring the learned risk model: near-copy groups, windows, shortcut erasure, scaling."""

from __future__ import annotations

import pytest

from piiguard.risk_eval import (
    erase_shortcuts,
    fold_of_group,
    near_duplicate_groups,
)
from piiguard.risk_train import TYPE_OF_LABEL, Example, window_bounds


def _example(eid: str, *texts: str, scam: bool = False) -> Example:
    turns = tuple(("agent" if i % 2 == 0 else "customer", t) for i, t in enumerate(texts))
    return Example(eid, "s", "en", turns, scam, None)


def test_near_copies_share_a_group_and_others_do_not() -> None:
    pytest.importorskip("numpy")
    base = "hi, this is Karen from Sunny Dental, calling to confirm your appointment on Tuesday"
    examples = [
        _example("b", base, "yes, that works, thank you"),
        _example("a", base.replace("Sunny", "Sunshine"), "yes, that works, thanks"),
        _example("c", "your parcel is held at customs, pay the release fee now", "what parcel?"),
    ]
    groups = near_duplicate_groups(examples)
    assert groups["a"] == groups["b"] == "a"  # the smallest id leads its group
    assert groups["c"] == "c"
    assert all(fold_of_group(g, 5) == fold_of_group(g, 5) in range(5) for g in groups.values())


def test_erasing_shortcuts_removes_the_readme_words_only() -> None:
    example = _example(
        "x",
        "请提供身份证和银行卡号，然后转账",
        "Buy Gift Cards and read me your Social Security number",
    )
    erased = [t for _, t in erase_shortcuts(example).turns]
    assert erased == ["请提供和号，然后", "Buy  and read me your  number"]


@pytest.mark.parametrize("n_turns", [1, 3, 4, 6, 7, 12, 40])
def test_training_windows_lie_inside_the_conversation(n_turns: int) -> None:
    bounds = window_bounds("conv-1", n_turns)
    assert bounds == window_bounds("conv-1", n_turns)  # deterministic
    for lo, hi in bounds:
        assert 0 <= lo < hi <= n_turns and hi - lo < n_turns  # a part, never the whole
    assert (0, 3) in bounds if n_turns > 3 else (0, 3) not in bounds


def test_the_four_teleantifraud_bank_labels_are_one_type() -> None:
    # docs/accuracy.md: their dialogues are the same bank "security" call
    assert {TYPE_OF_LABEL[k] for k in ("客服诈骗", "钓鱼诈骗", "银行诈骗", "身份盗窃")} == {
        "bank_security"
    }


def test_kind_scale_is_folded_into_the_stored_weights() -> None:
    """A kind feature fitted at value s is stored as s x its coefficient: the shipped
    model's logit on binary features equals scikit-learn's decision function."""
    pytest.importorskip("sklearn")

    from sklearn.linear_model import LogisticRegression

    from piiguard.risk_learned import LearnedState
    from piiguard.risk_train import Featurised, Recipe, _lr, _matrix, _value, fit

    rows = [
        frozenset({"a:x", "k:secrecy"}),
        frozenset({"a:x"}),
        frozenset({"a:y", "k:secrecy"}),
        frozenset({"a:y"}),
    ] * 6
    labels = [True, False, True, False] * 6
    items = [
        Featurised(
            example=Example(f"c{i}", "s", "en", (), y, None),
            features=f,
            ablated=f,
            hard_floor=0.0,
            keyword_score=0.0,
        )
        for i, (f, y) in enumerate(zip(rows, labels, strict=True))
    ]
    recipe = Recipe(kind_scale=3.0)
    model = fit(items, with_types=False, recipe=recipe)
    # scikit-learn on the scaled matrix (the scams' erased copies included, as fit does)
    vocabulary = sorted(model.features)
    train_rows = rows + [f for f, y in zip(rows, labels, strict=True) if y]
    train_labels = labels + [True] * sum(labels)
    weights = [1.0] * len(rows) + [0.5] * sum(labels)
    reference = _lr(LogisticRegression, recipe, vocabulary, train_rows, train_labels, weights)
    values = [_value(f, recipe) for f in vocabulary]
    expected = reference.decision_function(_matrix([rows[0]], vocabulary, values))[0]
    state = LearnedState(model)
    state.add(rows[0])
    assert state.logit == pytest.approx(expected, abs=2e-3)

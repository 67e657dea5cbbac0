"""Train the learned scam-risk model (``piiguard train-risk``; needs scikit-learn).

Data: labelled transcripts (JSON Lines, ``gold.scam``). Each conversation goes through
the same pipeline as at run time (the Guard's detector and agent-request rules, values
masked, the keyword signals of ``risk.yaml``), and becomes the feature set of
:mod:`piiguard.risk_features`. A logistic regression learns the scam probability and a
multinomial one the scam type (from the sets' own type labels, mapped onto
:data:`~piiguard.risk_learned.SCAM_TYPES` by :data:`TYPE_OF_LABEL`).

Against lexical shortcuts (see ``../shared/corpus/external/README.md``: 身份证, 银行卡,
转账, "social security", "gift card" separate the external sets' scams from their easy
negatives almost alone) those words never become features
(:data:`piiguard.risk_features.SHORTCUT_WORDS`), every scam is trained once more with
its strongest cue words erased (:data:`ABLATED_WORDS`) so the model learns the weaker
cues around them too, and the hard negatives we write (legit bank, wallet and telecom
calls that use the same words) weigh double.

Deterministic: fixed folds and solver seeds, inputs sorted by id, weights rounded.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from piiguard.model import Turn
from piiguard.requests import mask_values
from piiguard.risk import RiskModel, RiskTracker
from piiguard.risk_features import KIND_PREFIX, turn_features
from piiguard.risk_learned import SCAM_TYPES, LearnedModel

if TYPE_CHECKING:
    from piiguard.guard import Guard

__all__ = [
    "ABLATED_WORDS",
    "Example",
    "Featurised",
    "LITERAL_TYPE_OF_LABEL",
    "TYPE_OF_LABEL",
    "combined_score",
    "cross_validate",
    "digest",
    "evaluation_table",
    "featurise",
    "fit",
    "fold_of",
    "load_examples",
    "refit_types",
    "training_meta",
]

# The external sets' own type labels -> our types (TeleAntiFraud `source.scenario`,
# BothBosu `source.type`; our own files give `gold.scam_type` directly).
#
# TeleAntiFraud's labels are the prompts its generator was given, not what it wrote:
# the dialogues under 客服诈骗, 钓鱼诈骗, 银行诈骗 and 身份盗窃 are one call - a bank's
# (now and then a shopping platform's) "customer service" reports an account anomaly and
# collects identity and card details to "verify". In the agent's turns, 82-98% of each
# name a bank, 81-95% report an anomaly or a freeze, and 10-13% send a link or an app
# (so 钓鱼 is not a phishing-link call here); 邮件诈骗 is the parcel/customs call (100%
# name a parcel, 9% a bank). docs/accuracy.md has the table (``piiguard train-risk --cv``
# prints it). All four are therefore our bank_security: same call, same safe next step
# (hang up, call the number on the card). The literal reading (客服 -> customer_service,
# 钓鱼 -> phishing) is reported beside it, with the confusion matrix.
TYPE_OF_LABEL: Mapping[str, str] = {
    "客服诈骗": "bank_security",
    "钓鱼诈骗": "bank_security",
    "银行诈骗": "bank_security",
    "身份盗窃": "bank_security",
    "邮件诈骗": "customer_service",  # parcel / courier "customer service" fines
    "投资诈骗": "investment",
    "彩票诈骗": "prize",
    "绑架诈骗": "family_emergency",
    "ssn": "authority",  # "Social Security Administration" / federal agent calls
    "support": "tech_support",
    "refund": "customer_service",
    "reward": "prize",
}
# The literal reading of the labels, for the report only.
LITERAL_TYPE_OF_LABEL: Mapping[str, str] = {
    **TYPE_OF_LABEL,
    "客服诈骗": "customer_service",
    "钓鱼诈骗": "phishing",
}
# Strong cue words of the external scams, erased in a second copy of each scam so the
# model learns the other cues too (the shortcut words themselves are never features).
ABLATED_WORDS = (
    "验证码",
    "安全账户",
    "冻结",
    "公安",
    "警官",
    "中奖",
    "verification code",
    "gift cards",
    "bitcoin",
    "arrest",
    "warrant",
    "suspended",
    "remote",
    "prize",
)
_ABLATED = re.compile("|".join(re.escape(w) for w in ABLATED_WORDS), re.IGNORECASE)
FEATURES_KEPT = 6000
MIN_CONVERSATIONS = 3  # a feature must occur in this many training conversations
C_TYPE = 0.5
FOLDS = 5


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    source: str
    language: str | None
    turns: tuple[tuple[str, str], ...]
    scam: bool
    scam_type: str | None
    label: str | None = None  # the set's own type label (``source.scenario`` / ``type``)


# (speaker, masked text, requested types, phone digits, the sentence of each request) of
# one turn, as at run time
MaskedTurn = tuple[str, str, tuple[str, ...], list[str], dict[str, str]]


@dataclass(frozen=True, slots=True)
class Featurised:
    example: Example
    features: frozenset[str]
    ablated: frozenset[str]  # the same conversation with the strong cue words erased
    hard_floor: float  # the keyword score of the cues protective words never cancel
    keyword_score: float  # today's keyword-only score, for comparison
    # feature sets of turn windows (the first few turns, a window from the middle):
    # training rows too, so the score is right after 3 turns, not only at the end
    windows: tuple[frozenset[str], ...] = ()
    masked: tuple[MaskedTurn, ...] = ()  # kept for window and ablation measurements


@dataclass(frozen=True, slots=True)
class Recipe:
    """How the scam model is fitted (the shipped recipe is the default)."""

    c_scam: float = 0.5
    # Cue-kind features (``k:...``) enter the fit with this value instead of 1: the same
    # penalty buys a kind KIND_SCALE times the weight of an n-gram, so the model leans on
    # the named cue families (which mean the same in every set and language) before a
    # generator's wording. The stored weight is the coefficient times the scale.
    kind_scale: float = 3.0
    window_weight: float = 0.5  # weight of each window row (0: no window rows)


def _source_label(record: Mapping[str, Any]) -> str | None:
    source = record.get("source") or {}
    for key in ("scenario", "type"):
        label = source.get(key)
        if isinstance(label, str) and label in TYPE_OF_LABEL:
            return label
    return None


def _type_label(record: Mapping[str, Any]) -> str | None:
    gold = record.get("gold") or {}
    if gold.get("scam_type"):
        return str(gold["scam_type"])
    label = _source_label(record)
    return TYPE_OF_LABEL[label] if label else None


def load_examples(paths: Sequence[Path | str]) -> list[Example]:
    """Labelled conversations from JSON Lines files (``gold.scam`` required), sorted by id."""
    out = []
    for path in paths:
        source = Path(path).stem
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                record = json.loads(line)
                scam = bool(record["gold"]["scam"])
                out.append(
                    Example(
                        id=f"{source}/{record['id']}",
                        source=source,
                        language=record.get("language"),
                        turns=tuple((t["speaker"], t["text"]) for t in record["turns"]),
                        scam=scam,
                        scam_type=_type_label(record) if scam else None,
                        label=_source_label(record) if scam else None,
                    )
                )
    return sorted(out, key=lambda e: e.id)


def masked_turns(guard: Guard, example: Example) -> list[MaskedTurn]:
    """(speaker, masked text, requested types, phone digits, request sentences) per turn,
    as at run time."""
    from piiguard.normalize import normalize

    conversation = guard.conversation(conversation_id=example.id, language=example.language)
    out = []
    for speaker, text in example.turns:
        decision = conversation.add_turn(Turn(speaker, text))
        spans = [(f.start, f.end) for f in decision.findings]
        phones = [
            "".join(c for c in normalize(text[f.start : f.end]).text if c.isdigit())
            for f in decision.findings
            if f.type == "PHONE_NUMBER"
        ]
        # every request blocks the turn, so its triggers are the request rules' findings
        sentences = {t.type: t.phrase for t in decision.triggers if t.reason == "request"}
        out.append((speaker, mask_values(text, spans), decision.agent_request, phones, sentences))
    return out


def conversation_features(
    keyword_model: RiskModel,
    language: str,
    turns: Iterable[MaskedTurn],
    snapshots: Sequence[int] = (),
) -> tuple[frozenset[str], RiskTracker, list[frozenset[str]]]:
    """The learned model's features of these turns, gathered turn by turn as at run time,
    the keyword tracker read over them, and the features after each of the first
    ``snapshots`` turns (prefix windows for free)."""
    tracker = RiskTracker(keyword_model, language=language)
    features: set[str] = set()
    taken = []
    wanted = set(snapshots)
    for index, (speaker, masked, requested, phones, sentences) in enumerate(turns):
        tracker.add_turn(index, speaker, masked, requested, phones, sentences)
        features |= turn_features(speaker, masked)
        features |= tracker.kind_features()
        if index + 1 in wanted:
            taken.append(frozenset(features))
    return frozenset(features), tracker, taken


# Training windows: the first TRAIN_PREFIXES turns, and MID_WINDOW turns from a point
# fixed by the id (platforms score after every turn; a third-party set scores windows
# cut from the middle of calls).
TRAIN_PREFIXES = (3, 5)
MID_WINDOW = 4


def _mid_window(example_id: str, n_turns: int) -> tuple[int, int] | None:
    if n_turns <= MID_WINDOW + 2:
        return None
    start = 1 + int(hashlib.sha256(example_id.encode()).hexdigest(), 16) % (
        n_turns - MID_WINDOW - 1
    )
    return start, start + MID_WINDOW


def window_bounds(example_id: str, n_turns: int) -> list[tuple[int, int]]:
    """The (start, end) turn windows a conversation is also trained on."""
    out = [(0, k) for k in TRAIN_PREFIXES if k < n_turns]
    middle = _mid_window(example_id, n_turns)
    return [*out, middle] if middle else out


def featurise_turns(
    keyword_model: RiskModel, example: Example, turns: Sequence[MaskedTurn]
) -> Featurised:
    """One conversation's training rows from its masked turns."""
    language = example.language or "en"
    prefixes = [k for k in TRAIN_PREFIXES if k < len(turns)]
    features, tracker, windows = conversation_features(keyword_model, language, turns, prefixes)
    erased = [(s, _ABLATED.sub(" ", m), r, p, q) for s, m, r, p, q in turns]
    ablated = conversation_features(keyword_model, language, erased)[0]
    middle = _mid_window(example.id, len(turns))
    if middle is not None:
        lo, hi = middle
        windows.append(conversation_features(keyword_model, language, turns[lo:hi])[0])
    return Featurised(
        example=example,
        features=features,
        ablated=ablated,
        hard_floor=tracker.hard_floor(),
        keyword_score=tracker.keyword_score(),
        windows=tuple(windows),
        masked=tuple(turns),
    )


def keyword_only(guard: Guard) -> RiskModel:
    """The guard's risk model without its learned part (what training reads signals with)."""
    return dataclasses.replace(guard.risk_model, learned=None)


def featurise(
    guard: Guard, examples: Sequence[Example], progress: Callable[[int], None] | None = None
) -> list[Featurised]:
    """Run every example through the run-time pipeline with the keyword-only risk model."""
    keyword_model = keyword_only(guard)
    out = []
    for n, example in enumerate(examples):
        out.append(featurise_turns(keyword_model, example, masked_turns(guard, example)))
        if progress is not None and n % 500 == 0:
            progress(n)
    return out


def _vocabulary(rows: Iterable[frozenset[str]]) -> list[str]:
    df: Counter[str] = Counter()
    for features in rows:
        df.update(features)
    return sorted(f for f, n in df.items() if n >= MIN_CONVERSATIONS or f.startswith("k:"))


def _matrix(
    rows: Sequence[frozenset[str]],
    vocabulary: Sequence[str],
    values: Sequence[float] | None = None,
) -> Any:
    from scipy.sparse import csr_matrix

    index = {f: i for i, f in enumerate(vocabulary)}
    indptr, indices = [0], []
    for features in rows:
        indices.extend(sorted(index[f] for f in features if f in index))
        indptr.append(len(indices))
    data = [1.0] * len(indices) if values is None else [values[i] for i in indices]
    return csr_matrix((data, indices, indptr), shape=(len(rows), len(vocabulary)))


def _sample_weights(items: Sequence[Featurised]) -> list[float]:
    """Each source and class weighs the same in total; our own hard cases count double."""
    groups = Counter((f.example.source, f.example.scam) for f in items)
    weights = []
    for f in items:
        key = (f.example.source, f.example.scam)
        share = len(items) / (len(groups) * groups[key])
        own = 2.0 if f.example.source.startswith("risk_") else 1.0
        weights.append(share * own)
    return weights


def _fit_scam(items: Sequence[Featurised], recipe: Recipe) -> tuple[float, dict[str, float]]:
    """Logistic regression on the feature sets, shortcut-erased copies of the scams and
    turn windows of every conversation."""
    from sklearn.linear_model import LogisticRegression

    base = _sample_weights(items)
    rows: list[frozenset[str]] = [f.features for f in items]
    labels = [f.example.scam for f in items]
    weights = list(base)
    for w, f in zip(base, items, strict=True):
        if f.example.scam:
            rows.append(f.ablated)
            labels.append(True)
            weights.append(w * 0.5)
        if recipe.window_weight > 0:
            rows.extend(f.windows)
            labels.extend([f.example.scam] * len(f.windows))
            weights.extend([w * recipe.window_weight] * len(f.windows))
    vocabulary = _vocabulary(rows)
    fitted = _lr(LogisticRegression, recipe, vocabulary, rows, labels, weights)
    coef = _unscaled(fitted.coef_[0], vocabulary, recipe)
    kept = sorted(range(len(vocabulary)), key=lambda i: (-abs(coef[i]), vocabulary[i]))[
        :FEATURES_KEPT
    ]
    vocabulary = sorted(vocabulary[i] for i in kept)
    fitted = _lr(LogisticRegression, recipe, vocabulary, rows, labels, weights)
    coef = _unscaled(fitted.coef_[0], vocabulary, recipe)
    return float(fitted.intercept_[0]), dict(zip(vocabulary, coef, strict=True))


def _value(feature: str, recipe: Recipe) -> float:
    return recipe.kind_scale if feature.startswith(KIND_PREFIX) else 1.0


def _unscaled(coef: Any, vocabulary: Sequence[str], recipe: Recipe) -> list[float]:
    """Weights on binary features (the fit saw kind features at ``kind_scale``)."""
    return [float(w) * _value(f, recipe) for w, f in zip(coef, vocabulary, strict=True)]


def _lr(
    cls: Any, recipe: Recipe, vocabulary: Sequence[str], rows: Any, labels: Any, weights: Any
) -> Any:
    model = cls(C=recipe.c_scam, solver="liblinear", max_iter=2000, random_state=0)
    values = [_value(f, recipe) for f in vocabulary]
    model.fit(_matrix(rows, vocabulary, values), labels, sample_weight=weights)
    return model


def _fit_types(
    items: Sequence[Featurised], vocabulary: Sequence[str]
) -> tuple[tuple[str, ...], list[float], dict[str, list[float]]]:
    from sklearn.linear_model import LogisticRegression

    typed = [f for f in items if f.example.scam and f.example.scam_type]
    types = tuple(t for t in SCAM_TYPES if any(f.example.scam_type == t for f in typed))
    if len(types) < 2:  # nothing to tell apart: no type model, the cue kinds name the type
        return (), [], {f: [] for f in vocabulary}
    model = LogisticRegression(C=C_TYPE, solver="lbfgs", max_iter=3000)
    model.fit(
        _matrix([f.features for f in typed], vocabulary),
        [types.index(f.example.scam_type or "other") for f in typed],
    )
    weights = {f: [float(w) for w in model.coef_[:, i]] for i, f in enumerate(vocabulary)}
    return types, [float(b) for b in model.intercept_], weights


def fit(
    items: Sequence[Featurised],
    meta: Mapping[str, Any] | None = None,
    with_types: bool = True,
    recipe: Recipe | None = None,
) -> LearnedModel:
    """The learned model of ``items`` (weights rounded so the file is stable and small)."""
    bias, scam_weights = _fit_scam(items, recipe or Recipe())
    model = _assemble(meta, bias, scam_weights, (), [], {})
    return refit_types(model, items) if with_types else model


def refit_types(model: LearnedModel, items: Sequence[Featurised]) -> LearnedModel:
    """``model`` with its type part fitted (again) on ``items``' type labels."""
    weights = dict(zip(model.features, model.weights, strict=True))
    types, type_bias, type_weights = _fit_types(items, model.features)
    return _assemble(model.meta, model.bias, weights, types, type_bias, type_weights)


def _assemble(
    meta: Mapping[str, Any] | None,
    bias: float,
    scam_weights: Mapping[str, float],
    types: Sequence[str],
    type_bias: Sequence[float],
    type_weights: Mapping[str, Sequence[float]],
) -> LearnedModel:
    features = sorted(scam_weights)
    return LearnedModel.from_dict(
        {
            "meta": dict(meta or {}),
            "bias": round(bias, 4),
            "features": features,
            "weights": [round(scam_weights[f], 4) for f in features],
            "types": list(types),
            "type_bias": [round(b, 4) for b in type_bias],
            "type_weights": {
                str(i): [round(w, 3) for w in type_weights.get(f, ())]
                for i, f in enumerate(features)
                if max((abs(w) for w in type_weights.get(f, ())), default=0.0) >= 0.02
            },
        }
    )


def digest(examples: Sequence[Example]) -> str:
    h = hashlib.sha256()
    for e in examples:
        h.update(json.dumps([e.id, e.scam, e.scam_type, e.turns], ensure_ascii=False).encode())
    return h.hexdigest()[:16]


def training_meta(examples: Sequence[Example]) -> dict[str, Any]:
    """What the model was trained on (counts per source and class, a digest of the data)."""
    counts = Counter(f"{e.source}:{'scam' if e.scam else 'legit'}" for e in examples)
    return {
        "data": dict(sorted(counts.items())),
        "data_sha256_16": digest(examples),
        "features_kept": FEATURES_KEPT,
        "trained_by": "piiguard train-risk",
    }


def fold_of(example_id: str, folds: int = FOLDS) -> int:
    """A stable fold per conversation (a hash of its id, not Python's salted hash)."""
    return int(hashlib.sha256(example_id.encode()).hexdigest(), 16) % folds


def cross_validate(
    items: Sequence[Featurised], folds: int = FOLDS, with_types: bool = True
) -> list[tuple[Featurised, float, str]]:
    """Out-of-fold (item, learned probability, predicted type) for every item."""
    from piiguard.risk_learned import LearnedState

    out = []
    for k in range(folds):
        train_items = [f for f in items if fold_of(f.example.id, folds) != k]
        model = fit(train_items, with_types=with_types)
        for f in items:
            if fold_of(f.example.id, folds) == k:
                state = LearnedState(model)
                state.add(f.features)
                out.append((f, state.probability(), state.scam_type()[0]))
    return out


def combined_score(probability: float, hard_floor: float) -> float:
    """What the tracker reports: the learned probability, never below the hard cues."""
    return max(probability, hard_floor)


def _figures(rows: Sequence[tuple[bool, float, str | None, str | None]], threshold: float) -> str:
    """AUROC | precision | recall | flagged | type accuracy of (scam, score, type, predicted)."""
    from sklearn.metrics import roc_auc_score

    labels = [y for y, _, _, _ in rows]
    flagged = [s >= threshold for _, s, _, _ in rows]
    tp = sum(f and y for f, y in zip(flagged, labels, strict=True))
    fp = sum(f and not y for f, y in zip(flagged, labels, strict=True))
    fn = sum(y and not f for f, y in zip(flagged, labels, strict=True))
    auroc = roc_auc_score(labels, [s for _, s, _, _ in rows]) if len(set(labels)) > 1 else None
    typed = [(t, p) for y, _, t, p in rows if y and t]
    cells = [
        "–" if auroc is None else f"{auroc:.3f}",
        f"{tp / (tp + fp):.3f}" if tp + fp else "–",
        f"{tp / (tp + fn):.3f}" if tp + fn else "–",
        f"{fp}/{len(labels) - sum(labels)}",
        f"{sum(t == p for t, p in typed) / len(typed):.3f}" if typed else "–",
    ]
    return " | ".join(cells)


def evaluation_table(
    model: LearnedModel,
    held_out: Sequence[Featurised],
    oof: Sequence[tuple[Featurised, float, str]] | None,
    threshold: float,
) -> str:
    """The markdown table of docs/accuracy.md: learned vs keyword-only, per data set."""
    from piiguard.risk_learned import LearnedState

    header = (
        "| set | how | n | AUROC | precision | recall | legit flagged | type accuracy |\n"
        "| --- | --- | --- | --- | --- | --- | --- | --- |"
    )
    lines = [header]

    def add(
        name: str, how: str, rows: Sequence[tuple[bool, float, str | None, str | None]]
    ) -> None:
        lines.append(f"| {name} | {how} | {len(rows)} | {_figures(rows, threshold)} |")

    groups: dict[str, list[tuple[Featurised, float, str]]] = {}
    for f, p, t in oof or ():
        groups.setdefault(f.example.source, []).append((f, p, t))
    for source, items in sorted(groups.items()):
        add(
            source,
            f"learned, {FOLDS}-fold CV",
            [
                (f.example.scam, combined_score(p, f.hard_floor), f.example.scam_type, t)
                for f, p, t in items
            ],
        )
        add(
            source,
            "keyword-only",
            [(f.example.scam, f.keyword_score, None, None) for f, _, _ in items],
        )
    by_source: dict[str, list[Featurised]] = {}
    for f in held_out:
        by_source.setdefault(f.example.source, []).append(f)
    for source, held in sorted(by_source.items()):
        rows: list[tuple[bool, float, str | None, str | None]] = []
        for f in held:
            state = LearnedState(model)
            state.add(f.features)
            rows.append(
                (
                    f.example.scam,
                    combined_score(state.probability(), f.hard_floor),
                    f.example.scam_type,
                    state.scam_type()[0],
                )
            )
        add(source, "shipped model, held out", rows)
        add(source, "keyword-only", [(f.example.scam, f.keyword_score, None, None) for f in held])
    return "\n".join(lines)

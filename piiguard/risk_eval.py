"""Measuring the learned scam-risk model: grouped folds, turn windows, shortcut ablation.

The k-fold figures of ``piiguard train-risk --cv`` say little if a conversation, or a
near copy of it, sits in both the training and the test part: the generators behind the
external sets repeat themselves (a taxi booking told five times with one word changed).
:func:`near_duplicate_groups` joins conversations whose character 5-gram sets overlap by
:data:`NEAR_DUPLICATE` or more (Jaccard, found with MinHash); a group's conversations,
with all their training windows and erased copies, always fall in one fold.

Beyond the whole-conversation figure this measures what cross-validation hides:

- *windows*: the score after the first 3, 5 and 8 turns, and of a window of turns cut
  from the middle of a call, scored as a conversation of its own;
- *shortcut ablation*: the test conversations with the words the external README names
  as lexical shortcuts erased from the raw text (run through the whole pipeline again),
  scored by the same fold models;
- *transfer*: a model trained without one set, scored on that set.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from piiguard.risk import RiskModel
from piiguard.risk_learned import LearnedModel, LearnedState
from piiguard.risk_train import (
    Example,
    Featurised,
    Recipe,
    combined_score,
    conversation_features,
    fit,
)

__all__ = [
    "EVAL_WINDOWS",
    "NEAR_DUPLICATE",
    "README_SHORTCUTS",
    "FoldResult",
    "Row",
    "erase_shortcuts",
    "figures",
    "fold_of_group",
    "grouped_folds",
    "near_duplicate_groups",
    "score_features",
    "window_rows",
]

NEAR_DUPLICATE = 0.5
_SHINGLE = 5
_HASHES, _BANDS = 32, 8
# The words ../shared/corpus/external/README.md names as lexical shortcuts (plural
# "gift cards" included: erasing "gift card" would leave an "s").
README_SHORTCUTS = re.compile(r"身份证|银行卡|转账|social security|gift cards?", re.IGNORECASE)
EVAL_WINDOWS = (3, 5, 8)


def erase_shortcuts(example: Example) -> Example:
    """The conversation with the README's shortcut words erased from every turn."""
    from dataclasses import replace

    turns = tuple((s, README_SHORTCUTS.sub("", t)) for s, t in example.turns)
    return replace(example, turns=turns)


def _shingles(example: Example) -> set[str]:
    text = re.sub(r"\s+", " ", " ".join(t for _, t in example.turns).lower())
    return {text[i : i + _SHINGLE] for i in range(max(1, len(text) - _SHINGLE + 1))}


def _signature(shingles: Iterable[str]) -> tuple[int, ...]:
    import numpy as np

    seeds = np.random.default_rng(0).integers(1, 2**63, size=_HASHES, dtype=np.uint64)
    hashes = np.array(
        [
            int.from_bytes(hashlib.blake2b(s.encode(), digest_size=8).digest(), "big")
            for s in shingles
        ],
        dtype=np.uint64,
    )
    mixed = (hashes[:, None] ^ seeds[None, :]) * np.uint64(0x9E3779B97F4A7C15)
    return tuple(int(v) for v in mixed.min(axis=0))


def near_duplicate_groups(examples: Sequence[Example]) -> dict[str, str]:
    """Each example's group: the smallest id among the near copies it is joined to."""
    ordered = sorted(examples, key=lambda e: e.id)
    shingles = [_shingles(e) for e in ordered]
    parent = list(range(len(ordered)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    rows = _HASHES // _BANDS
    buckets: dict[tuple[int, tuple[int, ...]], list[int]] = {}
    for n, s in enumerate(shingles):
        signature = _signature(s)
        for b in range(_BANDS):
            buckets.setdefault((b, signature[b * rows : (b + 1) * rows]), []).append(n)
    checked: set[tuple[int, int]] = set()
    for members in buckets.values():
        for x, a in enumerate(members):
            for b in members[x + 1 :]:
                if (a, b) in checked:
                    continue
                checked.add((a, b))
                union = len(shingles[a] | shingles[b])
                if union and len(shingles[a] & shingles[b]) / union >= NEAR_DUPLICATE:
                    ra, rb = root(a), root(b)
                    parent[max(ra, rb)] = min(ra, rb)  # the smaller index (id) leads
    return {e.id: ordered[root(n)].id for n, e in enumerate(ordered)}


def fold_of_group(group: str, folds: int) -> int:
    """A stable fold per group (a hash of its id, not Python's salted hash)."""
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % folds


@dataclass(frozen=True, slots=True)
class FoldResult:
    model: LearnedModel
    test: tuple[Featurised, ...]


def grouped_folds(
    items: Sequence[Featurised],
    groups: Mapping[str, str],
    folds: int,
    recipe: Recipe | None = None,
) -> list[FoldResult]:
    """One model per fold, trained on the other folds; near copies never straddle."""
    out = []
    for k in range(folds):
        test = tuple(f for f in items if fold_of_group(groups[f.example.id], folds) == k)
        train = [f for f in items if fold_of_group(groups[f.example.id], folds) != k]
        out.append(FoldResult(fit(train, recipe=recipe), test))
    return out


def score_features(
    model: LearnedModel, features: Iterable[str], hard_floor: float
) -> tuple[float, str]:
    """(score as the tracker reports it, learned type) of one feature set."""
    state = LearnedState(model)
    state.add(features)
    return combined_score(state.probability(), hard_floor), state.scam_type()[0]


# (scam, score, gold type, predicted type, set label)
Row = tuple[bool, float, str | None, str | None, str | None]


def window_rows(
    model: LearnedModel, keyword_model: RiskModel, item: Featurised
) -> dict[str, tuple[bool, float]]:
    """The item's score after its first k turns and on a k-turn window from the middle."""
    example = item.example
    turns = item.masked
    language = example.language or "en"
    out = {}
    for k in EVAL_WINDOWS:
        windows = {f"first {k}": (0, k)}
        if len(turns) >= k + 2:
            # md5, not the training windows' sha256: another cut of the same calls
            start = 1 + int(hashlib.md5(example.id.encode()).hexdigest(), 16) % (len(turns) - k)
            windows[f"middle {k}"] = (start, start + k)
        for name, (lo, hi) in windows.items():
            features, tracker, _ = conversation_features(keyword_model, language, turns[lo:hi])
            out[name] = (example.scam, score_features(model, features, tracker.hard_floor())[0])
    return out


def figures(rows: Sequence[tuple[bool, float]], threshold: float) -> dict[str, float | None]:
    """AUROC, precision, recall and the legit conversations flagged at ``threshold``."""
    from sklearn.metrics import roc_auc_score

    labels = [y for y, _ in rows]
    flagged = [s >= threshold for _, s in rows]
    tp = sum(f and y for f, y in zip(flagged, labels, strict=True))
    fp = sum(f and not y for f, y in zip(flagged, labels, strict=True))
    fn = sum(y and not f for f, y in zip(flagged, labels, strict=True))
    scores = [s for _, s in rows]
    return {
        "n": len(rows),
        "auroc": roc_auc_score(labels, scores) if len(set(labels)) > 1 else None,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "legit_flagged": fp,
        "legit": len(labels) - sum(labels),
    }


def confusion(pairs: Iterable[tuple[str, str]]) -> Counter[tuple[str, str]]:
    """(gold, predicted) counts."""
    return Counter(pairs)


def _cell(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


_HEAD = (
    "| {first} | {second} | n | AUROC | precision | recall | legit flagged |\n"
    "| --- | --- | --- | --- | --- | --- | --- |"
)


def _row(first: str, second: str, rows: Sequence[tuple[bool, float]], threshold: float) -> str:
    return f"| {first} | {second} | {_figure_cells(rows, threshold)} |"


def _figure_cells(rows: Sequence[tuple[bool, float]], threshold: float) -> str:
    f = figures(rows, threshold)
    return " | ".join(
        [
            str(f["n"]),
            _cell(f["auroc"]),
            _cell(f["precision"]),
            _cell(f["recall"]),
            f"{f['legit_flagged']}/{f['legit']}",
        ]
    )


_SET_NAMES = {
    "teleantifraud-zh": "TeleAntiFraud zh (dev half)",
    "bothbosu-en": "BothBosu en (dev half)",
    "dev": "dev corpus",
    "risk_own_train": "own, training part",
    "risk_own_eval": "own, held out",
}


def _name(source: str) -> str:
    return _SET_NAMES.get(source, source)


@dataclass(frozen=True, slots=True)
class Measured:
    """Everything ``piiguard train-risk --cv`` prints, as markdown tables."""

    tables: Mapping[str, str]

    def __str__(self) -> str:
        return "\n\n".join(f"### {title}\n\n{table}" for title, table in self.tables.items())


def measure(
    items: Sequence[Featurised],
    erased: Mapping[str, Featurised],
    held_out: Sequence[Featurised],
    shipped: LearnedModel,
    keyword_model: RiskModel,
    threshold: float,
    folds: int,
    recipe: Recipe | None = None,
) -> Measured:
    """Grouped k-fold CV (whole, windows, shortcuts erased, types), transfer, held out.

    ``erased`` holds the same conversations featurised with the README's shortcut words
    erased (by id); ``held_out`` is scored by ``shipped`` only.
    """
    from piiguard.risk_train import LITERAL_TYPE_OF_LABEL, refit_types

    groups = near_duplicate_groups([f.example for f in items])
    results = grouped_folds(items, groups, folds, recipe)
    whole: dict[str, list[tuple[bool, float]]] = {}
    keyword: dict[str, list[tuple[bool, float]]] = {}
    windows: dict[tuple[str, str], list[tuple[bool, float]]] = {}
    ablated: dict[str, list[tuple[bool, float]]] = {}
    typed: dict[str, list[tuple[str, str, str]]] = {}  # (set label, our type, predicted)
    for result in results:
        for f in result.test:
            source = f.example.source
            score, predicted = score_features(result.model, f.features, f.hard_floor)
            whole.setdefault(source, []).append((f.example.scam, score))
            keyword.setdefault(source, []).append((f.example.scam, f.keyword_score))
            if f.example.scam_type:
                label = f.example.label or f.example.scam_type
                typed.setdefault(source, []).append((label, f.example.scam_type, predicted))
            for name, row in window_rows(result.model, keyword_model, f).items():
                windows.setdefault((source, name), []).append(row)
            other = erased.get(f.example.id)
            if other is not None:
                score = score_features(result.model, other.features, other.hard_floor)[0]
                ablated.setdefault(source, []).append((f.example.scam, score))
    lines = [_HEAD.format(first="set", second="how")]
    for source in sorted(whole):
        how = f"learned, {folds}-fold grouped CV"
        lines.append(_row(_name(source), how, whole[source], threshold))
        lines.append(_row("", "keyword-only", keyword[source], threshold))
        if source in ablated:
            how = "learned, CV, README shortcut words erased"
            lines.append(_row("", how, ablated[source], threshold))
    by_source: dict[str, list[tuple[bool, float]]] = {}
    for f in held_out:
        by_source.setdefault(f"{f.example.source} {f.example.language}", []).append(
            (f.example.scam, score_features(shipped, f.features, f.hard_floor)[0])
        )
        other = erased.get(f.example.id)
        if other is not None:
            by_source.setdefault(
                f"{f.example.source} {f.example.language}, shortcuts erased", []
            ).append((f.example.scam, score_features(shipped, other.features, other.hard_floor)[0]))
    for name, rows in sorted(by_source.items()):
        source, _, rest = name.partition(" ")
        lines.append(_row(f"{_name(source)} {rest}", "shipped model", rows, threshold))
    tables = {"Whole conversations": "\n".join(lines)}

    window_names = [f"first {k}" for k in EVAL_WINDOWS] + [f"middle {k}" for k in EVAL_WINDOWS]
    lines = [_HEAD.format(first="set", second="window")]
    for source in sorted(whole):
        for name in window_names:
            if (source, name) in windows:
                rows = windows[(source, name)]
                lines.append(_row(_name(source), f"{name} turns", rows, threshold))
    tables["Turn windows (grouped CV)"] = "\n".join(lines)

    lines = [_HEAD.format(first="set left out of training, scored", second="text")]
    for left_out in sorted({f.example.source for f in items if f.example.source in _EXTERNAL}):
        model = fit(
            [f for f in items if f.example.source != left_out], recipe=recipe, with_types=False
        )
        test = [f for f in items if f.example.source == left_out]
        rows = [(f.example.scam, score_features(model, f.features, f.hard_floor)[0]) for f in test]
        lines.append(_row(_name(left_out), "as written", rows, threshold))
        rows = [
            (f.example.scam, score_features(model, e.features, e.hard_floor)[0])
            for f in test
            if (e := erased.get(f.example.id)) is not None
        ]
        lines.append(_row("", "README shortcut words erased", rows, threshold))
    tables["Transfer: a model trained without the set"] = "\n".join(lines)

    # types: the shipped mapping, and the literal one (type model refitted per fold)
    literal_items = [_relabelled(f, LITERAL_TYPE_OF_LABEL) for f in items]
    literal: dict[str, list[tuple[str, str]]] = {}
    literal_by_id = {f.example.id: f for f in literal_items}
    for result in results:
        test_ids = {f.example.id for f in result.test}
        model = refit_types(
            result.model, [f for f in literal_items if f.example.id not in test_ids]
        )
        for f in result.test:
            g = literal_by_id[f.example.id]
            if g.example.scam_type:
                predicted = score_features(model, g.features, g.hard_floor)[1]
                literal.setdefault(f.example.source, []).append((g.example.scam_type, predicted))
    lines = ["| set | mapping | scams typed | accuracy |", "| --- | --- | --- | --- |"]
    for source in sorted(typed):
        rows3 = typed[source]
        accuracy = sum(t == p for _, t, p in rows3) / len(rows3)
        lines.append(
            f"| {_name(source)} | shipped (`TYPE_OF_LABEL`) | {len(rows3)} | {accuracy:.3f} |"
        )
        if source in literal and source in _EXTERNAL:
            pairs = literal[source]
            accuracy = sum(t == p for t, p in pairs) / len(pairs)
            lines.append(f"| | literal (`LITERAL_TYPE_OF_LABEL`) | {len(pairs)} | {accuracy:.3f} |")
    tables["Scam types (grouped CV)"] = "\n".join(lines)
    for source in sorted(typed):
        if source in _EXTERNAL:
            tables[f"Types, {_name(source)}: set label (rows) x predicted type (columns)"] = (
                _confusion_table([(g, p) for g, _, p in typed[source]])
            )
    tables["TeleAntiFraud labels: what their dialogues say (agent turns)"] = label_content_table(
        items
    )
    return Measured(tables)


_EXTERNAL = ("teleantifraud-zh", "bothbosu-en")


def _relabelled(f: Featurised, mapping: Mapping[str, str]) -> Featurised:
    from dataclasses import replace

    if not f.example.label:
        return f
    return replace(f, example=replace(f.example, scam_type=mapping[f.example.label]))


def _confusion_table(pairs: Sequence[tuple[str, str]]) -> str:
    counts = confusion(pairs)
    gold = sorted({g for g, _ in pairs})
    predicted = sorted({p for _, p in pairs})
    lines = [
        "| label | " + " | ".join(predicted) + " |",
        "| --- |" + " --- |" * len(predicted),
    ]
    for g in gold:
        lines.append(f"| {g} | " + " | ".join(str(counts.get((g, p), 0)) for p in predicted) + " |")
    return "\n".join(lines)


# What a TeleAntiFraud label's dialogues are about: share whose agent turns say it.
_CONTENT = {
    "names a bank": "银行",
    "account anomaly / freeze": "异常|盗用|盗刷|冻结",
    "link, app or website": "链接|网址|网站|点击|下载|app|APP",
    "parcel / customs": "快递|包裹|海关",
    "refund / compensation": "退款|退货|赔偿|理赔",
    "prize": "中奖|奖金|奖品",
    "investment": "投资|收益|回报",
    "kidnap / ransom": "绑架|赎金|绑匪",
}


def label_content_table(items: Sequence[Featurised]) -> str:
    """Per TeleAntiFraud label: how many of its scams' agent turns say each thing."""
    patterns = {name: re.compile(p) for name, p in _CONTENT.items()}
    by_label: dict[str, list[str]] = {}
    for f in items:
        if f.example.source == "teleantifraud-zh" and f.example.label:
            text = " ".join(t for s, t in f.example.turns if s == "agent")
            by_label.setdefault(f.example.label, []).append(text)
    lines = [
        "| label | n | " + " | ".join(patterns) + " |",
        "| --- | --- |" + " --- |" * len(patterns),
    ]
    for label, texts in sorted(by_label.items()):
        shares = [sum(bool(p.search(t)) for t in texts) / len(texts) for p in patterns.values()]
        lines.append(f"| {label} | {len(texts)} | " + " | ".join(f"{s:.2f}" for s in shares) + " |")
    return "\n".join(lines)

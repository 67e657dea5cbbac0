"""``piiguard train-risk`` and ``piiguard explain-risk``: the learned scam-risk model's commands.

    piiguard train-risk [--data FILE ...] [-o FILE] [--cv] [--eval FILE ...]
    piiguard explain-risk FILE.jsonl

``train-risk`` trains on the default data below (paths from the repository root, so
they resolve on CI where ``../shared`` sits beside the repository too) and writes the
model file; ``--cv`` adds the k-fold cross-validated table of docs/accuracy.md and
``--eval`` the shipped model's figures on held-out files. ``explain-risk`` prints, per
conversation, the score after every turn, the signals, the learned evidence, the type
and the warning.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from piiguard.errors import ConfigError

__all__ = ["DEFAULT_TRAINING_DATA", "register"]

_REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_TRAINING_DATA = (
    "../shared/corpus/external/teleantifraud-zh.jsonl",
    "../shared/corpus/external/bothbosu-en.jsonl",
    "../shared/corpus/dev.jsonl",
    "tests/data/risk/risk_own_train.jsonl",
    "tests/data/risk/risk_own2_train.jsonl",
    "tests/data/risk/risk_own3_train.jsonl",
)
DEFAULT_EVAL_DATA = (
    "tests/data/risk/risk_own_eval.jsonl",
    "tests/data/risk/risk_own2_eval.jsonl",
    "tests/data/risk/risk_own3_eval.jsonl",
)
DEFAULT_OUTPUT = "piiguard/data/risk_model.json"


def _resolve(paths: Sequence[str]) -> list[Path]:
    out = []
    for p in paths:
        path = Path(p)
        path = path if path.is_absolute() or path.exists() else _REPO_ROOT / p
        if not path.is_file():
            raise ConfigError(f"training data not found: {p}")
        out.append(path)
    return out


def cmd_train_risk(args: argparse.Namespace) -> int:
    try:
        import sklearn  # noqa: F401
    except ImportError:
        raise ConfigError(
            "train-risk needs scikit-learn: pip install -e '.[train]' (or make train)"
        ) from None
    from piiguard.cli import _build_guard
    from piiguard.risk_eval import erase_shortcuts, measure
    from piiguard.risk_train import (
        FOLDS,
        featurise,
        fit,
        keyword_only,
        load_examples,
        training_meta,
    )

    guard = _build_guard(args)
    examples = load_examples(_resolve(args.data or DEFAULT_TRAINING_DATA))
    print(f"train-risk: {len(examples)} conversations; running the pipeline", file=sys.stderr)
    items = featurise(guard, examples)
    model = fit(items, training_meta(examples))
    output = Path(args.output)
    output.write_text(
        json.dumps(model.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n",
        encoding="utf-8",
    )
    print(f"train-risk: wrote {output} ({len(model.features)} features)", file=sys.stderr)
    if args.eval or args.cv:
        held_examples = load_examples(_resolve(args.eval or DEFAULT_EVAL_DATA))
        held_out = featurise(guard, held_examples)
        # the README's shortcut words erased from the external sets and the held-out set
        # (the raw text, so the detector and the request rules see the change too)
        to_erase = [e for e in examples if e.source in _ERASED_SOURCES] + held_examples
        print(f"train-risk: {len(to_erase)} conversations with shortcuts erased", file=sys.stderr)
        erased = {f.example.id: f for f in featurise(guard, [erase_shortcuts(e) for e in to_erase])}
        threshold = guard.risk_model.scam_threshold
        folds = FOLDS if args.cv else 2
        print(measure(items, erased, held_out, model, keyword_only(guard), threshold, folds))
    return 0


# the sets whose README names lexical shortcuts
_ERASED_SOURCES = ("teleantifraud-zh", "bothbosu-en")


def cmd_explain_risk(args: argparse.Namespace) -> int:
    from piiguard.cli import _build_guard, _open_input, _read_transcripts

    guard = _build_guard(args)
    stream, source = _open_input(args.input)
    try:
        for _, transcript in _read_transcripts(args, stream, source):
            conversation = guard.conversation(
                conversation_id=transcript.id,
                channel=transcript.channel,
                language=transcript.language,
            )
            print(f"== {transcript.id}")
            for turn in transcript.turns:
                decision = conversation.add_turn(turn)
                risk = decision.risk
                print(
                    f"  turn {decision.index:>3} {decision.speaker:<8} score {risk.score:.2f}"
                    f" {risk.level:<6} {'SCAM' if risk.scam else ''}"
                )
            risk = conversation.risk
            print(f"  verdict: scam={risk.scam} score={risk.score:.3f} level={risk.level}")
            print(f"  type: {risk.type or '-'}")
            for signal in risk.signals:
                print(f"  signal turn {signal.turn} {signal.kind}: {signal.text}")
            for evidence in risk.evidence:
                shown = evidence.to_dict()
                print(f"  evidence {shown['source']}: {shown['text']} (+{shown['weight']})")
            if risk.warning:
                print(f"  warning: {risk.warning}")
    finally:
        if stream is not sys.stdin:
            stream.close()
    return 0


def register(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    train = sub.add_parser(
        "train-risk", parents=[common], help="train the learned scam-risk model (scikit-learn)"
    )
    train.add_argument(
        "--data", action="append", metavar="FILE", help="labelled JSONL (repeatable)"
    )
    train.add_argument("-o", "--output", default=str(_REPO_ROOT / DEFAULT_OUTPUT))
    train.add_argument("--cv", action="store_true", help="also print k-fold CV figures")
    train.add_argument(
        "--eval", action="append", metavar="FILE", help="held-out JSONL to report on"
    )
    train.set_defaults(func=cmd_train_risk)

    explain = sub.add_parser(
        "explain-risk", parents=[common], help="the scam risk of transcripts, turn by turn"
    )
    explain.add_argument("input", help="transcript JSONL (- for stdin)")
    explain.set_defaults(func=cmd_explain_risk, format="jsonl", agent_speakers="", skip_bad=False)

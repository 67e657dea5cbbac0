"""Detection accuracy for docs/accuracy.md: the variant matrix and the external sets.

    python bench/accuracy.py [--write docs/accuracy.md] [--n 20] [--seed 0] [--no-presidio]

Two sections, each rewritten in place under its own heading (other sections are left alone):

``## Detection: variant matrix``
    ``piiguard eval --variants``: recall and leak per generated variant class, false alarms
    per negative class (piiguard.variants, piiguard.variant_matrix).
``## Detection: external sets``
    piiguard and plain Presidio (``bench/presidio_baseline.py``: its default recognizers,
    spaCy en_core_web_sm when installed, else blank:en) on the same conversations in the same
    run, scored by the shared scorer (``../shared/tools/score.py --json``): the dev set, the
    development half of presidio-research's synthetic PII sentences, and the labelled types
    of the two external call sets (BothBosu en, TeleAntiFraud zh). The call sets' labels are
    silver and cover five types only, so only their leak figures are read (their README),
    over the conversations that hold a labelled entity: a conversation without one adds no
    gold entity, so the leak figures are those of the whole file.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SCORER = SHARED / "tools" / "score.py"
EXTERNAL = SHARED / "corpus" / "external"
MATRIX_HEADING = "## Detection: variant matrix"
EXTERNAL_HEADING = "## Detection: external sets"

# (name, file, labelled types or None for every contract type, whole file or only
# conversations with a labelled entity)
SETS = (
    ("dev", SHARED / "corpus" / "dev.jsonl", None, True),
    (
        "presidio-research-en",
        EXTERNAL / "presidio-research-en.jsonl",
        ("CREDIT_CARD", "US_SSN", "BANK_ACCOUNT", "PHONE_NUMBER", "EMAIL_ADDRESS"),
        True,
    ),
    ("bothbosu-en", EXTERNAL / "bothbosu-en.jsonl", "from-gold", False),
    ("teleantifraud-zh", EXTERNAL / "teleantifraud-zh.jsonl", "from-gold", False),
)


def _rows(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def _score(gold: Path, pred: Path) -> dict:
    proc = subprocess.run(
        [sys.executable, str(SCORER), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return json.loads(proc.stdout.splitlines()[-1])


def _scan_piiguard(gold: Path, out: Path) -> float:
    from piiguard.formats.jsonl import transcript_from_dict
    from piiguard.guard import Guard, GuardConfig

    guard = Guard.build(GuardConfig(recognizer_folders=(ROOT / "recognizers",)))
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as fh:
        for row in _rows(gold):
            result = guard.scan(transcript_from_dict(row)).to_dict()
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
    return time.perf_counter() - started


def _scan_presidio(gold: Path, out: Path) -> str:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "presidio_baseline.py"), str(gold), str(out)],
        capture_output=True,
        text=True,
        check=True,
        timeout=3600,
    )
    return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""


def _figures(result: dict, types: tuple[str, ...]) -> dict:
    """Leak over the labelled types, typed P/R micro over them, over-redaction per type."""
    sl = result["slices"]["all"]
    leak = sl["leak"]["by_type"]
    typed = sl["typed"]["by_type"]
    entities = sum(leak[t]["entities"] for t in types if t in leak)
    leaked = sum(leak[t]["leaked"] for t in types if t in leak)
    tp = sum(typed[t]["tp"] for t in types if t in typed)
    fp = sum(typed[t]["fp"] for t in types if t in typed)
    fn = sum(typed[t]["fn"] for t in types if t in typed)
    return {
        "conversations": sl["conversations"],
        "turns": sl["turns"],
        "entities": entities,
        "leaked": leaked,
        "leak_rate": leaked / entities if entities else None,
        "precision": tp / (tp + fp) if tp + fp else None,
        "recall": tp / (tp + fn) if tp + fn else None,
        "by_type": {
            t: (leak[t]["leaked"], leak[t]["entities"])
            for t in types
            if t in leak and leak[t]["entities"]
        },
        "over_per_100_turns": sl["over_redaction"]["per_100_turns"],
    }


def measure_external(with_presidio: bool) -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="piiguard-accuracy-") as tmp:
        for name, path, labelled, whole in SETS:
            if not path.exists():
                print(f"accuracy: {path} is missing; {name} skipped", file=sys.stderr)
                continue
            convs = _rows(path)
            if labelled == "from-gold":
                types = tuple(convs[0]["gold"]["entities_types_labelled"])
            else:
                from piiguard.model import ENTITY_TYPES

                types = tuple(labelled or ENTITY_TYPES)
            if not whole:
                convs = [c for c in convs if c["gold"]["entities"]]
            gold = Path(tmp) / f"{name}.gold.jsonl"
            gold.write_text(
                "".join(json.dumps(c, ensure_ascii=False) + "\n" for c in convs), encoding="utf-8"
            )
            systems = [("piiguard", _scan_piiguard)]
            if with_presidio:
                systems.append(("presidio", _scan_presidio))
            for system, scan in systems:
                pred = Path(tmp) / f"{name}.{system}.jsonl"
                note = scan(gold, pred)
                figures = _figures(_score(gold, pred), types)
                rows.append({"set": name, "system": system, "types": types, **figures})
                print(
                    f"accuracy: {name} {system}: leak {figures['leaked']}/{figures['entities']}"
                    f" {note if isinstance(note, str) else f'{note:.1f} s'}",
                    file=sys.stderr,
                )
    return rows


def _f(x: float | None, digits: int = 3) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def render_external(rows: list[dict]) -> str:
    out = [
        "| set | system | conversations | labelled entities | leaked | leak | typed P | typed R "
        "| over-redaction /100 turns | leaked by type |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        call_set = r["set"] in ("bothbosu-en", "teleantifraud-zh")
        by_type = ", ".join(f"{t} {lk}/{n}" for t, (lk, n) in sorted(r["by_type"].items()))
        out.append(
            f"| {r['set']} | {r['system']} | {r['conversations']} | {r['entities']} "
            f"| {r['leaked']} | {_f(r['leak_rate'])} "
            f"| {'-' if call_set else _f(r['precision'], 2)} "
            f"| {'-' if call_set else _f(r['recall'], 2)} "
            f"| {'-' if call_set else _f(r['over_per_100_turns'], 2)} | {by_type} |"
        )
    return "\n".join(out)


EXTERNAL_NOTES = """\
Regenerate with `make accuracy` (or `.venv/bin/python bench/accuracy.py --write
docs/accuracy.md`). Both systems scan the same conversations in the same run; the shared
scorer (`../shared/tools/score.py --json`) scores both.

- *leak*: share of labelled entities with a character left outside every finding (any type).
  *typed P / R*: the scorer's one-to-one typed matches, micro over the labelled types
  (dev: all ten types; presidio-research: CREDIT_CARD, US_SSN, BANK_ACCOUNT, PHONE_NUMBER,
  EMAIL_ADDRESS, the types its gold is complete for). Findings of other types are not
  counted against precision there (the gold does not label them).
- Call sets (BothBosu en, TeleAntiFraud zh): silver labels for five types, incomplete, so
  only the leak figures are read, over the conversations holding a labelled entity (the rest
  add no gold entity). Typed figures and over-redaction are not meaningful on them (`-`).
- Plain Presidio is `bench/presidio_baseline.py`: its default English recognizers (there is
  no Chinese one), spaCy `en_core_web_sm` from `bench/requirements.txt` when installed,
  IBAN / US bank numbers mapped to BANK_ACCOUNT; it runs on the Chinese set too, where its
  regex recognizers (e-mail, card, phone) still apply.
- Issue 14's bars: presidio-research leak <= 0.02 and typed precision >= 0.95; leak <= 0.03
  on BothBosu and <= 0.02 on TeleAntiFraud; the dev set leak 0.
"""

MATRIX_NOTES = """\
Regenerate with `make accuracy`, or print it with `.venv/bin/piiguard eval --variants --n {n}
--seed {seed}` (`--class PREFIX` for some classes, `--show-misses K` for the failing
variants). `piiguard.variants` generates valid values (Luhn, GB 11643, SSA rules, ISO 13616,
phonenumbers' numbering plans of 39 regions) in the shapes people and speech-to-text write
them; each class is one shape of one type. *recall* is the shared scorer's typed recall over
every gold value of the class (a CVV class whose message also holds the card number and the
expiry counts all three); *leak* the share of those values with a character left outside
every finding.
Issue 14's bar: 1.00 for every card, CVV, expiry, resident-ID, SSN and code class, 0.98 for
phone and e-mail classes (bank accounts and passwords are measured, no bar yet). Negative
classes hold decoys (last-four answers, error and promo codes, order and tracking numbers,
amounts and dates): *false alarms* is the share of decoys any finding overlaps.
`tests/piiguard/test_variants.py` asserts the same bars on other draws of the same
generator (seed 14: 20 per class, 100 per phone or e-mail class), so a class can pass there
and still miss here; the strict-xfail list `BELOW_THE_BAR` names the classes that miss there.
"""


def render_matrix_section(n: int, seed: int) -> str:
    from piiguard.guard import Guard, GuardConfig
    from piiguard.variant_matrix import render_matrix, run_matrix

    guard = Guard.build(GuardConfig(recognizer_folders=(ROOT / "recognizers",)))
    table = render_matrix(run_matrix(guard, n, seed), markdown=True)
    return MATRIX_NOTES.format(n=n, seed=seed) + "\n" + table + "\n"


def replace_section(document: str, heading: str, body: str) -> str:
    """``document`` with the text under ``heading`` (up to the next ``## ``) replaced."""
    lines = document.splitlines()
    section = [heading, "", *body.rstrip("\n").splitlines(), ""]
    if heading not in lines:
        if lines and lines[-1].strip():
            lines.append("")
        return "\n".join(lines + section) + "\n"
    start = lines.index(heading)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return "\n".join(lines[:start] + section + lines[end:]).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--write", type=Path, help="rewrite these sections of this Markdown file")
    p.add_argument("--n", type=int, default=20, help="variants per class (default 20)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--no-presidio", action="store_true", help="piiguard rows only")
    p.add_argument("--no-external", action="store_true", help="the variant matrix only")
    args = p.parse_args(argv)
    if not SCORER.exists():
        print(f"accuracy: the shared scorer is missing at {SCORER}", file=sys.stderr)
        return 2
    sections = [(MATRIX_HEADING, render_matrix_section(args.n, args.seed))]
    if not args.no_external:
        stamp = time.strftime("%Y-%m-%d", time.gmtime())
        table = render_external(measure_external(not args.no_presidio))
        sections.append((EXTERNAL_HEADING, f"Measured {stamp}.\n\n{table}\n\n{EXTERNAL_NOTES}"))
    if args.write is None:
        for heading, body in sections:
            print(heading + "\n\n" + body)
        return 0
    document = args.write.read_text(encoding="utf-8") if args.write.exists() else "# Accuracy\n"
    for heading, body in sections:
        document = replace_section(document, heading, body)
    args.write.write_text(document, encoding="utf-8")
    print(f"accuracy: wrote {', '.join(h[3:] for h, _ in sections)} to {args.write}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""CPU time per turn, measured the way bench/worker.py runs a corpus.

    python bench/cpu_time.py CORPUS.jsonl [ROUNDS] [piiguard|presidio]

Each round is a fresh process pinned to one core: the 20-conversation warm-up, then one
pass over the corpus, timed with ``time.process_time`` (so other processes on a shared
machine count less than in wall time). Prints the best round and all rounds. To compare
two checkouts, start this in both at the same time: both then run on the same core and
whatever else the machine does slows them alike (docs/performance.md, session 6).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _child(corpus: Path, config: str) -> float:
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    import worker  # noqa: PLC0415 - bench/worker.py, importable only from here

    worker._pin_one_core()
    conversations = worker._conversations(corpus)
    run = worker._piiguard()[0] if config == "piiguard" else worker._presidio("blank:en")
    for conversation in conversations[:20]:
        run(conversation)
    turns = sum(len(c["turns"]) for c in conversations)
    started = time.process_time()
    for conversation in conversations:
        run(conversation)
    return (time.process_time() - started) * 1e6 / turns


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--child":
        print(_child(Path(argv[2]), argv[3]))
        return 0
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    corpus = argv[1]
    rounds = int(argv[2]) if len(argv) > 2 else 3
    config = argv[3] if len(argv) > 3 else "piiguard"
    values = []
    for _ in range(rounds):
        out = subprocess.run(
            [sys.executable, __file__, "--child", corpus, config],
            capture_output=True,
            text=True,
            check=True,
            cwd=os.getcwd(),
        ).stdout
        values.append(float(out.strip().splitlines()[-1]))
    rounded = [round(v) for v in values]
    print(f"{Path(corpus).name} {config}: best {min(values):.0f} us/turn, rounds {rounded}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

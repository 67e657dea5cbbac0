"""``python -m service.serve``: what a served worker runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_app_is_frozen_out_of_the_gc_and_switches_threads_often(tmp_path: Path) -> None:
    # In a process of its own: freezing is process-wide.
    code = (
        "import gc, sys; from service.serve import worker_app; app = worker_app(); "
        "print(type(app).__name__, gc.get_freeze_count() > 10000, sys.getswitchinterval())"
    )
    env = os.environ | {"PIIGUARD_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    # and hands the GIL over every 1 ms, not 5 (service/serve.py: a reply or a request no
    # longer waits up to 5 ms behind another turn's scan)
    assert out.stdout.split() == ["FastAPI", "True", "0.001"]


def test_the_supervisor_does_not_build_an_app() -> None:
    code = "import sys, service.serve; print('service.main' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"

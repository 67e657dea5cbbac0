"""``python -m service.serve``: what a served worker runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_a_worker_app_is_built_then_frozen_out_of_the_garbage_collector(tmp_path: Path) -> None:
    # In a process of its own: freezing is process-wide.
    code = (
        "import gc; from service.serve import worker_app; app = worker_app(); "
        "print(type(app).__name__, gc.get_freeze_count() > 10000)"
    )
    env = os.environ | {"PIIGUARD_DATABASE_URL": f"sqlite:///{tmp_path / 'serve.db'}"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=True
    )
    assert out.stdout.split() == ["FastAPI", "True"]


def test_the_supervisor_does_not_build_an_app() -> None:
    code = "import sys, service.serve; print('service.main' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "False"

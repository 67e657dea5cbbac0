"""The shape of the house: public API, import direction, no shadowing."""

from __future__ import annotations

import ast
from pathlib import Path

import piiguard

from .conftest import ROOT


def test_all_is_sorted_and_importable() -> None:
    assert piiguard.__all__ == sorted(piiguard.__all__)
    for name in piiguard.__all__:
        assert hasattr(piiguard, name), name


def test_piiguard_is_imported_from_this_checkout() -> None:
    assert Path(piiguard.__file__).resolve().parent == ROOT / "piiguard"


def test_library_never_imports_service_or_recognizers() -> None:
    for path in (ROOT / "piiguard").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in ("service", "recognizers", "tests"), (
                    f"{path}: imports {name}"
                )


def test_library_reads_no_environment_outside_the_cli() -> None:
    for path in (ROOT / "piiguard").rglob("*.py"):
        if path.name == "cli.py":
            continue
        assert "os.environ" not in path.read_text(encoding="utf-8"), path

"""``piiguard keys``: the service's key commands, plugged into the piiguard CLI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.cli import main as cli_main
from service.keys import PREFIX_LEN

ROOT = Path(__file__).resolve().parents[2]


def test_create_list_and_revoke_a_key(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PIIGUARD_DATABASE_URL", f"sqlite:///{tmp_path / 'keys.db'}")
    assert cli_main(["keys", "create", "--role", "reviewer", "--name", "alice"]) == 0
    key = capsys.readouterr().out.strip()
    prefix = key[:PREFIX_LEN]
    assert cli_main(["keys", "list"]) == 0
    listed = capsys.readouterr().out
    assert "reviewer" in listed and "alice" in listed and "live" in listed
    assert key not in listed  # the secret is shown once, at creation
    assert cli_main(["keys", "revoke", prefix]) == 0
    assert cli_main(["keys", "list"]) == 0
    assert "revoked" in capsys.readouterr().out


def test_an_unknown_role_is_refused_by_name(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setenv("PIIGUARD_DATABASE_URL", f"sqlite:///{tmp_path / 'keys.db'}")
    with pytest.raises(SystemExit) as exc:
        cli_main(["keys", "create", "--role", "root", "--name", "x"])
    assert exc.value.code == 2
    assert "invalid choice: 'root'" in capsys.readouterr().err


def test_scanning_does_not_load_the_database_layer() -> None:
    # `piiguard scan` starts once per archive job and once per worker's parent; the key
    # commands' database layer (SQLAlchemy models, migrations) must not slow it down.
    code = (
        "import sys; from piiguard.cli import _parser; _parser(); "
        "print(sorted(m for m in sys.modules if m.startswith(('sqlalchemy', 'service.store'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"

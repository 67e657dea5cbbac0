"""Nothing touches the network: the scan works with sockets blocked, models included."""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap

from ..conftest import RECOGNIZERS, ROOT


def test_scan_with_networking_blocked() -> None:
    # A fresh interpreter, so that every import and first use (tldextract, spaCy, presidio)
    # happens with the socket already blocked.
    script = textwrap.dedent(
        f"""
        import socket
        def refuse(*a, **k):
            raise OSError("network blocked by the test")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse
        from piiguard.guard import Guard, GuardConfig
        from piiguard.model import Transcript, Turn
        guard = Guard.build(GuardConfig(recognizer_folders=({str(RECOGNIZERS)!r},)))
        turn = Turn("customer", "email li.lei@example.com card 4532 0151 1283 0366")
        result = guard.scan(Transcript("t", (turn,)))
        print(sorted(f.type for f in result.turns[0].findings))
        import tldextract
        print(tldextract.extract("mail.example.co.uk").suffix)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.splitlines() == ["['CREDIT_CARD', 'EMAIL_ADDRESS']", "co.uk"]
    assert "network blocked" not in proc.stderr


def test_missing_spacy_pipeline_is_an_error_not_a_download() -> None:
    import pytest

    from piiguard.engine import Detector
    from piiguard.errors import ConfigError
    from piiguard.pack import load_pack

    with pytest.raises(ConfigError, match="never downloads"):
        Detector(load_pack([RECOGNIZERS]), spacy_models={"en": "en_core_web_sm_not_installed"})
    assert socket.socket.connect is not None

"""Nothing touches the network: a Guard builds and scans with every network call refused.

Each check runs in a fresh interpreter whose audit hook refuses (and counts) every socket
connection, DNS lookup, URL request and child process before piiguard is even imported,
so every import and first use (tldextract, spaCy, presidio) happens under it. Counting
matters: a library that catches the refusal and falls back (tldextract does) would still
pass a test that only looks for an exception."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from ..conftest import RECOGNIZERS, ROOT

# Audit events (docs.python.org/3/library/audit_events.html) that reach the network or
# could fetch something through another program.
_GUARD = textwrap.dedent(
    """
    import json, sys
    BLOCKED = ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname",
               "socket.gethostbyaddr", "socket.sendto", "socket.sendmsg", "urllib.Request",
               "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn")
    attempts = []
    def refuse(event, args):
        if event in BLOCKED:
            attempts.append(event)
            raise OSError(f"network blocked by the test: {event}")
    sys.addaudithook(refuse)
    def report(**figures):
        print(json.dumps({"attempts": attempts, **figures}))
    """
)


def _run_offline(body: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _GUARD + textwrap.dedent(body)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.splitlines()[-1])


def test_the_guard_can_fail_the_test() -> None:
    """The hook itself: a connection attempt is refused and counted."""
    out = _run_offline(
        """
        import socket
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
        except OSError:
            pass
        report()
        """
    )
    assert out["attempts"], "the audit hook did not see a connection attempt"


def test_a_guard_builds_and_scans_with_the_network_refused() -> None:
    out = _run_offline(
        f"""
        from piiguard.guard import Guard, GuardConfig
        from piiguard.model import Transcript, Turn
        guard = Guard.build(GuardConfig(recognizer_folders=({str(RECOGNIZERS)!r},)))
        turns = (
            Turn("agent", "请把短信验证码念给我"),
            Turn("customer", "e-mail wu.fang@example.org, card 4532 0151 1283 0366"),
            Turn("customer", "我的手机号 139 0482 6715"),
        )
        result = guard.scan(Transcript("t", turns, "chat"))
        import tldextract
        report(
            findings=[sorted(f.type for f in d.findings) for d in result.turns],
            requests=[sorted(d.agent_request) for d in result.turns],
            suffix=tldextract.extract("mail.example.co.uk").suffix,
        )
        """
    )
    assert out["attempts"] == [], f"piiguard tried to reach the network: {out['attempts']}"
    assert out["findings"] == [[], ["CREDIT_CARD", "EMAIL_ADDRESS"], ["PHONE_NUMBER"]]
    assert out["requests"] == [["VERIFICATION_CODE"], [], []]
    assert out["suffix"] == "co.uk", "tldextract's bundled suffix list, not a download"


def test_missing_spacy_pipeline_is_an_error_not_a_download() -> None:
    out = _run_offline(
        f"""
        from piiguard.engine import Detector
        from piiguard.errors import ConfigError
        from piiguard.pack import load_pack
        try:
            Detector(load_pack([{str(RECOGNIZERS)!r}]),
                     spacy_models={{"en": "en_core_web_sm_not_installed"}})
        except ConfigError as exc:
            report(error=str(exc))
        else:
            report(error=None)
        """
    )
    assert out["attempts"] == [], f"a missing pipeline led to a network try: {out['attempts']}"
    assert out["error"] is not None and "never downloads" in out["error"]


@pytest.mark.parametrize("event", ["socket.getaddrinfo", "urllib.Request", "subprocess.Popen"])
def test_each_blocked_kind_is_counted(event: str) -> None:
    calls = {
        "socket.getaddrinfo": "import socket; socket.getaddrinfo('example.org', 80)",
        "urllib.Request": "import urllib.request; urllib.request.urlopen('http://example.org')",
        "subprocess.Popen": "import subprocess; subprocess.run(['true'])",
    }
    out = _run_offline(
        f"""
        try:
            {calls[event]}
        except OSError:
            pass
        report()
        """
    )
    assert event in out["attempts"]

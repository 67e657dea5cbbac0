"""docs/recognizers.md section 4, performed: a new type added with new files only.

The pack (the Taiwan national ID with its check-digit module, the UK NI number) and the
labelled cases are read out of the page's ``<!-- file: NAME -->`` blocks into a tmp
folder, passed as an extra recognizer folder: nothing under ``piiguard/`` or
``recognizers/`` knows these types. The page cannot go stale without this test failing.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from piiguard.errors import ConfigError
from piiguard.evaluate import evaluate_file, render_report
from piiguard.explain_turn import explain_conversation
from piiguard.formats.jsonl import transcript_from_dict
from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript, Turn
from piiguard.pack import load_pack

from ..conftest import BUILDER, RECOGNIZERS, ROOT

DOC = ROOT / "docs" / "recognizers.md"
_FILE_BLOCK = re.compile(r"<!-- file: (\S+) -->\n```\w*\n(.*?)```", re.DOTALL)
PACK_FILES = ("tw_national_id.yaml", "tw_national_id.py", "uk_ni_number.yaml")
# Checksum-valid IDs of our own (none of them is the well-known A123456789).
SIMPLIFIED = "我的身分证字号是 S160173208，请核对"
TRADITIONAL = "身分證字號：O240330154，麻煩您了"
MIXED = "我的身分證 E268067753, NI number JG103759A"


@pytest.fixture(scope="module")
def walk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page's files in a tmp folder; the recognizer files in its ``my_pack``."""
    root = tmp_path_factory.mktemp("walkthrough")
    files = dict(_FILE_BLOCK.findall(DOC.read_text(encoding="utf-8")))
    assert set(PACK_FILES) | {"tw_cases.md"} <= set(files), "the page lost a file block"
    pack = root / "my_pack"
    pack.mkdir()
    for name, body in files.items():
        (pack if name in PACK_FILES else root).joinpath(name).write_text(body, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def tw_guard(walk: Path) -> Guard:
    return Guard.build(GuardConfig(recognizer_folders=(RECOGNIZERS, walk / "my_pack")))


def _found(guard: Guard, text: str, speaker: str = "customer") -> list[tuple[str, str]]:
    decision = guard.conversation().add_turn(Turn(speaker, text))
    return [(f.type, text[f.start : f.end]) for f in decision.findings]


@pytest.mark.parametrize(
    ("text", "value"),
    [(SIMPLIFIED, "S160173208"), (TRADITIONAL, "O240330154"), (MIXED, "E268067753")],
)
def test_a_taiwan_id_is_found_in_simplified_traditional_and_mixed_text(
    tw_guard: Guard, text: str, value: str
) -> None:
    assert ("TW_NATIONAL_ID", value) in _found(tw_guard, text)
    assert value not in tw_guard.conversation().add_turn(Turn("customer", text)).redacted_text


def test_a_wrong_check_digit_is_not_a_taiwan_id(tw_guard: Guard) -> None:
    assert ("TW_NATIONAL_ID", "S160173209") not in _found(tw_guard, "身分證字號 S160173209")


def test_without_the_pack_the_type_does_not_exist(tw_guard: Guard) -> None:
    plain = Guard.build(GuardConfig(recognizer_folders=(RECOGNIZERS,)))
    assert "TW_NATIONAL_ID" not in plain.detector.entities
    assert plain.conversation().add_turn(Turn("agent", "請提供您的身分證字號以便核對")).action == (
        "allow"
    )


@pytest.mark.parametrize(
    "text",
    [
        "請提供您的身分證字號以便核對",
        "请提供您的身分证字号以便核对",
        "Could you tell me your Taiwan ID number?",
    ],
)
def test_an_agent_asking_for_a_taiwan_id_is_blocked_with_the_phrase(
    tw_guard: Guard, text: str
) -> None:
    decision = tw_guard.conversation().add_turn(Turn("agent", text))
    assert decision.action == "block"
    assert decision.agent_request == ("TW_NATIONAL_ID",)
    phrases = [t.phrase for t in decision.triggers if t.type == "TW_NATIONAL_ID"]
    assert phrases and phrases[0] in text


def test_the_shared_grammar_applies_to_the_new_item(tw_guard: Guard) -> None:
    # A negation and an offer were never written for this type: the grammar reaches it.
    for text in ("我們不會索取您的身分證字號", "We will never ask for your Taiwan ID."):
        decision = tw_guard.conversation().add_turn(Turn("agent", text))
        assert decision.agent_request == () and decision.action == "allow", text


def test_an_agent_disclosing_a_taiwan_id_is_blocked(tw_guard: Guard) -> None:
    decision = tw_guard.conversation().add_turn(Turn("agent", "您的身分證字號是 A263419824 對嗎"))
    assert decision.action == "block"
    assert [t.reason for t in decision.triggers] == ["disclosure"]
    assert "A263419824" not in decision.redacted_text
    assert "<TW_NATIONAL_ID>" in decision.redacted_text


def test_the_declaration_reaches_risk_and_the_console(tw_guard: Guard) -> None:
    from service.console import labels

    assert tw_guard.risk_model.request_weights["TW_NATIONAL_ID"] == pytest.approx(0.2)
    conversation = tw_guard.conversation()
    conversation.add_turn(Turn("agent", "請提供您的身分證字號以便核對"))
    assert any(s.kind == "request:TW_NATIONAL_ID" for s in conversation.risk.signals)
    labels.declare_types(tw_guard.types)
    try:
        assert labels.entity_namer("zh", str)("TW_NATIONAL_ID") == "台湾身份证"
        assert labels.entity_namer("en", str)("TW_NATIONAL_ID") == "Taiwan ID"
    finally:
        labels.declare_types({})


def test_the_mixed_language_ni_number_is_found_without_a_language(tw_guard: Guard) -> None:
    transcript = Transcript("mixed-1", (Turn("customer", MIXED),))  # no language given
    result = tw_guard.scan(transcript).to_dict()
    types = {f["type"] for f in result["turns"][0]["findings"]}
    assert {"TW_NATIONAL_ID", "UK_NI_NUMBER"} <= types
    assert "JG103759A" not in result["turns"][0]["redacted_text"]


def _built_corpus(walk: Path) -> Path:
    out = walk / "tw_cases.jsonl"
    if not out.exists():
        subprocess.run(
            [
                sys.executable,
                str(BUILDER),
                str(walk / "tw_cases.md"),
                "-o",
                str(out),
                "--requestable-type",
                "TW_NATIONAL_ID",
                "-q",
            ],
            check=True,
        )
    return out


def test_eval_scores_the_type_and_lists_the_missed_value(tw_guard: Guard, walk: Path) -> None:
    report = evaluate_file(tw_guard, _built_corpus(walk))
    typed = report["figures"]["slices"]["all"]["typed"]["by_type"]["TW_NATIONAL_ID"]
    assert (typed["tp"], typed["fp"], typed["fn"]) == (3, 0, 1)
    requests = report["figures"]["slices"]["all"]["agent_requests"]["pairs"]
    assert (requests["tp"], requests["fp"], requests["fn"]) == (3, 0, 0)
    assert [(e["kind"], e["id"], e["turn"]) for e in report["errors"]] == [("miss", "tw-zh-003", 1)]
    shown = render_report(report, show=5)
    assert "tw-zh-003 turn 1: 我的证件是 [[TW_NATIONAL_ID]]" in shown
    assert "V208" not in shown and "190 048" not in shown


def test_explain_conversation_shows_the_carried_request(tw_guard: Guard, walk: Path) -> None:
    rows = _built_corpus(walk).read_text(encoding="utf-8").splitlines()
    first = transcript_from_dict(json.loads(rows[0]))
    lines = explain_conversation(tw_guard, first, 1)
    text = "\n".join(lines)
    assert "expected answer to the request for: TW_NATIONAL_ID" in text
    assert "finding [" in text and "TW_NATIONAL_ID" in text
    assert "S160173208" not in text


def test_explain_names_the_missed_value_without_showing_it(
    walk: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from piiguard.cli import main

    corpus = _built_corpus(walk)
    pack = ["--recognizers", str(RECOGNIZERS), "--recognizers", str(walk / "my_pack")]
    argv = ["explain", *pack, "--conversation", str(corpus), "--id", "tw-zh-003"]
    assert main([*argv, "--turn", "1"]) == 0
    out = capsys.readouterr().out
    assert "labelled value NOT found: [6:18] TW_NATIONAL_ID" in out
    assert "我的证件是 <TW_NATIONAL_ID>" in out
    assert "V208" not in out and "190 048" not in out


def test_a_bad_declaration_names_the_file_and_the_field(walk: Path, tmp_path: Path) -> None:
    spec = (walk / "my_pack" / "tw_national_id.yaml").read_text(encoding="utf-8")
    (tmp_path / "tw_national_id.yaml").write_text(
        spec.replace("policy: {agent: block}", "policy: {agent: deny}"), encoding="utf-8"
    )
    with pytest.raises(ConfigError) as err:
        load_pack([tmp_path])
    assert "tw_national_id.yaml" in str(err.value) and "type.policy.agent" in str(err.value)


def test_the_service_picks_the_type_up_after_a_restart(walk: Path, tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from service.config import Settings
    from service.keys import create_key
    from service.main import create_app
    from service.store.db import transaction

    body = {
        "id": "tw-service-1",
        "channel": "chat",
        "turns": [
            {"speaker": "agent", "text": "請提供您的身分證字號以便核對"},
            {"speaker": "customer", "text": "身分證字號 S160173208"},
        ],
    }
    db_url = f"sqlite:///{tmp_path / 'piiguard.db'}"

    def scan(folders: list[Path], conversation_id: str) -> dict:
        app = create_app(Settings(database_url=db_url, recognizer_folders=folders))
        try:
            with transaction(app.state.sessions) as session:
                key = create_key(session, "ingest", f"walk-{conversation_id}")
            with TestClient(app) as client:
                r = client.post(
                    "/v1/scan",
                    json=body | {"id": conversation_id},
                    headers={"Authorization": f"Bearer {key}"},
                )
                assert r.status_code == 200
                return r.json()
        finally:
            app.state.engine.dispose()

    before = scan([RECOGNIZERS], "tw-before")
    assert before["turns"][0]["action"] == "allow"
    after = scan([RECOGNIZERS, walk / "my_pack"], "tw-after")  # the restart
    assert after["turns"][0]["action"] == "block"
    assert after["turns"][0]["agent_request"] == ["TW_NATIONAL_ID"]
    assert after["turns"][1]["redacted_text"] == "身分證字號 <TW_NATIONAL_ID>"

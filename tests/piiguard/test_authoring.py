"""The recognizer authoring kit: drop-in YAML, entry-point plugins, CLI, eval == shared scorer."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from piiguard.cli import main
from piiguard.pack import load_pack

from ..conftest import RECOGNIZERS, scan_and_score

MEMBER = textwrap.dedent(
    """
    entity: MEMBER_ID
    patterns:
      - {name: member, regex: '(?<![A-Z0-9])MB\\d{8}(?!\\d)', score: 0.85}
    examples:
      match: ["member number [[MB20241125]]"]
      no_match: ["MB2024"]
    """
)


def test_dropping_one_yaml_file_lists_tests_and_scans(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "member_id.yaml").write_text(MEMBER, encoding="utf-8")
    args = ["--recognizers", str(RECOGNIZERS), "--recognizers", str(pack)]
    assert main(["recognizers", "list", *args]) == 0
    assert "member_id" in capsys.readouterr().out
    assert main(["recognizers", "test", "member_id", *args]) == 0
    assert "2/2 examples ok" in capsys.readouterr().out
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": "m", "turns": [{"speaker": "customer", "text": "id MB20241125"}]}) + "\n"
    )
    assert main(["scan", str(src), *args]) == 0
    row = json.loads(capsys.readouterr().out)
    assert row["turns"][0]["redacted_text"] == "id <MEMBER_ID>"


def test_failing_example_shows_text_and_spans(tmp_path: Path, capsys) -> None:
    (tmp_path / "member_id.yaml").write_text(
        MEMBER.replace("[[MB20241125]]", "[[MB2024112]]5"), encoding="utf-8"
    )
    assert main(["recognizers", "test", "--recognizers", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "FAILED" in out and "expected [14:23] 'MB2024112'" in out and "found [14:24]" in out


def test_entry_point_plugin_is_discovered(tmp_path: Path, monkeypatch) -> None:
    site = tmp_path / "site"
    (site / "acme_pack").mkdir(parents=True)
    (site / "acme_pack" / "member_id.yaml").write_text(MEMBER, encoding="utf-8")
    (site / "acme_plugin.py").write_text(
        "from pathlib import Path\n\n"
        "def folder():\n"
        "    return Path(__file__).parent / 'acme_pack'\n",
        encoding="utf-8",
    )
    dist = site / "acme_plugin-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: acme-plugin\nVersion: 1.0\n", encoding="utf-8"
    )
    (dist / "entry_points.txt").write_text(
        "[piiguard.recognizers]\nacme = acme_plugin:folder\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(site))
    pack = load_pack([RECOGNIZERS], entry_point_plugins=True)
    assert "member_id" in [r.name for r in pack.recognizers]
    # Plugins load only when asked for (GuardConfig.entry_point_plugins, issue 23 item 10).
    assert "member_id" not in [r.name for r in load_pack([RECOGNIZERS]).recognizers]


def test_explain_shows_pattern_validator_and_context(capsys) -> None:
    assert main(["explain", "订单号 4532015112830366 卡号 4532015112830366"]) == 0
    out = capsys.readouterr().out
    # A Luhn-valid card behind 订单号 is kept (lowered, masked: issue 23 item 2); the
    # bank-account reading of the number after 卡号 is dropped by that negative label.
    assert "negative context word (validated, kept): 订单号" in out
    assert "dropped" in out and "negative context word: 卡号" in out
    assert "KEPT" in out and "validator: pass" in out
    assert "4532015112830366" not in out, "explain shows the value's shape, not the value"


def test_eval_json_equals_the_shared_scorer(tmp_path: Path, dev_corpus: Path, capsys) -> None:
    assert main(["eval", str(dev_corpus), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out.splitlines()[-1])
    shared = scan_and_score(dev_corpus, tmp_path)
    assert ours["slices"] == shared["slices"]
    assert ours["entity_types"] == shared["entity_types"]


def test_eval_lists_errors_with_values_replaced_by_their_type(tmp_path: Path, capsys) -> None:
    gold = {
        "id": "g",
        "channel": "chat",
        "turns": [{"speaker": "customer", "text": "ref AB99 and 4532015112830366"}],
        "gold": {
            "entities": [{"turn": 0, "start": 4, "end": 8, "type": "MEMBER_ID"}],
            "agent_requests": [],
            "scam": False,
        },
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "MEMBER_ID          miss            g turn 0: ref [[MEMBER_ID]] and <CREDIT_CARD>" in out
    assert "CREDIT_CARD        false_alarm     g turn 0: ref <MEMBER_ID> and [[CREDIT_CARD]]" in out
    assert "AB99" not in out and "4532015112830366" not in out
    assert main(["eval", str(path), "--show", "1"]) == 0
    shown = capsys.readouterr().out
    assert "false_alarm" in shown and " miss " not in shown and "1 more (--show N" in shown


def test_eval_lists_request_errors(tmp_path: Path, capsys) -> None:
    gold = {
        "id": "r",
        "channel": "chat",
        "turns": [
            {"speaker": "agent", "text": "Please read me the code we just sent you."},
            {"speaker": "agent", "text": "Thanks for waiting."},
        ],
        "gold": {
            "entities": [],
            "agent_requests": [{"turn": 1, "type": "PASSWORD"}],
            "scam": False,
        },
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    assert main(["eval", str(path)]) == 0
    out = capsys.readouterr().out
    assert "VERIFICATION_CODE  request_false   r turn 0: Please read me the code" in out
    assert "PASSWORD           request_missed  r turn 1: Thanks for waiting." in out

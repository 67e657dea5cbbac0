"""A long conversation costs the same per turn as a short one (issue 17 item 5): 5,000
scam-ish turns through /stream answer lines whose size does not grow with the turn
count, and a /turns answer at the end is as small as one at the start.

The risk's signals are bounded by the library (per kind, the strongest few plus a count);
the service stores them incrementally and caps the turns a conversation may hold.
"""

from __future__ import annotations

import json

from .conftest import make_api

TURNS = 5_000
LINES = [
    {"speaker": "agent", "text": "this is the police, your account is frozen, move the money now"},
    {"speaker": "customer", "text": "ok, what should I do?"},
    {"speaker": "agent", "text": "我们是公安局的，你的账户涉嫌洗钱，请转账到安全账户"},
    {"speaker": "customer", "text": "好的，我该怎么做"},
    {"speaker": "agent", "text": "download the remote support app and share your screen"},
]


def _stream(n: int) -> str:
    return "\n".join(json.dumps(LINES[i % len(LINES)]) for i in range(n))


def test_a_5000_turn_stream_answers_lines_of_flat_size(db_url: str, guard) -> None:
    for api in make_api(db_url, guard, max_turns=TURNS + 1):
        r = api.client.post(
            "/v1/conversations/long-call/stream",
            content=_stream(TURNS),
            headers=api.ingest | {"Content-Type": "application/x-ndjson"},
        )
        assert r.status_code == 200
        out = r.text.splitlines()
        assert len(out) == TURNS
        decisions = [json.loads(line) for line in out]
        assert not [d for d in decisions if "error" in d][:1]
        assert decisions[-1]["index"] == TURNS - 1
        assert decisions[-1]["risk"]["level"] == "high", "the test needs signals to pile up"

        sizes = [len(line.encode("utf-8")) for line in out]
        # After the first few hundred turns every kind of signal has been seen; from then
        # on a line may only grow by the digits of its per-kind counts.
        early = max(sizes[200:400])
        late = max(sizes[-1000:])
        assert late <= early + 64, (early, late)

        one_more = api.client.post(
            "/v1/conversations/long-call/turns", json=LINES[1], headers=api.ingest
        )
        assert one_more.status_code == 200 and one_more.json()["index"] == TURNS
        assert len(one_more.content) <= early + 64

"""Store rows -> response dictionaries (shared by the JSON API and the console)."""

from __future__ import annotations

from service.store import models as m


def session_summary(row: m.Conversation) -> dict:
    return {
        "id": row.id,
        "channel": row.channel,
        "language": row.language,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
        "turn_count": row.turn_count,
        "risk_score": row.risk_score,
        "risk_level": row.risk_level,
        "scam": row.scam,
        "flagged": row.flagged,
        "agent_blocks": row.agent_blocks,
        "disposition": row.disposition,
    }


def stored_turn(t: m.Turn) -> dict:
    return {
        "index": t.index,
        "speaker": t.speaker,
        "action": t.action,
        "redacted_text": t.redacted_text,
        "start": t.start,
        "end": t.end,
        "findings": [
            {
                "type": f.type,
                "start": f.start,
                "end": f.end,
                "score": f.score,
                "recognizer": f.recognizer,
            }
            for f in t.findings
        ],
        "agent_request": list(t.agent_request),
        "triggers": list(t.triggers),
        "audio_redactions": t.audio_redactions,
        "error": t.error,
    }


def session_detail(row: m.Conversation) -> dict:
    return session_summary(row) | {
        "warning": row.warning,
        "turns": [stored_turn(t) for t in row.turns],
        "signals": [{"turn": s.turn, "kind": s.kind, "text": s.text} for s in row.signals],
        "reviews": [
            {
                "reviewer": r.reviewer,
                "disposition": r.disposition,
                "note": r.note,
                "created_at": r.created_at,
            }
            for r in row.reviews
        ],
    }

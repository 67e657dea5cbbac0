"""Redacting an archive on Spark (optional extra: ``pip install piiguard[spark]``).

Two layouts of a DataFrame of transcripts:

* one conversation a row - columns ``id``, ``turns`` (array of structs with ``speaker``,
  ``text`` and optional ``start``/``end``), optional ``channel`` and ``language``:
  :func:`scan_conversations` adds ``result``, the contract scan result as JSON (the same
  object ``piiguard scan`` writes), and ``scam``/``risk_level`` for filtering;
* one turn a row - a conversation key, a turn index, ``speaker``, ``text``:
  :func:`redact_turns` adds ``redacted_text``, ``action`` and ``findings`` (JSON) per
  turn. Rows are partitioned by the key and sorted by the index, so each conversation is
  read in order by one Python worker and cross-turn context works as in the CLI;
* one call recording a row - paths in, paths out: :func:`redact_recordings` reads each
  row's recording, bleeps the ranges of its scan result (the ``result`` column of
  :func:`scan_conversations`, joined on the call id) and writes the row's output path,
  adding ``audio_status`` (``ok`` or why not) and ``audio_ranges``. The paths must be
  reachable from the executors (a shared or distributed file system)::

      results = scan_conversations(transcripts, config).select("id", "result")
      jobs = recordings.join(results, "id")  # id, audio_path, output_path, result
      redact_recordings(jobs).filter("audio_status != 'ok'").show()

Both use ``mapInPandas``. The Guard is built once per Python worker process (Spark reuses
its workers) from a :class:`~piiguard.guard.GuardConfig`, which travels to the executors
by value; the recognizer folders must exist on the executors at the same paths.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript, Turn

if TYPE_CHECKING:  # pragma: no cover - typing only; pyspark is an optional extra
    import pandas as pd
    from pyspark.sql import DataFrame

__all__ = ["redact_recordings", "redact_turns", "scan_conversations"]

_GUARDS: dict[str, Guard] = {}


def _guard(config: GuardConfig) -> Guard:
    """The worker's Guard for ``config``, built on first use and kept for the process."""
    key = repr(config)  # the config holds mappings, so it is not hashable itself
    guard = _GUARDS.get(key)
    if guard is None:
        guard = _GUARDS[key] = Guard.build(config)
    return guard


def _turn(value: Any) -> Turn:
    get = value.get if isinstance(value, dict) else (lambda k, d=None: getattr(value, k, d))
    start, end = get("start", None), get("end", None)
    return Turn(
        str(get("speaker")),
        str(get("text") or ""),
        None if start is None else float(start),
        None if end is None else float(end),
    )


def scan_conversations(df: DataFrame, config: GuardConfig) -> DataFrame:
    """``df`` (one conversation a row) with ``result``, ``scam`` and ``risk_level`` added."""
    has_channel = "channel" in df.columns
    has_language = "language" in df.columns
    schema = f"{df.schema.simpleString()[7:-1]},result:string,scam:boolean,risk_level:string"

    def scan(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        guard = _guard(config)
        for batch in batches:
            results, scams, levels = [], [], []
            for _, row in batch.iterrows():
                transcript = Transcript(
                    id=str(row["id"]),
                    turns=tuple(_turn(t) for t in row["turns"]),
                    channel=str(row["channel"]) if has_channel and row["channel"] else "chat",
                    language=str(row["language"]) if has_language and row["language"] else None,
                )
                result = guard.scan(transcript)
                results.append(json.dumps(result.to_dict(), ensure_ascii=False))
                scams.append(result.risk.scam)
                levels.append(result.risk.level)
            yield batch.assign(result=results, scam=scams, risk_level=levels)

    return df.mapInPandas(scan, schema=schema)


def redact_turns(
    df: DataFrame, config: GuardConfig, *, key: str = "conversation_id", index: str = "turn_index"
) -> DataFrame:
    """``df`` (one turn a row) with ``redacted_text``, ``action`` and ``findings`` added.

    Optional ``channel``/``language`` columns are read from a conversation's first turn.
    """
    has_channel = "channel" in df.columns
    has_language = "language" in df.columns
    ordered = df.repartition(key).sortWithinPartitions(key, index)
    schema = f"{df.schema.simpleString()[7:-1]},redacted_text:string,action:string,findings:string"

    def redact(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        guard = _guard(config)
        current_key: Any = None
        conversation = None
        for batch in batches:
            texts, actions, findings = [], [], []
            for _, row in batch.iterrows():
                if conversation is None or row[key] != current_key:
                    current_key = row[key]
                    conversation = guard.conversation(
                        conversation_id=str(current_key),
                        channel=str(row["channel"]) if has_channel and row["channel"] else "chat",
                        language=str(row["language"]) if has_language and row["language"] else None,
                    )
                decision = conversation.add_turn(_turn(row))
                texts.append(decision.redacted_text)
                actions.append(decision.action)
                findings.append(json.dumps([f.to_dict() for f in decision.findings]))
            yield batch.assign(redacted_text=texts, action=actions, findings=findings)

    return ordered.mapInPandas(redact, schema=schema)


def redact_recordings(
    df: DataFrame,
    *,
    audio: str = "audio_path",
    result: str = "result",
    output: str = "output_path",
    mode: str = "beep",
    pad_seconds: float = 0.0,
    channel_map: dict[str, int] | None = None,
) -> DataFrame:
    """``df`` (one recording a row: input path, scan result JSON, output path) with
    ``audio_status`` and ``audio_ranges`` added; each output is written atomically, and a
    row that fails writes nothing (its status says why)."""
    from piiguard.audio_redact import RedactOptions

    options = RedactOptions(mode, pad_seconds, dict(channel_map or {}))  # type: ignore[arg-type]
    schema = f"{df.schema.simpleString()[7:-1]},audio_status:string,audio_ranges:int"

    def redact(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        for batch in batches:
            statuses, counts = [], []
            for _, row in batch.iterrows():
                status, ranges = _redact_row(row[audio], row[result], row[output], options)
                statuses.append(status)
                counts.append(ranges)
            yield batch.assign(audio_status=statuses, audio_ranges=counts)

    return df.mapInPandas(redact, schema=schema)


def _redact_row(audio: Any, result: Any, output: Any, options: Any) -> tuple[str, int]:
    from pathlib import Path

    from piiguard.audio_batch import AudioJob, redact_file
    from piiguard.audio_redact import spans_from_result
    from piiguard.errors import InputError

    try:
        spans = tuple(spans_from_result(json.loads(str(result))))
    except (InputError, ValueError) as exc:
        return f"bad scan result: {exc}", 0
    outcome = redact_file(AudioJob(Path(str(audio)), Path(str(output)), spans), options)
    if outcome.report is None:
        return str(outcome.error), 0
    return "ok", outcome.report.ranges

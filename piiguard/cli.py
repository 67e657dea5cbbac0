"""``piiguard`` command line: thin argument parsing over the library.

    piiguard scan IN.jsonl [-o OUT.jsonl] [--skip-bad]   transcripts -> contract results
    piiguard redact < text                                plain text -> redacted text
    piiguard explain "TEXT" [--before S:T]                candidates; why TEXT is (not) a request
    piiguard explain --conversation F --id ID [--turn N]  every finding, request, signal of a turn
    piiguard recognizers list | test [NAME]               the recognizer pack
    piiguard eval GOLD.jsonl [--json] [--show N]          score a labelled corpus, list errors
    piiguard redact-audio CALL RESULT -o OUT              bleep the scan result's ranges in a call
    piiguard eval --variants [--n N] [--seed S] [--json]  recall per generated variant class
    piiguard train-risk [--cv] | explain-risk IN.jsonl     the learned scam-risk model
    piiguard keys create|revoke|list                      the service's API keys (a plugin)
    piiguard scan IN.jsonl --indicators FILE              ... flagging known scam indicators
    piiguard indicators import FILE                       the service's blocklist (a plugin)

Exit status: 0 done, 1 bad input (the message names the line), 2 usage or configuration
error. Only the CLI reads the environment (``PIIGUARD_RECOGNIZERS``); the library takes
explicit arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from importlib.metadata import entry_points
from pathlib import Path
from typing import TextIO

from piiguard.errors import ConfigError, InputError
from piiguard.formats import format_for
from piiguard.guard import Guard, GuardConfig
from piiguard.model import Transcript, Turn
from piiguard.parallel import default_jobs, scan_jsonl_lines, scan_many
from piiguard.request_model import RequestModel

__all__ = ["main"]

_REPO_ROOT = Path(__file__).resolve().parent.parent
_REPO_PACK = _REPO_ROOT / "recognizers"


def default_recognizer_folders(explicit: Sequence[str] | None) -> tuple[Path, ...]:
    """``--recognizers`` folders, else $PIIGUARD_RECOGNIZERS (os.pathsep list), else the
    repository's ``recognizers/`` next to this package."""
    if explicit:
        return tuple(Path(p) for p in explicit)
    env = os.environ.get("PIIGUARD_RECOGNIZERS")
    if env:
        return tuple(Path(p) for p in env.split(os.pathsep) if p)
    if _REPO_PACK.is_dir():
        return (_REPO_PACK,)
    raise ConfigError("no recognizer folder: pass --recognizers DIR or set PIIGUARD_RECOGNIZERS")


def _guard_config(args: argparse.Namespace) -> GuardConfig:
    return GuardConfig(
        recognizer_folders=default_recognizer_folders(args.recognizers),
        policy_path=args.policy,
        risk_path=args.risk,
        **_indicator_options(args),
    )


def _indicator_options(args: argparse.Namespace) -> dict:
    """``--indicators FILE`` (fingerprints as exported) and the secret they were made with:
    ``--indicator-secret-file``, else $PIIGUARD_INDICATOR_SECRET(_FILE)."""
    path = getattr(args, "indicators", None)
    if not path:
        return {}
    secret_file = getattr(args, "indicator_secret_file", None) or os.environ.get(
        "PIIGUARD_INDICATOR_SECRET_FILE"
    )
    try:
        secret = (
            Path(secret_file).read_text(encoding="utf-8")
            if secret_file
            else os.environ.get("PIIGUARD_INDICATOR_SECRET", "")
        ).strip()
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read the indicator list or secret: {exc}") from None
    if not secret:
        raise ConfigError(
            "--indicators needs the secret the list was made with: pass "
            "--indicator-secret-file FILE or set PIIGUARD_INDICATOR_SECRET"
        )
    from piiguard.indicators import read_fingerprints

    try:
        known = read_fingerprints(lines)
    except ValueError as exc:
        raise ConfigError(str(exc), source=path) from None
    return {"indicator_secret": secret.encode("utf-8"), "known_indicators": known}


def _build_guard(args: argparse.Namespace) -> Guard:
    return Guard.build(_guard_config(args))


def _read_transcripts(
    args: argparse.Namespace, stream: TextIO, source: str
) -> Iterator[tuple[int, Transcript]]:
    from piiguard.formats import read_transcripts

    yield from read_transcripts(
        stream,
        source,
        fmt=args.format,
        agent_speakers=args.agent_speakers,
        skip_bad=args.skip_bad,
        on_skip=_report_skip,
    )


def _report_skip(error: InputError) -> None:
    print(f"piiguard: skipped {error}", file=sys.stderr)


def _open_input(path: str) -> tuple[TextIO, str]:
    if path == "-":
        return sys.stdin, "<stdin>"
    try:
        return open(path, encoding="utf-8", errors="strict", newline=""), path  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror}", source=path) from None


def _progress(items: Iterator, enabled: bool) -> Iterator:
    if not enabled:
        return items
    from tqdm import tqdm

    return tqdm(items, unit="conv", file=sys.stderr, dynamic_ncols=True)


def _scan_jsonl(
    args: argparse.Namespace,
    config: GuardConfig,
    guard: Guard,
    stream: TextIO,
    source: str,
    out: TextIO,
    show: bool,
) -> None:
    for lineno, result, error in _progress(
        scan_jsonl_lines(config, stream, args.jobs, guard), show
    ):
        if error is not None:
            problem = InputError(error, source=source, line=lineno)
            if not args.skip_bad:
                raise problem
            _report_skip(problem)
            continue
        out.write(result + "\n")


# Below this size a worker pool's start-up costs more than the second core saves (a
# few hundred transcripts); above it the scan is CPU-bound and splits evenly.
_PARALLEL_FROM_BYTES = 1 << 20
# Each worker holds its own engine (~150 MB): unasked, no more than this many.
_AUTO_JOBS_CAP = 8


def _auto_jobs(path: str) -> int:
    """One process per core (at most 8) for a large input file; one for a small file or a
    stream."""
    try:
        large = path != "-" and os.stat(path).st_size > _PARALLEL_FROM_BYTES
    except OSError:
        large = False  # reported when the file is opened
    return min(default_jobs(), _AUTO_JOBS_CAP) if large else 1


def cmd_scan(args: argparse.Namespace) -> int:
    if args.jobs is None:
        args.jobs = _auto_jobs(args.input)
    config = _guard_config(args)
    guard = Guard.build(config)  # a bad recognizer or policy file fails before any output
    stream, source = _open_input(args.input)
    out_path = Path(args.output) if args.output else None
    tmp = None
    try:
        if out_path is not None:
            # Written to a temporary file and renamed at the end: a failed run leaves no
            # partial output behind.
            fd, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", dir=out_path.parent or ".")
            tmp = Path(tmp_name)
            out: TextIO = os.fdopen(fd, "w", encoding="utf-8")
        else:
            out = sys.stdout
        try:
            show = args.progress or (args.progress is None and sys.stderr.isatty())
            if format_for(source, args.format) == "jsonl":
                _scan_jsonl(args, config, guard, stream, source, out, show)
            else:
                transcripts = (t for _, t in _read_transcripts(args, stream, source))
                for result in _progress(scan_many(config, transcripts, args.jobs, guard), show):
                    out.write(json.dumps(result, ensure_ascii=False) + "\n")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"not UTF-8 (byte {exc.start} of a read block)", source=source
            ) from None
        finally:
            if out is not sys.stdout:
                out.close()
        if tmp is not None and out_path is not None:
            tmp.replace(out_path)
            tmp = None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
        if stream is not sys.stdin:
            stream.close()
    return 0


def cmd_redact(args: argparse.Namespace) -> int:
    guard = _build_guard(args)
    text = args.text if args.text is not None else sys.stdin.read()
    redacted, _ = guard.redact_text(text, args.language)
    # --text is a line for the terminal: it ends with a newline. Stdin is a filter: the
    # output ends with a newline exactly when the input did.
    ends_line = args.text is not None or text.endswith("\n")
    sys.stdout.write(redacted + "\n" if ends_line and not redacted.endswith("\n") else redacted)
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    if args.conversation:
        return _explain_conversation(args)
    if args.text is None:
        print("piiguard: explain needs a TEXT, or --conversation FILE --id ID", file=sys.stderr)
        return 2
    guard = _build_guard(args)
    explained = guard.detector.explain(args.text, args.language, tuple(args.context or ()))
    if not explained:
        print("no candidates")
    for e in explained:
        f = e.finding
        verdict = "KEPT" if e.kept else "dropped"
        print(
            f"[{f.start}:{f.end}] {f.type:<18} {verdict:<8} score {f.score:.2f} "
            f"(pattern {e.pattern or '-'} {e.original_score:.2f}) recognizer {f.recognizer}"
        )
        print(f"    value shape: {e.value_preview}")
        print(
            f"    validator: {'-' if e.validation is None else 'pass' if e.validation else 'fail'}"
            f"   context word: {e.context_word or '-'}"
        )
        for note in e.notes:
            if not note.startswith("context word:"):  # already on the line above
                print(f"    {note}")
    _explain_request(guard, args)
    return 0


def _explain_conversation(args: argparse.Namespace) -> int:
    from piiguard.explain_turn import explain_conversation
    from piiguard.formats.jsonl import transcript_from_dict

    if not args.id:
        print("piiguard: --conversation needs --id ID", file=sys.stderr)
        return 2
    try:
        lines = Path(args.conversation).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot be read: {exc}", source=args.conversation) from None
    for lineno, line in enumerate(lines, 1):
        try:
            row = json.loads(line) if line.strip() else None
        except json.JSONDecodeError as exc:
            raise InputError(
                f"not valid JSON ({exc.msg})", source=args.conversation, line=lineno
            ) from None
        if isinstance(row, dict) and row.get("id") == args.id:
            break
    else:
        raise InputError(f"no conversation with id {args.id!r}", source=args.conversation)
    try:
        transcript = transcript_from_dict(row)
    except InputError as exc:
        raise InputError(exc.reason, source=args.conversation, line=lineno) from None
    gold = (row.get("gold") or {}).get("entities") or []
    try:
        out = explain_conversation(_build_guard(args), transcript, args.turn, gold)
    except IndexError as exc:
        raise InputError(str(exc), source=args.conversation) from None
    print("\n".join(out).rstrip())
    return 0


def _explain_request(guard: Guard, args: argparse.Namespace) -> None:
    """The text as an agent turn after the ``--before`` turns: request or not, and why."""
    if args.request_model and guard.requests.model is None:
        guard.requests.shadow_model = RequestModel.load()
    conversation = guard.conversation(language=args.language)
    for earlier in args.before or ():
        speaker, sep, text = earlier.partition(":")
        if not sep or speaker not in ("agent", "customer", "system"):
            raise InputError("--before takes SPEAKER:TEXT, SPEAKER one of agent, customer, system")
        conversation.add_turn(Turn(speaker, text))
    print("as an agent turn:")
    for note in conversation.explain_request(args.text):
        print(f"    {note}")


def cmd_recognizers(args: argparse.Namespace) -> int:
    from piiguard.authoring import run_examples

    guard = _build_guard(args)
    pack = guard.detector.pack
    if args.action == "list":
        for r in pack.recognizers:
            print(f"{r.name:<24} {r.entity:<20} {','.join(r.languages):<8} {r.source}")
        return 0
    failures = 0
    names = [args.name] if args.name else [r.name for r in pack.recognizers]
    for name in names:
        try:
            loaded = pack.by_name(name)
        except KeyError:
            print(f"piiguard: no recognizer named {name!r}", file=sys.stderr)
            return 2
        report = run_examples(guard.detector, loaded)
        status = "ok" if not report.failures else "FAILED"
        print(f"{name:<24} {report.passed}/{report.total} examples {status}")
        for failure in report.failures:
            print(f"    {failure}")
        failures += len(report.failures)
    return 1 if failures else 0


def cmd_eval(args: argparse.Namespace) -> int:
    from piiguard.evaluate import evaluate_file, render_report

    if args.variants:
        return _eval_variants(args)
    if args.gold is None:
        print("piiguard: eval needs a labelled corpus GOLD.jsonl, or --variants", file=sys.stderr)
        return 2
    guard = _build_guard(args)
    report = evaluate_file(guard, Path(args.gold))
    print(render_report(report, errors=not args.json, show=args.show))
    if args.json:
        print(json.dumps(report["figures"], ensure_ascii=False, sort_keys=True))
    return 0


def _scan_results_for_audio(args: argparse.Namespace) -> dict[str, dict]:
    from piiguard.formats import read_transcripts

    config = _guard_config(args)
    stream, source = _open_input(args.transcript)
    try:
        transcripts = (t for _, t in read_transcripts(stream, source))
        return {r["id"]: r for r in scan_many(config, transcripts, args.jobs)}
    finally:
        if stream is not sys.stdin:
            stream.close()


def cmd_redact_audio(args: argparse.Namespace) -> int:
    from piiguard.audio_batch import AudioJob, load_results, plan_folder, result_for, run_jobs
    from piiguard.audio_redact import RedactOptions, parse_channel_map, spans_from_result

    if (args.result is None) == (args.transcript is None):
        print("piiguard: give the call's scan RESULT or --transcript, not both", file=sys.stderr)
        return 2
    channel_map = parse_channel_map(args.channel_map) if args.channel_map else {}
    options = RedactOptions(args.mode, args.pad, channel_map)
    results = load_results(args.result) if args.result else _scan_results_for_audio(args)
    call, out = Path(args.call), Path(args.output)
    if not call.exists():
        raise InputError("no such file or folder", source=args.call)
    missing: list[Path] = []
    if call.is_dir():
        out.mkdir(parents=True, exist_ok=True)
        jobs, missing = plan_folder(call, results, out, args.format and f".{args.format}")
    else:
        result = result_for(results, call, alone=True)
        if result is None:
            raise InputError(f"no scan result with id {call.stem!r}", source=args.call)
        jobs = [AudioJob(call, out, tuple(spans_from_result(result)))]
    for recording in missing:  # never copied unredacted
        print(
            f"piiguard: {recording}: no scan result with id {recording.stem!r}; skipped",
            file=sys.stderr,
        )
    failed = len(missing)
    for outcome in run_jobs(jobs, options, args.jobs):
        if outcome.report is None:
            print(f"piiguard: {outcome.source}: {outcome.error}", file=sys.stderr)
            failed += 1
        else:
            report = outcome.report
            print(
                f"{outcome.dest}: {report.ranges} range(s), "
                f"{report.redacted_seconds:.2f} s of {report.frames / report.samplerate:.2f} s "
                f"replaced ({args.mode})",
                file=sys.stderr,
            )
    return 1 if failed else 0


def _eval_variants(args: argparse.Namespace) -> int:
    from piiguard.variant_matrix import render_matrix, run_matrix
    from piiguard.variants import class_names

    if args.n < 1 or args.n > 10_000:
        print("piiguard: --n must be between 1 and 10000", file=sys.stderr)
        return 2
    classes = [c for prefix in args.variant_class or [""] for c in class_names(prefix)]
    if not classes:
        print(f"piiguard: no variant class starts with {args.variant_class}", file=sys.stderr)
        return 2
    if args.save:
        from piiguard.variants import sample

        # The generated conversations as a labelled corpus, for ../shared/tools/score.py.
        with open(args.save, "w", encoding="utf-8") as fh:
            for i, variant in enumerate(sample(args.n, args.seed, classes)):
                record = variant.to_record(f"{variant.variant_class}#{i}")
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    guard = _build_guard(args)
    matrix = run_matrix(guard, args.n, args.seed, classes, show_misses=args.show_misses)
    print(render_matrix(matrix, markdown=args.markdown))
    if args.json:
        print(json.dumps(matrix, ensure_ascii=False, sort_keys=True))
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="piiguard",
        description="Find, redact and block sensitive data in support conversations.",
    )
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--recognizers", action="append", metavar="DIR", help="recognizer folder (repeatable)"
    )
    common.add_argument("--policy", metavar="FILE", help="policy YAML (default: built-in)")
    common.add_argument("--risk", metavar="FILE", help="risk model YAML (default: built-in)")
    sub = p.add_subparsers(dest="command", required=True)

    scan = sub.add_parser("scan", parents=[common], help="scan transcripts into contract results")
    scan.add_argument("input", help="transcript file (- for stdin)")
    scan.add_argument("-o", "--output", help="write results here (default: stdout)")
    scan.add_argument(
        "--format",
        choices=["jsonl", "vtt", "srt", "text"],
        help="input format (default: from extension)",
    )
    scan.add_argument(
        "--agent-speakers", default="", help="comma-separated names that are agents (vtt/srt/text)"
    )
    scan.add_argument(
        "--skip-bad", action="store_true", help="skip malformed lines, report them on stderr"
    )
    scan.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help=(
            "scan with N processes, output in input order (0 = one per core; default: one"
            " per core, at most 8, for an input file over 1 MB, else 1)"
        ),
    )
    scan.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
    )
    scan.add_argument(
        "--indicators",
        metavar="FILE",
        help="known scam indicators (fingerprints as exported by the service)",
    )
    scan.add_argument(
        "--indicator-secret-file",
        metavar="FILE",
        help="the secret the fingerprints were made with (default: $PIIGUARD_INDICATOR_SECRET)",
    )
    scan.set_defaults(func=cmd_scan)

    redact = sub.add_parser(
        "redact", parents=[common], help="redact plain text from stdin (or --text)"
    )
    redact.add_argument("--text", help="text to redact instead of stdin")
    redact.add_argument("--language", choices=["en", "zh"], help="default: detect")
    redact.set_defaults(func=cmd_redact)

    explain = sub.add_parser(
        "explain", parents=[common], help="show every candidate finding and why"
    )
    explain.add_argument("text", nargs="?", help="a text (or use --conversation)")
    explain.add_argument(
        "--conversation", metavar="FILE", help="explain turns of a conversation of this file"
    )
    explain.add_argument("--id", help="the conversation's id (with --conversation)")
    explain.add_argument(
        "--turn", type=int, metavar="N", help="only turn N (0-based; default: every turn)"
    )
    explain.add_argument("--language", choices=["en", "zh"])
    explain.add_argument(
        "--context", action="append", help="a label word carried from an earlier turn"
    )
    explain.add_argument(
        "--before",
        action="append",
        metavar="SPEAKER:TEXT",
        help="an earlier turn of the conversation (repeatable), for carried expectations",
    )
    explain.add_argument(
        "--request-model",
        action="store_true",
        help="also show the learned request model's view (off in scanning: docs/accuracy.md)",
    )
    explain.set_defaults(func=cmd_explain)

    recs = sub.add_parser("recognizers", parents=[common], help="list or test the recognizer pack")
    recs.add_argument("action", choices=["list", "test"])
    recs.add_argument("name", nargs="?")
    recs.set_defaults(func=cmd_recognizers)

    ev = sub.add_parser(
        "eval", parents=[common], help="scan a labelled corpus and print its figures"
    )
    ev.add_argument("gold", nargs="?", help="labelled corpus (JSON Lines with 'gold')")
    ev.add_argument("--json", action="store_true", help="end with one JSON object of every figure")
    ev.add_argument(
        "--show",
        type=int,
        default=20,
        metavar="N",
        help="list at most N errors (misses, false alarms, request errors; default 20)",
    )
    ev.add_argument(
        "--variants",
        action="store_true",
        help="score generated variants of every class instead of a corpus (piiguard.variants)",
    )
    ev.add_argument("--n", type=int, default=20, help="variants per class (default 20)")
    ev.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    ev.add_argument(
        "--class",
        dest="variant_class",
        action="append",
        metavar="PREFIX",
        help="only classes starting with PREFIX, e.g. PHONE_NUMBER/ (repeatable)",
    )
    ev.add_argument(
        "--show-misses",
        type=int,
        default=0,
        metavar="K",
        help="list up to K missed variants per class (generated values)",
    )
    ev.add_argument("--markdown", action="store_true", help="Markdown tables (for docs)")
    ev.add_argument(
        "--save", metavar="FILE", help="also write the generated conversations (labelled JSONL)"
    )
    ev.set_defaults(func=cmd_eval)

    audio = sub.add_parser(
        "redact-audio",
        parents=[common],
        help="bleep (or silence) the scan result's audio_redactions in a call recording",
    )
    audio.add_argument("call", help="recording (.wav .flac .ogg .mp3) or a folder of them")
    audio.add_argument(
        "result", nargs="?", help="scan result(s) of the call's transcript, JSON or JSONL"
    )
    audio.add_argument(
        "-o", "--output", required=True, help="output .wav/.flac/.ogg (a folder for a folder)"
    )
    audio.add_argument("--mode", choices=["beep", "silence"], default="beep")
    audio.add_argument(
        "--pad", type=float, default=0.0, metavar="SECONDS", help="widen every range both ways"
    )
    audio.add_argument("--transcript", metavar="T", help="scan this transcript instead of RESULT")
    audio.add_argument(
        "--channel-map",
        metavar="MAP",
        help="one speaker a channel, e.g. agent=left,customer=right: redact only theirs",
    )
    audio.add_argument(
        "--format", choices=["wav", "flac", "ogg"], help="output format in folder mode"
    )
    audio.add_argument(
        "--jobs", type=int, default=1, metavar="N", help="recordings at once (0 = one per core)"
    )
    audio.set_defaults(func=cmd_redact_audio)

    from piiguard import risk_cli

    risk_cli.register(sub, common)
    _load_command_plugins(sub, common)
    return p


def _load_command_plugins(sub: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    """Extra commands from the ``piiguard.commands`` entry point group (``keys`` comes
    from the repository's service). A plugin that cannot load is skipped, never fatal."""
    if (_REPO_ROOT / "service" / "__init__.py").exists() and str(_REPO_ROOT) not in sys.path:
        sys.path.append(str(_REPO_ROOT))  # the service is repository-only, not installed
    for ep in entry_points(group="piiguard.commands"):
        try:
            ep.load()(sub, common)
        except Exception as exc:  # an optional plugin must not break the core commands
            print(
                f"piiguard: command plugin {ep.name!r} unavailable ({type(exc).__name__})",
                file=sys.stderr,
            )


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if getattr(args, "jobs", 1) == 0:
        args.jobs = default_jobs()
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"piiguard: {exc}", file=sys.stderr)
        return 1
    except ConfigError as exc:
        print(f"piiguard: configuration error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `piiguard scan x | head`: the reader left, nothing is wrong
        sys.stderr.close()
        return 0
    except Exception as exc:  # a bug or the environment (a plugin's database, a disk)
        # One line, never a traceback; the exception's text is not printed, since it may
        # quote input (a value, a SQL parameter).
        print(
            f"piiguard: {args.command} failed unexpectedly ({type(exc).__name__}); nothing "
            "was written for the failed step. If it persists, report it with the command "
            "line (not the input).",
            file=sys.stderr,
        )
        return 70  # EX_SOFTWARE


if __name__ == "__main__":
    sys.exit(main())

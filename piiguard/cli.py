"""``piiguard`` command line: thin argument parsing over the library.

    piiguard scan IN.jsonl [-o OUT.jsonl] [--skip-bad]   transcripts -> contract results
    piiguard redact < text                                plain text -> redacted text
    piiguard explain "TEXT"                               every candidate and its decision
    piiguard recognizers list | test [NAME]               the recognizer pack
    piiguard eval GOLD.jsonl [--json]                     scan a labelled corpus and score it
    piiguard train-risk [--cv] | explain-risk IN.jsonl     the learned scam-risk model
    piiguard keys create|revoke|list                      the service's API keys (a plugin)

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
from piiguard.model import Transcript
from piiguard.parallel import default_jobs, scan_jsonl_lines, scan_many

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
    )


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


def cmd_scan(args: argparse.Namespace) -> int:
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
    sys.stdout.write(
        redacted if redacted.endswith("\n") or not text.endswith("\n") else redacted + "\n"
    )
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
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
    return 0


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

    guard = _build_guard(args)
    report = evaluate_file(guard, Path(args.gold))
    print(render_report(report, misses=not args.json))
    if args.json:
        print(json.dumps(report["figures"], ensure_ascii=False, sort_keys=True))
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
        default=1,
        metavar="N",
        help="scan with N processes, output in input order (default 1; 0 = one per core)",
    )
    scan.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: when stderr is a terminal)",
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
    explain.add_argument("text")
    explain.add_argument("--language", choices=["en", "zh"])
    explain.add_argument(
        "--context", action="append", help="a label word carried from an earlier turn"
    )
    explain.set_defaults(func=cmd_explain)

    recs = sub.add_parser("recognizers", parents=[common], help="list or test the recognizer pack")
    recs.add_argument("action", choices=["list", "test"])
    recs.add_argument("name", nargs="?")
    recs.set_defaults(func=cmd_recognizers)

    ev = sub.add_parser(
        "eval", parents=[common], help="scan a labelled corpus and print its figures"
    )
    ev.add_argument("gold")
    ev.add_argument("--json", action="store_true", help="end with one JSON object of every figure")
    ev.set_defaults(func=cmd_eval)
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


if __name__ == "__main__":
    sys.exit(main())

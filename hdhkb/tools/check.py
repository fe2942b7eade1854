"""``python -m hdhkb check [--only GATE…]``: run the quality gates, report, fail.

Each problem is printed as ``path:line: [gate] message — how to fix`` (the
form editors and CI logs link to), then a one-line summary per gate; the exit
status is 1 when any gate found a problem and 2 when a gate could not run.
A gate may also have findings for review (its ``review(project)``, e.g. the
near-identical messages of ``consistency``): printed the same way on stderr,
they never fail the check.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from types import ModuleType

from hdhkb.check import CheckError, Problem, Project, gates

HELP = "run the quality gates (make check): file:line, what and how to fix, per problem"

def parser(available: dict[str, ModuleType]) -> argparse.ArgumentParser:
    epilog = "gates:\n" + "\n".join(
        f"  {name:<12} {module.HELP}{' (needs make html)' if module.NEEDS_HTML else ''}"
        for name, module in available.items()
    )
    ap = argparse.ArgumentParser(prog="python -m hdhkb check", description=__doc__,
                                 epilog=epilog, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--only", nargs="+", metavar="GATE", choices=sorted(available),
                    help="run only these gates (default: all)")
    ap.add_argument("--sources", action="store_true",
                    help="run only the gates that need no built site")
    ap.add_argument("--html-gates", action="store_true",
                    help="run only the gates that read the built site")
    ap.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: .)")
    ap.add_argument("--html", type=Path, default=None,
                    help="built site, with en/ and fr/ (default: ROOT/_build/html)")
    return ap


def main(argv: list[str] | None = None) -> int:
    available = gates()
    args = parser(available).parse_args(argv)
    selected = [name for name in available if not args.only or name in args.only]
    if args.sources:
        selected = [name for name in selected if not available[name].NEEDS_HTML]
    if args.html_gates:
        selected = [name for name in selected if available[name].NEEDS_HTML]
    project = Project(args.root, args.html)
    failed = broken = 0
    for name in selected:
        started = time.monotonic()
        module = available[name]
        try:
            problems = sorted(set(module.run(project)), key=_order)
            notes = sorted(set(getattr(module, "review", lambda _: ())(project)), key=_order)
        except CheckError as error:
            sys.stderr.write(f"[{name}] could not run: {error}\n")
            broken += 1
            continue
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        if name == "validity":  # the other gates cannot trust what they would read
            project.unreadable |= {project.root / problem.path for problem in problems}
        sys.stdout.flush()
        for note in notes:
            sys.stderr.write(f"{note}\n")
        seconds = time.monotonic() - started
        verdict = f"{len(problems)} problem(s)" if problems else "ok"
        if notes:
            verdict += f", {len(notes)} for review"
        sys.stderr.write(f"check {name}: {verdict} ({seconds:.1f} s)\n")
        failed += bool(problems)
    sys.stdout.flush()
    if broken:
        return 2
    return 1 if failed else 0


def _order(problem: Problem) -> tuple[str, int, str]:
    return problem.path, problem.line, problem.message

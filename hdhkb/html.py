"""``python -m hdhkb html LANG… -- SPHINX-ARGS``: every language at once, then publish them.

Why one process: ``make html`` used to run a sub-``make`` that started one
``sphinx-build`` per language, then more Python processes to publish, after
both builds, while the editor waited. Here one process imports Sphinx once
(with the collector tuned as in ``hdhkb build``), forks one child per
language, and does the publishing work in the parent: some of it while the
slower language still builds, the rest with everything already imported.

- Each child runs ``sphinx-build SPHINX-ARGS -D language=LANG -d
  DOCTREES/LANG SOURCE WORK/LANG``. Its output is held in a file and shown
  when every build is over, one language after the other (as ``make
  --output-sync`` did), so two builds' warnings never interleave.
- A language that passed is staged beside its published tree at once (while
  the other build still runs); only when every language passed are the
  staged trees swapped in (``hdhkb.publish``; with ``--chooser``, the root
  files are written too). A failed build leaves the last
  good tree in place and exits with sphinx-build's status.
- A failed language's environment is deleted. Sphinx pickles it even when a
  page warned (``-W --keep-going``), so the next run would skip that page,
  warn about nothing and publish the broken page: the next run after a
  failure re-reads every page of that language instead.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import multiprocessing
import os
import shutil
import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NoReturn

from hdhkb import build, publish

if TYPE_CHECKING:
    from collections.abc import Callable


def _child(argv: list[str], out: BinaryIO, err: BinaryIO) -> int:
    """Run in the forked child: sphinx-build with its output in *out* and *err*."""
    os.dup2(out.fileno(), 1)
    os.dup2(err.fileno(), 2)
    from sphinx.cmd.build import main as sphinx_build

    try:
        return sphinx_build(argv)
    except Exception:  # reported here, and the status says the build failed
        traceback.print_exc()
        return 2
    finally:
        sys.stdout.flush()
        sys.stderr.flush()


def run_builds(jobs: dict[str, list[str]], passed: Callable[[str], object]) -> dict[str, int] | int:
    """Run one sphinx-build per language in forked children; show their output in order.

    ``passed(language)`` runs in the parent as soon as that language's build
    has passed, while the others may still run.

    Returns every language's exit status in the parent, and in each child
    that child's own status (an ``int``), for ``main`` to leave with
    (:func:`_leave`).
    """
    from sphinx.cmd.build import main as sphinx_build  # noqa: F401  (imported once, here)

    gc.freeze()
    children: dict[int, str] = {}
    status: dict[str, int] = {}
    with contextlib.ExitStack() as files:
        logs = {code: (files.enter_context(tempfile.TemporaryFile()),
                       files.enter_context(tempfile.TemporaryFile())) for code in jobs}
        sys.stdout.flush()
        sys.stderr.flush()
        for language, argv in jobs.items():
            pid = os.fork()
            if pid == 0:
                return _child(argv, *logs[language])
            children[pid] = language
        while children:
            pid, wait_status = os.wait()
            language = children.pop(pid)
            status[language] = os.waitstatus_to_exitcode(wait_status)
            if status[language] == 0:
                passed(language)
        for language, (out, err) in logs.items():
            texts = []
            for log in (out, err):
                log.seek(0)
                texts.append(log.read())
            if texts[1]:  # both languages warn about the same file: say which build spoke
                sys.stderr.write(f"--- {language} build (exit status {status[language]}):\n")
                sys.stderr.flush()
            for text, stream in zip(texts, (sys.stdout, sys.stderr), strict=True):
                stream.buffer.write(text)
                stream.flush()
    return status


def _leave(status: int) -> NoReturn:
    """End this process (a child whose build is over, or the parent) without teardown.

    The interpreter's teardown frees, module by module, a heap that holds all
    of Sphinx, for a process that ends anyway: measured 20 ms in each child
    and 16 ms in the parent (docs/performance.md). Everything written is
    closed by then (Sphinx writes with ``with`` blocks; so do we). What a bare
    ``os._exit`` would miss are the processes a build started: sphinx-sitemap
    keeps a ``multiprocessing`` manager process, which the normal exit shuts
    down and which would otherwise outlive us (a test checks that none is left
    behind). So those are ended first.
    """
    for process in multiprocessing.active_children():
        process.terminate()
        process.join()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)


def main(argv: list[str]) -> NoReturn:
    """The command line: the process ends here, with the builds' status."""
    gc.set_threshold(*build.THRESHOLDS)
    args, sphinx_args = _parse(argv)
    # One folder of compiled templates for every language (hdhkb.templatecache).
    cache = ["-D", f"hdhkb_template_cache={(args.doctrees / 'templates').resolve()}"]
    jobs = {
        code: [*sphinx_args, *cache, "-D", f"language={code}", "-d", str(args.doctrees / code),
               str(args.source), str(args.work / code)]
        for code in args.languages
    }
    # A language that passed is staged beside its published tree at once,
    # while the slower build runs; the trees are swapped in once all passed.
    status = run_builds(jobs, lambda code: publish.prepare(args.work / code, args.live / code))
    if isinstance(status, int):  # a child, its build over
        _leave(status)
    failed = [code for code in args.languages if status[code] != 0]
    if failed:
        for code in args.languages:
            shutil.rmtree(publish.staging_dir(args.live / code), ignore_errors=True)
        for code in failed:
            # Sphinx saved the environment of the pages that warned: the next
            # run would not read them again, print nothing and publish them.
            shutil.rmtree(args.doctrees / code, ignore_errors=True)
        builds = " and ".join(failed) + (" builds" if len(failed) > 1 else " build")
        sys.stderr.write(f"hdhkb html: the {builds} failed: nothing published\n")
        _leave(max(1, *(status[code] for code in failed)))  # a signal gives a negative code
    _leave(publish.swap_all(args.live, args.languages, chooser=args.chooser))


def _parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    ours, sphinx_args = (argv[: argv.index("--")], argv[argv.index("--") + 1:]) \
        if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="python -m hdhkb html", description=__doc__)
    parser.add_argument("languages", nargs="+", help="languages to build, default first")
    parser.add_argument("--source", type=Path, default=Path("source"), help="the pages")
    parser.add_argument("--doctrees", type=Path, required=True, help="doctrees, per language")
    parser.add_argument("--work", type=Path, required=True, help="the builds, per language")
    parser.add_argument("--live", type=Path, required=True, help="the served tree, per language")
    parser.add_argument("--chooser", action="store_true", help="also write the root chooser")
    args = parser.parse_args(ours)
    if sys.stderr.isatty() and "--no-color" not in sphinx_args:
        sphinx_args = ["--color", *sphinx_args]  # the children write to files, not the terminal
    return args, sphinx_args

"""``python -m hdhkb html [LANG…] -- SPHINX-ARGS``: build the languages, publish them together.

What ``make html`` (every language, and the root chooser) and ``make
html-<lang>`` run. One build at a time per build folder (a second run waits
for the first, :class:`hdhkb.publish.Lock`). The input gates run first, in a
process of their own, while this one imports Sphinx and the extensions
(:func:`hdhkb.sphinxbuild.preload`); once they passed, per language, in
parallel (a process each, forked from this one with ``multiprocessing``, so
that Sphinx is imported once for every language):

1. A language whose last build did not finish (interrupted by any signal, at
   any moment, or failed) left a marker, ``<builddir>/state/<lang>.unfinished``:
   its environment and work tree are deleted first, so the build starts from
   scratch instead of trusting pages Sphinx believes are up to date.
2. ``sphinx-build SPHINX-ARGS -D language=LANG -d _build/doctrees/LANG
   SOURCE _build/work/LANG`` (``_build`` or ``--builddir``; kept between runs: rebuilds are
   incremental, and ``hdhkb.ext.outputs`` removes what a clean build would
   not write). Its output is shown once every build is over, one language
   after the other, under a ``--- fr build`` line when it has warnings.
3. A language that passed is staged beside its published tree at once.

Only when every language passed are the staged trees swapped in
(:mod:`hdhkb.publish`). Otherwise the published tree stays as it was, the
failed language keeps its marker (its next build starts afresh, so it warns
again instead of publishing what it skipped) and the exit status is non-zero.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing
import multiprocessing.connection
import multiprocessing.process
import re
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING

from hdhkb import publish, settings, sphinxbuild

if TYPE_CHECKING:  # imported where needed: the gates' process imports them first
    from multiprocessing.connection import Connection

    from hdhkb.check import Problem, Project, incremental

HELP = "build languages in parallel, publish them when all pass (make html, make html-LANG)"


@dataclass(frozen=True)
class Layout:
    """Where one build folder keeps what (``make html BUILDDIR=…``)."""

    builddir: Path

    @property
    def doctrees(self) -> Path:
        return self.builddir / "doctrees"

    @property
    def work(self) -> Path:
        return self.builddir / "work"

    @property
    def live(self) -> Path:
        return self.builddir / "html"

    @property
    def state(self) -> Path:
        return self.builddir / "state"

    @property
    def catalog_stats(self) -> Path:
        return self.state / "catalog-stats.json"

    def marker(self, language: str) -> Path:
        """Present while *language*'s environment and work tree may disagree with the sources."""
        return self.state / f"{language}.unfinished"


@dataclass
class Build:
    """One language's build: its command, then its outcome."""

    language: str
    command: list[str]
    status: int = -1
    out: bytes = b""
    err: bytes = b""
    staged: Path | None = None
    problems: list[Problem] = field(default_factory=list)
    #: Where its output goes while it runs (shown once every build is over): unlinked
    #: files, inherited by the forked build, gone with the last process that holds them.
    out_file: IO[bytes] = field(default_factory=tempfile.TemporaryFile)
    err_file: IO[bytes] = field(default_factory=tempfile.TemporaryFile)

    def close(self) -> None:
        self.out_file.close()
        self.err_file.close()


def command(layout: Layout, source: Path, language: str, sphinx_args: list[str],
            *, release: bool) -> list[str]:
    # Compiled templates shared by the languages of this build folder
    # (hdhkb.speedups.templatecache; ignored when the speed-ups are off).
    cache = f"hdhkb_template_cache={(layout.doctrees / 'templates').resolve()}"
    # Every language's status page reads the catalogs' statistics from here,
    # so that no build but the language's own opens a catalog.
    stats = f"hdhkb_catalog_stats={layout.catalog_stats.resolve()}"
    strict = f"hdhkb_strict={int('-W' in sphinx_args)}"  # warnings fail the build
    return [*sphinx_args, "-D", cache, "-D", stats, "-D", strict,
            "-D", f"hdhkb_release={int(release)}", "-D", f"language={language}",
            "-d", str(layout.doctrees / language), str(source), str(layout.work / language)]


def start_afresh_if_unfinished(layout: Layout, language: str) -> bool:
    """Delete an unfinished build's environment and tree; mark this one unfinished."""
    marker = layout.marker(language)
    fresh = marker.exists()
    if fresh:
        shutil.rmtree(layout.doctrees / language, ignore_errors=True)
        shutil.rmtree(layout.work / language, ignore_errors=True)
    layout.state.mkdir(parents=True, exist_ok=True)
    marker.write_text("a build of this language started and has not finished\n")
    return fresh


@contextlib.contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl+C and SIGTERM while forking: a child interrupted before its own code runs
    prints Python's at-fork noise (it would still have this process's SIGTERM handler).
    A signal that comes while the child is being forked reaches this process right after,
    whose cleanup then ends the child; one that comes later reaches the child where it
    can end quietly (:func:`sphinxbuild.interruptible`)."""
    held = signal.pthread_sigmask(signal.SIG_BLOCK, set())  # the mask as it is
    try:  # a signal already pending is raised here, inside the try: the mask comes back
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def gates_in_child(receiver: Connection, sender: Connection, state: Path,
                   release: bool) -> None:
    """The input gates (:func:`hdhkb.check.incremental.inputs`), in a process of their own
    while the parent imports Sphinx; their problems go back through *sender*.

    The verdicts are saved before the problems are sent: once the parent has them, the
    gates are done. The pipe's reading end is closed here, so that a parent gone before
    reading makes the sending fail instead of waiting forever on a full pipe.
    """
    receiver.close()
    with sphinxbuild.interruptible():
        from hdhkb.check import Project, incremental

        verdicts = incremental.Verdicts(state / "gates.json", Project(Path.cwd()))
        try:
            problems = incremental.inputs(verdicts, release=release)
        finally:
            verdicts.save()
        try:
            sender.send(problems)
        except BrokenPipeError:  # the parent is gone (interrupted): nobody to tell
            raise SystemExit(1) from None
    # Done: a Ctrl+C from now on would only print a traceback on the way out.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})


def check_inputs(layout: Layout, release: bool) -> list[Problem] | str:
    """Run the input gates while importing what the builds need: their problems, or
    why they could not run."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    layout.state.mkdir(parents=True, exist_ok=True)
    gates = context.Process(target=gates_in_child,
                            args=(receiver, sender, layout.state, release))
    problems: list[Problem] | None = None
    try:
        with interrupts_held():
            gates.start()
        sender.close()
        for _module in sphinxbuild.preload():
            if problems is None and receiver.poll():
                problems = receiver.recv()
                if problems:
                    break  # refused: the builds will not need the rest
        if problems is None:
            problems = receiver.recv()
    except (EOFError, OSError):  # the gates ended without a verdict
        pass
    except BaseException:  # an error here, Ctrl+C: the gates' process goes too
        gates.terminate()
        raise
    finally:
        receiver.close()
        if gates.pid is not None:
            gates.join()
    if gates.exitcode != 0:
        return f"the gates' process ended with status {gates.exitcode}"
    return problems if problems is not None else "the gates' process sent no verdict"


def _read(handle: IO[bytes]) -> bytes:
    handle.seek(0)
    return handle.read()


def run_builds(layout: Layout, builds: list[Build], verdicts: incremental.Verdicts) -> None:
    """Fork every language's build; check and stage each one as soon as it passed."""
    from hdhkb.check import incremental

    context = multiprocessing.get_context("fork")
    running: dict[int, tuple[multiprocessing.process.BaseProcess, Build]] = {}
    try:
        for build in builds:
            child = context.Process(target=sphinxbuild.build_in_child, args=(
                build.command, build.out_file.fileno(), build.err_file.fileno()))
            with interrupts_held():  # known to the cleanup below before Ctrl+C can land
                child.start()
                running[child.sentinel] = (child, build)
        while running:
            for ready in multiprocessing.connection.wait(list(running)):
                assert isinstance(ready, int)  # a process's sentinel is a file descriptor
                ended, build = running.pop(ready)
                ended.join()
                # A signal gives a negative exit code: still a failure.
                build.status = ended.exitcode if ended.exitcode is not None else 1
                build.out, build.err = _read(build.out_file), _read(build.err_file)
                if build.status != 0:
                    continue
                # Its environment and tree match the sources now, whatever the gates say.
                layout.marker(build.language).unlink(missing_ok=True)
                build.problems = incremental.built(verdicts, layout.work / build.language)
                if build.problems:
                    continue
                live = layout.live / build.language
                live.parent.mkdir(parents=True, exist_ok=True)
                build.staged = publish.staging_dir(live)
                publish.stage(layout.work / build.language, live, build.staged)
    finally:  # Ctrl+C, an error: no build goes on behind our back (markers stay)
        for left, _build in running.values():
            left.terminate()
            left.join()


#: ``source/page.md:12: WARNING: …`` as Sphinx writes it (colours or not), one line.
WARNING = re.compile(r"^(?P<ansi>(?:\x1b\[[0-9;]*m)*)(?P<path>[^:\n]+?\.md):(?P<line>\d+): "
                     r"(?P<rest>.*)$", re.M)
#: What a warning quotes: a role, a label, a document name…
QUOTED = re.compile(r"[\"'](?P<token>[^\"'\s]{2,80})[\"']")


def annotate(text: str, project: Project, language: str) -> str:
    """Point a translated page's warnings at the catalog line as well.

    Sphinx locates a warning about a French paragraph at the English page (at
    the paragraph's line, or at line 1 when the problem is inside a translated
    message); the person to fix it edits the msgstr, so its ``.po`` line is
    added: the entry whose ``#:`` line is the warning's, else the one entry
    whose translation (and not its English) holds what the warning quotes.
    """
    if language == project.source_language:
        return text
    from hdhkb.check import msgstr_line

    def where(match: re.Match[str]) -> str:
        source = (Path.cwd() / match["path"]).resolve()
        try:
            page = source.relative_to(project.source).with_suffix("")
        except ValueError:
            return match.group(0)
        po = project.locale / language / "LC_MESSAGES" / f"{page}.po"
        if not po.is_file():
            return match.group(0)
        entries = [e for e in project.catalog(po) if e.msgid and not e.obsolete]
        found = [e for e in entries if any(Path(path).name == source.name
                                          and int(line or 0) == int(match["line"])
                                          for path, line in e.occurrences)]
        if not found:
            tokens = [m["token"] for m in QUOTED.finditer(match["rest"])]
            found = [e for e in entries if any(token in e.msgstr and token not in e.msgid
                                               for token in tokens)]
        if len(found) != 1:
            return match.group(0)
        line = msgstr_line(po, found[0])
        return (f"{match['ansi']}{match['path']}:{match['line']}: "
                f"[translation: {project.rel(po)}:{line}] {match['rest']}")

    return WARNING.sub(where, text)


def show(builds: list[Build], project: Project) -> None:
    """Each build's output, one language after the other (never interleaved)."""
    for build in builds:
        err = annotate(build.err.decode(errors="replace"), project, build.language)
        if err:  # both languages warn about the same file: say which build spoke
            sys.stderr.write(f"--- {build.language} build (exit status {build.status}):\n")
        sys.stdout.buffer.write(build.out)
        sys.stdout.flush()
        sys.stderr.write(err)
        for problem in build.problems:
            sys.stderr.write(f"{problem}\n")
        sys.stderr.flush()


def refuse(problems: list[Problem], what: str) -> int:
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
    files = len({p.path for p in problems})
    sys.stderr.write(f"{what}: {len(problems)} problem(s) in {files} file(s) must be fixed "
                     "first: nothing built, nothing published\n")
    return 1


def write_catalog_stats(project: Project, layout: Layout) -> None:
    """The statistics every language's status page shows (written only when they change)."""
    from hdhkb import catalogs

    data = json.dumps([
        {"language": language,
         "pages": [catalogs.to_json(page) for page in
                   catalogs.language_stats(project.locale, language)]}
        for language in project.settings.targets], ensure_ascii=False, indent=1)
    path = layout.catalog_stats
    if not path.is_file() or path.read_text(encoding="utf-8") != data:
        layout.state.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(data, encoding="utf-8")
        tmp.replace(path)


def build_and_publish(layout: Layout, source: Path, languages: list[str],
                      sphinx_args: list[str], *, chooser: bool, release: bool = False,
                      what: str = "hdhkb html") -> int:
    """Everything ``make html`` does once it holds the lock; the exit status."""
    builds = [Build(language, command(layout, source, language, sphinx_args, release=release))
              for language in languages]
    try:
        problems = check_inputs(layout, release)
        if isinstance(problems, str):
            sys.stderr.write(f"{what}: {problems}: nothing built, nothing published\n")
            return 1
        if problems:
            return refuse(problems, what)
        from hdhkb.check import Project, incremental

        project = Project(Path.cwd())
        verdicts = incremental.Verdicts(layout.state / "gates.json", project)
        write_catalog_stats(project, layout)
        for build in builds:
            publish.remove_leftovers(layout.live / build.language)
            if start_afresh_if_unfinished(layout, build.language):
                sys.stderr.write(f"{what}: the last {build.language} build did not finish: "
                                 "building it from scratch\n")
        try:
            run_builds(layout, builds, verdicts)
        finally:
            verdicts.save()
        show(builds, project)
        failed = [b for b in builds if b.status != 0 or b.problems]
        if failed:
            names = " and ".join(b.language for b in failed)
            sys.stderr.write(f"{what}: the {names} build{'s' if len(failed) > 1 else ''} "
                             "failed: nothing published\n")
            return max(1, *(b.status for b in failed))
        publish.publish({b.language: b.staged for b in builds if b.staged}, layout.live,
                        project.settings.languages if chooser else None)
        return 0
    finally:
        for build in builds:  # whatever was not swapped in (a failure, Ctrl+C)
            build.close()
            if build.staged and build.staged.exists():
                shutil.rmtree(build.staged, ignore_errors=True)


def exit_on_sigterm() -> None:
    """End on SIGTERM (``timeout``, a CI cancel, ``kill``) through the normal exit, so that
    the cleanup runs: the forked builds and gates end too, instead of building on."""
    def terminated(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)


def main(argv: list[str]) -> int:
    exit_on_sigterm()
    args, sphinx_args = _parse(argv)
    project = settings.load(Path.cwd())
    languages = args.languages or project.codes
    unknown = sorted(set(languages) - set(project.codes))
    if unknown:
        sys.stderr.write(f"hdhkb html: unknown language(s) {', '.join(unknown)}; conf.py "
                         f"declares {', '.join(project.codes)} (hdhkb_languages)\n")
        return 2
    layout = Layout(args.builddir)
    try:
        with publish.Lock(args.builddir / ".hdhkb.lock", "hdhkb html"):
            return build_and_publish(layout, args.source, languages, sphinx_args,
                                     chooser=set(languages) == set(project.codes),
                                     release=args.release)
    except KeyboardInterrupt:
        sys.stderr.write("hdhkb html: interrupted: nothing published (the next build of the "
                         "interrupted languages starts from scratch)\n")
        return 130
    except publish.PublishError as error:
        sys.stderr.write(f"hdhkb html: {error}\n")
        return 1


def _parse(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    ours, sphinx_args = (argv[: argv.index("--")], argv[argv.index("--") + 1:]) \
        if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="python -m hdhkb html", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("languages", nargs="*", help="languages to build (default: all)")
    parser.add_argument("--source", type=Path, default=Path("source"), help="the pages")
    parser.add_argument("--builddir", type=Path, default=Path("_build"),
                        help="build folder: doctrees/, work/, state/ and the published html/")
    parser.add_argument("--release", action="store_true",
                        help="a release (make dist): fuzzy or untranslated messages are refused "
                        "unless hdhkb_allow_partial_translations is set")
    args = parser.parse_args(ours)
    if sys.stderr.isatty() and "--no-color" not in sphinx_args:
        sphinx_args = ["--color", *sphinx_args]  # the builds write to files, not the terminal
    return args, sphinx_args

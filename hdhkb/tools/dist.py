"""``python -m hdhkb dist``: the release build, checked, swapped in as the published tree.

What ``make dist`` and Read the Docs run. Under the build folder's lock, it
builds every language from scratch through the same pipeline and gates as
``make html`` (``hdhkb.tools.html``) in release mode: a fuzzy or untranslated
message is refused too, unless ``hdhkb_allow_partial_translations`` is set.
Then the gates that read the whole published site run (every internal link
and anchor, ``check-links``; French pages link where the English ones do,
``parity``). Only then is the tree copied into ``<dist>.new`` beside the
published one, checked complete, and swapped in. With Linux's
``renameat2(RENAME_EXCHANGE)`` the swap is a single atomic step: a web server
reading ``<dist>`` sees the old tree or the new one, never a mix or nothing.
Elsewhere it falls back to two renames (old aside, new in place), which leaves
``<dist>`` missing for an instant but never half-written.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from hdhkb import publish, settings
from hdhkb.check import Project, parity
from hdhkb.publish import SKIP, Lock
from hdhkb.tools import check_links, html

HELP = "build, check and swap both languages into the published tree afresh (make dist)"


class DistError(Exception):
    """The build cannot be published; the message says why."""


def problems(tree: Path, languages: list[str]) -> list[str]:
    """What makes *tree* unfit to publish (empty: fit)."""
    found = []
    for path in [tree / "index.html", *(tree / code / "index.html" for code in languages)]:
        if not path.is_file():
            found.append(f"{path}: missing")
    return found


def dist(build: Path, live: Path, languages: list[str]) -> str:
    """Copy *build* beside *live*, check the copy, swap it in."""
    found = problems(build, languages)
    if found:
        raise DistError("the build is incomplete:\n  " + "\n  ".join(found))
    staging = live.with_name(f"{live.name}.new")
    if staging.exists():
        shutil.rmtree(staging)  # left by an interrupted run
    live.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(build, staging, ignore=shutil.ignore_patterns(*SKIP, ".*.tmp"))
    found = problems(staging, languages)
    if found:
        shutil.rmtree(staging)
        raise DistError("the copy is incomplete:\n  " + "\n  ".join(found))
    return publish.swap_in(staging, live)


def site_problems(root: Path, tree: Path) -> list[str]:
    """What the gates that read the whole built site refuse (internal links, parity)."""
    found = [str(p) for p in parity.run(Project(root, tree))]
    problems, _checked = check_links.check(tree, settings.load(root).base_url)
    found += [f"{tree / p.page}{str(p)[len(p.page):]}" for p in problems]
    return found


def release(builddir: Path, source: Path, sphinx_args: list[str]) -> int:
    """Build every language afresh in release mode into ``builddir/html``; the status."""
    layout = html.Layout(builddir)
    for folder in (layout.doctrees, layout.work, layout.live, layout.state):
        shutil.rmtree(folder, ignore_errors=True)
    project = settings.load(Path.cwd())
    status = html.build_and_publish(layout, source, project.codes, sphinx_args, chooser=True,
                                    release=True, what="hdhkb dist")
    if status != 0:
        return status
    problems = site_problems(Path.cwd(), layout.live)
    if problems:
        sys.stderr.write("\n".join(problems) + "\n")
        sys.stderr.write(f"hdhkb dist: {len(problems)} problem(s) in the built site\n")
        return 1
    return 0


def main(argv: list[str]) -> int:
    ours, sphinx_args = (argv[: argv.index("--")], argv[argv.index("--") + 1:]) \
        if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(prog="python -m hdhkb dist", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builddir", type=Path, default=Path("_build/dist-build"),
                        help="where the release is built (emptied first)")
    parser.add_argument("--dist", type=Path, default=Path("_build/dist"),
                        help="the published tree to replace")
    parser.add_argument("--source", type=Path, default=Path("source"), help="the pages")
    args = parser.parse_args(ours)
    html.exit_on_sigterm()
    languages = settings.load(Path.cwd()).codes
    try:
        with Lock(args.builddir.parent / f".{args.builddir.name}.lock", "hdhkb dist"):
            status = release(args.builddir, args.source, sphinx_args)
            if status != 0:
                sys.stderr.write(f"hdhkb dist: {args.dist} left as it was\n")
                return status
            how = dist(args.builddir / "html", args.dist, languages)
    except DistError as error:
        sys.stderr.write(f"hdhkb dist: {error}\nhdhkb dist: {args.dist} left as it was\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write(f"hdhkb dist: interrupted: {args.dist} left as it was\n")
        return 130
    files = sum(1 for p in args.dist.rglob("*") if p.is_file())
    sys.stdout.write(f"hdhkb dist: {args.dist} ready ({files} files, {how})\n")
    return 0

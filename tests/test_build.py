"""``hdhkb build`` (sphinx-build, GC tuned) and ``hdhkb html`` (every language, then publish)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hdhkb import sphinxbuild as build
from helpers import ROOT, make

SRC = ROOT / "tests" / "roots" / "test-markdown"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_the_wrapper_tunes_the_collector_and_writes_what_sphinx_build_writes(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    argv = ["-b", "html", "-q", "-W", "-D", "language=fr"]
    probe = ("import gc, sys; from hdhkb import sphinxbuild as build;"
             " status = build.main(sys.argv[1:]);"
             " print(status, gc.get_threshold(), gc.get_freeze_count() > 0)")
    ours = run("-c", probe, *argv, "-d", str(tmp_path / "d-ours"), str(src), str(tmp_path / "ours"))
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.strip().splitlines()[-1] == f"0 {build.THRESHOLDS} True"
    plain = run("-m", "sphinx", *argv, "-d", str(tmp_path / "d-plain"), str(src),
                str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    pages = {name: {p.relative_to(tmp_path / name): p.read_bytes()
                    for p in (tmp_path / name).rglob("*.html")} for name in ("ours", "plain")}
    assert pages["ours"] and pages["ours"] == pages["plain"]


def test_the_wrapper_returns_sphinx_build_s_failure(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    (src / "index.md").write_text((src / "index.md").read_text() + "\n[dead](#nowhere)\n")
    result = run("-m", "hdhkb.sphinxbuild", "-b", "html", "-q", "-n", "-W",
                 str(src), str(tmp_path / "out"))
    assert result.returncode != 0
    assert "index.md:" in result.stderr


def test_a_build_forked_after_the_preload_writes_what_sphinx_build_writes(tmp_path: Path):
    """What ``make html`` does per language: import once, fork, build; status and output
    come back, the pages are plain sphinx-build's, and the child's collector is tuned."""
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    argv = ["-b", "html", "-q", "-W", "-D", "language=fr"]
    probe = (
        "import gc, multiprocessing, sys; from hdhkb import sphinxbuild as build\n"
        "steps = list(build.preload())\n"
        "assert 'sphinx.builders.html' in steps and 'hdhkb.ext.facts' in steps, steps\n"
        "assert 'sphinx.application' in sys.modules and gc.get_freeze_count() > 0\n"
        "out, err = open(sys.argv[-2], 'wb'), open(sys.argv[-1], 'wb')\n"
        "child = multiprocessing.get_context('fork').Process(target=build.build_in_child,"
        " args=(sys.argv[1:-2], out.fileno(), err.fileno()))\n"
        "child.start(); child.join(); print(child.exitcode, gc.get_threshold())\n")
    out, err = tmp_path / "out.txt", tmp_path / "err.txt"
    ours = run("-c", probe, *argv, "-d", str(tmp_path / "d-ours"), str(src),
               str(tmp_path / "ours"), str(out), str(err))
    assert ours.returncode == 0, ours.stderr
    assert ours.stdout.split("\n")[-2] == f"0 {build.THRESHOLDS}", ours.stdout
    assert err.read_text() == ""  # -q: nothing to say, and what it says goes to the files
    plain = run("-m", "sphinx", *argv, "-d", str(tmp_path / "d-plain"), str(src),
                str(tmp_path / "plain"))
    assert plain.returncode == 0, plain.stderr
    pages = {name: {p.relative_to(tmp_path / name): p.read_bytes()
                    for p in (tmp_path / name).rglob("*.html")} for name in ("ours", "plain")}
    assert pages["ours"] and pages["ours"] == pages["plain"]
    broken = src / "index.md"
    broken.write_text(broken.read_text() + "\n[dead](#nowhere)\n")
    failed = run("-c", probe, "-b", "html", "-q", "-n", "-W", str(src), str(tmp_path / "failed"),
                 str(out), str(err))
    assert failed.stdout.split("\n")[-2].split()[0] != "0", failed.stdout
    assert "index.md:" in err.read_text()


@pytest.mark.parametrize("sig", ["SIGINT", "SIGTERM"])
def test_a_signal_while_a_build_is_forked_ends_it_quietly(sig: str):
    """A Ctrl+C or the parent's SIGTERM that reaches a child while Python is still in its
    at-fork hooks (here sent by such a hook, so the timing is certain) waits until the
    child can end quietly: no "Exception ignored" noise, and the child ends."""
    probe = (
        "import multiprocessing, os, signal, time\n"
        "from hdhkb import sphinxbuild\n"
        "from hdhkb.tools import html\n"
        # As in a terminal: Ctrl+C raises KeyboardInterrupt (a job started in the
        # background by a shell without job control ignores it, and so would this).
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "html.exit_on_sigterm()\n"
        f"os.register_at_fork(after_in_child=lambda: os.kill(os.getpid(), signal.{sig}))\n"
        "def child():\n"
        "    with sphinxbuild.interruptible():\n"
        "        time.sleep(30)\n"
        "process = multiprocessing.get_context('fork').Process(target=child)\n"
        "with html.interrupts_held():\n"
        "    process.start()\n"
        "process.join(20)\n"
        "print(process.exitcode)\n")
    result = run("-c", probe)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr
    assert result.stdout.split() == [{"SIGINT": "130", "SIGTERM": "-15"}[sig]]


def test_make_html_names_the_failed_language_and_leaves_no_process(mini_copy: Path):
    """Both languages warn about the same source file: the output names the build."""
    project_copy = mini_copy
    make(project_copy, "html")
    _no_process_left_in(project_copy)
    html = project_copy / "_build" / "html"
    english = (html / "en" / "page.html").read_bytes()
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "page.po"
    good = 'msgstr "Financement"'
    # A role Sphinx does not know, in French only: the catalog gates let it through
    # (they compare the roles they know), the French build warns.
    po.write_text(po.read_text().replace(good, 'msgstr "Pour {nulle-part}`postuler`"'))
    result = make(project_copy, "html", check=False)
    assert result.returncode != 0
    err = result.stderr
    assert "--- fr build (exit status 1):" in err and "--- en build" not in err, err
    assert err.index("--- fr build") < err.index("nulle-part")
    assert "hdhkb html: the fr build failed: nothing published" in err
    assert (html / "en" / "page.html").read_bytes() == english  # English passed, yet waits


def _no_process_left_in(folder: Path) -> None:
    """The forked builds exit the normal way, so what they started ends with them.

    (sphinx-sitemap starts a ``multiprocessing`` manager process in every
    build; a child leaving with a bare ``os._exit`` orphaned one per language.)
    """
    deadline = time.monotonic() + 5
    while (left := _processes_in(folder)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left == []


def _processes_in(folder: Path) -> list[str]:
    """Command lines of the processes whose working directory is *folder*."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            if proc.name.isdigit() and (proc / "cwd").resolve() == folder.resolve():
                found.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:  # gone meanwhile, or not ours to look at
            continue
    return found

"""``hdhkb build`` (sphinx-build, GC tuned), ``hdhkb html`` (every language) and ``publish``."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, make
from hdhkb import build

SRC = ROOT / "tests" / "roots" / "test-markdown"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


def test_the_wrapper_tunes_the_collector_then_runs_sphinx(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    argv = ["-b", "html", "-q", str(src), str(tmp_path / "out")]
    probe = ("import gc, sys; from hdhkb import build; status = build.main(sys.argv[1:]);"
             " print(status, gc.get_threshold(), gc.get_freeze_count() > 0)")
    result = run("-c", probe, *argv)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == f"0 {build.THRESHOLDS} True"
    assert (tmp_path / "out" / "index.html").is_file()


def test_the_wrapper_writes_what_sphinx_build_writes(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    outputs = {}
    for name, command in (("sphinx", ["-m", "sphinx"]), ("hdhkb", ["-m", "hdhkb", "build"])):
        out = tmp_path / name
        result = run(*command, "-b", "html", "-q", "-W", "-D", "language=fr",
                     "-d", str(out / ".doctrees"), str(src), str(out))
        assert result.returncode == 0, result.stderr
        outputs[name] = {p.relative_to(out): p.read_bytes() for p in out.rglob("*.html")}
    assert outputs["hdhkb"] and outputs["hdhkb"] == outputs["sphinx"]


def test_the_wrapper_returns_sphinx_build_s_failure(tmp_path: Path):
    src = tmp_path / "src"
    shutil.copytree(SRC, src, ignore=shutil.ignore_patterns("*.mo"))
    (src / "index.md").write_text((src / "index.md").read_text() + "\n[dead](#nowhere)\n")
    result = run("-m", "hdhkb", "build", "-b", "html", "-q", "-n", "-W",
                 str(src), str(tmp_path / "out"))
    assert result.returncode != 0
    assert "index.md:" in result.stderr


def test_publish_refuses_a_language_that_did_not_build(tmp_path: Path):
    work, live = tmp_path / "work", tmp_path / "html"
    (work / "en").mkdir(parents=True)
    (work / "en" / "index.html").write_text("<p>en</p>")
    (work / "fr").mkdir()  # the French build wrote nothing
    result = run("-m", "hdhkb", "publish", "--chooser", str(work), str(live), "en", "fr")
    assert result.returncode != 0
    assert "refusing to publish" in result.stderr
    assert not live.exists()  # not even the English half


def test_make_html_says_which_language_failed(project_copy: Path):
    """Both languages warn about the same source file: the output names the build."""
    make(project_copy, "html")
    html = project_copy / "_build" / "html"
    english = (html / "en" / "posting.html").read_bytes()
    po = project_copy / "locale" / "fr" / "LC_MESSAGES" / "posting.po"
    good = 'msgstr "Pour postuler"'
    po.write_text(po.read_text().replace(good, 'msgstr "Pour [postuler](nulle-part.md)"'))
    result = make(project_copy, "html", check=False)
    assert result.returncode != 0
    err = result.stderr
    assert "--- fr build (exit status 1):" in err and "--- en build" not in err, err
    assert err.index("--- fr build") < err.index("nulle-part")
    assert "hdhkb html: the fr build failed: nothing published" in err
    assert (html / "en" / "posting.html").read_bytes() == english  # English passed, yet waits


def test_make_html_leaves_no_process_behind(project_copy: Path):
    """The forked builds exit the normal way, so what they started ends with them.

    (sphinx-sitemap starts a ``multiprocessing`` manager process in every
    build; a child leaving with ``os._exit`` orphaned one per language.)
    """
    make(project_copy, "html")
    deadline = time.monotonic() + 5
    while (left := _processes_in(project_copy)) and time.monotonic() < deadline:
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

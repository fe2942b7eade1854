"""Build state that cannot rot: incremental == clean, interrupted builds, concurrent builds.

All on a copy of the project whose site is four tiny pages (``mini_project``):
what is tested is the pipeline (make, the build tool, the extensions), many
builds over.

The published tree of ``make html`` after any sequence of edits must equal a
clean build's of the same sources (same files, same bytes), whatever Sphinx
kept between runs; an interrupted build (Ctrl+C or ``kill -9``, at any point)
must never let a later build publish stale pages; two builds of one checkout
at once must both end cleanly.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest

from helpers import VENV, make, mini_project, tree_bytes

pytestmark = pytest.mark.slow

#: Seconds a waiting loop may take before the test gives up (never an assertion).
PATIENCE = 60


def clean_build(root: Path, builddir: Path) -> tuple[int, dict[str, bytes]]:
    """A build from nothing of the current sources: the reference."""
    shutil.rmtree(builddir, ignore_errors=True)
    result = make(root, "html", check=False, BUILDDIR=str(builddir))
    return result.returncode, tree_bytes(builddir / "html")


def published(root: Path) -> dict[str, bytes]:
    return tree_bytes(root / "_build" / "html")


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = mini_project(tmp_path_factory.mktemp("incremental") / "project")
    make(root, "html")
    return root


# ---- edits, as editors and translators make them ----------------------------


class Editor:
    """Random edits of the kinds that must keep incremental == clean."""

    def __init__(self, root: Path, seed: int) -> None:
        self.root = root
        self.random = random.Random(seed)
        self.added: list[str] = []
        self.count = 0

    def _write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def _toctree(self, change: Callable[[list[str]], list[str]]) -> None:
        index = self.root / "source" / "index.md"
        lines = index.read_text(encoding="utf-8").splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith(":caption:")) + 2
        end = next(i for i in range(start, len(lines)) if lines[i].startswith("```"))
        entries = change(lines[start:end])
        index.write_text("\n".join([*lines[:start], *entries, *lines[end:]]) + "\n",
                         encoding="utf-8")

    def add_page(self) -> str:
        self.count += 1
        name = f"extra-{self.count}"
        self._write(f"source/{name}.md", f"({name}-page)=\n# Extra page {self.count}\n\n"
                    f"A page added by the test, with {self.random.randint(2, 99)} words.\n")
        self._toctree(lambda entries: [*entries, name])
        self.added.append(name)
        return f"add {name}"

    def rename_page(self) -> str:
        if not self.added:
            return self.add_page()
        old = self.random.choice(self.added)
        new = f"{old}-renamed"
        (self.root / "source" / f"{old}.md").rename(self.root / "source" / f"{new}.md")
        po = self.root / "locale" / "fr" / "LC_MESSAGES" / f"{old}.po"
        if po.exists():
            po.rename(po.with_name(f"{new}.po"))
        self._toctree(lambda entries: [new if e == old else e for e in entries])
        self.added[self.added.index(old)] = new
        return f"rename {old} -> {new}"

    def delete_page(self) -> str:
        if not self.added:
            return self.add_page()
        name = self.random.choice(self.added)
        (self.root / "source" / f"{name}.md").unlink()
        (self.root / "locale" / "fr" / "LC_MESSAGES" / f"{name}.po").unlink(missing_ok=True)
        self._toctree(lambda entries: [e for e in entries if e != name])
        self.added.remove(name)
        return f"delete {name}"

    def edit_page(self) -> str:
        page = self.random.choice(["page", "glossary", *self.added])
        path = self.root / "source" / f"{page}.md"
        path.write_text(path.read_text(encoding="utf-8")
                        + f"\nAn added paragraph, number {self.random.randint(1, 999)}.\n",
                        encoding="utf-8")
        return f"edit {page}"

    def retitle_page(self) -> str:
        page = self.random.choice(self.added) if self.added else "page"
        path = self.root / "source" / f"{page}.md"
        lines = path.read_text(encoding="utf-8").splitlines()
        title = next(i for i, line in enumerate(lines) if line.startswith("# "))
        lines[title] += " (revised)"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return f"retitle {page}"

    def edit_catalog(self) -> str:
        import polib

        path = self.root / "locale" / "fr" / "LC_MESSAGES" / "glossary.po"
        po = polib.pofile(str(path), wrapwidth=79)
        entry = self.random.choice([e for e in po.translated_entries()
                                    if e.msgid and "`" not in e.msgid and len(e.msgstr) > 20])
        entry.msgstr = entry.msgstr.rstrip(".") + " (révisé)."
        po.save(str(path))
        return "edit glossary.po"

    def edit_facts(self) -> str:
        path = self.root / "source" / "_data" / "facts.toml"
        text = path.read_text(encoding="utf-8")
        start = text.index("[members]")
        value = text.index("value = ", start)
        end = text.index("\n", value)
        path.write_text(f"{text[:value]}value = {self.random.randint(20, 90)}{text[end:]}",
                        encoding="utf-8")
        return "edit facts.toml"

    def edit_template(self) -> str:
        path = self.root / "hdhkb" / "templates" / "page.html"
        path.write_text(path.read_text(encoding="utf-8")
                        + f"\n{{#- edit {self.random.randint(1, 999)} -#}}\n", encoding="utf-8")
        return "edit page.html"

    def edit_conf(self) -> str:
        path = self.root / "conf.py"
        path.write_text(path.read_text(encoding="utf-8").replace(
            'copyright = "2026,', f'copyright = "{self.random.randint(2026, 2030)},', 1),
            encoding="utf-8")
        return "edit conf.py"

    def kinds(self) -> list[Callable[[], str]]:
        """Every kind of edit of point 5 of the issue (page, catalog, facts, template, conf)."""
        return [self.add_page, self.rename_page, self.delete_page, self.edit_page,
                self.retitle_page, self.edit_catalog, self.edit_facts, self.edit_template,
                self.edit_conf]

    def step(self) -> str:
        return self.random.choice(self.kinds())()


def test_random_edit_sequences_publish_what_a_clean_build_would(project: Path, tmp_path: Path):
    """Fixed seed, bounded: every kind of edit, in a random order, two between builds (an
    editor saves more than one file before looking); after each build, incremental = clean.

    Two pages are added first, so that a rename and a delete always have a page to act on.
    """
    editor = Editor(project, seed=2026)
    others = [kind for kind in editor.kinds() if kind != editor.add_page]
    edits = [editor.add_page, editor.add_page, *editor.random.sample(others, len(others))]
    done: list[str] = []
    deadline = time.monotonic() + 120  # bounded in time as well as in steps
    for first, second in zip(edits[::2], edits[1::2], strict=True):
        assert time.monotonic() < deadline, f"too slow: only {done} in time"
        done += [first(), second()]
        incremental = make(project, "html", check=False)
        status, reference = clean_build(project, tmp_path / "clean")
        assert incremental.returncode == status, (done, incremental.stderr)
        assert status == 0, (done, incremental.stderr)
        mine = published(project)
        assert sorted(mine) == sorted(reference), (done, set(mine) ^ set(reference))
        different = [name for name in mine if mine[name] != reference[name]]
        assert not different, (done, different)
    wanted = ["add ", "rename ", "delete ", "retitle ", "edit glossary.po", "edit facts.toml",
              "edit page.html", "edit conf.py"]
    assert all(any(d.startswith(w) for d in done) for w in wanted), done
    assert any(d.startswith("edit ") and "." not in d for d in done), done  # a page's text


# ---- interrupted builds ------------------------------------------------------


def _start_make(root: Path, stderr: IO[bytes] | int = subprocess.DEVNULL,
                ) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MAKEFLAGS": ""}
    return subprocess.Popen(["make", "-C", str(root), "html", f"VENV={VENV}"],
                            stdout=subprocess.DEVNULL, stderr=stderr, env=env,
                            start_new_session=True, preexec_fn=_as_in_a_terminal)


def _as_in_a_terminal() -> None:
    """Ctrl+C interrupts, as in a terminal: a test run started in the background by a
    shell without job control ignores SIGINT, and its children would too."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(condition: Callable[[], bool], process: subprocess.Popen[bytes]) -> bool:
    """Poll until *condition* holds (True) or the build ended first (False)."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        if condition():
            return True
        if process.poll() is not None:
            return False
        time.sleep(0.005)
    raise TimeoutError("the build reached neither the point nor its end")


#: Points of a build to interrupt it at: while the gates run (nothing started
#: yet), while Sphinx reads (the environment being rewritten), once a language
#: is staged beside its published tree (just before the swap).
POINTS: dict[str, Callable[[Path], bool]] = {
    "start": lambda root: (root / "_build" / "state" / "en.unfinished").exists(),
    "reading": lambda root: any((root / "_build" / "doctrees").glob("*/*.doctree"))
    and (root / "_build" / "state" / "fr.unfinished").exists(),
    "staged": lambda root: any((root / "_build" / "html").glob(".*.new")),
}


def edit_page_catalog_and_facts(root: Path, seed: int) -> None:
    """What an interrupted build must not leave half-done: a page, a catalog, a fact."""
    editor = Editor(root, seed)
    page = root / "source" / "page.md"
    page.write_text(page.read_text(encoding="utf-8")
                    + f"\nA paragraph added before interruption {seed}.\n", encoding="utf-8")
    editor.edit_catalog()
    editor.edit_facts()  # the same fact shows on English and French pages


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGKILL], ids=["SIGINT", "SIGKILL"])
@pytest.mark.parametrize("point", list(POINTS))
def test_an_interrupted_build_never_leads_to_stale_pages(project: Path, tmp_path: Path,
                                                         point: str, sig: int):
    # A seed of its own per case, the same on every run (hash() of a str is not).
    edit_page_catalog_and_facts(project, seed=10 * list(POINTS).index(point) + int(sig))
    with (tmp_path / "stderr").open("w+b") as stderr:
        process = _start_make(project, stderr)
        reached = _wait_for(lambda: POINTS[point](project), process)
        if reached:
            os.killpg(process.pid, sig)
        process.wait(timeout=PATIENCE)
        stderr.seek(0)
        said = stderr.read().decode(errors="replace")
    if reached and sig == signal.SIGINT:  # Ctrl+C: a sentence at most, no traceback
        assert "Traceback" not in said and "Exception ignored" not in said, said
    again = make(project, "html", check=False)
    assert again.returncode == 0, again.stderr
    status, reference = clean_build(project, tmp_path / "clean")
    assert status == 0
    assert published(project) == reference, f"{point}, {sig}: stale or mixed pages"
    assert not list((project / "_build" / "html").glob(".*")), "staging left behind"


def test_two_builds_at_once_end_cleanly(project: Path):
    (project / "source" / "glossary.md").open("a").write("\nOne more sentence.\n")
    first, second = _start_make(project), _start_make(project)
    codes = [first.wait(timeout=PATIENCE), second.wait(timeout=PATIENCE)]
    assert codes == [0, 0]
    assert not list((project / "_build" / "html").glob(".*")), "staging left behind"
    assert not list((project / "_build" / "html").glob("*.old"))


def test_the_second_build_says_it_waits(project: Path):
    (project / "source" / "glossary.md").open("a").write("\nAnother sentence.\n")
    first = _start_make(project)
    _wait_for(lambda: (project / "_build" / "state" / "en.unfinished").exists(), first)
    second = make(project, "html", check=False)
    assert first.wait(timeout=PATIENCE) == 0
    assert second.returncode == 0, second.stderr
    waited = [line for line in second.stderr.splitlines() if "waiting for the build" in line]
    assert len(waited) == 1 and "Traceback" not in second.stderr, second.stderr

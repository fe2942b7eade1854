"""``make serve``: the live preview as an editor runs it, on a copy of the project.

One server per module (it takes a few seconds to start); each test makes its
own edit and waits, within a bound, for the served pages to change.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from helpers import VENV, mini_project

pytestmark = pytest.mark.slow

#: An edit must show in the served pages within this many seconds (the goal
#: is about two; the bound leaves room for a loaded CI machine).
BOUND = 30.0
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


@dataclass
class Server:
    url: str
    project: Path
    log: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(self.url + path, timeout=10) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def rebuilds(self) -> int:
        return len(re.findall(r"^\[serve\] change detected", self.output(), re.M))

    def finished(self) -> int:
        return len(re.findall(r"^\[serve\] rebuild (done|FAILED)", self.output(), re.M))

    def wait(self, what: str, predicate: Callable[[], bool], bound: float = BOUND) -> float:
        """Seconds until *predicate* holds; fail (with the server's log) after *bound*."""
        start = time.monotonic()
        while time.monotonic() - start < bound:
            if self.process.poll() is not None:
                pytest.fail(f"make serve exited ({self.process.returncode}):\n{self.output()}")
            if predicate():
                return time.monotonic() - start
            time.sleep(0.2)
        pytest.fail(f"not within {bound} s: {what}\n--- make serve log ---\n{self.output()}")

    def settle(self) -> None:
        """Wait until every rebuild that started has finished."""
        self.wait("rebuilds finish", lambda: self.finished() >= self.rebuilds() + 1)


@pytest.mark.parametrize(("changed", "targets", "fresh"), [
    (["source/posting.md"], ("html",), False),
    (["source/sub/page.md", "source/index.md"], ("html",), False),
    (["locale/fr/LC_MESSAGES/posting.po"], ("html-fr",), False),
    (["locale/fr/LC_MESSAGES/postings/intern.po"], ("html-fr",), False),  # a posting
    (["locale/fr/LC_MESSAGES/posting.po", "source/index.md"], ("html",), False),
    (["hdhkb/locale/fr/LC_MESSAGES/sphinx.po"], ("html-fr",), True),  # theme catalog
    (["source/_data/facts.toml"], ("html",), True),
    (["source/images/map.png"], ("html",), True),
    (["hdhkb/templates/page.html"], ("html",), True),
    (["hdhkb/facts.py"], ("html",), True),
    (["conf.py"], ("html",), True),
    (["locale/de/LC_MESSAGES/posting.po"], None, None),  # a language not built
])
def test_each_change_rebuilds_what_it_needs(changed: list[str], targets, fresh):
    from hdhkb.tools.serve import plan

    root = Path("/project")
    todo = plan([root / name for name in changed], root, ["en", "fr"])
    if targets is None:
        assert todo is None
    else:
        assert (todo.targets, todo.fresh) == (targets, fresh)


@pytest.mark.parametrize("name", ["locale/fr/LC_MESSAGES/posting.mo", "hdhkb/__pycache__/x.pyc",
                                  "source/.posting.md.swp", "source/posting.md~",
                                  "source/.#posting.md", "source/sedAb12Cd", "source/4913",
                                  "_build/html/en/index.html"])
def test_what_the_build_or_an_editor_writes_is_ignored(name: str, tmp_path: Path):
    from sphinx_autobuild.filter import IgnoreFilter

    from hdhkb.tools.serve import IGNORE_RE

    ignore = IgnoreFilter([tmp_path / "_build"], list(IGNORE_RE))
    assert ignore(str(tmp_path / name))
    assert not ignore(str(tmp_path / "source" / "posting.md"))
    assert not ignore(str(tmp_path / "locale" / "fr" / "LC_MESSAGES" / "posting.po"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def append(page: Path, paragraph: str) -> None:
    """Add a paragraph at the end of a page, as an editor would."""
    page.write_text(page.read_text(encoding="utf-8") + f"\n{paragraph}\n", encoding="utf-8")


def retranslate(catalog: Path, marker: str) -> None:
    """Change the first translated message of a catalog, as a translator would."""
    import polib

    po = polib.pofile(str(catalog), wrapwidth=79)
    entry = next(e for e in po if e.translated() and e.msgid and not e.obsolete)
    entry.msgstr += f" {marker}"
    po.save()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    project = mini_project(tmp_path_factory.mktemp("serve") / "project")
    port = free_port()
    log = project.parent / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "-C", str(project), "serve", f"VENV={VENV}", f"PORT={port}"],
            stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "MAKEFLAGS": ""},
        )
    running = Server(f"http://127.0.0.1:{port}", project, log, process)
    try:
        running.wait("the first build", lambda: running.finished() >= 1, bound=300)
        assert "rebuild done" in running.output(), f"the first build failed:\n{running.output()}"
        running.wait("the server answers", lambda: _answers(running), bound=30)
        yield running
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the group this fixture started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def _answers(server: Server) -> bool:
    try:
        return server.get("/")[0] == 200
    except OSError:
        return False


def test_root_and_both_languages_answer_with_the_external_reload_script(server: Server):
    for path, lang in (("/", None), ("/en/", "en"), ("/fr/", "fr"), ("/fr/page.html", "fr")):
        status, html = server.get(path)
        assert status == 200, path
        if lang:
            assert f'lang="{lang}"' in html, path
        # An external, same-origin script: allowed by script-src 'self'.
        assert '<script src="/_hdhkb/reload.js"></script>' in html, path
        assert "new WebSocket" not in html, f"inline reload script in {path}"
    status, script = server.get("/_hdhkb/reload.js")
    assert status == 200 and "new WebSocket" in script and "/_hdhkb/ws" in script


def test_missing_french_page_gets_the_french_404_page_if_built(server: Server):
    status, html = server.get("/fr/no-such-page.html")
    assert status == 404
    french_404 = server.project / "_build" / "html" / "fr" / "404.html"
    if french_404.is_file():
        assert 'lang="fr"' in html


def test_page_edit_refreshes_english_and_french(server: Server):
    server.settle()
    append(server.project / "source" / "index.md", "Serve-edit-one.")
    server.wait("the English page changes",
                lambda: "Serve-edit-one" in server.get("/en/index.html")[1])
    # The French page falls back to the new English sentence (not translated yet).
    server.wait("the French page changes",
                lambda: "Serve-edit-one" in server.get("/fr/index.html")[1])
    server.settle()
    assert re.search(r"change detected \(source/index\.md\): make html$", server.output(), re.M)


def test_pages_stay_whole_while_a_rebuild_swaps_them(server: Server):
    """Requests during a rebuild get a complete page, old or new, never a cut one."""
    from concurrent.futures import ThreadPoolExecutor

    server.settle()
    append(server.project / "source" / "index.md", "Serve-edit-whole.")
    deadline = time.monotonic() + BOUND

    def hammer(language: str) -> int:
        """Fetch the page until the edit shows; every answer must be whole."""
        count = 0
        while time.monotonic() < deadline:
            status, html = server.get(f"/{language}/index.html")  # raises if cut short
            assert status == 200, html[:200]
            assert html.rstrip().endswith('<script src="/_hdhkb/reload.js"></script>')
            count += 1
            if "Serve-edit-whole" in html:
                return count
        raise AssertionError(f"the edit never showed:\n{server.output()}")

    with ThreadPoolExecutor(6) as pool:
        counts = list(pool.map(hammer, ["en", "fr"] * 3))
    assert sum(counts) > 20, "too few requests during the rebuild to prove anything"
    server.settle()


def test_facts_edit_refreshes_both_languages(server: Server):
    """The facts file is data, not a page: both languages are rebuilt afresh."""
    server.settle()
    facts = server.project / "source" / "_data" / "facts.toml"
    facts.write_text(facts.read_text(encoding="utf-8") + (
        '\n[serve_test_fact]\ntype = "text"\nvalue = {en = "serve-fact-en-1", '
        'fr = "serve-fact-fr-1"}\nsource = "posting"\n'), encoding="utf-8")
    append(server.project / "source" / "index.md", "Fact: {fact}`serve_test_fact`.")
    server.wait("the fact shows", lambda: "serve-fact-fr-1" in server.get("/fr/index.html")[1])
    server.settle()
    facts.write_text(facts.read_text(encoding="utf-8").replace("-1\"", "-2\""), encoding="utf-8")
    server.wait("the English page changes",
                lambda: "serve-fact-en-2" in server.get("/en/index.html")[1])
    server.wait("the French page changes",
                lambda: "serve-fact-fr-2" in server.get("/fr/index.html")[1])
    server.settle()
    assert re.search(r"change detected \(source/_data/facts\.toml\): make html \(fresh\)$",
                     server.output(), re.M), server.output()


def test_catalog_edit_refreshes_french_only(server: Server):
    server.settle()
    retranslate(server.project / "locale" / "fr" / "LC_MESSAGES" / "index.po", "serve-edit-po")
    server.wait("the French page changes",
                lambda: "serve-edit-po" in server.get("/fr/index.html")[1])
    server.settle()
    assert re.search(r"index\.po\): make html-fr$", server.output(), re.M), server.output()
    assert "serve-edit-po" not in server.get("/en/index.html")[1]


def test_broken_page_keeps_serving_the_last_good_one(server: Server):
    server.settle()
    page = server.project / "source" / "page.md"
    good = page.read_text(encoding="utf-8")
    before = server.get("/en/page.html")[1]
    page.write_text(good + "\nSee [the missing page](serve-no-such-page.md).\n", encoding="utf-8")
    server.wait("the build fails", lambda: "rebuild FAILED" in server.output())
    assert re.search(r"page\.md:\d+: WARNING: .*serve-no-such-page", server.output())
    status, after = server.get("/en/page.html")
    assert status == 200 and after == before
    count = server.rebuilds()
    page.write_text(good, encoding="utf-8")
    server.wait("the fix is seen", lambda: server.rebuilds() > count)
    server.settle()
    assert server.output().rstrip().endswith("rebuild done")


def test_no_rebuild_without_an_edit(server: Server):
    """The build writes .mo files into locale/: they must not trigger the next build."""
    server.settle()
    append(server.project / "source" / "index.md", "Serve-edit-loop.")
    retranslate(server.project / "locale" / "fr" / "LC_MESSAGES" / "index.po", "serve-edit-loop")
    # Both edits published: the catalog edit may come in a rebuild of its own, after
    # the page's; only then is nothing left for the watcher to report.
    server.wait("both edits are published",
                lambda: "Serve-edit-loop" in server.get("/en/index.html")[1]
                and "serve-edit-loop" in server.get("/fr/index.html")[1])
    server.settle()
    count = server.rebuilds()
    assert list((server.project / "locale" / "fr" / "LC_MESSAGES").glob("*.mo")), \
        "the build wrote no .mo file: this test would prove nothing"
    # The watcher reports changes in the order they happen: one more edit, made after
    # the build wrote its .mo files, is seen alone, and it is the only rebuild.
    append(server.project / "source" / "index.md", "Serve-edit-loop-two.")
    server.wait("the second edit is seen", lambda: server.rebuilds() > count)
    server.settle()
    detected = re.findall(r"^\[serve\] change detected \(([^)]*)\)", server.output(), re.M)
    assert len(detected) == count + 1, server.output()
    assert detected[-1] == "source/index.md", detected
    assert not any(".mo" in names for names in detected), detected


@pytest.mark.browser
def test_open_page_reloads_by_itself_under_the_sites_csp(server: Server):
    """The open page reloads after an edit, under the pages' own strict CSP."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing")
        pytest.skip("/usr/bin/chromium is missing")
    from playwright.sync_api import sync_playwright

    server.settle()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        try:
            page = browser.new_page()
            refused: list[str] = []
            page.on("console", lambda msg: refused.append(msg.text)
                    if "Content Security Policy" in msg.text else None)
            # The reload script opens its websocket once the page has loaded.
            with page.expect_websocket(timeout=BOUND * 1000) as socket:
                page.goto(server.url + "/fr/page.html")
            assert socket.value.url.endswith("/_hdhkb/ws"), socket.value.url
            policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
            # Without a policy that forbids inline scripts this test would prove little.
            assert policy and "script-src 'self'" in policy and "unsafe-inline" not in policy
            page.evaluate("window.__notReloaded = true")
            append(server.project / "source" / "page.md", "Serve-edit-browser.")
            page.wait_for_function(
                "() => !window.__notReloaded && document.body.textContent.includes("
                "'Serve-edit-browser')", timeout=BOUND * 1000)
            assert not [m for m in refused if "reload" in m or "ws:" in m], refused
        finally:
            browser.close()
    server.settle()

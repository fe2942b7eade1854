"""``make linkcheck`` against real HTTP: a local server on 127.0.0.1 and a fixture project.

The server answers each way a link can go (200, 404, 500, too slow, redirect,
429 then 200, with and without an anchor); tests/roots/test-linkcheck links to
each. The real ``make linkcheck`` runs over it in both languages and must
classify each link, fail for the broken ones and write the merged report.
Nothing leaves loopback; timeouts and retries are small.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import socket
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from hdhkb.tools.linkcheck import LOOKUP_SECONDS, no_answer_reason, reachable_hosts, source_links
from helpers import ROOT, make

FIXTURE = ROOT / "tests" / "roots" / "test-linkcheck"
SLOW_SECONDS = 4.0  # > linkcheck_timeout (1.5 s) of the fixture
ANCHORED = b"<html><body><h1>Anchors</h1><h2 id='present'>Here</h2></body></html>"


class Handler(BaseHTTPRequestHandler):
    """Every way an external link can behave, by path."""

    server: Server

    def _answer(self, body: bool) -> None:
        path = self.path.split("?")[0]
        self.server.record(self.command, path)
        status, headers, content = 200, {}, b"<html><body><p>fine</p></body></html>"
        if path == "/missing":
            status = 404
        elif path == "/error":
            status = 500
        elif path == "/slow":
            time.sleep(SLOW_SECONDS)
        elif path in {"/redirect", "/moved"}:
            status, headers = (302 if path == "/redirect" else 301), {"Location": "/ok"}
        elif path == "/busy" and self.server.first("/busy"):
            status, headers = 429, {"Retry-After": "1"}
        elif path == "/anchors":
            content = ANCHORED
        elif path not in {"/ok", "/busy", "/ignored"}:
            status = 404
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            # The client may have given up (the slow page): that is the point.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.wfile.write(content)

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer(body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._answer(body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        """Quiet: the requests are recorded on the server instead."""


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[tuple[str, str]] = []
        self._lock = threading.Lock()

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.requests.append((method, path))

    def first(self, path: str) -> bool:
        with self._lock:
            return sum(1 for _, p in self.requests if p == path) == 1


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def server():
    httpd = Server()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def fixture_project(dest: Path, port: int, closed: int) -> Path:
    shutil.copytree(FIXTURE, dest)
    for page in dest.glob("*.md"):
        page.write_text(
            page.read_text().replace("@PORT@", str(port)).replace("@CLOSED@", str(closed))
        )
    return dest


def linkcheck(project: Path, builddir: Path, monkeypatch: pytest.MonkeyPatch, **variables: str):
    """The real ``make linkcheck``, pointed at a fixture project."""
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")  # loopback only, even behind a proxy
    result = make(
        ROOT,
        "linkcheck",
        check=False,
        timeout=120,
        BUILDDIR=str(builddir),
        LINKCHECK_SOURCE=str(project),
        LINKCHECK_CONF=str(project),
        **variables,
    )
    report = builddir / "linkcheck" / "report.json"
    data = json.loads(report.read_text()) if report.is_file() else None
    return result, data


@pytest.fixture(scope="module")
def full_run(server: Server, tmp_path_factory: pytest.TempPathFactory):
    """One run over both languages of the whole fixture (shared by the checks below)."""
    tmp = tmp_path_factory.mktemp("linkcheck")
    project = fixture_project(tmp / "project", server.server_address[1], closed_port())
    with pytest.MonkeyPatch.context() as monkeypatch:
        started = time.monotonic()
        result, report = linkcheck(project, tmp / "build", monkeypatch, LANGUAGES="en fr")
        elapsed = time.monotonic() - started
    assert report is not None, f"no report.json:\n{result.stdout}\n{result.stderr}"
    return result, report, tmp / "build" / "linkcheck", elapsed


def by_path(report: dict) -> dict[str, dict]:
    return {re.sub(r"^http://127\.0\.0\.1:\d+", "", link["uri"]): link for link in report["links"]}


EXPECTED = {
    "/ok": ("working", ""),
    "/anchors#present": ("working", ""),
    "/moved": ("working", ""),
    "/redirect": ("redirected", "HTTP 302"),
    "/busy": ("working", ""),
    "/ignored": ("ignored", ""),
    "mailto:someone@example.org": ("unchecked", ""),
    "/missing": ("broken", "HTTP 404"),
    "/error": ("broken", "HTTP 500"),
    "/slow": ("timeout", "server too slow (read timeout)"),
    "/anchors#absent": ("broken", "missing anchor"),
    "/gone": ("broken", "no answer: connection refused"),
}


@pytest.mark.parametrize(("path", "expected"), EXPECTED.items())
def test_each_link_is_classified(full_run, path: str, expected: tuple[str, str]):
    _, report, _, _ = full_run
    links = by_path(report)
    assert path in links, f"{path} missing from the report: {sorted(links)}"
    link = links[path]
    assert (link["status"], link["kind"]) == expected, link
    assert link["languages"] == ["en", "fr"], "both languages checked and merged into one row"


def test_broken_links_fail_the_run(full_run):
    result, report, _, _ = full_run
    assert result.returncode != 0
    assert report["result"] == "failed"
    assert report["network"] == "reachable"
    assert report["counts"]["broken"] == 4 and report["counts"]["timeout"] == 1
    assert "RESULT: FAILED" in result.stdout


def test_merged_report_is_grouped_by_page(full_run):
    _, report, outdir, _ = full_run
    assert report["languages"] == ["en", "fr"]
    for language in ("en", "fr"):
        assert (outdir / language / "output.json").is_file()
    text = (outdir / "report.txt").read_text()
    sections = {block.split("\n")[0]: block for block in text.split("\n\n")[1:]}
    assert set(sections) == {"index.md", "broken.md"}
    assert re.search(
        r"BROKEN\s+http://127\.0\.0\.1:\d+/missing\s+\(en:3 fr:3\)", sections["broken.md"]
    )
    assert "404 Client Error" in sections["broken.md"]
    assert "TIMEOUT" in sections["broken.md"] and "REDIRECTED" in sections["index.md"]
    assert "BROKEN" not in sections["index.md"]


def test_retries_and_rate_limits_are_honoured(full_run, server: Server):
    full_run  # noqa: B018 (the run must have happened)
    seen = Counter(path for _, path in server.requests)
    # linkcheck_retries = 2: each language asks for the 500 twice (HEAD, then GET).
    assert seen["/error"] >= 2 * 2 * 2
    assert seen["/slow"] <= 2 * 2, "a timeout is not retried"
    assert seen["/busy"] >= 3, "one 429, then a second try after Retry-After"
    assert "/ignored" not in seen, "ignored hosts are not requested"


def test_requests_are_bounded(full_run, server: Server):
    _, _, _, elapsed = full_run
    assert len(server.requests) <= 60, Counter(server.requests)
    assert elapsed < 60
    hosts = set(
        re.findall(r"https?://([^/:]+)", "".join(p.read_text() for p in FIXTURE.glob("*.md")))
    )
    assert hosts == {"127.0.0.1"}


def test_good_links_pass(server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    project = fixture_project(tmp_path / "project", server.server_address[1], closed_port())
    result, report = linkcheck(
        project,
        tmp_path / "build",
        monkeypatch,
        LANGUAGES="en",
        SPHINXOPTS="-D linkcheck_exclude_documents=broken",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert report["result"] == "passed" and report["network"] == "reachable"
    assert report["counts"]["working"] == 4 and report["counts"]["redirected"] == 1
    assert "not checked" not in result.stdout.lower()


def test_offline_is_reported_as_not_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Every link fails before reaching a server: not a pass, and said loudly."""
    project = fixture_project(tmp_path / "project", closed_port(), closed_port())
    result, report = linkcheck(project, tmp_path / "build", monkeypatch, LANGUAGES="en")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "EXTERNAL LINKS NOT CHECKED: NETWORK UNREACHABLE" in result.stdout
    assert "external links not checked: network unreachable" in result.stderr
    assert "connection refused" in report["network_why"]
    assert report["result"] == "not-checked" and report["network"] == "unreachable"
    assert "PASSED" not in result.stdout
    http = [link for link in report["links"] if link["uri"].startswith("http")]
    statuses = Counter(link["status"] for link in http)
    assert statuses == {"not-checked": 10, "ignored": 1}, statuses
    text = (tmp_path / "build" / "linkcheck" / "report.txt").read_text()
    assert "NOT-CHECKED" in text and "WORKING" not in text


def test_offline_fails_where_the_network_is_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """The weekly workflow has internet: there, an unreachable network is a failure."""
    project = fixture_project(tmp_path / "project", closed_port(), closed_port())
    result, report = linkcheck(
        project,
        tmp_path / "build",
        monkeypatch,
        LANGUAGES="en",
        LINKCHECK_FLAGS="--require-network",
    )
    assert result.returncode != 0
    assert report["result"] == "not-checked"
    assert "--require-network" in result.stderr


@pytest.mark.parametrize(
    ("message", "reason"),
    [
        # Real messages of requests/urllib3 2.x, as Sphinx writes them in output.json.
        (
            "HTTPSConnectionPool(host='example.org', port=443): Max retries exceeded with url: "
            "/ (Caused by NameResolutionError(\"HTTPSConnection(host='example.org', port=443): "
            "Failed to resolve 'example.org' ([Errno -2] Name or service not known)\"))",
            "DNS resolution failed",
        ),
        (
            "HTTPConnectionPool(host='10.0.0.1', port=80): Max retries exceeded with url: / "
            "(Caused by ConnectTimeoutError(<HTTPConnection(host='10.0.0.1', port=80)>, "
            "'Connection to 10.0.0.1 timed out. (connect timeout=20)'))",
            "connect timeout",
        ),
        (
            "HTTPSConnectionPool(host='a.fr', port=443): Max retries exceeded with url: / "
            "(Caused by NewConnectionError(\"HTTPSConnection(host='a.fr', port=443): Failed to "
            'establish a new connection: [Errno 101] Network is unreachable"))',
            "network unreachable",
        ),
        ("HTTPConnectionPool(host='127.0.0.1', port=80): Read timed out. (read timeout=20)", None),
        ("404 Client Error: Not Found for url: https://a.fr/x", None),
    ],
)
def test_failures_before_any_answer_are_recognised(message: str, reason: str | None):
    assert no_answer_reason(message) == reason


def test_the_workflows_run_the_tests_and_the_weekly_check():
    import yaml

    def load(name: str) -> tuple[dict, dict, str]:
        data = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
        triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as True
        steps = [step for job in data["jobs"].values() for step in job["steps"]]
        return (
            triggers,
            data,
            "\n".join(str(step.get("run", "")) + str(step.get("uses", "")) for step in steps),
        )

    triggers, _, steps = load("ci.yml")
    assert "push" in triggers
    assert ".ci/run" in steps
    makefile = (ROOT / "Makefile").read_text() + (ROOT / "mk" / "links.mk").read_text()
    assert re.search(r"^test:.*\bcheck\b", makefile, re.M), "make test runs make check"
    assert re.search(r"^check:.*\bcheck-links\b", makefile, re.M), "make check runs check-links"
    triggers, data, steps = load("linkcheck.yml")
    assert set(triggers) >= {"schedule", "workflow_dispatch"}
    assert "make linkcheck" in steps and "actions/upload-artifact" in steps
    upload = next(
        s
        for j in data["jobs"].values()
        for s in j["steps"]
        if "upload-artifact" in s.get("uses", "")
    )
    assert upload.get("if") == "always()" and "report.json" in upload["with"]["path"]


def test_a_failed_sphinx_build_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """No output.json is not "no broken links": a build that breaks fails, naming its log."""
    project = fixture_project(tmp_path / "project", closed_port(), closed_port())
    with (project / "conf.py").open("a") as conf:
        conf.write("\nextensions.append('no_such_extension_for_linkcheck')\n")
    result, report = linkcheck(project, tmp_path / "build", monkeypatch, LANGUAGES="en")
    assert result.returncode != 0
    assert report["result"] == "failed"
    assert report["sphinx_failures"] and "sphinx-en.log" in report["sphinx_failures"][0]
    assert "no_such_extension_for_linkcheck" in result.stderr


def test_hosts_that_do_not_resolve_mean_no_network_in_seconds():
    """Offline, the check concludes from the links' own host names, without Sphinx."""
    started = time.monotonic()
    assert reachable_hosts({f"host{n}.invalid" for n in range(20)}) == 0  # RFC 2606: never
    assert reachable_hosts({"localhost", "nowhere.invalid"}) == 1
    assert time.monotonic() - started < LOOKUP_SECONDS * 2 + 1


def test_links_are_read_from_the_sources_with_their_lines(tmp_path: Path):
    (tmp_path / "page.md").write_text("Intro.\n\nSee [x](https://example.org/a), then\n"
                                      "<https://ignored.example/b>.\n")
    links = source_links(tmp_path, [r"https://ignored\.example/.*"])
    assert [(link.page, link.line, link.uri, link.status) for link in links] == [
        ("page", 3, "https://example.org/a", "broken"),
        ("page", 4, "https://ignored.example/b", "ignored"),
    ]

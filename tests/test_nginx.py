"""docs/deploy/nginx.conf: valid for nginx, serves each language's 404 page, compresses.

A real nginx, run as the current user on a free loopback port with its pid,
logs and temporary files in a temporary folder, serves the session's build
(the same tree `make dist` publishes).
"""

from __future__ import annotations

import getpass
import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import ROOT

EXAMPLE = ROOT / "docs" / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or next(
    (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(p).is_file()), None)


@pytest.fixture(scope="module")
def nginx() -> str:
    if NGINX is None:
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed (.ci/run installs it)")
        pytest.skip("nginx is not installed")
    return NGINX


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_config(root: Path, port: int) -> str:
    """The example, pointed at *root* and a loopback port (nothing else changed)."""
    text = EXAMPLE.read_text(encoding="utf-8")
    swaps = [
        (r"(?m)^    listen 80;$", f"    listen 127.0.0.1:{port};"),
        (r"(?m)^    listen \[::\]:80;\n", ""),
        (r"(?m)^    root /srv/hdhkb/dist;$", f"    root {root};"),
    ]
    for pattern, replacement in swaps:
        text, count = re.subn(pattern, replacement, text)
        assert count == 1, f"{pattern!r} is not once in {EXAMPLE}: update this test"
    return text


def main_config(tmp: Path, site: Path) -> Path:
    """A minimal nginx.conf around the site, all state in *tmp*."""
    (tmp / "site.conf").write_text(site_config(site, free_port()), encoding="utf-8")
    temp = "\n".join(f"    {kind}_temp_path {tmp}/{kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    mime = Path("/etc/nginx/mime.types")
    types = f"include {mime};" if mime.is_file() else (
        "types { text/html html; text/css css; application/javascript js; "
        "text/xml xml; text/plain txt; image/svg+xml svg; }")  # as nginx's mime.types
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
{user}
worker_processes 1;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    {types}
    default_type application/octet-stream;
    access_log {tmp}/access.log;
{temp}
    include {tmp}/site.conf;
}}
""", encoding="utf-8")
    return conf


def run_nginx(nginx: str, conf: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    tmp = conf.parent
    return subprocess.run([nginx, "-p", str(tmp), "-e", str(tmp / "error.log"), "-c", str(conf),
                           *extra], capture_output=True, text=True, timeout=30)


def test_example_config_passes_nginx_t(nginx: str, tmp_path: Path, site: Path):
    result = run_nginx(nginx, main_config(tmp_path, site), "-t")
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.fixture(scope="module")
def served(nginx: str, tmp_path_factory: pytest.TempPathFactory, site: Path) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("nginx")
    conf = main_config(tmp, site)
    port = re.search(r"listen 127\.0\.0\.1:(\d+);", (tmp / "site.conf").read_text()).group(1)
    process = subprocess.Popen([nginx, "-p", str(tmp), "-e", str(tmp / "error.log"),
                                "-c", str(conf)], stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(url + "/", timeout=2).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    log = (tmp / "error.log").read_text() if (tmp / "error.log").exists() else ""
                    pytest.fail(f"nginx did not start: {process.stderr.read()}\n{log}")
                time.sleep(0.1)
        yield url
    finally:
        process.send_signal(signal.SIGQUIT)  # graceful stop of the nginx this fixture started
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode("utf-8")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_missing_page_gets_its_languages_404_page(served: str, site: Path, language: str):
    status, headers, body = fetch(f"{served}/{language}/no/such-page.html")
    assert status == 404
    assert body == (site / language / "404.html").read_text(encoding="utf-8")
    assert f'lang="{language}"' in body
    assert headers["Cache-Control"] == "public, max-age=300"


def test_pages_root_and_static_files_with_their_cache_headers(served: str, site: Path):
    for path in ("/", "/en/", "/fr/", "/fr/posting.html", "/robots.txt"):
        status, headers, body = fetch(served + path)
        assert status == 200, path
        assert headers["Cache-Control"] == "public, max-age=300", path
        assert headers["X-Content-Type-Options"] == "nosniff"
    status, _, body = fetch(served + "/fr/")
    assert body == (site / "fr" / "index.html").read_text(encoding="utf-8")
    css = next((site / "fr" / "_static").rglob("*.css")).relative_to(site)
    status, headers, _ = fetch(f"{served}/{css.as_posix()}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=2592000"
    assert headers["Content-Type"].startswith("text/css")


@pytest.mark.parametrize("path", ["/sitemap.xml", "/en/sitemap.xml", "/fr/sitemap.xml"])
def test_sitemaps_go_out_compressed(served: str, site: Path, path: str):
    """nginx serves .xml as text/xml: that type must be in gzip_types."""
    request = urllib.request.Request(served + path, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        headers, body = response.headers, response.read()
    assert headers["Content-Type"].startswith("text/xml")
    assert headers.get("Content-Encoding") == "gzip", dict(headers)
    assert "Accept-Encoding" in headers.get("Vary", "")
    assert gzip.decompress(body) == (site / path.lstrip("/")).read_bytes()

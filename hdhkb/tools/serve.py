"""Live preview of both languages: sphinx-autobuild's watcher, our build, our reload.

sphinx-autobuild serves one output directory built by one ``sphinx-build``.
We reuse its watcher (``RebuildServer``) and ignore filter, but serve the
whole bilingual tree and rebuild only what a change needs, with the Makefile's
own targets (``make html`` / ``make html-fr``), which publish a build only once
it passed: on an error the terminal shows it and the last good pages stay
served.

Its reload middleware injects an *inline* script, which the site's
Content-Security-Policy (``script-src 'self'``) blocks; ours injects
``<script src="/_hdhkb/reload.js">``, a same-origin file served by this app.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

HELP = "build, then serve both languages with live rebuild and reload (make serve)"

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: What may change the site, relative to the project root.
WATCH = ("source", "locale", "hdhkb", "conf.py")
#: What the build writes itself, and editors' scratch files: never a reason to
#: rebuild, or every build would trigger the next one (Sphinx compiles .po
#: into .mo beside them, Python writes __pycache__).
IGNORE_RE = (
    r"\.mo$",
    r"/__pycache__/",
    r"\.py[co]$",
    r"/_build/",
    r"/\.(git|venv)/",
    r"\.sw[a-p]x?$",  # vim swap files
    r"/4913$",  # vim's "can I write here" probe
    r"~$",
    r"/\.?#[^/]*#?$",  # emacs locks and autosaves
    r"/sed[A-Za-z0-9]{6}$",  # sed -i's temporary file
    r"/\.goutputstream-",  # GTK editors' temporary file
    r"___jb_(tmp|old)___$",  # JetBrains' temporary files
    r"\.(tmp|bak|orig|rej)$",
)
#: Where the reload script and its websocket live (outside every language tree).
RELOAD_JS = "/_hdhkb/reload.js"
RELOAD_WS = "/_hdhkb/ws"
SCRIPT_TAG = f'<script src="{RELOAD_JS}"></script>\n'.encode()
#: Reload the page when the server says a build finished; after a restart of
#: ``make serve``, reconnect and reload once the server is back.
RELOAD_SCRIPT = """\
// Live preview only (make serve): reload this page after each rebuild.
(function () {
  "use strict";
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  var url = scheme + window.location.host + "@RELOAD_WS@";
  function connect(reloadOnOpen) {
    var socket = new WebSocket(url);
    socket.onopen = function () { if (reloadOnOpen) { window.location.reload(); } };
    socket.onmessage = function () { window.location.reload(); };
    socket.onclose = function () { window.setTimeout(function () { connect(true); }, 1000); };
  }
  connect(false);
})();
""".replace("@RELOAD_WS@", RELOAD_WS)


@dataclass(frozen=True)
class Plan:
    """What to rebuild for a set of changes."""

    #: make targets, e.g. ("html",) or ("html-fr",)
    targets: tuple[str, ...]
    #: rebuild from a fresh environment (-E): Sphinx does not track our
    #: extension code, templates or data files as page dependencies.
    fresh: bool


def plan(changed: Iterable[Path], root: Path, languages: Sequence[str]) -> Plan | None:
    """Decide the rebuild: a catalog -> its language only; a page -> both; else both, fresh."""
    rebuild: set[str] = set()
    fresh = False
    for path in changed:
        top = path.relative_to(root).parts[:1] if path.is_relative_to(root) else ()
        folders = [parent.name for parent in path.parents]
        if path.suffix == ".po" and "LC_MESSAGES" in folders:
            # locale/<lang>/LC_MESSAGES/[postings/]<page>.po
            language = folders[folders.index("LC_MESSAGES") + 1]
            if language in languages:
                rebuild.add(language)
                # The pages' catalogs are tracked by Sphinx; the theme's are not.
                fresh |= top != ("locale",)
        elif path.suffix == ".md" and top == ("source",):
            rebuild.update(languages)
        else:
            rebuild.update(languages)
            fresh = True
    if not rebuild:
        return None
    if rebuild >= set(languages):
        return Plan(("html",), fresh)
    return Plan(tuple(f"html-{code}" for code in languages if code in rebuild), fresh)


class MakeBuilder:
    """Rebuild callback: picklable, as sphinx-autobuild runs it in a process pool."""

    def __init__(self, root: Path, languages: list[str], sphinxopts: str, make_args: list[str]):
        self.root = root
        self.languages = languages
        self.sphinxopts = sphinxopts
        self.make_args = make_args

    def command(self, todo: Plan) -> list[str]:
        opts = f"{self.sphinxopts} -E".strip() if todo.fresh else self.sphinxopts
        return ["make", *todo.targets, *self.make_args, f"SPHINXOPTS={opts}"]

    def build(self, todo: Plan) -> bool:
        """Run make; its output (and any error) goes straight to the terminal."""
        done = subprocess.run(self.command(todo), cwd=self.root, check=False)
        if done.returncode == 0:
            say("rebuild done")
        else:
            say("rebuild FAILED (see above): still serving the last good pages")
        return done.returncode == 0

    def __call__(self, *, changed_paths: Sequence[Path]) -> None:
        todo = plan(changed_paths, self.root, self.languages)
        if todo is None:
            return
        names = ", ".join(sorted({display(p, self.root) for p in changed_paths})[:5])
        say(f"change detected ({names}): make {' '.join(todo.targets)}"
            + (" (fresh)" if todo.fresh else ""))
        self.build(todo)


def display(path: Path, root: Path) -> str:
    return str(path.relative_to(root)) if path.is_relative_to(root) else str(path)


def say(message: str) -> None:
    sys.stdout.write(f"[serve] {message}\n")
    sys.stdout.flush()


class ReloadScriptMiddleware:
    """Add the external reload script to every HTML page, and forbid caching.

    Appending after ``</html>`` is what sphinx-autobuild does: browsers move
    the element into the body, and no page needs to be buffered.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inject = False

        async def send_wrapper(message: Message) -> None:
            nonlocal inject
            from starlette.datastructures import MutableHeaders

            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["Cache-Control"] = "no-store"
                if headers.get("Content-Type", "").startswith("text/html"):
                    inject = scope.get("method") != "HEAD"
                    if inject and "Content-Length" in headers:
                        headers["Content-Length"] = str(
                            int(headers["Content-Length"]) + len(SCRIPT_TAG)
                        )
            elif (message["type"] == "http.response.body" and inject
                  and not message.get("more_body", False)):
                message["body"] = message.get("body", b"") + SCRIPT_TAG
            await send(message)

        await self.app(scope, receive, send_wrapper)


def make_app(html: Path, watcher: object, languages: Sequence[str]) -> ASGIApp:
    """The preview server: the tree, each language's 404 page, the reload script."""
    import anyio
    from starlette.applications import Starlette
    from starlette.exceptions import HTTPException
    from starlette.middleware import Middleware
    from starlette.responses import FileResponse, HTMLResponse
    from starlette.responses import Response as PlainResponse
    from starlette.routing import Mount, Route, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    class SiteFiles(StaticFiles):
        """The published tree, read whole, and each language's 404 page, as on the real host.

        A rebuild swaps a language's folder while pages are being served: a
        file is read at once (its length known from its bytes, not from an
        earlier stat), and a file missing during the swap is looked up again.
        """

        async def get_response(self, path: str, scope: Scope) -> Response:
            for _attempt in range(SWAP_RETRIES):
                try:
                    return await self.read_whole(await self.lookup(path, scope))
                except (FileNotFoundError, SwapInProgress):
                    await anyio.sleep(0.05)
            return await self.read_whole(await self.lookup(path, scope, last=True))

        async def lookup(self, path: str, scope: Scope, last: bool = False) -> Response:
            try:
                return await super().get_response(path, scope)
            except HTTPException as error:
                if error.status_code != 404:
                    raise
                first = path.split("/", 1)[0]
                if first in languages and not (html / first).is_dir() and not last:
                    raise SwapInProgress from error
                page = html / first / "404.html"
                if first in languages and page.is_file():
                    return FileResponse(page, status_code=404)
                if not (html / "index.html").is_file():
                    return HTMLResponse(NO_BUILD, status_code=503)
                raise

        @staticmethod
        async def read_whole(response: Response) -> Response:
            if not isinstance(response, FileResponse):
                return response
            body = await anyio.to_thread.run_sync(Path(response.path).read_bytes)
            return PlainResponse(body, status_code=response.status_code,
                                 media_type=response.media_type)

    async def reload_js(_request: Request) -> Response:
        from starlette.responses import Response

        return Response(RELOAD_SCRIPT, media_type="text/javascript")

    return Starlette(
        routes=[
            Route(RELOAD_JS, reload_js),
            WebSocketRoute(RELOAD_WS, watcher),  # type: ignore[arg-type]
            Mount("/", app=SiteFiles(directory=html, html=True), name="site"),
        ],
        middleware=[Middleware(ReloadScriptMiddleware)],
        lifespan=watcher.lifespan,  # type: ignore[attr-defined]
    )


#: How often a file is looked up again while a rebuild swaps its folder in.
SWAP_RETRIES = 10


class SwapInProgress(Exception):
    """A language's folder is missing for the instant of a swap: look again."""


NO_BUILD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>No build yet</title></head>
<body><h1>No build has passed yet</h1>
<p>Fix the error shown in the terminal that runs <code>make serve</code>:
this page reloads by itself once the site builds.</p></body></html>
"""


def main(argv: list[str]) -> int:
    import uvicorn
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.server import RebuildServer

    parser = argparse.ArgumentParser(prog="python -m hdhkb serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--builddir", type=Path, default=Path("_build"))
    parser.add_argument("--languages", default="en fr", help="space-separated, as LANGUAGES")
    parser.add_argument("--sphinxopts", default="", help="as SPHINXOPTS")
    parser.add_argument("make_args", nargs="*", help="extra make arguments (VAR=value)")
    args = parser.parse_args(argv)

    root = Path.cwd().resolve()
    builddir = args.builddir.resolve()
    html = builddir / "html"
    languages = args.languages.split()
    make_args = [f"BUILDDIR={builddir}", f"LANGUAGES={args.languages}", *args.make_args]
    builder = MakeBuilder(root, languages, args.sphinxopts, make_args)
    first = Plan(("html",), fresh=False)
    say(f"building {' and '.join(languages)}: {shlex.join(builder.command(first))}")
    builder.build(first)
    html.mkdir(parents=True, exist_ok=True)

    watch = [root / name for name in WATCH if (root / name).exists()]
    ignore = IgnoreFilter([builddir], list(IGNORE_RE))
    watcher = RebuildServer(watch, ignore, change_callback=builder)
    app = make_app(html, watcher, languages)
    say(f"serving {display(html, root)} on http://{args.host}:{args.port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

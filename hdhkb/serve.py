"""Live preview of both languages: sphinx-autobuild's watcher and reload, our build.

sphinx-autobuild serves one output directory built by one ``sphinx-build``.
We reuse its pieces (watcher, ignore filter, reload middleware) but serve the
whole bilingual tree and rebuild it with ``make html``, which only publishes a
build that passed: on an error the terminal shows it and the last good pages
stay served.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

#: Folders whose changes trigger a rebuild.
WATCH = ("source", "locale", "hdhkb", "conf.py")
#: What the build writes itself (never a reason to rebuild: no loops).
IGNORE_RE = (r".*\.mo$", r".*__pycache__.*", r".*\.(swp|swx|tmp)$", r".*~$")


class MakeBuilder:
    """Rebuild callback: picklable, as sphinx-autobuild runs it in a process pool."""

    def __init__(self, root: Path, make_args: list[str]) -> None:
        self.root = root
        self.make_args = make_args

    def __call__(self, *, changed_paths: list[Path]) -> None:
        names = ", ".join(str(p.relative_to(self.root)) for p in changed_paths[:5] if p.is_relative_to(self.root))
        sys.stdout.write(f"[serve] change detected ({names or 'start'}), rebuilding\n")
        sys.stdout.flush()
        done = subprocess.run(["make", "html", *self.make_args], cwd=self.root, check=False)
        state = "done" if done.returncode == 0 else "FAILED: still serving the last good build"
        sys.stdout.write(f"[serve] rebuild {state}\n")
        sys.stdout.flush()


def main(argv: list[str]) -> int:
    import uvicorn
    from sphinx_autobuild.filter import IgnoreFilter
    from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
    from sphinx_autobuild.server import RebuildServer
    from starlette.applications import Starlette
    from starlette.middleware import Middleware
    from starlette.routing import Mount, WebSocketRoute
    from starlette.staticfiles import StaticFiles

    parser = argparse.ArgumentParser(prog="python -m hdhkb serve", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--builddir", type=Path, default=Path("_build"))
    parser.add_argument("make_args", nargs="*", help="extra make arguments (VAR=value)")
    args = parser.parse_args(argv)

    root = Path.cwd()
    builddir = args.builddir.resolve()
    html = builddir / "html"
    html.mkdir(parents=True, exist_ok=True)
    make_args = [f"BUILDDIR={builddir}", *args.make_args]
    watch = [root / name for name in WATCH if (root / name).exists()]
    ignore = IgnoreFilter([builddir, root / ".venv", root / ".git"], list(IGNORE_RE))
    watcher = RebuildServer(watch, ignore, change_callback=MakeBuilder(root, make_args))
    url_host = f"{args.host}:{args.port}"
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            Mount("/", app=StaticFiles(directory=html, html=True), name="static"),
        ],
        middleware=[Middleware(JavascriptInjectorMiddleware, ws_url=url_host)],
        lifespan=watcher.lifespan,
    )
    sys.stdout.write(f"[serve] serving {html} on http://{url_host}/ (Ctrl+C to stop)\n")
    sys.stdout.flush()
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    return 0

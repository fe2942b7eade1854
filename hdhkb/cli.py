"""``python -m hdhkb COMMAND …``: the command-line tools behind the Makefile.

Each command lives in its own module, which exposes ``main(argv) -> int``;
this file only dispatches, so adding a tool is one line in ``COMMANDS``.
"""

from __future__ import annotations

import importlib
import sys

#: command name -> (module, one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("hdhkb.build", "sphinx-build tuned for a one-shot process (make html)"),
    "links": ("hdhkb.linkcheck_internal", "check every internal link and #anchor of the site"),
    "linkcheck": ("hdhkb.linkcheck_external", "check external links of all languages, one report"),
    "html": ("hdhkb.html", "build languages in parallel, publish them when all pass (make html)"),
    "check": ("hdhkb.check.runner", "run the quality gates (make check): file:line per problem"),
    "dist": ("hdhkb.dist", "swap a checked build into the published tree (make dist)"),
    "new-page": ("hdhkb.newpage", "create source/<slug>.md with its label, in the navigation"),
    "serve": ("hdhkb.serve", "serve the bilingual tree with live rebuild and reload"),
    "theme-strings": ("hdhkb.theme_strings", "add the templates' UI strings to hdhkb/locale"),
    "stats": ("hdhkb.stats", "per-page translation progress, stale messages with word diffs"),
    "update-po": ("hdhkb.catalogs", "merge the .pot files into the catalogs, canonically"),
}


def usage() -> str:
    lines = ["usage: python -m hdhkb COMMAND [ARGS…]", "", "commands:"]
    width = max(map(len, COMMANDS))
    lines += [f"  {name:<{width}}  {text}" for name, (_, text) in sorted(COMMANDS.items())]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help"}:
        sys.stdout.write(usage() + "\n")
        return 0 if args else 2
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        sys.stderr.write(f"unknown command {name!r}\n\n{usage()}\n")
        return 2
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)

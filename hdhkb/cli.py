"""``python -m hdhkb COMMAND …``: the command-line tools behind the Makefile.

Each command is a module of :mod:`hdhkb.tools` named like it (``update-po`` is
``hdhkb/tools/update_po.py``) with ``HELP`` and ``main(argv) -> int``, and a
``make`` target of the same name (a test keeps the two lists equal). This file
only dispatches.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

#: Every command, in the order ``--help`` lists them.
COMMANDS: tuple[str, ...] = (
    "html", "serve", "dist", "check", "check-links", "linkcheck",
    "update-po", "stats", "glossary", "tmx", "review", "new-page", "new-posting",
    "theme-strings",
)


def module(name: str) -> ModuleType:
    return importlib.import_module(f"hdhkb.tools.{name.replace('-', '_')}")


def usage() -> str:
    lines = ["usage: python -m hdhkb COMMAND [ARGS…]", "", "commands (make COMMAND runs each):"]
    width = max(map(len, COMMANDS))
    lines += [f"  {name:<{width}}  {module(name).HELP}" for name in COMMANDS]
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
    return int(module(name).main(rest) or 0)

"""``python -m hdhkb.sphinxbuild ARGS…``: ``sphinx-build ARGS…`` tuned for a one-shot process.

Why: a Sphinx build allocates millions of small objects (docutils nodes,
tokens, template contexts) in a heap that already holds every imported
module. With CPython's default thresholds (700, 10, 10) the cyclic garbage
collector walks that heap over and over while the build runs, and once more
at interpreter shutdown, only to free memory the system takes back anyway
when the process exits. The Makefile's builds run in processes that exit
right after the build (``make gettext`` and each language of ``make html``
run through this module), so this wrapper:

- raises the collection thresholds (:data:`THRESHOLDS`) before Sphinx is
  imported;
- freezes what exists once Sphinx is imported (``gc.freeze()``: modules and
  classes live until the end, no collection needs to look at them again);
- freezes everything again after the build, so shutdown skips the last walk.

Measured on the French build of this site (docs/performance.md): 1.10 s →
0.93 s, with the same HTML.

``--after-go`` (first argument; ``python -m hdhkb html`` uses it): import
Sphinx and the project's extensions, then wait for one line on stdin, ``go``
(build) or anything else (exit 1 without touching a file). The processes
start while the publish path's gates still read the sources, so that their
start-up (a third of a small build) overlaps with the gates instead of
following them. It changes nothing but memory management, and only
in this command-line process: builds run inside another program (the tests,
``sphinx.testing``) keep Python's defaults, since a long-lived process must
collect its garbage.
"""

from __future__ import annotations

import gc

#: gc.set_threshold() for a one-shot build: collect the youngest generation
#: every 10,000 net allocations instead of 700, and the oldest hardly ever.
#: Measured (French build, 5 runs): defaults 1.10 s; (2000, 10, 10) 0.95 s;
#: (10000, 50, 1000) 0.93 s; (50000, 100, 1000) 0.95 s.
THRESHOLDS = (10_000, 50, 1_000)


#: What ``--after-go`` imports before waiting: what every build of the site loads
#: (and each of ``hdhkb.FEATURES``).
PRELOAD = ("sphinx.builders.html", "myst_parser", "furo", "hdhkb.speedups")


def main(argv: list[str]) -> int:
    gc.set_threshold(*THRESHOLDS)
    from sphinx.cmd.build import main as sphinx_build

    if argv[:1] == ["--after-go"]:
        import importlib
        import sys

        argv = argv[1:]
        import hdhkb

        for name in (*PRELOAD, *(f"hdhkb.ext.{feature}" for feature in hdhkb.FEATURES)):
            importlib.import_module(name)
        if sys.stdin.readline().strip() != "go":
            return 1
    gc.freeze()
    status = sphinx_build(argv)
    gc.freeze()  # the process ends now: nothing left worth collecting
    return status


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))

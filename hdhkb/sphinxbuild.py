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

For ``python -m hdhkb html``, which builds every language at once:
:func:`preload` imports what every build loads (Sphinx, MyST, furo, the
project's extensions), tuned the same way, and each language's build is then
forked from that process (:func:`build_in_child`, through ``multiprocessing``):
two languages import Sphinx once, not twice (about 0.3 s of CPU, a fifth of a
cold build of this site: docs/performance.md). It changes nothing but memory
management and where the imports happen. Builds run inside another program
(the tests, ``sphinx.testing``) keep Python's defaults, since a long-lived
process must collect its garbage.
"""

from __future__ import annotations

import contextlib
import gc
import signal
from collections.abc import Iterator

#: gc.set_threshold() for a one-shot build: collect the youngest generation
#: every 10,000 net allocations instead of 700, and the oldest hardly ever.
#: Measured (French build, 5 runs): defaults 1.10 s; (2000, 10, 10) 0.95 s;
#: (10000, 50, 1000) 0.93 s; (50000, 100, 1000) 0.95 s.
THRESHOLDS = (10_000, 50, 1_000)


#: What :func:`preload` imports (with each of ``hdhkb.FEATURES``): what every build
#: of the site loads.
PRELOAD = ("sphinx.cmd.build", "sphinx.builders.html", "myst_parser", "furo", "hdhkb.speedups")


def main(argv: list[str]) -> int:
    gc.set_threshold(*THRESHOLDS)
    from sphinx.cmd.build import main as sphinx_build

    gc.freeze()
    status = sphinx_build(argv)
    gc.freeze()  # the process ends now: nothing left worth collecting
    return status


def preload() -> Iterator[str]:
    """Import what every build loads, one module per step, in a process tuned as
    :func:`main` tunes its own, so that the builds forked from it
    (:func:`build_in_child`) start with it all. Steps, so that the caller can stop
    when it learns no build will run (the gates refused)."""
    import importlib

    import hdhkb

    gc.set_threshold(*THRESHOLDS)
    for name in (*PRELOAD, *(f"hdhkb.ext.{feature}" for feature in hdhkb.FEATURES)):
        importlib.import_module(name)
        yield name
    gc.freeze()  # modules and classes live until the end: no collection looks at them


@contextlib.contextmanager
def interruptible() -> Iterator[None]:
    """In a forked child: take Ctrl+C and SIGTERM again (its parent held them while
    forking). Ctrl+C ends it quietly, exit status 130, as a shell reports an interrupted
    command; SIGTERM (the parent's cleanup) ends it at once, whatever the parent does with
    its own: the default action is set before the signal can come."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
        yield
    except KeyboardInterrupt:
        raise SystemExit(130) from None


def build_in_child(argv: list[str], out: int, err: int) -> None:
    """``sphinx-build ARGV`` in a process forked after :func:`preload`; the build's status
    is the process's exit code, its output goes to the files open as *out* and *err*
    (shown by the parent once every language is over, never interleaved)."""
    import os
    import sys

    from sphinx.cmd.build import main as sphinx_build

    os.dup2(out, 1)
    os.dup2(err, 2)
    with interruptible():  # Sphinx handles one while it builds; this, one before
        status = sphinx_build(argv)
    sys.stdout.flush()
    sys.stderr.flush()
    gc.freeze()  # the process ends now: nothing left worth collecting
    raise SystemExit(status)


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))

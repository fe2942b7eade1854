"""The commands behind the Makefile: ``python -m hdhkb COMMAND``, one module each.

A module's name is its command's name (``update_po`` is ``update-po``); each
exposes ``HELP`` (one line) and ``main(argv) -> int``.
"""

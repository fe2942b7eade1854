"""A project whose links point at the tests' local HTTP server (tests/test_linkcheck_external.py).

The sources say ``@PORT@`` and ``@CLOSED@``: the test copies this folder and
puts in the port of its server and a port nothing listens on. Small timeout,
few retries: every run stays bounded in requests and seconds.
"""

extensions = ["myst_parser"]
source_suffix = {".md": "markdown"}
root_doc = "index"
language = "en"
project = "linkcheck fixture"

linkcheck_timeout = 1.5
linkcheck_retries = 2
linkcheck_workers = 3
linkcheck_anchors = True
linkcheck_rate_limit_timeout = 5.0
linkcheck_allowed_redirects = {r"http://127\.0\.0\.1:\d+/moved": r"http://127\.0\.0\.1:\d+/ok"}
linkcheck_ignore = [r"http://127\.0\.0\.1:\d+/ignored"]

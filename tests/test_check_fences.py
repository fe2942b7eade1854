"""Gate ``fences``: an unclosed fence or directive is found at the line that opens it."""

from __future__ import annotations

import pytest

from hdhkb.check.fences import unclosed

EXTENSIONS = frozenset({"colon_fence", "deflist"})


@pytest.mark.parametrize(("text", "expected"), [
    ("# T\n\n```{note}\nUnclosed\n\n## Next\n", [(3, "```{note}")]),
    ("# T\n\n:::{tip}\nUnclosed.\n", [(3, ":::{tip}")]),
    # a code fence left open inside a directive (the directive's own fence is longer)
    ("# T\n\n````{note}\n```python\ncode\n````\n", [(4, "```python")]),
    ("# T\n\n```{note}\nClosed.\n```\n\n~~~\ncode\n~~~\n", []),
    ("# T\n\nText with ``` inline backticks.\n", []),
])
def test_unclosed_fences(text: str, expected: list[tuple[int, str]]):
    assert unclosed(text, EXTENSIONS) == expected

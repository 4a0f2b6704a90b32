"""Show the package's own code on the tutorial's pages.

The chapters display the functions they describe by reading the running package's
source, so the code a reader sees is the code that produced the outputs beside it.

A chapter shows the lines that do the math. A line of the package that ends with the comment
``# guard`` (a check, a rollback: what keeps bad input out, not what the chapter teaches) is
left out of the view, with every line of the block it opens; the chapter says in a sentence
what the guards do.
"""

from __future__ import annotations

import inspect
import re
import textwrap
from collections.abc import Callable
from typing import Any

#: The comment that marks a line, and the block it opens, as left out of the chapters' view.
GUARD = re.compile(r"#\s*guard\s*$")


def without_guards(source: str) -> str:
    r"""``source`` without its ``# guard`` lines and the blocks they open.

    Examples:
        >>> print(without_guards(
        ...     "for x in xs:\n"
        ...     "    if x < 0:  # guard\n"
        ...     "        raise ValueError(x)\n"
        ...     "    total += x\n"
        ... ))
        for x in xs:
            total += x
        <BLANKLINE>
    """
    kept: list[str] = []
    skipping_deeper_than: int | None = None
    for line in source.splitlines(keepends=True):
        indent = len(line) - len(line.lstrip())
        if skipping_deeper_than is not None:
            if not line.strip() or indent > skipping_deeper_than:
                continue
            skipping_deeper_than = None
        if GUARD.search(line.rstrip()):
            skipping_deeper_than = indent
            continue
        kept.append(line)
    return "".join(kept)


def show_source(
    obj: Callable[..., Any] | type,
    body_only: bool = True,
    start: str | None = None,
    *,
    docstring: bool = True,
) -> str:
    """Markdown for a Python code block holding the source of ``obj``, without its guards.

    Args:
        obj: A function, method or class of the package.
        body_only: Leave out the signature and docstring, keeping the code of the body.
        start: If given, begin at the first line containing this text.
        docstring: With ``body_only=False``, ``False`` leaves out the docstring (the
            signature and the body stay).

    Raises:
        ValueError: If ``start`` is not in the source.

    Examples:
        >>> from nanoneuron import celsius_to_fahrenheit
        >>> print(show_source(celsius_to_fahrenheit))
        ```python
        w = 1.8
        b = 32
        f = c * w + b
        return f
        ```
        >>> print(show_source(celsius_to_fahrenheit, body_only=False, docstring=False))
        ```python
        def celsius_to_fahrenheit(c: float) -> float:
            w = 1.8
            b = 32
            f = c * w + b
            return f
        ```
    """
    source = without_guards(inspect.getsource(obj))
    if '"""' in source and (body_only or not docstring):
        head, _, rest = source.split('"""', 2)
        body = rest.split("\n", 1)[1]
        source = body if body_only else head.rstrip() + "\n" + body
    if start is not None:
        index = source.find(start)
        if index < 0:
            raise ValueError(f"start {start!r} is not in the source of {obj.__qualname__}")
        source = source[source.rfind("\n", 0, index) + 1 :]
    return "```python\n" + textwrap.dedent(source).strip("\n") + "\n```"

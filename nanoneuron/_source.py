"""Show the package's own code on the tutorial's pages.

The chapters display the functions they describe by reading the running package's
source, so the code a reader sees is the code that produced the outputs beside it.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from typing import Any


def show_source(
    obj: Callable[..., Any] | type, body_only: bool = True, start: str | None = None
) -> str:
    """Markdown for a Python code block holding the source of ``obj``.

    Args:
        obj: A function, method or class of the package.
        body_only: Leave out the signature and docstring, keeping the code of the body.
        start: If given, begin at the first line containing this text.

    Raises:
        ValueError: If ``start`` is not in the source.

    Examples:
        >>> from nanoneuron import celsius_to_fahrenheit
        >>> print(show_source(celsius_to_fahrenheit))
        ```python
        check_number("c", c)
        w = 1.8
        b = 32
        f = c * w + b
        return f
        ```
    """
    source = inspect.getsource(obj)
    if body_only and '"""' in source:
        source = source.split('"""', 2)[2].split("\n", 1)[1]
    if start is not None:
        index = source.find(start)
        if index < 0:
            raise ValueError(f"start {start!r} is not in the source of {obj.__qualname__}")
        source = source[source.rfind("\n", 0, index) + 1 :]
    return "```python\n" + textwrap.dedent(source).strip("\n") + "\n```"

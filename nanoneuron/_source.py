"""Show the package's own code on the tutorial's pages.

The chapters display the functions they describe by reading the running package's
source, so the code a reader sees is the code that produced the outputs beside it.

A chapter shows the lines that do the math. A statement of the package whose first line ends
with the comment ``# guard`` (a check, a rollback: what keeps bad input out, not what the
chapter teaches) is left out of the view, whole; the chapter says in a sentence what the
guards do.
"""

from __future__ import annotations

import ast
import inspect
import io
import re
import textwrap
import tokenize
from collections.abc import Callable
from typing import Any

#: The comment that marks a statement, and any block it opens, as left out of the chapters' view.
GUARD = re.compile(r"#\s*guard\s*$")


def without_guards(source: str) -> str:
    r"""``source`` (dedented) without the statements whose first line ends with ``# guard``.

    A marked statement goes whole, with every line of it and of the block it opens, and
    nothing else goes: the statements are found with :mod:`ast` and the comments with
    :mod:`tokenize`, so a statement over several lines, a docstring or a comment cannot
    confuse it.

    Raises:
        ValueError: If a ``# guard`` comment is not on the first line of a statement, if a
            marked ``if``, loop or ``try`` has an ``else``, ``except`` or ``finally`` part
            (hiding it would hide code that runs), or if a block would be left empty.

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
    source = textwrap.dedent(source)
    marked = {
        token.start[0]
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT and GUARD.fullmatch(token.string)
    }
    if not marked:
        return source
    tree = ast.parse(source)
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.stmt) or node.lineno not in marked:
            continue
        if (
            getattr(node, "orelse", None)
            or getattr(node, "handlers", None)
            or getattr(node, "finalbody", None)
        ):
            raise ValueError(
                f"the guard on line {node.lineno} marks a statement with an else, except or"
                " finally part: hiding it would hide code that runs"
            )
        marked.discard(node.lineno)
        end = node.end_lineno if node.end_lineno is not None else node.lineno
        hidden.update(range(node.lineno, end + 1))
    if marked:
        raise ValueError(
            f"a # guard comment is not on the first line of a statement: line {min(marked)}"
        )
    for node in ast.walk(tree):
        if isinstance(node, ast.stmt) and node.lineno in hidden:
            continue  # hidden whole, blocks and all
        for name in ("body", "orelse", "handlers", "finalbody"):
            block = getattr(node, name, None)
            if (
                isinstance(block, list)
                and block
                and all(isinstance(item, ast.stmt) and item.lineno in hidden for item in block)
            ):
                raise ValueError(f"guards would leave the block at line {block[0].lineno} empty")
    lines = source.splitlines(keepends=True)
    return "".join(line for number, line in enumerate(lines, 1) if number not in hidden)


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
        head = re.sub(r"[rRuUbB]*$", "", head.rstrip()).rstrip()  # a prefix, as in r"""
        source = body if body_only else head + "\n" + body
    if start is not None:
        index = source.find(start)
        if index < 0:
            raise ValueError(f"start {start!r} is not in the source of {obj.__qualname__}")
        source = source[source.rfind("\n", 0, index) + 1 :]
    return "```python\n" + textwrap.dedent(source).strip("\n") + "\n```"

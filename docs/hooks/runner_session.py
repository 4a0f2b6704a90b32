"""Run a page's code blocks in the reader's browser (Pyodide), the way the build ran them.

``docs/hooks/runner.py`` ships this module to the browser; ``docs/javascripts/runner-worker.js``
imports it and calls :func:`run_block`. It mirrors what markdown-exec 1.12 does at build, so an
unedited block prints the same bytes: the blocks of a session share one namespace, and ``print``
is markdown-exec's (it joins its arguments with one space and ignores ``sep``, ``file`` and
``flush``). Writes to ``sys.stdout`` and ``sys.stderr`` are shown too (the build ignores them).
A run shows at most :data:`MAX_OUTPUT_CHARACTERS` of what it printed, and says how much more
there was.

Examples:
    >>> run_block("x = 6 * 7", "demo", "demo-1")
    ('', None)
    >>> run_block("print(x, x, sep=', ')", "demo", "demo-2")
    ('42 42\\n', None)
    >>> output, error = run_block("print('before')\\n1 / 0", "demo", "demo-3")
    >>> output, error.splitlines()[-1]
    ('before\\n', 'ZeroDivisionError: division by zero')
"""

from __future__ import annotations

import contextlib
import io
import linecache
import traceback
from typing import Any

_namespaces: dict[str, dict[str, Any]] = {}

#: The most a run shows. A reader's loop that prints at every step can write megabytes: the page
#: would freeze while it lays the text out (3 million short lines held Chromium's page for about
#: 20 s) and the worker could run out of memory. The rest is counted, not kept.
MAX_OUTPUT_CHARACTERS = 100_000


class _Output(io.TextIOBase):
    """Keeps the first ``limit`` characters written to it and counts the ones after them."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.parts: list[str] = []
        self.kept = 0
        self.left_out = 0

    def write(self, text: str) -> int:
        part = text[: max(self.limit - self.kept, 0)]
        if part:
            self.parts.append(part)
            self.kept += len(part)
        self.left_out += len(text) - len(part)
        return len(text)

    def getvalue(self) -> str:
        shown = "".join(self.parts)
        if self.left_out:
            shown += (
                f"\n[{self.left_out:,} more character{'s' * (self.left_out != 1)} of output not shown:"
                f" a run shows its first {self.limit:,}]\n"
            )
        return shown


def run_block(code: str, session: str, name: str) -> tuple[str, str | None]:
    """Run ``code`` in the namespace of ``session``.

    Args:
        code: The block's code, as the reader left it.
        session: The markdown-exec session the block belongs to.
        name: The block's id, shown in tracebacks as its file name.

    Returns:
        What the block printed (its first :data:`MAX_OUTPUT_CHARACTERS`, then a line saying how
        many more there were), and the Python error (a traceback of the block's own lines) or
        ``None``.
    """
    namespace = _namespaces.setdefault(session, {"__name__": "__main__"})
    buffer = _Output(MAX_OUTPUT_CHARACTERS)

    def markdown_exec_print(*texts: Any, end: str = "\n", **ignored: Any) -> None:
        buffer.write(" ".join(str(text) for text in texts) + end)

    namespace["print"] = markdown_exec_print
    filename = f"<{name}>"
    linecache.cache[filename] = (len(code), None, code.splitlines(keepends=True), filename)
    try:
        with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(buffer):
            exec(compile(code, filename, "exec"), namespace)  # the reader's own code
    except BaseException as error:  # every error is shown to the reader
        # Drop this function's frame: the reader's traceback starts in the block.
        tb = error.__traceback__.tb_next if error.__traceback__ else None
        lines = traceback.format_exception(type(error), error, tb)
        return buffer.getvalue(), "".join(lines)
    return buffer.getvalue(), None

"""Name the page in markdown-exec's failure messages.

markdown-exec reports a failing block by its ``id`` alone ("Execution of python code block
'training-history' exited with errors"); with ``--strict`` the warning fails the build, but
the reader of the log still has to find the page. This hook remembers which page is being
rendered and adds it to every warning markdown-exec logs, so the message says where:
page and block.
"""

from __future__ import annotations

import logging
from typing import Any

_current_page = {"src": "?"}


class _NamePage(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if (
            record.name.startswith("mkdocs.plugins.markdown_exec")
            and record.levelno >= logging.WARNING
        ):
            first, _, rest = record.getMessage().partition("\n")
            record.msg = f"{first} [page: docs/{_current_page['src']}]" + (
                f"\n{rest}" if rest else ""
            )
            record.args = ()
        return True


_FILTER = _NamePage()


def on_config(config: Any) -> None:
    # markdown-exec's loggers exist once its modules are imported (the plugin is loaded by now).
    for name in list(logging.Logger.manager.loggerDict):
        if name.startswith("mkdocs.plugins.markdown_exec"):
            logger = logging.getLogger(name)
            if _FILTER not in logger.filters:
                logger.addFilter(_FILTER)


def on_page_markdown(markdown: str, page: Any, **kwargs: Any) -> str:
    _current_page["src"] = page.file.src_uri
    return markdown

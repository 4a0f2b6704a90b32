"""Reach the notebook's kernel over Unix sockets in a private directory, not over TCP.

mkdocs-jupyter has nbconvert start the kernel with jupyter_client's defaults: TCP ports on
127.0.0.1, which any local user can connect to, and ipykernel 7 warns on every build that
the traffic is not encrypted. mkdocs-jupyter has no option for the transport, so this hook
sets it on the kernel manager nbconvert creates: IPC sockets in a directory that only this
user can enter, made for the build process and removed when it exits.
"""

from __future__ import annotations

import functools
import os
import tempfile
from collections.abc import Callable
from typing import Any

from nbconvert.preprocessors import ExecutePreprocessor


@functools.cache  # one directory per process, made when first needed
def _directory() -> tempfile.TemporaryDirectory[str]:
    return tempfile.TemporaryDirectory(prefix="nanoneuron-kernel-")


def socket_prefix() -> str:
    """Where the kernel's sockets go: ``<private directory>/kernel-1``, ``-2``..."""
    return os.path.join(_directory().name, "kernel")


def _over_ipc(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def create_kernel_manager(self: Any) -> Any:
        manager = original(self)
        manager.transport = "ipc"
        manager.ip = socket_prefix()
        return manager

    create_kernel_manager.__wrapped__ = original  # type: ignore[attr-defined]
    return create_kernel_manager


def on_config(config: Any) -> None:
    current = ExecutePreprocessor.create_kernel_manager
    if not hasattr(current, "__wrapped__"):  # once per process (mkdocs serve rebuilds)
        ExecutePreprocessor.create_kernel_manager = _over_ipc(current)  # type: ignore[method-assign,assignment]

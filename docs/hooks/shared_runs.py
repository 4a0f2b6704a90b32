"""Compute each distinct training run once per build, and share it among the pages that show it.

Several pages train the article's neuron the article's way (the seeded start, 70000 epochs,
``alpha = 0.0005``); each run of the faithful loop costs about a second. ``train_model`` is
deterministic: the same start, epochs, learning rate and data give the same cost history and
the same final ``w`` and ``b``, bit for bit. So while the site builds, this hook puts a
memo in front of the public ``nanoneuron.train_model`` (the name the pages import; the
package's own modules, such as the speed chapter's benchmark, keep calling the loop
directly): the first call with given arguments runs the
loop; a later call with the same arguments, on any page, gets a copy of that run's history
and leaves the model where that run left it (or raises the same ``TrainingDiverged``).
What a page prints is therefore exactly what running its code prints.

Only calls without a ``callback`` (or other options) are shared (a callback watches the run epoch by epoch, so
it needs the loop), and only for a plain :class:`~nanoneuron.NanoNeuron` and exact argument
types, which are part of the key (``1`` and ``1.0`` are different keys). Anything else,
including arguments the loop refuses, goes straight to ``train_model``.

The gap it fills: markdown-exec runs each page's blocks in their own session, and the
execution cache (``exec_cache.py``) only saves work across builds, not within one.

``NANONEURON_NO_SHARED_RUNS=1`` turns the memo off (every call runs the loop).
"""

from __future__ import annotations

import functools
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

#: How many runs are kept (a 70000-epoch history is about 2.5 MB of floats).
MAX_RUNS = 32
OFF_ENV = "NANONEURON_NO_SHARED_RUNS"
_MARK = "__nanoneuron_shared_runs__"

Key = tuple[Any, ...]


def _exact(value: object) -> tuple[str, str]:
    return type(value).__name__, repr(value)


def run_key(
    model: Any, epochs: Any, alpha: Any, x_train: Any, y_train: Any, callback: Any
) -> Key | None:
    """The memo's key for a call of ``train_model``, or ``None`` if it must not be shared.

    Examples:
        >>> from nanoneuron import NanoNeuron
        >>> run_key(NanoNeuron(0.5, 0.5), 10, 0.0005, [1], [2], None) is not None
        True
        >>> run_key(NanoNeuron(0.5, 0.5), 10, 0.0005, [1], [2], print) is None
        True
        >>> run_key(NanoNeuron(0.5, 0.5), 10, 0.0005, [1], [2], None) == run_key(
        ...     NanoNeuron(0.5, 0.5), 10, 0.0005, [1.0], [2], None)
        False
    """
    from nanoneuron.model import NanoNeuron

    if callback is not None or type(model) is not NanoNeuron:
        return None
    if not all(isinstance(data, (list, tuple)) for data in (x_train, y_train)):
        return None
    return (
        _exact(model.w),
        _exact(model.b),
        _exact(epochs),
        _exact(alpha),
        tuple(map(_exact, x_train)),
        tuple(map(_exact, y_train)),
    )


def shared(train_model: Callable[..., list[float]]) -> Callable[..., list[float]]:
    """``train_model`` with a memo of its runs (see the module's docstring)."""
    from nanoneuron.training import TrainingDiverged

    runs: OrderedDict[Key, tuple[tuple[float, ...], float, float] | TrainingDiverged] = (
        OrderedDict()
    )

    @functools.wraps(train_model)
    def memo(
        model: Any,
        epochs: Any,
        alpha: Any,
        x_train: Sequence[float],
        y_train: Sequence[float],
        callback: Any = None,
        **options: Any,
    ) -> list[float]:
        key = run_key(model, epochs, alpha, x_train, y_train, callback)
        if key is None or options:  # keep_history=False and the like: run as asked
            return train_model(model, epochs, alpha, x_train, y_train, callback, **options)
        if key not in runs:
            try:
                history = train_model(model, epochs, alpha, x_train, y_train)
            except TrainingDiverged as error:
                runs[key] = error
            else:
                runs[key] = (tuple(history), model.w, model.b)
            while len(runs) > MAX_RUNS:
                runs.popitem(last=False)
        else:
            runs.move_to_end(key)
        run = runs[key]
        if isinstance(run, TrainingDiverged):  # the loop left the model where it started
            raise TrainingDiverged(
                run.epoch, run.alpha, run.max_stable_alpha, list(run.cost_history)
            )
        history_, model.w, model.b = run
        return list(history_)

    setattr(memo, _MARK, runs)
    return memo


def install() -> None:
    """Put the memo in front of ``nanoneuron.train_model`` (once per loaded package).

    Only the package's public name is replaced, which is what the pages import; the
    package's own modules keep the loop itself (the speed chapter times it).
    """
    import nanoneuron

    current = nanoneuron.train_model
    if not hasattr(current, _MARK):
        nanoneuron.train_model = shared(current)


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    # Before each page's blocks run: the package may have been reloaded (mkdocs serve).
    if not os.environ.get(OFF_ENV):
        install()
    return markdown

"""Compute each training trajectory once per build, and share it among the pages that show it.

Several pages train the article's neuron the article's way (the seeded start, ``alpha =
0.0005``, tens of thousands of epochs), some of them with a callback that watches ``w`` and
``b`` epoch by epoch; each such run of the faithful loop costs seconds. Gradient descent is
deterministic, and each epoch depends only on the ``w`` and ``b`` the last one left: from
the same start, with the same learning rate and data, a run of 10000 epochs is, bit for bit,
the first 10000 epochs of a run of 70000, and a run of 75000 is that run continued.

So while the site builds, this hook puts a memo in front of the public
``nanoneuron.train_model`` (the name the pages import; the package's own modules, such as
the speed chapter's benchmark, keep calling the loop directly). The memo keeps, for each
start, learning rate and data, the *trajectory*: the cost measured in each epoch and the
``w`` and ``b`` after its step. A call is answered from it:

- the history is the trajectory's first ``epochs`` costs, the model is left at the ``w`` and
  ``b`` of that epoch, and ``callback(epoch, cost)`` is called after each epoch with the
  model at that epoch's ``w`` and ``b``, as the loop does;
- the loop's divergence rules are the loop's own: a trajectory that overflowed raises the
  same :class:`~nanoneuron.TrainingDiverged` for any run that reaches that epoch, and the
  rising-cost rule (``training.check_rise``) is applied to the history served;
- a call for more epochs than are known continues the trajectory from where it ends.

The build computes the epochs with :func:`train_in_order`: the loop's arithmetic, with NumPy
doing each epoch's sums in the loop's order, so it gets the loop's doubles in a fraction of
its time (from a whole-number start, the first epoch is the loop's own).

What a page prints is therefore exactly what running its code prints (``tests/
test_shared_runs.py`` compares the memo with the loop on random sequences of calls). Only a
plain :class:`~nanoneuron.NanoNeuron` with a Python ``int`` or ``float`` start, list or tuple
data and exact argument types are shared (``1`` and ``1.0`` are different keys); anything
else, including arguments the loop refuses, ``keep_history=False`` (asked for to save memory)
and runs of more than :data:`MAX_EPOCHS` epochs, goes straight to ``train_model``. A
trajectory is computed whole before a callback is replayed, so a callback that stops a run
early (by raising) still waits for the run's length. A callback that
moves the model itself cannot be replayed: the memo then stops with an error that says how
to turn it off.

The notebook's kernel is a process of its own: the hook gives it an IPython directory of the
build's own (``IPYTHONDIR``, set for the build and given back after it) whose startup file installs the
same memo there. (The kernel so also does not run the startup files of the author's own
IPython profile, which no cache key would see, unless the memo is turned off.) The two
processes share their trajectories through a directory of the build's own
(``$NANONEURON_SHARED_RUNS_DIR``, removed after the build): a file per trajectory, each behind
a lock of its own, so the process that needs a run first computes it while the other waits
for it and reads it, and runs that differ are computed side by side.

The gap it fills: markdown-exec runs each page's blocks in their own session, and the
execution cache (``exec_cache.py``) only saves work across builds, not within one.

``NANONEURON_NO_SHARED_RUNS=1`` turns the memo off (every call runs the loop).
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: How many trajectories are kept (70000 epochs are about 7 MB of floats).
MAX_RUNS = 16
#: Longer runs are not kept (a trajectory holds about 100 bytes per epoch).
MAX_EPOCHS = 1_000_000
OFF_ENV = "NANONEURON_NO_SHARED_RUNS"
#: The directory through which the build's processes share their trajectories.
STORE_ENV = "NANONEURON_SHARED_RUNS_DIR"
_MARK = "__nanoneuron_shared_runs__"

Key = tuple[Any, ...]


def _exact(value: object) -> tuple[str, str]:
    return type(value).__name__, repr(value)


def run_key(model: Any, alpha: Any, x_train: Any, y_train: Any) -> Key | None:
    """The memo's key for a trajectory, or ``None`` if calls like this must not be shared.

    The number of epochs is not part of it: runs of any length from the same start share
    one trajectory.

    Examples:
        >>> from nanoneuron import NanoNeuron
        >>> run_key(NanoNeuron(0.5, 0.5), 0.0005, [1], [2]) is not None
        True
        >>> run_key(NanoNeuron(0.5, 0.5), 0.0005, [1], [2]) == run_key(
        ...     NanoNeuron(0.5, 0.5), 0.0005, [1.0], [2])
        False
    """
    from nanoneuron.model import NanoNeuron

    if type(model) is not NanoNeuron:
        return None
    # Plain Python numbers only: a NumPy scalar start computes in its own type, as the loop does.
    if not all(type(value) in (int, float) for value in (model.w, model.b)):
        return None
    if not all(isinstance(data, (list, tuple)) for data in (x_train, y_train)):
        return None
    return (
        _exact(model.w),
        _exact(model.b),
        _exact(alpha),
        tuple(map(_exact, x_train)),
        tuple(map(_exact, y_train)),
    )


@dataclass
class Trajectory:
    """Epoch by epoch, what the loop did from one start.

    ``costs[k]`` was measured in epoch ``k + 1`` and ``ws[k]``, ``bs[k]`` are the parameters
    after its step. ``stop`` is the loop's error if the floats overflowed in epoch
    ``len(ws) + 1``; the trajectory then ends there.
    """

    w0: float
    b0: float
    costs: list[float] = field(default_factory=list)
    ws: list[float] = field(default_factory=list)
    bs: list[float] = field(default_factory=list)
    stop: Any = None

    @property
    def epochs(self) -> int:
        return len(self.ws)


class ReplayError(RuntimeError):
    """A callback changed ``w`` or ``b``: the memo cannot replay such a run."""


def extend(
    trajectory: Trajectory,
    train_model: Callable[..., list[float]],
    epochs: int,
    alpha: Any,
    x_train: Any,
    y_train: Any,
) -> None:
    """Run the loop from the end of ``trajectory`` until it holds ``epochs`` epochs."""
    from nanoneuron.model import NanoNeuron
    from nanoneuron.training import TrainingDiverged

    done = trajectory.epochs
    if trajectory.stop is not None or epochs <= done:
        return
    # The start as the loop gets it: set, not checked (the loop never checks w and b; a NaN
    # start diverges in the loop rather than being refused here).
    neuron = NanoNeuron(0, 0)
    if done:
        neuron.w, neuron.b = trajectory.ws[-1], trajectory.bs[-1]
    else:
        neuron.w, neuron.b = trajectory.w0, trajectory.b0
    ws, bs = trajectory.ws, trajectory.bs

    def record(epoch: int, cost: float) -> None:
        ws.append(neuron.w)
        bs.append(neuron.b)

    try:
        costs = train_model(neuron, epochs - done, alpha, x_train, y_train, callback=record)
    except TrainingDiverged as error:
        if not error.rose:  # the floats overflowed: the trajectory ends here
            trajectory.costs += error.cost_history
            trajectory.stop = TrainingDiverged(
                done + error.epoch, error.alpha, error.max_stable_alpha, trajectory.costs[:]
            )
            return
        # The rising-cost rule looks at a whole run; it is applied when a run is served.
        costs = error.cost_history
    except BaseException:  # interrupted: keep only what is whole
        del ws[done:], bs[done:]
        raise
    trajectory.costs += costs


def train_in_order(
    model: Any,
    epochs: int,
    alpha: Any,
    x_train: Any,
    y_train: Any,
    callback: Callable[[int, float], object] | None = None,
) -> list[float]:
    """The loop's epochs with NumPy doing each epoch's sums, in the loop's order: its doubles.

    The gap it fills: the memo computes each trajectory once, but the faithful loop takes
    seconds for one; ``train_model_vectorized`` is faster but sums in another order. Here
    every operation is the loop's, on whole arrays: ``x * w + b``, ``y - prediction``,
    ``e * e / 2`` and ``e * x`` element by element, each rounded as the loop rounds it, and
    the sums by ``np.add.accumulate``, which adds left to right as the loop's ``+=`` does
    (``np.sum`` and ``@`` add in another order). ``+ 0.0`` turns the sum of terms that are all
    ``-0.0`` into the loop's ``0.0``, which starts from ``0.0``; every other sum it leaves as it is.

    A drop-in for the loop where :func:`extend` calls it, from a start of floats (the loop
    computes its first epoch from a whole-number start in whole numbers): ``model`` takes
    each step, ``callback(epoch, cost)`` is called after it, and a cost or a step that
    overflows raises the loop's :class:`~nanoneuron.TrainingDiverged` at the loop's epoch. The
    rising-cost rule is left to :func:`serve`, as :func:`extend` leaves it for the loop.
    ``tests/test_shared_runs.py`` holds it to the loop, bit for bit.
    """
    import math

    import numpy as np

    from nanoneuron.training import TrainingDiverged, check_training_arguments, stable_limit

    epochs, alpha, xs, ys = check_training_arguments(
        model, epochs, alpha, x_train, y_train, callback
    )
    x = np.array(xs, dtype=np.float64)
    y = np.array(ys, dtype=np.float64)
    m = len(xs)

    def total(terms: Any) -> float:
        return float(np.add.accumulate(terms)[-1]) + 0.0

    start = (model.w, model.b)
    w, b = start
    costs: list[float] = []
    with np.errstate(all="ignore"):  # an overflow is met as the loop meets it, below
        for epoch in range(epochs):
            errors = y - (x * w + b)
            cost = total(errors * errors / 2) / m
            if not math.isfinite(cost):
                model.w, model.b = start
                raise TrainingDiverged(epoch + 1, alpha, stable_limit(xs), costs[:])
            costs.append(cost)
            dw = total(errors * x) / m
            db = total(errors) / m
            w += alpha * dw
            b += alpha * db
            if not (math.isfinite(w) and math.isfinite(b)):
                model.w, model.b = start
                raise TrainingDiverged(epoch + 2, alpha, stable_limit(xs), costs[:])
            model.w, model.b = w, b
            if callback is not None:
                callback(epoch + 1, cost)
    return costs


def serve(
    trajectory: Trajectory,
    model: Any,
    epochs: int,
    alpha: Any,
    x_train: Any,
    callback: Callable[[int, float], object] | None,
) -> list[float]:
    """Do to ``model`` and ``callback`` what the loop does in a run of ``epochs`` epochs."""
    from nanoneuron.training import TrainingDiverged, check_rise

    reached = min(epochs, trajectory.epochs)
    for k in range(reached):
        model.w, model.b = trajectory.ws[k], trajectory.bs[k]
        if callback is not None:
            callback(k + 1, trajectory.costs[k])
            if (model.w, model.b) != (trajectory.ws[k], trajectory.bs[k]):
                raise ReplayError(
                    f"the callback changed the model's w or b in epoch {k + 1}, which the"
                    f" build's memo of training runs cannot replay; build with {OFF_ENV}=1"
                )
    if reached < epochs:  # the trajectory overflowed before the run's end
        stop = trajectory.stop
        model.w, model.b = trajectory.w0, trajectory.b0
        raise TrainingDiverged(
            stop.epoch, stop.alpha, stop.max_stable_alpha, list(stop.cost_history)
        )
    history = trajectory.costs[:epochs]
    diverged = check_rise(history, alpha, x_train)
    if diverged is not None:
        model.w, model.b = trajectory.w0, trajectory.b0
        raise diverged
    return history


class Store:
    """Trajectories shared by processes through a directory: a file and a lock per trajectory.

    A trajectory is stored as its start and its three arrays of doubles, exact; one that
    overflowed is not stored (it is short, and its error stays with the process that met it).
    A file that cannot be read is ignored: the run is then computed again.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def _path(self, key: Key, suffix: str) -> Path:
        name = hashlib.sha256(repr(key).encode("utf-8")).hexdigest()[:32]
        return self.directory / f"{name}{suffix}"

    def lock(self, key: Key) -> Any:
        """A lock held while a process reads, extends and writes the trajectory of ``key``."""
        from filelock import FileLock

        return FileLock(str(self._path(key, ".lock")))

    def load(self, key: Key) -> Trajectory | None:
        try:
            w0, b0, *arrays = pickle.loads(self._path(key, ".pickle").read_bytes())
            costs, ws, bs = (array("d", data).tolist() for data in arrays)
        except (OSError, ValueError, TypeError, pickle.UnpicklingError, EOFError):
            return None
        if not len(costs) == len(ws) == len(bs):
            return None
        return Trajectory(w0, b0, costs, ws, bs)

    def save(self, key: Key, trajectory: Trajectory) -> None:
        if trajectory.stop is not None:
            return
        arrays = (
            array("d", values).tobytes()
            for values in (trajectory.costs, trajectory.ws, trajectory.bs)
        )
        path = self._path(key, ".pickle")
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(pickle.dumps((trajectory.w0, trajectory.b0, *arrays)))
        os.replace(partial, path)


def build_store() -> Store | None:
    """The store of the build under way (``$NANONEURON_SHARED_RUNS_DIR``), while it lasts."""
    directory = os.environ.get(STORE_ENV)
    return Store(Path(directory)) if directory and os.path.isdir(directory) else None


def shared(
    train_model: Callable[..., list[float]],
    store: Store | None = None,
    steps: Callable[..., list[float]] | None = None,
) -> Callable[..., list[float]]:
    """``train_model`` with a memo of its trajectories (see the module's docstring).

    ``store`` shares them with other processes; without it, the memo shares through
    ``$NANONEURON_SHARED_RUNS_DIR`` while that is set (it is during a build). ``steps``
    computes the trajectories' epochs: ``train_model`` itself unless given (the build gives
    :func:`train_in_order`, which needs a start of floats: from any other, the first epoch is
    ``train_model``'s).
    """
    from nanoneuron.training import check_training_arguments

    runs: OrderedDict[Key, Trajectory] = OrderedDict()

    def known(key: Key, w0: Any, b0: Any) -> Trajectory:
        trajectory = runs.get(key)
        if trajectory is None:
            trajectory = runs[key] = Trajectory(w0, b0)
            while len(runs) > MAX_RUNS:
                runs.popitem(last=False)
        runs.move_to_end(key)
        return trajectory

    @functools.wraps(train_model)
    def memo(
        model: Any,
        epochs: Any,
        alpha: Any,
        x_train: Any,
        y_train: Any,
        callback: Any = None,
        **options: Any,
    ) -> list[float]:
        key = run_key(model, alpha, x_train, y_train)
        long = isinstance(epochs, int) and epochs > MAX_EPOCHS
        # keep_history=False is asked for to save memory: the loop keeps two costs, not all.
        kept_whole = options == {} or options == {"keep_history": True}
        if key is None or long or not kept_whole:
            return train_model(model, epochs, alpha, x_train, y_train, callback, **options)
        # The loop's own checks, first, as the loop does: a bad call fails the same way.
        count, rate, xs, _ = check_training_arguments(
            model, epochs, alpha, x_train, y_train, callback
        )
        trajectory = known(key, model.w, model.b)
        other = store if store is not None else build_store()
        if other is None or trajectory.stop is not None or trajectory.epochs >= count:
            compute(trajectory, count, alpha, x_train, y_train)
        else:
            with other.lock(key):
                found = other.load(key)
                if found is not None and found.epochs > trajectory.epochs:
                    trajectory = runs[key] = found
                before = trajectory.epochs
                compute(trajectory, count, alpha, x_train, y_train)
                if trajectory.epochs > before:
                    other.save(key, trajectory)
        return serve(trajectory, model, count, rate, xs, callback)

    def compute(trajectory: Trajectory, count: int, alpha: Any, x_train: Any, y_train: Any) -> None:
        if steps is None:
            extend(trajectory, train_model, count, alpha, x_train, y_train)
            return
        floats = type(trajectory.w0) is float and type(trajectory.b0) is float
        if not (floats or trajectory.epochs):
            extend(trajectory, train_model, min(count, 1), alpha, x_train, y_train)
        extend(trajectory, steps, count, alpha, x_train, y_train)

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
        nanoneuron.train_model = shared(current, steps=train_in_order)


#: The startup file of the kernel's IPython profile: it loads this file and installs the memo.
KERNEL_STARTUP = """\
import importlib.util
import sys

_spec = importlib.util.spec_from_file_location("nanoneuron_shared_runs", {path!r})
_module = sys.modules[_spec.name] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_module)
_module.install()
del importlib, sys, _spec, _module
"""
_kernel_dir: tempfile.TemporaryDirectory[str] | None = None


def kernel_ipython_dir() -> Path:
    """An IPython directory whose default profile installs the memo (made once per process)."""
    global _kernel_dir
    if _kernel_dir is None:
        _kernel_dir = tempfile.TemporaryDirectory(prefix="nanoneuron-ipython-")
    startup = Path(_kernel_dir.name, "profile_default", "startup")
    startup.mkdir(parents=True, exist_ok=True)
    script = KERNEL_STARTUP.format(path=str(Path(__file__).resolve()))
    (startup / "00-shared-runs.py").write_text(script, encoding="utf-8")
    return Path(_kernel_dir.name)


#: The environment as it was before the build set these variables, to give back after it.
_outside: list[dict[str, str | None]] = []
#: The build's store of trajectories (removed after the build, or when Python exits if the
#: build is interrupted).
_store: list[tempfile.TemporaryDirectory[str]] = []


def _remove_store() -> None:
    while _store:
        _store.pop().cleanup()


def on_config(config: Any) -> None:
    # Before exec_cache.py's on_files starts the notebook's kernel, which inherits both.
    if not os.environ.get(OFF_ENV):
        if not _outside:
            _outside.append({name: os.environ.get(name) for name in ("IPYTHONDIR", STORE_ENV)})
        os.environ["IPYTHONDIR"] = str(kernel_ipython_dir())
        _remove_store()  # an earlier build of this process that did not end
        _store.append(tempfile.TemporaryDirectory(prefix="nanoneuron-runs-"))
        os.environ[STORE_ENV] = _store[0].name


def _give_back_environment() -> None:
    if _outside:
        for name, previous in _outside.pop().items():
            if previous is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = previous
    _remove_store()


def on_post_build(config: Any) -> None:
    _give_back_environment()


def on_build_error(error: Exception) -> None:
    _give_back_environment()


def on_page_markdown(markdown: str, **kwargs: Any) -> str:
    # Before each page's blocks run: the package may have been reloaded (mkdocs serve).
    if not os.environ.get(OFF_ENV):
        install()
    return markdown

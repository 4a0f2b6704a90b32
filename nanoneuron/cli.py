"""The command line: run the original program and print its results.

Parses the options, calls :func:`~nanoneuron.train_model`, formats the results;
no arithmetic of its own beyond the original's last few lines.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from nanoneuron.data import celsius_to_fahrenheit, generate_data_sets
from nanoneuron.model import DEFAULT_SEED, NanoNeuron
from nanoneuron.propagation import forward_propagation
from nanoneuron.training import EpochCallback, TrainingDiverged, train_model

EPOCHS = 70000
ALPHA = 0.0005
CELSIUS = 70.0
#: The most epochs the command line runs: about ten minutes of the faithful loop. The API
#: takes more (up to ``nanoneuron._checks.MAX_EPOCHS``) for those who mean it.
MAX_EPOCHS = 10_000_000

#: What a number on the command line looks like: ASCII only (``float()`` also takes other
#: scripts' digits, such as the fullwidth ones, which a reader cannot tell from ASCII), no ``_``
#: separators.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_NUMERIC_OPTIONS = ("--epochs", "--alpha", "--seed", "--w", "--b", "--celsius")


def finite_float(text: str) -> float:
    """Parse a finite decimal number for argparse (``nan``, ``inf`` and non-ASCII digits are refused)."""
    if not (text.isascii() and _NUMBER.fullmatch(text.strip())):
        raise argparse.ArgumentTypeError(f"not a number: {text!r}")
    value = float(text)
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


def positive_float(text: str) -> float:
    """Parse a finite number greater than 0 for argparse."""
    value = finite_float(text)
    if value <= 0:
        # 1e-400 is above 0 as written, and 0.0 as a float: say which.
        rounded = " (0.0 as a float)" if value == 0 and any(d in text for d in "123456789") else ""
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {text!r}{rounded}")
    return value


def integer(text: str) -> int:
    """Parse a whole number written in ASCII digits for argparse."""
    if not (text.isascii() and _INTEGER.fullmatch(text.strip())):
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}")
    return int(text)


def seed_number(text: str) -> int:
    """Parse a seed, a whole number 0 or more, for argparse (Python's generator takes -1 as 1)."""
    value = integer(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more, got {text!r}")
    return value


def epoch_count(text: str) -> int:
    """Parse a number of epochs, 0 to :data:`MAX_EPOCHS`, for argparse."""
    value = integer(text)
    if not 0 <= value <= MAX_EPOCHS:
        raise argparse.ArgumentTypeError(f"must be from 0 to {MAX_EPOCHS:,}, got {text!r}")
    return value


def _join_negative_values(argv: Sequence[str]) -> list[str]:
    """Write ``--w -1e-3`` as ``--w=-1e-3``, which argparse reads as a value.

    Fills a gap of argparse: it takes a word that starts with ``-`` for an option unless
    it looks like a plain negative number (``-1``, ``-0.5``), so ``-1e-3`` and ``-1e5``
    were refused as "expected one argument". Abbreviated options (``--cel``) are
    recognised as argparse recognises them.
    """
    joined: list[str] = []
    words = list(argv)
    i = 0
    while i < len(words):
        word = words[i]
        is_numeric = (
            word.startswith("--")
            and "=" not in word
            and len(word) > 2
            and sum(option.startswith(word) for option in _NUMERIC_OPTIONS) == 1
        )
        if is_numeric and i + 1 < len(words) and re.match(r"-[\d.]", words[i + 1]):
            joined.append(f"{word}={words[i + 1]}")
            i += 2
        else:
            joined.append(word)
            i += 1
    return joined


class _Parser(argparse.ArgumentParser):
    """An argument parser whose errors are one line on stderr (``--help`` has the usage)."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="nanoneuron",
        description=(
            "Train one linear neuron, y = w*x + b, to convert Celsius to Fahrenheit by"
            " gradient descent, as the original NanoNeuron program does, and print the results."
        ),
    )
    parser.add_argument(
        "--epochs",
        type=epoch_count,
        default=EPOCHS,
        help=f"training steps, 0 to {MAX_EPOCHS:,} (default: %(default)s)",
    )
    parser.add_argument(
        "--alpha",
        type=positive_float,
        default=ALPHA,
        help="learning rate, greater than 0 (default: %(default)s)",
    )
    parser.add_argument(
        "--seed",
        type=seed_number,
        default=DEFAULT_SEED,
        help="seed of the random start, 0 or more (default: %(default)s)",
    )
    parser.add_argument(
        "--w", type=finite_float, help="starting weight (with --b, overrides --seed)"
    )
    parser.add_argument("--b", type=finite_float, help="starting bias (with --w, overrides --seed)")
    parser.add_argument(
        "--celsius",
        type=finite_float,
        default=CELSIUS,
        help="temperature to predict (default: %(default)s)",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object, floats at full precision"
    )
    return parser


class OptionError(ValueError):
    """Options that are each valid but together give a result no float can hold."""


def run(args: argparse.Namespace, callback: EpochCallback | None = None) -> dict[str, Any]:
    """Run the original program with the parsed options; return its six results.

    Only the first and the last cost of the training are kept: that is what is printed.

    Raises:
        TrainingDiverged: If training diverged.
        OptionError: If a result overflows; the message names the options responsible.
    """
    if args.w is not None and args.b is not None:
        model = NanoNeuron(args.w, args.b)
    else:
        start = NanoNeuron.random(args.seed)
        model = NanoNeuron(
            start.w if args.w is None else args.w, start.b if args.b is None else args.b
        )
    # The options that set the start, as the reader gave them: a part not given was drawn.
    options = [
        f"--{name} {value!r}" for name, value in (("w", args.w), ("b", args.b)) if value is not None
    ]
    if len(options) < 2:
        options.append(f"--seed {args.seed}")
    given = f"w = {model.w!r}, b = {model.b!r} (from {' '.join(options)})"
    x_train, y_train, x_test, y_test = generate_data_sets()
    try:
        ends = train_model(
            model,
            epochs=args.epochs,
            alpha=args.alpha,
            x_train=x_train,
            y_train=y_train,
            callback=callback,
            keep_history=False,
        )
    except TrainingDiverged as error:
        if error.epoch == 1:
            raise OptionError(
                f"the starting parameters {given} are too large: the cost overflows at once"
            ) from None
        raise
    try:
        _, test_cost = forward_propagation(model, x_test, y_test)
    except ValueError:
        raise OptionError(
            f"the starting parameters {given} are too large: the cost on the test set overflows"
        ) from None
    prediction = model.predict(args.celsius)
    try:
        correct = celsius_to_fahrenheit(args.celsius)
    except ValueError:  # the correct answer overflows
        correct = math.inf
    if not (math.isfinite(prediction) and math.isfinite(correct)):
        raise OptionError(
            f"--celsius {args.celsius!r} is too large: the prediction or the correct answer overflows"
        )
    return {
        "cost_before": ends[0] if ends else None,
        "cost_after": ends[-1] if ends else None,
        "w": model.w,
        "b": model.b,
        "test_cost": test_cost,
        "celsius": args.celsius,
        "prediction": prediction,
        "correct": correct,
    }


def format_results(results: dict[str, Any]) -> str:
    """The results as the lines a reader sees."""

    def number(value: float | None) -> str:
        return "n/a (no epochs)" if value is None else f"{value:.6g}"

    return "\n".join(
        [
            f"Cost before training: {number(results['cost_before'])}",
            f"Cost after training:  {number(results['cost_after'])}",
            f"Learned parameters:   w = {results['w']:.6f}, b = {results['b']:.6f}",
            f"Cost on the test set: {number(results['test_cost'])}",
            f"Prediction for {results['celsius']:g} °C: {results['prediction']:.5f} °F",
            f"Correct answer:       {results['correct']:.5f} °F",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``python -m nanoneuron`` and the ``nanoneuron`` script."""
    parser = build_parser()
    args = parser.parse_args(_join_negative_values(sys.argv[1:] if argv is None else argv))
    progress = None
    if sys.stderr.isatty() and args.epochs > 0:
        from tqdm import tqdm  # type: ignore[import-untyped]

        progress = tqdm(total=args.epochs, unit="epoch", file=sys.stderr, leave=False)
    try:
        results = run(args, callback=_ticker(progress) if progress is not None else None)
    except (TypeError, ValueError, ArithmeticError) as error:
        print(f"nanoneuron: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        # Ctrl-C: the reader stopped the run; one line, no traceback, the shell's usual status.
        print("nanoneuron: interrupted", file=sys.stderr)
        return 130
    finally:
        if progress is not None:
            progress.close()
    # Every result is finite (run() checks), so the JSON is strict JSON.
    text = json.dumps(results, allow_nan=False) if args.json else format_results(results)
    try:
        print(text)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader stopped reading (`nanoneuron | head -1`): nothing to say, no traceback.
        # Point stdout at /dev/null so the flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 0


def _ticker(progress: Any, every: int = 1000) -> EpochCallback:
    """A training callback that advances ``progress`` every ``every`` epochs."""

    def tick(epoch: int, cost: float) -> None:
        if epoch % every == 0:
            progress.update(every)

    return tick

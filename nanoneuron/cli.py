"""The command line: run the original program and print its results.

Parses the options, calls :func:`~nanoneuron.train_model`, formats the results;
no arithmetic of its own beyond the original's last few lines.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from nanoneuron.data import celsius_to_fahrenheit, generate_data_sets
from nanoneuron.model import DEFAULT_SEED, NanoNeuron
from nanoneuron.propagation import forward_propagation
from nanoneuron.training import EpochCallback, train_model

EPOCHS = 70000
ALPHA = 0.0005
CELSIUS = 70.0


def finite_float(text: str) -> float:
    """Parse a finite float for argparse (``nan`` and ``inf`` are refused)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {text!r}")
    return value


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
        "--epochs", type=int, default=EPOCHS, help="training steps (default: %(default)s)"
    )
    parser.add_argument(
        "--alpha", type=finite_float, default=ALPHA, help="learning rate (default: %(default)s)"
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help="seed of the random start (default: %(default)s)",
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


def run(args: argparse.Namespace, callback: EpochCallback | None = None) -> dict[str, Any]:
    """Run the original program with the parsed options; return its six results."""
    if args.w is not None and args.b is not None:
        model = NanoNeuron(args.w, args.b)
    else:
        start = NanoNeuron.random(args.seed)
        model = NanoNeuron(
            start.w if args.w is None else args.w, start.b if args.b is None else args.b
        )
    x_train, y_train, x_test, y_test = generate_data_sets()
    history = train_model(
        model,
        epochs=args.epochs,
        alpha=args.alpha,
        x_train=x_train,
        y_train=y_train,
        callback=callback,
    )
    _, test_cost = forward_propagation(model, x_test, y_test)
    return {
        "cost_before": history[0] if history else None,
        "cost_after": history[-1] if history else None,
        "w": model.w,
        "b": model.b,
        "test_cost": test_cost,
        "celsius": args.celsius,
        "prediction": model.predict(args.celsius),
        "correct": celsius_to_fahrenheit(args.celsius),
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
    args = parser.parse_args(argv)
    progress = None
    if sys.stderr.isatty() and args.epochs > 0:
        from tqdm import tqdm  # type: ignore[import-untyped]

        progress = tqdm(total=args.epochs, unit="epoch", file=sys.stderr, leave=False)
    try:
        results = run(args, callback=_ticker(progress) if progress is not None else None)
    except (TypeError, ValueError, ArithmeticError) as error:
        print(f"nanoneuron: error: {error}", file=sys.stderr)
        return 1
    finally:
        if progress is not None:
            progress.close()
    if args.json:
        print(json.dumps(results))
    else:
        print(format_results(results))
    return 0


def _ticker(progress: Any, every: int = 1000) -> EpochCallback:
    """A training callback that advances ``progress`` every ``every`` epochs."""

    def tick(epoch: int, cost: float) -> None:
        if epoch % every == 0:
            progress.update(every)

    return tick

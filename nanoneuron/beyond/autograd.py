"""Autograd: derivatives computed for you, by a number that remembers how it was made.

The article works out ``dw`` and ``db`` by hand, and the network chapter writes a backward
pass by hand for 49 parameters. Reverse-mode automatic differentiation does this for any
formula: each :class:`Value` records the values it was computed from and the local slope
to each of them; :meth:`Value.backward` then walks the record from the result back to the
inputs, applying the chain rule once per operation. This is the idea of micrograd
(Karpathy, 2020) and, in vectorized form, of PyTorch and JAX.

Plain Python, no NumPy, in the article's style: :func:`cost_gradient` builds the
article's average cost example by example and lets :class:`Value` find its gradient.
:func:`network_gradient` does the same for the network chapter's
:class:`~nanoneuron.beyond.network.Network` (that function alone imports NumPy, to hand
back an array like :func:`~nanoneuron.beyond.network.network_gradient`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

from nanoneuron._checks import check_data, check_number
from nanoneuron.model import NanoNeuron

if TYPE_CHECKING:
    from nanoneuron.beyond.logistic import FloatArray
    from nanoneuron.beyond.network import Network

__all__ = ["Value", "cost_gradient", "network_gradient", "rounding_bound"]


class Value:
    """A number that records the operations that made it, to run the chain rule backwards.

    Examples:
        >>> w, x = Value(3.0), Value(2.0)
        >>> y = w * x + w**2  # dy/dw = x + 2w = 8, dy/dx = w = 3
        >>> y.backward()
        >>> y.data, w.grad, x.grad
        (15.0, 8.0, 3.0)
    """

    __slots__ = ("_parents", "data", "grad")

    def __init__(self, data: float, parents: tuple[tuple[Value, float], ...] = ()) -> None:
        self.data = float(check_number("data", data))
        self.grad = 0.0  # d(result) / d(self), filled in by backward()
        self._parents = parents  # (input, d(self) / d(input)) for each input

    def __add__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, ((self, 1.0), (other, 1.0)))

    def __mul__(self, other: Value | float) -> Value:
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, ((self, other.data), (other, self.data)))

    def __pow__(self, exponent: int) -> Value:
        return Value(self.data**exponent, ((self, exponent * self.data ** (exponent - 1)),))

    def tanh(self) -> Value:
        out = math.tanh(self.data)
        return Value(out, ((self, 1.0 - out * out),))

    def __neg__(self) -> Value:
        return self * -1.0

    def __sub__(self, other: Value | float) -> Value:
        return self + -other

    def __truediv__(self, other: float) -> Value:
        return Value(self.data / other, ((self, 1.0 / other),))

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other: float) -> Value:
        return -self + other

    def backward(self) -> None:
        """Fill in ``grad`` of every value this one was computed from: ``d(self) / d(value)``."""
        # Order the values so that each comes after everything computed from it...
        order: list[Value] = []
        visited: set[int] = set()
        stack: list[tuple[Value, bool]] = [(self, False)]
        while stack:  # a depth-first search without recursion: graphs can be deep
            value, expanded = stack.pop()
            if expanded:
                order.append(value)
            elif id(value) not in visited:
                visited.add(id(value))
                stack.append((value, True))
                stack.extend((parent, False) for parent, _ in value._parents)
        # ...then pass each value's slope on to its inputs, times the local slope (chain rule).
        self.grad = 1.0
        for value in reversed(order):
            for parent, local in value._parents:
                parent.grad += local * value.grad

    def __repr__(self) -> str:
        return f"Value(data={self.data!r}, grad={self.grad!r})"


def cost_gradient(
    model: NanoNeuron, x_train: Sequence[float], y_train: Sequence[float]
) -> tuple[float, float, float]:
    """The article's average cost and its gradient ``(∂J/∂w, ∂J/∂b)``, found by :class:`Value`.

    The cost is built exactly as :func:`~nanoneuron.forward_propagation` computes it, one
    example at a time; nothing about its derivative is written here.

    Returns:
        ``(cost, ∂J/∂w, ∂J/∂b)``. The gradient itself: the article's ``dw`` and ``db``
        (from :func:`~nanoneuron.backward_propagation`) are its negative.

    Raises:
        TypeError: If ``model`` is not a NanoNeuron, or the data are not sequences of numbers.
        ValueError: If the data are empty, of different lengths, or not finite, or the cost
            or the gradient overflows a float.

    Examples:
        >>> cost_gradient(NanoNeuron(w=2, b=30), [0, 10], [32, 50])
        (1.0, 0.0, -1.0)
    """
    if not isinstance(model, NanoNeuron):
        raise TypeError(f"model must be a NanoNeuron, got {type(model).__name__}")
    xs, ys = check_data("x_train", x_train, "y_train", y_train)
    w, b = Value(model.w), Value(model.b)
    total = Value(0.0)
    try:
        for x, y in zip(xs, ys, strict=True):
            prediction = w * x + b
            error = y - prediction
            total = total + error * error / 2  # as prediction_cost computes it
        cost = total / len(xs)
    except ValueError:  # a Value refuses a result that overflowed
        raise ValueError(
            f"the cost overflows a float: the predictions of {model!r} on x_train are too far"
            " from y_train"
        ) from None
    cost.backward()
    if not (math.isfinite(w.grad) and math.isfinite(b.grad)):
        raise ValueError(
            "the gradient overflows a float: x_train and the errors hold values too large"
            " for (y_train - predictions) * x_train"
        )
    return cost.data, w.grad, b.grad


def rounding_bound(
    model: NanoNeuron, x_train: Sequence[float], y_train: Sequence[float]
) -> tuple[float, float]:
    """How far :func:`cost_gradient` and :func:`~nanoneuron.backward_propagation` may differ.

    Both add up the same ``m`` products ``e_i x_i`` (and the same errors ``e_i``), from the
    same rounded errors ``e_i = y_i - prediction_i``, but round them differently: the
    article's loop sums then divides by ``m``; :class:`Value` multiplies each term by a
    rounded ``1/m`` and a few exact factors, then sums. Each result has at most ``m + 2``
    roundings on the way, so each lies within ``gamma · Σ|e_i x_i| / m`` of the exact value,
    with ``gamma = (m + 2) u / (1 - (m + 2) u)`` and ``u = 2⁻⁵³`` (the classic bound for a
    floating-point sum), plus one smallest subnormal ``2⁻¹⁰⁷⁴`` per rounding for terms that
    underflow (where rounding errors are absolute, not relative; ``|x_i|`` of them where a
    rounded term is then multiplied by ``x_i``), and the two within twice that of each other.

    Returns:
        ``(bound for ∂J/∂w, bound for ∂J/∂b)``.

    Raises:
        TypeError: If ``model`` is not a NanoNeuron, or the data are not sequences of numbers.
        ValueError: If the data are empty, of different lengths, or not finite, or the
            gradient overflows a float.

    Examples:
        >>> [f"{bound:.2g}" for bound in rounding_bound(NanoNeuron(0.5, 0.5), [0, 1, 2], [32, 34, 36])]
        ['3.8e-14', '3.7e-14']
    """
    if not isinstance(model, NanoNeuron):
        raise TypeError(f"model must be a NanoNeuron, got {type(model).__name__}")
    xs, ys = check_data("x_train", x_train, "y_train", y_train)
    m = len(xs)
    unit = 2.0**-53
    gamma = (m + 2) * unit / (1 - (m + 2) * unit)
    errors = [y - model.predict(x) for x, y in zip(xs, ys, strict=True)]
    try:
        size_w = math.fsum(abs(e * x) for e, x in zip(errors, xs, strict=True)) / m
        size_b = math.fsum(abs(e) for e in errors) / m
    except OverflowError:  # the sum of finite terms passes the largest float
        size_w = size_b = math.inf
    if not (math.isfinite(size_w) and math.isfinite(size_b)):
        raise ValueError(
            f"the gradient overflows a float: the errors of {model!r} on x_train and y_train,"
            " or their products with x_train, are too large to bound"
        )
    # Where terms underflow, each rounding is off by up to half the smallest subnormal; on the
    # way to ∂J/∂w a rounded e_i / m is still multiplied by x_i, so its error grows with |x_i|.
    tiny = 2.0**-1074
    underflow_w = (math.fsum(abs(x) for x in xs) + m + 2) * tiny
    underflow_b = (m + 2) * tiny
    return 2 * (gamma * size_w + underflow_w), 2 * (gamma * size_b + underflow_b)


def network_gradient(network: Network, x: Sequence[float], y: Sequence[float]) -> FloatArray:
    """The gradient of the network chapter's cost, found by :class:`Value` instead of by hand.

    Every parameter becomes a :class:`Value`; the forward pass is written out neuron by
    neuron and example by example (``tanh(w_j x + b_j)``, a weighted sum, the article's
    cost), and :meth:`Value.backward` does the rest.

    Returns:
        One slope per parameter, in :meth:`~nanoneuron.beyond.network.Network.parameters`
        order, like :func:`~nanoneuron.beyond.network.network_gradient`.

    Raises:
        TypeError: If ``network`` is not a Network, or the data are not numbers.
        ValueError: If the data are empty, of different lengths, or not finite.

    Examples:
        >>> from nanoneuron.beyond.network import Network
        >>> network_gradient(Network([1.0], [0.0], [2.0], 0.0), [0.0], [1.0]).tolist()
        [0.0, -2.0, 0.0, -1.0]
    """
    import numpy as np

    from nanoneuron.beyond.network import Network

    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    xs, ys = check_data("x", list(x), "y", list(y))
    parameters = [Value(p) for p in network.parameters().tolist()]
    hidden = network.hidden
    weights, biases = parameters[:hidden], parameters[hidden : 2 * hidden]
    outputs, output_bias = parameters[2 * hidden : 3 * hidden], parameters[-1]
    total = Value(0.0)
    for x_i, y_i in zip(xs, ys, strict=True):
        prediction = output_bias
        for w, b, v in zip(weights, biases, outputs, strict=True):
            prediction = prediction + v * (w * x_i + b).tanh()
        total = total + (prediction - y_i) ** 2 / 2
    cost = total / len(xs)
    cost.backward()
    return np.array([p.grad for p in parameters])

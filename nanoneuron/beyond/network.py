"""A network of neurons: one hidden layer of tanh neurons feeding one linear neuron.

One NanoNeuron draws a straight line, and some conversions are not straight. A
thermistor is a resistor whose resistance falls steeply as it warms; turning its
resistance back into degrees is a curve. Here a few neurons, each a NanoNeuron
followed by ``tanh``, bend their lines, and one more neuron adds the bent pieces
up::

    hidden = tanh(x * hidden_weights + hidden_biases)       # one value per hidden neuron
    prediction = hidden @ output_weights + output_bias      # a weighted sum of them

Training is the article's gradient descent. Only the backward pass is new: the
chain rule carries the cost's slope back through the output neuron and the tanh to
every weight. :func:`numerical_gradient` checks it by nudging each weight in turn.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from nanoneuron._checks import (
    check_count,
    check_epochs,
    check_number,
    check_positive,
    check_seed,
    finite_array,
)
from nanoneuron.beyond.logistic import FloatArray
from nanoneuron.bowl import least_squares
from nanoneuron.model import NanoNeuron

#: The thermistor's B constant (kelvin): how steeply its resistance falls with temperature.
THERMISTOR_B = 3950.0
#: 25 °C in kelvin, where the thermistor's resistance ratio is 1.
KELVIN_25 = 298.15
_ZERO_CELSIUS = 273.15
#: The ratio at which the model's temperature is infinite: ``exp(-B / T25)``.
_SMALLEST_RATIO = math.exp(-THERMISTOR_B / KELVIN_25)


def thermistor_ratio(celsius: npt.ArrayLike) -> FloatArray:
    """A thermistor's resistance at ``celsius``, as a fraction of its resistance at 25 °C.

    The usual "B-parameter" model: ``R / R25 = exp(B * (1/T - 1/T25))``, with ``T``
    in kelvin and B = :data:`THERMISTOR_B`.

    Args:
        celsius: Temperatures in °C, above absolute zero.

    Returns:
        The resistance ratios, each greater than 0.

    Raises:
        TypeError: If ``celsius`` does not hold real numbers.
        ValueError: If a temperature is not finite, or not above -273.15 °C.

    Examples:
        >>> thermistor_ratio([0.0, 25.0, 100.0]).round(4)
        array([3.3621, 1.    , 0.0698])
    """
    temperatures = finite_array("celsius", celsius)
    if np.any(temperatures <= -_ZERO_CELSIUS):
        raise ValueError("celsius must be above absolute zero (-273.15 °C)")
    kelvin = temperatures + _ZERO_CELSIUS
    return np.exp(THERMISTOR_B * (1.0 / kelvin - 1.0 / KELVIN_25))


def thermistor_celsius(ratio: npt.ArrayLike) -> FloatArray:
    """The temperature (°C) at which the thermistor's resistance ratio is ``ratio``.

    The inverse of :func:`thermistor_ratio`: ``1/T = 1/T25 + ln(ratio) / B``. This is
    the curve the network learns from examples.

    Raises:
        TypeError: If ``ratio`` does not hold real numbers.
        ValueError: If a ratio is not finite, or not greater than ``exp(-B / T25)``, where
            the model's temperature becomes infinite.

    Examples:
        >>> thermistor_celsius([1.0, 0.0698]).round(1)
        array([ 25., 100.])
        >>> thermistor_celsius(thermistor_ratio([-40.0, 150.0])).round(9)
        array([-40., 150.])
    """
    ratios = finite_array("ratio", ratio)
    if np.any(ratios <= 0):
        raise ValueError("ratio must be greater than 0")
    inverse = 1.0 / KELVIN_25 + np.log(ratios) / THERMISTOR_B  # 1 / T, T in kelvin
    if np.any(inverse <= 0):
        # At exp(-B / T25) the model's temperature is infinite; below it, under absolute zero.
        raise ValueError(
            f"ratio must be greater than exp(-B / T25) = {_SMALLEST_RATIO:.4g}, where the"
            f" model's temperature becomes infinite; got {float(ratios.min())!r}"
        )
    return 1.0 / inverse - _ZERO_CELSIUS


def thermistor_data_sets(
    *, train: int = 40, test: int = 200, seed: int = 5, low: float = 0.0, high: float = 100.0
) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
    """Calibration data: resistance ratios (inputs) and temperatures in °C (outputs).

    Temperatures are drawn uniformly from ``[low, high)`` °C by a seeded generator,
    first ``train`` of them, then ``test`` more, and each is paired with its exact
    resistance ratio.

    Args:
        train: Number of training pairs (1 or more).
        test: Number of test pairs (1 or more).
        seed: Seed of the random generator.
        low: Coldest temperature, °C (above absolute zero).
        high: Warmest temperature, °C (above ``low``).

    Returns:
        ``(x_train, y_train, x_test, y_test)``, like :func:`~nanoneuron.generate_data_sets`.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If a count is below 1, ``high <= low`` or a value is not finite.

    Examples:
        >>> x_train, y_train, x_test, y_test = thermistor_data_sets(train=2, test=1)
        >>> x_train.round(3), y_train.round(1)
        (array([0.125, 0.124]), array([80.5, 80.8]))
    """
    train = check_count("train", train, 1)
    test = check_count("test", test, 1)
    seed = check_seed(seed)
    low = float(check_number("low", low))
    high = float(check_number("high", high))
    if low <= -_ZERO_CELSIUS:
        raise ValueError(f"low must be above absolute zero (-273.15 °C), got {low!r}")
    if high <= low:
        raise ValueError(f"high must be above low, got low={low!r} and high={high!r}")
    celsius = np.random.default_rng(seed).uniform(low, high, train + test)
    ratios = thermistor_ratio(celsius)
    return ratios[:train], celsius[:train], ratios[train:], celsius[train:]


@dataclass(frozen=True, eq=False)
class Network:
    """One hidden layer of tanh neurons and one linear output neuron.

    Hidden neuron ``j`` computes ``tanh(x * hidden_weights[j] + hidden_biases[j])``;
    the output is ``hidden @ output_weights + output_bias``. The arrays are copied
    and made read-only, so a network never changes: training returns a new one.

    Args:
        hidden_weights: One weight per hidden neuron.
        hidden_biases: One bias per hidden neuron.
        output_weights: The output neuron's weight for each hidden neuron.
        output_bias: The output neuron's bias.

    Raises:
        TypeError: If a parameter is not made of real numbers.
        ValueError: If a parameter is not finite, or the three arrays are not
            one-dimensional and of one length.

    Examples:
        Two hidden neurons that together make ``tanh(x) - tanh(x - 1)``, a bump:

        >>> bump = Network([1.0, 1.0], [0.0, -1.0], [1.0, -1.0], 0.0)
        >>> bump.predict([-3.0, 0.5, 4.0]).round(3)
        array([0.004, 0.924, 0.004])
    """

    hidden_weights: FloatArray
    hidden_biases: FloatArray
    output_weights: FloatArray
    output_bias: float

    def __post_init__(self) -> None:
        names = ("hidden_weights", "hidden_biases", "output_weights")
        arrays = [finite_array(name, getattr(self, name), ndim=1) for name in names]
        if len({a.shape for a in arrays}) != 1:
            shapes = ", ".join(f"{n} {a.shape}" for n, a in zip(names, arrays, strict=True))
            raise ValueError(f"the three weight arrays must have one length, got {shapes}")
        for name, array in zip(names, arrays, strict=True):
            array.flags.writeable = False
            object.__setattr__(self, name, array)
        object.__setattr__(
            self, "output_bias", float(check_number("output_bias", self.output_bias))
        )

    @classmethod
    def random(cls, hidden: int, *, seed: int) -> Network:
        """A network with ``hidden`` hidden neurons and random weights, ready to train.

        Hidden weights and biases are drawn from the standard normal distribution,
        output weights from a normal distribution of deviation ``1 / sqrt(hidden)``
        (so the starting output stays small however many neurons there are), and the
        output bias is 0. Different hidden neurons start different: if they started
        equal, they would get equal gradients and stay copies of each other.

        Args:
            hidden: Number of hidden neurons (1 or more).
            seed: Seed of the random generator (0 or more).

        Examples:
            >>> Network.random(3, seed=0).hidden
            3
        """
        hidden = check_count("hidden", hidden, 1)
        seed = check_seed(seed)
        rng = np.random.default_rng(seed)
        return cls(
            rng.normal(0.0, 1.0, hidden),
            rng.normal(0.0, 1.0, hidden),
            rng.normal(0.0, 1.0 / math.sqrt(hidden), hidden),
            0.0,
        )

    @property
    def hidden(self) -> int:
        """The number of hidden neurons."""
        return int(self.hidden_weights.shape[0])

    @property
    def size(self) -> int:
        """The number of parameters (``3 * hidden + 1``), every one of them learned."""
        return 3 * self.hidden + 1

    def predict(self, x: npt.ArrayLike) -> FloatArray:
        """The network's output for each input."""
        return _forward(self, finite_array("x", x, ndim=1))[1]

    def parameters(self) -> FloatArray:
        """All parameters in one vector: hidden weights, hidden biases, output weights, output bias.

        Examples:
            >>> Network([1.0], [2.0], [3.0], 4.0).parameters()
            array([1., 2., 3., 4.])
        """
        return np.concatenate(
            [self.hidden_weights, self.hidden_biases, self.output_weights, [self.output_bias]]
        )

    @classmethod
    def from_parameters(cls, parameters: npt.ArrayLike) -> Network:
        """The network whose :meth:`parameters` are ``parameters`` (length ``3 * hidden + 1``).

        Examples:
            >>> Network.from_parameters([1.0, 2.0, 3.0, 4.0]).output_bias
            4.0
        """
        vector = finite_array("parameters", parameters, ndim=1)
        hidden, remainder = divmod(vector.shape[0] - 1, 3)
        if remainder or hidden < 1:
            raise ValueError(f"parameters must have 3 * hidden + 1 values, got {vector.shape[0]}")
        return cls(
            vector[:hidden],
            vector[hidden : 2 * hidden],
            vector[2 * hidden : 3 * hidden],
            float(vector[-1]),
        )


def _forward(network: Network, x: FloatArray) -> tuple[FloatArray, FloatArray]:
    """Hidden activations (one row per input) and predictions, without input checks."""
    hidden = np.tanh(np.outer(x, network.hidden_weights) + network.hidden_biases)
    return hidden, hidden @ network.output_weights + network.output_bias


def _check_pair(x: npt.ArrayLike, y: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    xs = finite_array("x", x, ndim=1)
    ys = finite_array("y", y, ndim=1)
    if xs.shape != ys.shape:
        raise ValueError(f"x and y must have the same length, got {xs.shape[0]} and {ys.shape[0]}")
    return xs, ys


def predict(model: Network | NanoNeuron, x: npt.ArrayLike) -> FloatArray:
    """The predictions of a network or of a single neuron, for every input at once.

    Args:
        model: A :class:`Network` or a :class:`~nanoneuron.NanoNeuron`.
        x: Inputs, one-dimensional.

    Returns:
        One prediction per input.

    Raises:
        TypeError: If ``model`` is neither, or ``x`` does not hold numbers.
        ValueError: If ``x`` is empty, not one-dimensional, or not finite, or a prediction
            overflows.

    Examples:
        >>> predict(NanoNeuron(w=1.8, b=32), [0.0, 100.0])
        array([ 32., 212.])
    """
    xs = finite_array("x", x, ndim=1)
    if not isinstance(model, (Network, NanoNeuron)):
        raise TypeError(f"model must be a Network or a NanoNeuron, got {type(model).__name__}")
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused below, by name
        if isinstance(model, Network):
            predictions = _forward(model, xs)[1]
        else:
            predictions = model.w * xs + model.b
    if not np.all(np.isfinite(predictions)):
        raise ValueError(
            f"a prediction of {model!r} overflows: the inputs or the model are too large"
        )
    return predictions


def network_cost(model: Network | NanoNeuron, x: npt.ArrayLike, y: npt.ArrayLike) -> float:
    """The article's cost, ``mean((y - prediction) ** 2) / 2``, for a network or a single neuron.

    A :class:`~nanoneuron.NanoNeuron` is accepted too: it is the smallest network of
    all, so the two can be compared on the same data with the same cost.

    Args:
        model: A :class:`Network` or a :class:`~nanoneuron.NanoNeuron`.
        x: Inputs, one-dimensional.
        y: True outputs, one per input.

    Returns:
        The average cost, 0 or more.

    Raises:
        TypeError: If ``model`` is neither, or the data are not numbers.
        ValueError: If the data are empty, of different lengths, or not finite, or the cost
            overflows a float.

    Examples:
        >>> network_cost(NanoNeuron(w=2, b=30), [0.0, 10.0], [32.0, 50.0])
        1.0
    """
    xs, ys = _check_pair(x, y)
    with np.errstate(over="ignore", invalid="ignore"):
        cost = float(np.mean((ys - predict(model, xs)) ** 2) / 2)
    if not math.isfinite(cost):
        raise ValueError(
            f"the cost overflows a float: the predictions of {model!r} on x are too far from y"
        )
    return cost


def _backward(network: Network, x: FloatArray, y: FloatArray) -> tuple[float, FloatArray]:
    """The cost and its gradient (in :meth:`Network.parameters` order), without input checks."""
    hidden, predictions = _forward(network, x)
    m = x.shape[0]
    # Go backwards one step at a time, each slope being the one after it times a local slope.
    # The cost is mean((prediction - y)**2) / 2, so its slope with respect to each prediction is:
    d_prediction = (predictions - y) / m
    # prediction = hidden @ output_weights + output_bias:
    d_output_weights = hidden.T @ d_prediction
    d_output_bias = d_prediction.sum()
    d_hidden = np.outer(d_prediction, network.output_weights)
    # hidden = tanh(pre), and the slope of tanh is 1 - tanh**2:
    d_pre = d_hidden * (1.0 - hidden**2)
    # pre = x * hidden_weights + hidden_biases:
    d_hidden_weights = x @ d_pre
    d_hidden_biases = d_pre.sum(axis=0)
    cost = float(np.mean((y - predictions) ** 2) / 2)
    gradient = np.concatenate(
        [d_hidden_weights, d_hidden_biases, d_output_weights, [d_output_bias]]
    )
    return cost, gradient


def network_gradient(network: Network, x: npt.ArrayLike, y: npt.ArrayLike) -> FloatArray:
    """The backward pass: the gradient of :func:`network_cost` with respect to every parameter.

    Args:
        network: The network.
        x: Inputs, one-dimensional.
        y: True outputs, one per input.

    Returns:
        One slope per parameter, in :meth:`Network.parameters` order. This is the
        gradient itself (the article's ``dW`` and ``dB`` are its negative).

    Raises:
        TypeError: If ``network`` is not a :class:`Network` or the data are not numbers.
        ValueError: If the data are empty, of different lengths, or not finite, or the cost or
            its gradient overflows a float.

    Examples:
        >>> network = Network([1.0], [0.0], [2.0], 0.0)
        >>> network_gradient(network, [0.0], [1.0])
        array([ 0., -2.,  0., -1.])
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    xs, ys = _check_pair(x, y)
    with np.errstate(over="ignore", invalid="ignore"):
        cost, gradient = _backward(network, xs, ys)
    if not (math.isfinite(cost) and np.all(np.isfinite(gradient))):
        raise ValueError(
            "the cost or its gradient overflows a float: the network's predictions on x are"
            " too far from y"
        )
    return gradient


def numerical_gradient(
    network: Network, x: npt.ArrayLike, y: npt.ArrayLike, *, step: float = 1e-6
) -> FloatArray:
    """The gradient estimated without calculus: nudge each parameter both ways and watch the cost.

    Central differences, ``(cost(p + step) - cost(p - step)) / (2 * step)``, one
    parameter at a time. Slow (two costs per parameter) but independent of the
    backward pass, so it is the oracle the backward pass is checked against.

    Args:
        network: The network.
        x: Inputs, one-dimensional.
        y: True outputs, one per input.
        step: How far to nudge each parameter (greater than 0).

    Returns:
        One estimated slope per parameter, in :meth:`Network.parameters` order.

    Raises:
        TypeError: If an argument has the wrong type.
        ValueError: If the data are bad or ``step`` is not above 0.

    Examples:
        >>> network = Network([1.0], [0.0], [2.0], 0.0)
        >>> numerical_gradient(network, [0.0], [1.0]).round(6)
        array([ 0., -2.,  0., -1.])
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    xs, ys = _check_pair(x, y)
    step = float(check_positive("step", step))
    parameters = network.parameters()
    estimate = np.empty_like(parameters)
    for i in range(parameters.shape[0]):
        nudged = parameters.copy()
        nudged[i] += step
        up = network_cost(Network.from_parameters(nudged), xs, ys)
        nudged[i] -= 2 * step
        down = network_cost(Network.from_parameters(nudged), xs, ys)
        estimate[i] = (up - down) / (2 * step)
    return estimate


def relative_difference(a: npt.ArrayLike, b: npt.ArrayLike) -> float:
    """How far apart two gradients are: ``|a - b| / (|a| + |b|)``, 0 when both are 0.

    About 1e-8 or less means two ways of computing a gradient agree; a mistake in a
    backward pass shows up as 1e-2 or more.

    Examples:
        >>> relative_difference([1.0, 2.0], [1.0, 2.0])
        0.0
        >>> round(relative_difference([1.0, 0.0], [0.0, 1.0]), 4)
        0.7071
    """
    first = finite_array("a", a, ndim=1)
    second = finite_array("b", b, ndim=1)
    if first.shape != second.shape:
        raise ValueError(
            f"a and b must have the same length, got {first.shape[0]} and {second.shape[0]}"
        )
    total = float(np.linalg.norm(first) + np.linalg.norm(second))
    if total == 0:
        return 0.0
    # At most 1 by the triangle inequality; rounding can overshoot by an ulp, e.g. for
    # [483, 483] against [-5, -5], so the bound is restored explicitly.
    return min(1.0, float(np.linalg.norm(first - second)) / total)


@dataclass(frozen=True, eq=False)
class NetworkTraining:
    """The result of :func:`train_network`.

    Attributes:
        network: The trained network.
        cost_history: The training cost before each step, one per epoch.
    """

    network: Network
    cost_history: list[float]


def train_network(
    network: Network, x_train: npt.ArrayLike, y_train: npt.ArrayLike, *, epochs: int, alpha: float
) -> NetworkTraining:
    """Full-batch gradient descent on every parameter at once, as the article trains its neuron.

    Each epoch runs the forward pass, records the cost, runs the backward pass and
    steps every parameter against its slope by ``alpha`` times the slope.

    Args:
        network: Where to start (it is not changed).
        x_train: Training inputs, one-dimensional.
        y_train: Training outputs, one per input.
        epochs: How many steps (0 or more).
        alpha: The learning rate (greater than 0).

    Returns:
        The trained network and its cost history.

    Raises:
        TypeError: If an argument has the wrong type (the message names it).
        ValueError: If an argument has a bad value (the message names it).
        FloatingPointError: If the cost stops being finite (``alpha`` too large).

    Examples:
        Four neurons learn ``|x|``, a corner no straight line can make:

        >>> x = np.linspace(-1, 1, 21)
        >>> start = Network.random(4, seed=0)
        >>> training = train_network(start, x, np.abs(x), epochs=2000, alpha=0.2)
        >>> f"{training.cost_history[0]:.3f} -> {training.cost_history[-1]:.5f}"
        '0.374 -> 0.00058'
    """
    if not isinstance(network, Network):
        raise TypeError(f"network must be a Network, got {type(network).__name__}")
    xs, ys = _check_pair(x_train, y_train)
    epochs = check_epochs(epochs)
    alpha = float(check_positive("alpha", alpha))
    parameters = network.parameters()
    hidden = network.hidden
    history: list[float] = []
    current = network
    for epoch in range(epochs):
        with np.errstate(over="ignore", invalid="ignore"):  # overflow is reported just below
            cost, gradient = _backward(current, xs, ys)
            if not math.isfinite(cost) or not np.all(np.isfinite(gradient)):
                raise FloatingPointError(
                    f"training diverged at epoch {epoch + 1} with alpha={alpha!r};"
                    " try a smaller alpha"
                )
            history.append(cost)
            parameters = parameters - alpha * gradient
        current = _unchecked(parameters, hidden)
    if not np.all(np.isfinite(parameters)):
        raise FloatingPointError(f"training diverged in the last epoch with alpha={alpha!r}")
    return NetworkTraining(Network.from_parameters(parameters), history)


def _unchecked(parameters: FloatArray, hidden: int) -> Network:
    """A network from a parameter vector, skipping the checks (the training loop's hot path)."""
    network = object.__new__(Network)
    for name, value in (
        ("hidden_weights", parameters[:hidden]),
        ("hidden_biases", parameters[hidden : 2 * hidden]),
        ("output_weights", parameters[2 * hidden : 3 * hidden]),
        ("output_bias", float(parameters[-1])),
    ):
        object.__setattr__(network, name, value)
    return network


def best_line(x: npt.ArrayLike, y: npt.ArrayLike) -> NanoNeuron:
    """The best a single linear neuron can ever do: the least-squares line through the data.

    Gradient descent on the article's neuron ends here too, given enough epochs;
    solving for it directly shows the limit of one neuron without waiting for it.

    Args:
        x: Inputs, one-dimensional, not all equal.
        y: Outputs, one per input.

    Returns:
        The :class:`~nanoneuron.NanoNeuron` with the lowest possible cost on ``(x, y)``.

    Raises:
        TypeError: If the data are not numbers.
        ValueError: If the data are empty, of different lengths, not finite, or all
            ``x`` are equal.

    See :func:`~nanoneuron.bowl.least_squares`, which finds it.

    Examples:
        >>> line = best_line([0.0, 1.0, 2.0], [32.0, 33.8, 35.6])
        >>> round(line.w, 9), round(line.b, 9)
        (1.8, 32.0)
    """
    xs, ys = _check_pair(x, y)
    w, b = least_squares(xs.tolist(), ys.tolist())
    return NanoNeuron(w=w, b=b)

"""The model: a nano-neuron that can only draw straight lines, ``y = w * x + b``."""

from __future__ import annotations

import random

from nanoneuron._checks import check_number, check_seed

#: The seed of :meth:`NanoNeuron.random` when none is given. The tutorial and the
#: command line start from it, so their numbers can be reproduced.
DEFAULT_SEED = 42


class NanoNeuron:
    """A neuron with one input, one weight ``w`` and one bias ``b``.

    Its whole knowledge is the two numbers ``w`` and ``b``; training changes
    them in place.

    Args:
        w: The weight, the slope of the line.
        b: The bias, where the line crosses the y axis.

    Raises:
        TypeError: If ``w`` or ``b`` is not a real number.
        ValueError: If ``w`` or ``b`` is NaN or infinite.

    Examples:
        >>> neuron = NanoNeuron(w=2, b=30)
        >>> neuron.predict(10)
        50
        >>> NanoNeuron(w="2", b=30)
        Traceback (most recent call last):
        ...
        TypeError: w must be a real number, got str '2'
    """

    __slots__ = ("b", "w")

    def __init__(self, w: float, b: float) -> None:
        self.w = check_number("w", w)
        self.b = check_number("b", b)

    @classmethod
    def random(cls, seed: int | None = DEFAULT_SEED) -> NanoNeuron:
        """A neuron with ``w`` and ``b`` drawn uniformly from [0, 1), like ``Math.random()``.

        The original starts from an unseeded ``Math.random()``, so its runs can't be
        repeated; here the start is seeded.

        Args:
            seed: Seed of the random generator, a whole number 0 or more; ``None`` for a
                fresh, unrepeatable start.

        Raises:
            TypeError: If ``seed`` is not ``None`` or an integer (``bool`` is refused too).
            ValueError: If ``seed`` is negative (Python's generator would take -1 as 1).

        Examples:
            >>> NanoNeuron.random(seed=1) == NanoNeuron.random(seed=1)
            True
            >>> NanoNeuron.random()
            NanoNeuron(w=0.6394267984578837, b=0.025010755222666936)
        """
        rng = random.Random(None if seed is None else check_seed(seed))
        w = rng.random()
        b = rng.random()
        return cls(w, b)

    def predict(self, x: float) -> float:
        """Predict ``y`` for one input ``x``: ``x * w + b``.

        No input check happens here: this runs millions of times in training, and
        :func:`~nanoneuron.train_model` checks its data once before it starts.
        """
        return x * self.w + self.b

    def __repr__(self) -> str:
        return f"NanoNeuron(w={self.w!r}, b={self.b!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NanoNeuron):
            return NotImplemented
        return (self.w, self.b) == (other.w, other.b)

    __hash__ = None  # type: ignore[assignment]  # mutable: training changes w and b

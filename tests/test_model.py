"""The model: ``NanoNeuron``, its prediction, its seeded random start."""

from __future__ import annotations

import inspect
import math
import random
import re
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import DEFAULT_SEED, NanoNeuron
from tests.conftest import examples

finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e100, max_value=1e100)
drawn = examples(50)


def test_predict_draws_a_straight_line() -> None:
    neuron = NanoNeuron(w=2, b=30)
    assert neuron.predict(10) == 50
    assert neuron.predict(0) == 30
    assert neuron.predict(-15) == 0


@drawn
@given(w=finite, b=finite, x=finite)
def test_predict_is_x_times_w_plus_b_exactly(w: float, b: float, x: float) -> None:
    assert NanoNeuron(w, b).predict(x) == x * w + b


def test_python_parameters_are_kept_as_given() -> None:
    neuron = NanoNeuron(w=1, b=0.5)
    assert type(neuron.w) is int
    assert type(neuron.b) is float


def test_other_reals_become_the_python_float_equal_to_them() -> None:
    neuron = NanoNeuron(w=np.int64(2), b=Fraction(1, 4))
    assert (type(neuron.w), type(neuron.b)) == (int, float)
    assert neuron == NanoNeuron(2, 0.25)
    with pytest.raises(ValueError, match=r"^b must be a number a float holds exactly"):
        NanoNeuron(w=1, b=Fraction(1, 3))


def test_an_int64_model_does_not_wrap_around() -> None:
    # NumPy int64 parameters used to keep int64 arithmetic: 2**62 * 4 wrapped round to 0,
    # and the cost came out as 0.0.
    neuron = NanoNeuron(np.int64(2**62), np.int64(0))
    assert neuron.predict(4) == 2.0**64


def test_an_integer_too_large_for_a_float_is_named() -> None:
    # It used to raise OverflowError, naming nothing.
    with pytest.raises(ValueError, match=r"^w must be a finite number, got an integer of 401"):
        NanoNeuron(10**400, 0)


def test_parameters_can_be_changed_in_place() -> None:
    neuron = NanoNeuron(0.5, 0.5)
    neuron.w += 1
    neuron.b -= 1
    assert neuron == NanoNeuron(1.5, -0.5)


def test_no_other_attributes() -> None:
    neuron = NanoNeuron(0.5, 0.5)
    with pytest.raises(AttributeError):
        neuron.c = 1  # type: ignore[attr-defined]


def test_equality() -> None:
    assert NanoNeuron(1.0, 2.0) == NanoNeuron(1, 2)
    assert NanoNeuron(1.0, 2.0) != NanoNeuron(1.0, 2.5)
    assert NanoNeuron(1.0, 2.0) != NanoNeuron(1.5, 2.0)
    assert NanoNeuron(1.0, 2.0) != (1.0, 2.0)


def test_not_hashable_because_training_changes_it() -> None:
    with pytest.raises(TypeError):
        hash(NanoNeuron(1.0, 2.0))


@drawn
@given(w=finite, b=finite)
def test_repr_round_trips(w: float, b: float) -> None:
    neuron = NanoNeuron(w, b)
    assert repr(neuron) == f"NanoNeuron(w={w!r}, b={b!r})"
    assert eval(repr(neuron)) == neuron


@pytest.mark.parametrize("bad", ["0.5", None, True, False, [0.5], 1j])
@pytest.mark.parametrize("name", ["w", "b"])
def test_parameter_not_a_real_number(name: str, bad: object) -> None:
    args: dict[str, object] = {"w": 0.5, "b": 0.5, name: bad}
    with pytest.raises(TypeError, match=rf"^{name} must be a real number"):
        NanoNeuron(**args)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf])
@pytest.mark.parametrize("name", ["w", "b"])
def test_parameter_not_finite(name: str, bad: float) -> None:
    args = {"w": 0.5, "b": 0.5, name: bad}
    with pytest.raises(ValueError, match=rf"^{name} must be a finite number"):
        NanoNeuron(**args)


# The random start


def test_default_seed_is_documented_and_used() -> None:
    assert DEFAULT_SEED == 42
    default = inspect.signature(NanoNeuron.random).parameters["seed"].default
    assert default == DEFAULT_SEED
    assert NanoNeuron.random() == NanoNeuron.random(DEFAULT_SEED)
    assert NanoNeuron.random() == NanoNeuron(w=0.6394267984578837, b=0.025010755222666936)


@drawn
@given(seed=st.integers(min_value=0, max_value=2**64))
def test_random_draws_w_then_b_like_math_random(seed: int) -> None:
    rng = random.Random(seed)
    neuron = NanoNeuron.random(seed)
    assert neuron == NanoNeuron(rng.random(), rng.random())
    assert 0 <= neuron.w < 1
    assert 0 <= neuron.b < 1
    assert NanoNeuron.random(seed) == neuron
    assert NanoNeuron.random(seed) is not neuron


def test_different_seeds_give_different_starts() -> None:
    starts = [NanoNeuron.random(seed) for seed in range(20)]
    assert len({(n.w, n.b) for n in starts}) == 20


def test_seed_none_is_a_fresh_start_each_time() -> None:
    # Two unseeded draws of two 53-bit numbers agree with probability ~2**-106.
    assert NanoNeuron.random(None) != NanoNeuron.random(None)


@pytest.mark.parametrize(
    ("seed", "error", "message"),
    [
        # Python's generator takes a negative seed by its absolute value: -1 would start as 1.
        (-1, ValueError, "seed must be 0 or more, got -1"),
        (1.5, TypeError, "seed must be an integer, got float 1.5"),
        (True, TypeError, "seed must be an integer, got bool True"),
        ("42", TypeError, "seed must be an integer, got str '42'"),
    ],
)
def test_a_bad_seed_is_named(seed: object, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}$"):
        NanoNeuron.random(seed)


def test_a_numpy_integer_seed_is_the_same_seed() -> None:
    assert NanoNeuron.random(np.int64(7)) == NanoNeuron.random(7)

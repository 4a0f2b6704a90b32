"""The cost bowl's one home (nanoneuron.bowl) against the faithful core and NumPy."""

from __future__ import annotations

import dataclasses
import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nanoneuron import NanoNeuron, generate_data_sets, max_stable_alpha, train_model
from nanoneuron.bowl import CostBowl, condition_number, curvature_matrix, eigenvalues, least_squares

inputs = st.lists(
    st.floats(min_value=-1e3, max_value=1e3, allow_nan=False, allow_infinity=False),
    min_size=2,
    max_size=30,
).filter(lambda xs: len(set(xs)) > 1)


@given(x=inputs)
def test_the_plain_python_limit_of_the_core_is_the_bowls(x: list[float]) -> None:
    """``max_stable_alpha`` (no NumPy, for ``import nanoneuron``) is ``2 / λ₁`` of the bowl."""
    bowl = CostBowl.from_data(x, [0.0] * len(x))
    assert max_stable_alpha(x) == pytest.approx(2 / bowl.eigenvalues[0], rel=1e-12)
    assert eigenvalues(curvature_matrix(x))[0] == pytest.approx(bowl.eigenvalues[0], rel=1e-12)


@given(x=inputs)
def test_the_eigenvalues_are_numpys(x: list[float]) -> None:
    matrix = curvature_matrix(x)
    large, small = eigenvalues(matrix)
    low, high = np.linalg.eigvalsh(np.array(matrix))
    assert large == pytest.approx(high, rel=1e-12)
    # The small one to a precision relative to the large one (NumPy's own error).
    assert small == pytest.approx(low, abs=1e-12 * high)
    assert large >= small >= -1e-12 * large  # the small one may round below 0


@pytest.mark.parametrize(
    "matrix",
    [
        ((2.0, 0.0), (0.0, -3.0)),
        ((1.0, 2.0), (2.0, -3.0)),  # a negative mean, and no eigenvalue of size 1 once scaled
        ((0.0, 0.0), (0.0, -1.0)),
        ((0.0, 0.0), (0.0, 0.0)),
    ],
)
def test_eigenvalues_of_any_symmetric_matrix(
    matrix: tuple[tuple[float, float], tuple[float, float]],
) -> None:
    low, high = np.linalg.eigvalsh(np.array(matrix))
    assert eigenvalues(matrix) == pytest.approx((high, low))


def test_the_article_bowl() -> None:
    x_train, y_train, _, _ = generate_data_sets()
    bowl = CostBowl.from_data(x_train, y_train)
    assert bowl.curvature.tolist() == [list(row) for row in curvature_matrix(x_train)]
    assert round(condition_number(curvature_matrix(x_train))) == 12945
    assert least_squares(x_train, y_train) == (bowl.w_min, bowl.b_min)
    assert math.isclose(bowl.w_min, 1.8)
    assert math.isclose(bowl.b_min, 32.0)


#: Inputs as a thermometer gives them (tenths of a degree), for NumPy's fit to be well posed.
readings = st.lists(st.integers(-5000, 5000).map(lambda t: t / 10), min_size=2, max_size=30).filter(
    lambda xs: len(set(xs)) > 1
)


@given(x=readings, w=st.floats(-5, 5), b=st.floats(-50, 50))
def test_least_squares_is_numpys_line(x: list[float], w: float, b: float) -> None:
    y = [w * v + b + (-1) ** i for i, v in enumerate(x)]
    fitted_w, fitted_b = least_squares(x, y)
    expected_w, expected_b = np.polyfit(x, y, 1)
    scale = 1 + abs(expected_w) + abs(expected_b)
    assert fitted_w == pytest.approx(expected_w, abs=1e-6 * scale)
    assert fitted_b == pytest.approx(expected_b, abs=1e-6 * scale * (1 + max(map(abs, x))))


@pytest.mark.parametrize("size", [1e-200, 1e-100, 1.0, 1e100, 1e200, 1e308])
def test_eigenvalues_at_any_scale(size: float) -> None:
    """The entries are scaled first: no product under- or overflows (NumPy's eigvalsh agrees)."""
    matrix = ((size, size / 2), (size / 2, size / 4))
    low, high = np.linalg.eigvalsh(np.array(matrix))
    large, small = eigenvalues(matrix)
    assert large == pytest.approx(high, rel=1e-12)
    assert abs(small - low) <= 1e-12 * high
    assert condition_number(((size, 0.0), (0.0, size))) == 1.0


def test_the_bowls_sums_are_correctly_rounded() -> None:
    # Added one after another, 1e16 + 1 rounds back to 1e16 and the 1 is lost: the mean is 1/3.
    bowl = CostBowl.from_data([1e16, 1.0, -1e16], [0.0, 0.0, 0.0])
    assert bowl.curvature[0][1] == 1 / 3


@pytest.mark.parametrize(
    "x", [[0.0, 1.0, 2.0, 3.0], list(range(100)), [1000.0, 1000.5, 1001.0], [1e4, 1e4 + 1]]
)
def test_the_bowls_small_eigenvalue_keeps_its_precision_however_narrow_the_valley(
    x: list[float],
) -> None:
    """``det / λ₁``, not ``mean - radius``: that difference cancels nearly all its digits.

    The truth in 80-digit decimals, from the same float inputs.
    """
    m = len(x)
    with localcontext() as context:
        context.prec = 80
        a = sum((Decimal(v) * Decimal(v) for v in x), Decimal(0)) / m
        c = sum((Decimal(v) for v in x), Decimal(0)) / m
        radius = (((a - 1) / 2) ** 2 + c * c).sqrt()
        truth = (a + 1) / 2 - radius
    small = CostBowl.from_data(x, [0.0] * m).eigenvalues[1]
    assert abs(Decimal(small) - truth) <= Decimal("1e-15") * truth


def test_the_closed_form_path_is_the_loops_epoch_by_epoch() -> None:
    """Early epochs too, where the fast axis has not died out: after 70000 epochs it has."""
    x, y, _, _ = generate_data_sets()
    neuron = NanoNeuron(0.5, 0.5)
    seen: list[tuple[float, float]] = []
    train_model(neuron, 10, 0.0005, x, y, lambda epoch, cost: seen.append((neuron.w, neuron.b)))
    bowl = CostBowl.from_data(x, y)
    path = bowl.descent(0.5, 0.5, 0.0005)
    w, b = path.parameters(np.arange(11))
    assert (w[0], b[0]) == pytest.approx((0.5, 0.5), rel=1e-12)
    assert w[1:] == pytest.approx([loop_w for loop_w, _ in seen], rel=1e-9)
    assert b[1:] == pytest.approx([loop_b for _, loop_b in seen], rel=1e-9)
    # Along each axis the offset from the bottom is multiplied by that axis's ratio each epoch.
    offsets = bowl.eigenvectors.T @ np.array([w - bowl.w_min, b - bowl.b_min])
    assert path.ratios[0] < 0 < path.ratios[1] < 1  # the fast axis swings, the slow one crawls
    for along, ratio in zip(offsets, path.ratios, strict=True):
        assert along[1:] == pytest.approx(along[:-1] * ratio, rel=1e-9)


def test_least_squares_refuses_inputs_whose_spread_underflows() -> None:
    with pytest.raises(ValueError, match="two different values"):
        least_squares([0.0, 1e-170], [1.0, 2.0])


@pytest.mark.parametrize(
    ("x", "y", "named"),
    [
        # x² overflows: the bowl's slope came out as -0.0 (the true one is -5e-201) ...
        ([1e200, -1e200], [1.0, 2.0], r"^x holds values too large"),
        # ... or its intercept as 1.5 (the true one is 0); the sum of x overflowed fsum.
        ([1e300, 2e300], [1.0, 2.0], r"^x holds values too large"),
        ([1e308, 1e308], [1.0, 2.0], r"^x holds values too large"),
        ([1.0, 2.0], [1e308, -1e308], r"^x and y hold values too large"),
        # x * y overflows both ways (inf and -inf, which math.fsum refuses to add).
        ([1e200, -1e200], [1e200, 1e200], r"^x holds values too large"),
    ],
)
def test_data_too_large_for_the_bowl_is_refused_by_name(
    x: list[float], y: list[float], named: str
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and no NumPy overflow warning on the way
        with pytest.raises(ValueError, match=named):
            least_squares(x, y)
        with pytest.raises(
            ValueError, match=named.replace("x", "x_train").replace("y ", "y_train ")
        ):
            CostBowl.from_data(x, y)


def test_a_singular_matrix_has_no_condition_number() -> None:
    with pytest.raises(ValueError, match="positive definite"):
        condition_number(((1.0, 1.0), (1.0, 1.0)))


def test_a_step_factor_of_minus_one_swings_for_ever_but_does_not_diverge() -> None:
    # x = [1]: the larger eigenvalue is 2, so alpha = 1 makes r = 1 - alpha * 2 = -1 exactly.
    path = CostBowl.from_data([1.0], [3.0]).descent(0.0, 0.0, alpha=1.0)
    assert path.steps[0] == 2.0
    assert not path.diverges()
    assert CostBowl.from_data([1.0], [3.0]).descent(0.0, 0.0, alpha=1.001).diverges()


def test_a_bowl_and_its_descent_cannot_be_changed_under_the_closed_form() -> None:
    bowl = CostBowl.from_data([0.0, 1.0], [1.0, 3.0])
    path = bowl.descent(0.0, 0.0, 0.1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        bowl.w_min = 0.0  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        path.alpha = 1.0  # type: ignore[misc]


def test_one_distinct_input_makes_a_flat_valley_whose_chosen_bottom_has_w_0() -> None:
    # Every line through (3, 1.5) fits equally well: the bowl names the flat one, w = 0.
    bowl = CostBowl.from_data([3.0, 3.0], [1.0, 2.0])
    assert (bowl.w_min, bowl.b_min, bowl.min_cost) == (0.0, 1.5, 0.125)
    assert bowl.eigenvalues[1] == 0.0
    # Exactly flat even where the mean of the inputs rounds (0.1 * 3 / 3 is not 0.1).
    assert np.mean([0.1, 0.1, 0.1]) != 0.1
    assert CostBowl.from_data([0.1, 0.1, 0.1], [1.0, 2.0, 3.0]).eigenvalues[1] == 0.0

"""Shared fixtures of the test suite, and the reference runs of the original program.

A test that asks for the ``reference_run`` fixture runs once for every row of
:data:`REFERENCE_RUNS`: adding a reference run is adding one row.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest

from nanoneuron import generate_data_sets


class ReferenceRun(NamedTuple):
    """One run of the original ``NanoNeuron.js`` (node), with the exact doubles it printed."""

    w0: float
    b0: float
    epochs: int
    alpha: float
    cost_first: float
    cost_last: float
    w: float
    b: float
    test_cost: float
    predict_70: float


#: Runs of the original program: a faithful port must reproduce every number bit for bit.
REFERENCE_RUNS = {
    "original-70000-epochs": ReferenceRun(
        0.5, 0.5, 70000, 0.0005,
        5297.707500000001, 2.431849896945886e-06,
        1.80006599497466, 31.99562267160337,
        2.3951311101945136e-06, 158.00024231982957,
    ),
    "zero-start-1000-epochs": ReferenceRun(
        0, 0, 1000, 0.0005,
        8682.47, 100.62172866094845,
        2.2245104357253074, 3.8429835826131225,
        99.10242938091919, 159.55871408338464,
    ),
    "smaller-alpha-5000-epochs": ReferenceRun(
        0.25, 0.75, 5000, 0.0003,
        6830.2418750000015, 57.77748240318952,
        2.121694643946272, 10.662570790505033,
        56.910869283941366, 159.18119586674408,
    ),
}  # fmt: skip


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "reference_run" in metafunc.fixturenames:
        metafunc.parametrize(
            "reference_run", list(REFERENCE_RUNS.values()), ids=list(REFERENCE_RUNS)
        )


Data = tuple[list[float], list[float], list[float], list[float]]


@pytest.fixture
def data_sets() -> Data:
    """A fresh ``(x_train, y_train, x_test, y_test)`` for each test (tests may mutate it)."""
    return generate_data_sets()

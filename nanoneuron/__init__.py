"""NanoNeuron: one linear neuron learns to convert Celsius to Fahrenheit by gradient descent.

The article's seven functions, one module per idea:

- :class:`NanoNeuron` (``model``): the neuron, ``y = w * x + b``.
- :func:`celsius_to_fahrenheit` and :func:`generate_data_sets` (``data``): what to learn.
- :func:`prediction_cost` (``cost``): how wrong one prediction is.
- :func:`forward_propagation` and :func:`backward_propagation` (``propagation``).
- :func:`train_model` (``training``): gradient descent.

The faithful core is plain Python: ``import nanoneuron`` imports no NumPy, so it starts fast
and runs where NumPy is not installed (a reader's browser). The NumPy trainers,
:func:`train_model_vectorized` and :func:`train_model_closed_form` (``fast``), are imported
on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nanoneuron.cost import prediction_cost
from nanoneuron.data import celsius_to_fahrenheit, generate_data_sets
from nanoneuron.model import DEFAULT_SEED, NanoNeuron
from nanoneuron.propagation import backward_propagation, forward_propagation
from nanoneuron.training import TrainingDiverged, max_stable_alpha, train_model

if TYPE_CHECKING:  # pragma: no cover - for type checkers and editors only
    from nanoneuron.fast import train_model_closed_form, train_model_vectorized

#: Names exported by NumPy-based modules, loaded when first asked for (PEP 562).
_LAZY = {
    "train_model_closed_form": "nanoneuron.fast",
    "train_model_vectorized": "nanoneuron.fast",
}

__all__ = [
    "DEFAULT_SEED",
    "NanoNeuron",
    "TrainingDiverged",
    "backward_propagation",
    "celsius_to_fahrenheit",
    "forward_propagation",
    "generate_data_sets",
    "max_stable_alpha",
    "prediction_cost",
    "train_model",
    "train_model_closed_form",
    "train_model_vectorized",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))

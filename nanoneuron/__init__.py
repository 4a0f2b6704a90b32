"""NanoNeuron: one linear neuron learns to convert Celsius to Fahrenheit by gradient descent.

The article's seven functions, one module per idea:

- :class:`NanoNeuron` (``model``): the neuron, ``y = w * x + b``.
- :func:`celsius_to_fahrenheit` and :func:`generate_data_sets` (``data``): what to learn.
- :func:`prediction_cost` (``cost``): how wrong one prediction is.
- :func:`forward_propagation` and :func:`backward_propagation` (``propagation``).
- :func:`train_model` (``training``): gradient descent.
"""

from nanoneuron.cost import prediction_cost
from nanoneuron.data import celsius_to_fahrenheit, generate_data_sets
from nanoneuron.fast import train_model_closed_form, train_model_vectorized
from nanoneuron.model import DEFAULT_SEED, NanoNeuron
from nanoneuron.propagation import backward_propagation, forward_propagation
from nanoneuron.training import TrainingDiverged, max_stable_alpha, train_model

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

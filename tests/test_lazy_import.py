"""``import nanoneuron`` and the command line load no NumPy until a NumPy trainer is asked for."""

from __future__ import annotations

import subprocess
import sys

import pytest

PROBE = """
import sys
{imports}
print(sorted(name for name in ("numpy", "matplotlib") if name in sys.modules))
"""


@pytest.mark.parametrize(
    "imports",
    [
        "import nanoneuron",
        "import nanoneuron.cli",
        "from nanoneuron import train_model, NanoNeuron",
    ],
)
def test_the_core_imports_no_numpy(imports: str) -> None:
    # A fresh interpreter: this test process has NumPy loaded already.
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(imports=imports)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


def test_a_numpy_trainer_loads_on_first_use() -> None:
    import nanoneuron
    from nanoneuron import fast

    assert nanoneuron.train_model_vectorized is fast.train_model_vectorized
    assert "train_model_closed_form" in dir(nanoneuron)
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        _ = nanoneuron.nope

"""The build hooks of ``docs/hooks/`` as modules, for the tests of their logic.

MkDocs loads a hook from its file, not as part of a package; the tests load it the same way.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

HOOKS = Path(__file__).resolve().parent.parent / "docs" / "hooks"


def load_hook(name: str) -> ModuleType:
    """Import ``docs/hooks/<name>.py`` once, as the module ``name``."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, HOOKS / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"no hook {name!r} in {HOOKS}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

"""The build hooks of ``docs/hooks/`` and the scripts of ``scripts/`` as modules, for the tests.

MkDocs loads a hook from its file, not as part of a package; the tests load it the same way
(and a script too), without adding folders to ``sys.path``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
HOOKS = ROOT / "docs" / "hooks"
SCRIPTS = ROOT / "scripts"


def load_hook(name: str) -> ModuleType:
    """Import ``docs/hooks/<name>.py`` once, as the module ``name``."""
    return load_file(HOOKS / f"{name}.py")


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` once, as the module ``name``."""
    return load_file(SCRIPTS / f"{name}.py")


def load_file(path: Path) -> ModuleType:
    """Import the Python file ``path`` once, as the module named after it."""
    name = path.stem
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module

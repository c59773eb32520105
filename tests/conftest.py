"""Make the package importable when it is not pip-installed (PYTHONPATH-free runs)."""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import parlour  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

"""Optional dependencies: imported only inside the feature that needs them.

``pip install treatystate`` stays small; a picture needs ``treatystate[plot]``
(matplotlib), a calendar ``treatystate[ics]`` (icalendar). Asking for a feature whose
extra is missing raises :class:`MissingExtra`, which says what to install.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtra

__all__ = ["require"]


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import ``module`` for ``feature``, or say which extra provides it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        top = module.split(".", 1)[0]
        raise MissingExtra(
            f"{feature} needs the '{top}' package, which is not installed: install the "
            f"'{extra}' extra, e.g. pip install 'treatystate[{extra}]'",
            extra=extra, module=module,
        ) from None

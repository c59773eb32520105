"""The one exception the panel export raises on purpose."""

from __future__ import annotations

from ..archive.problems import ParlourError


class PanelError(ParlourError):
    """The panels cannot be made; the message says why in plain words, and what to do."""

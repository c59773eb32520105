"""The exceptions the panel export raises on purpose."""

from __future__ import annotations

from ..archive.problems import ArchiveHasErrors, ParlourError


class PanelError(ParlourError):
    """The panels cannot be made; the message says why in plain words, and what to do."""


class BrokenArchive(PanelError, ArchiveHasErrors):
    """The archive has errors (the loader's or the cross-checks'): no panel is made from it.

    Both a :class:`PanelError` (what ``parlour panels`` reports) and an
    :class:`ArchiveHasErrors` (what every output refuses); ``problems`` lists the errors.
    """

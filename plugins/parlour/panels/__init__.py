"""Print-ready exhibit panels and object labels, rendered by WeasyPrint.

This package reads the archive through Parlour's own loader and never imports MkDocs, so
it keeps working whatever builds the website. The command is ``parlour panels``; the
website asks :func:`panel_files` which PDFs exist to offer for download.
"""

from __future__ import annotations

from .errors import BrokenArchive, PanelError
from .export import (
    MIN_PPI,
    Options,
    PreflightFailed,
    Report,
    combined_file,
    export_panels,
    panel_files,
    prepare,
    read_site_url,
)
from .geometry import Geometry, geometry, parse_size

__all__ = [
    "MIN_PPI", "BrokenArchive", "Geometry", "Options", "PanelError", "PreflightFailed",
    "Report", "combined_file", "export_panels", "geometry", "panel_files", "parse_size",
    "prepare", "read_site_url",
]

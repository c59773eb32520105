"""Print-ready exhibit panels and object labels, rendered by WeasyPrint.

This package reads the archive through Parlour's own loader and never imports MkDocs, so
it keeps working whatever builds the website. The command is ``parlour panels``; the
website asks :func:`offer` which exported PDFs it may still offer for download (those
whose consent fingerprint is unchanged since the export).
"""

from __future__ import annotations

from .errors import BrokenArchive, PanelError
from .export import MIN_PPI, Options, PreflightFailed, Report, export_panels, prepare, read_site_url
from .geometry import Geometry, geometry, parse_size
from .manifest import Offer, Stale, combined_file, offer, panel_files

__all__ = [
    "MIN_PPI", "BrokenArchive", "Geometry", "Offer", "Options", "PanelError", "PreflightFailed",
    "Report", "Stale", "combined_file", "export_panels", "geometry", "offer", "panel_files",
    "parse_size", "prepare", "read_site_url",
]

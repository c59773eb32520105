"""Interchange and preservation formats: what other tools read and what outlives the site.

- :mod:`.vtt`: WebVTT cues as OHMS and Parlour write them (read leniently, written plainly);
- :mod:`.ohms_read`: an OHMS export read into an :class:`~.ohms_read.OHMSRecord`;
- :mod:`.ohms_legacy`: an OHMS 5 transcript (hard-wrapped text, minute sync, footnotes)
  made into timed cues;
- :mod:`.ohms_import`: that record written as an interview and its transcript;
- :mod:`.ohms_export`: one interview written back as OHMS, as its audience may see it;
- :mod:`.iiif`: IIIF Presentation 3 manifests of the published pictures;
- :mod:`.bag`: ``parlour bag``, a BagIt preservation copy of the public view.
"""

from __future__ import annotations

from .ohms_export import export_ohms
from .ohms_import import import_ohms
from .ohms_legacy import parse_sync, sync_cues
from .ohms_read import OHMSError, OHMSRecord, read_ohms
from .vtt import Cue, parse_vtt, plain_text, write_vtt

__all__ = [
    "Cue",
    "OHMSError",
    "OHMSRecord",
    "export_ohms",
    "import_ohms",
    "parse_sync",
    "parse_vtt",
    "plain_text",
    "read_ohms",
    "sync_cues",
    "write_vtt",
]

"""The archive layer: records as files, their checks, and consent.

Everything that reads the stories/ folder or decides what an audience may see lives here;
the site, the exchange formats and the panels import from this layer and never the other
way round. ``Archive`` (in :mod:`.consent`) is the one door every output goes through.
"""

from .consent import AUDIENCES, ORDER, Archive, Entry, neutral, text, tr

__all__ = ["AUDIENCES", "ORDER", "Archive", "Entry", "neutral", "text", "tr"]

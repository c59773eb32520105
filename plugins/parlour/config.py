"""The plugin's options, as written under `plugins: - parlour:` in mkdocs.yml."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ParlourConfig(Config):
    enabled = c.Type(bool, default=True)
    #: where stories/ and exhibits/ live; default: the folder of mkdocs.yml
    root = c.Optional(c.Type(str))
    #: public for the web; community for the parlour's kiosk and the printed panels
    audience = c.Choice(("public", "community"), default="public")
    #: warnings from the checks stop the build too
    strict = c.Type(bool, default=False)
    #: the date eras and embargoes are worked out against (YYYY-MM-DD); default: today
    today = c.Optional(c.Type(str))
    #: where `parlour panels` wrote its PDFs; exhibition pages offer the ones made for this
    #: build's audience (or a narrower one) for download
    panels_dir = c.Type(str, default="dist/panels")
    #: path under repo_url that edits a file on the default branch
    edit_path = c.Type(str, default="edit/main")
    #: search by Pagefind (a sharded index made after the build, in Material's search box);
    #: false leaves Material's own search (one index of every page) as it comes
    search = c.Type(bool, default=True)

"""The MkDocs plugin: thin hooks that call plain functions."""

from __future__ import annotations

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger

from .checks import check_archive
from .config import ParlourConfig
from .problems import ERROR, WARNING, count, strict

log = get_plugin_logger(__name__)


class ParlourPlugin(BasePlugin[ParlourConfig]):
    def on_config(self, config):
        if not self.config.enabled:
            return config
        self.root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        problems = check_archive(self.root)
        if self.config.strict:
            problems = strict(problems)
        for p in problems:
            (log.error if p.severity == ERROR else log.warning)(
                "%s: %s [%s]%s", p.location(), p.message, p.code, f" — {p.hint}" if p.hint else ""
            )
        errors, warnings = count(problems)
        if errors:
            # Refuse before anything is written to site/: never a half-built site.
            raise PluginError(
                f"The archive has {errors} error(s); nothing was built. "
                "Run `parlour check` to see them with file and line."
            )
        return config

    def on_serve(self, server, config, builder):
        if self.config.enabled:
            for folder in ("stories", "exhibits"):
                path = self.root / folder
                if path.is_dir():
                    server.watch(str(path))
        return server


__all__ = ["ParlourPlugin", "ERROR", "WARNING"]

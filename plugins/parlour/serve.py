"""Serve a built site as it is: the parlour's kiosk, or a preview of the public site.

``python -m http.server`` ignores ``Range`` requests, so a browser cannot seek in a
recording it serves: tapping a transcript line on the kiosk jumped in about half the tries
and the player showed the wrong time. Starlette's static files answer ``Range`` with 206
and the bytes asked for, and uvicorn serves them; both are well kept and pure Python, so
the parlour's machine needs nothing but the virtualenv ``make kiosk`` already made.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

#: Types Python's table lacks or gets wrong on some systems; a wrong type for a transcript
#: or a recording makes the browser refuse it.
MEDIA_TYPES = {
    ".vtt": "text/vtt",
    ".ogg": "audio/ogg",
    ".oga": "audio/ogg",
    ".opus": "audio/ogg",
    ".m4a": "audio/mp4",
    ".mp3": "audio/mpeg",
    ".flac": "audio/flac",
    ".wav": "audio/wav",
    ".webm": "video/webm",
    ".mp4": "video/mp4",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
    ".pf_meta": "application/octet-stream",
    ".pf_index": "application/octet-stream",
    ".pf_fragment": "application/octet-stream",
}


class ServeError(Exception):
    """A folder that cannot be served (missing, or not a built site)."""


def site_app(directory: Path | str):
    """An ASGI app serving ``directory`` like a static host: ``index.html`` for a folder,
    ``404.html`` for what is not there, ``Range`` requests answered, no links followed out."""
    from starlette.applications import Starlette  # noqa: PLC0415 - only `parlour serve`
    from starlette.staticfiles import StaticFiles  # noqa: PLC0415

    directory = Path(directory)
    if not (directory / "index.html").is_file():
        raise ServeError(f"{directory} is not a built site (no index.html): build it first")
    for suffix, media_type in MEDIA_TYPES.items():
        mimetypes.add_type(media_type, suffix)
    app = Starlette()
    app.mount("/", StaticFiles(directory=directory, html=True, follow_symlink=False))
    return app


def serve(directory: Path | str, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``directory`` until interrupted (Ctrl-C, or the service manager stops it)."""
    import uvicorn  # noqa: PLC0415

    uvicorn.run(site_app(directory), host=host, port=port, log_level="warning",
                server_header=False)

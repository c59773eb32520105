"""Where media files may be read from, and how large they may be.

Every media file (picture, recording, transcript) named by a record is read only through
:func:`media_file` and :func:`open_media`: no symbolic link is followed (a contributed
``video:`` linked to /etc/passwd or /proc/self/environ would otherwise be published by any
build, and git stores links as they are), nothing outside its folder is reached, and a
file larger than the curator's limits (:class:`MediaLimits`) is refused before it is read.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..catalog import M_
from .problems import Message, ParlourError


class MediaError(ParlourError):
    """A media file cannot be published; the message names the file and says why in plain words
    (``reason``: a :class:`~parlour.archive.problems.Message`, told in the contributor's
    language by ``parlour check``)."""

    #: the problem code ``parlour check`` reports it under
    code = "media-unreadable"

    def __init__(self, path: Path | str, reason: str, *, code: str | None = None):
        self.path = str(path)
        self.reason = reason
        if code:
            self.code = code
        super().__init__(f"{path}: {reason}")



#: Default limits, in MB (a million bytes): a phone photo is 2-12 MB, an hour of speech as
#: MP3 about 60 MB, and a 20-minute phone video about 400 MB.
DEFAULT_MAX_IMAGE_MB = 50
DEFAULT_MAX_MEDIA_MB = 500


@dataclass(frozen=True)
class MediaLimits:
    """The largest files Parlour publishes: pictures (``image_mb``) and recordings, audio or
    video (``media_mb``). A curator raises them with the plugin's ``max_image_mb`` and
    ``max_media_mb`` options in mkdocs.yml, which ``parlour check`` reads too."""

    image_mb: float = DEFAULT_MAX_IMAGE_MB
    media_mb: float = DEFAULT_MAX_MEDIA_MB

    @property
    def image_bytes(self) -> int:
        return int(self.image_mb * 1_000_000)

    @property
    def media_bytes(self) -> int:
        return int(self.media_mb * 1_000_000)


def plugin_options(root: Path | str) -> dict | None:
    """The options under ``plugins: - parlour:`` in ``root``/mkdocs.yml ({} when the plugin
    has none), or None without a readable mkdocs.yml.

    mkdocs.yml is read as plain YAML (its ``!!python/name`` and ``!ENV`` tags ignored), so
    ``parlour check`` knows the build's options without importing MkDocs.
    """
    import yaml  # noqa: PLC0415 - only `parlour check` needs it here

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda *_: None)
    _Loader.add_multi_constructor("!", lambda *_: None)
    try:
        data = yaml.load((Path(root) / "mkdocs.yml").read_text("utf-8"), Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    options: object = None
    plugins = data.get("plugins") if isinstance(data, dict) else None
    if isinstance(plugins, dict):
        options = plugins.get("parlour")
    elif isinstance(plugins, list):
        for item in plugins:
            if isinstance(item, dict) and "parlour" in item:
                options = item["parlour"]
    return options if isinstance(options, dict) else {}


def archive_languages(root: Path | str) -> list[str]:
    """The plugin's ``languages`` in ``root``/mkdocs.yml (BCP 47 tags, the default first),
    or the plugin's default, ``["zh", "en"]``, when it names none."""
    value = (plugin_options(root) or {}).get("languages")
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return list(dict.fromkeys(value))
    return ["zh", "en"]


def media_limits(root: Path | str) -> MediaLimits:
    """The limits set under ``plugins: - parlour:`` in ``root``/mkdocs.yml, else the defaults.

    A value that is not a positive number is ignored here; MkDocs reports it when it
    validates the config.
    """
    options = plugin_options(root) or {}
    values = {}
    for key, field_ in (("max_image_mb", "image_mb"), ("max_media_mb", "media_mb")):
        value = options.get(key) if isinstance(options, dict) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            values[field_] = value
    return MediaLimits(**values)


_LINK_REASON = Message(M_(
    "this is a symbolic link; Parlour publishes only real files (a link can point at any "
    "file on the computer that builds the site)"
))
_NOT_A_FILE = Message(M_("this is not a file"))


def _leads_out(base: str) -> Message:
    return Message(M_("the path leads out of {base}/"), base=base)


def _unreadable(exc: OSError) -> Message:
    return Message(M_("the file cannot be read ({reason})"), reason=exc.strerror or exc)


def media_file(root: Path, base: str, name: str) -> Path:
    """The file ``name`` in the folder ``base`` (``stories/media``) of the archive at ``root``.

    No symbolic link is followed, anywhere from ``base`` down to the file: a link inside the
    repository can point at any file the build can read, and git stores links as they are.
    (Refusing every link, rather than only those pointing out, needs no resolution that a
    changed link could defeat between the check and the build; a link that stays inside is
    never needed, the record can name the file itself.) Raises :class:`MediaError` for a
    link, a path leading out of ``base``, a missing file or one that is not a file.
    """
    shown = f"{base}/{name}"
    parts = [*PurePosixPath(base).parts, *re.split(r"[\\/]", name)]
    if not name or name.startswith(("/", "\\")) or re.match(r"^[a-zA-Z]:", name) or (
        ".." in parts
    ):
        raise MediaError(shown, _leads_out(base), code="media-outside")
    path = Path(root)
    info = None
    for part in (p for p in parts if p not in ("", ".")):
        path = path / part
        try:
            info = path.lstat()
        except OSError:
            raise MediaError(shown, Message(M_("the file does not exist")),
                             code="media-missing") from None
        if stat.S_ISLNK(info.st_mode):
            raise MediaError(shown, _LINK_REASON, code="media-outside")
    if info is None or not stat.S_ISREG(info.st_mode):
        raise MediaError(shown, _NOT_A_FILE, code="media-missing")
    if not path.resolve().is_relative_to((Path(root) / base).resolve()):
        raise MediaError(shown, _leads_out(base), code="media-outside")
    return path


def through_link(base: Path, name: str) -> bool:
    """True when ``base/name`` is reached through a symbolic link (the file or a folder on
    the way), or leads out of ``base``: for readers that skip such a file quietly, because
    ``parlour check`` reports it."""
    path = Path(base)
    for part in re.split(r"[\\/]", name):
        if part in ("", "."):
            continue
        if part == "..":
            return True
        path = path / part
        if path.is_symlink():
            return True
    return False


@contextlib.contextmanager
def open_media(
    path: Path, *, max_bytes: int | None, link_depth: int = 1, option: str = "max_media_mb"
):
    """Open a media file for reading, refusing a symbolic link and a file over ``max_bytes``.

    The last ``link_depth`` components of ``path`` (the file, and the folders above it
    inside stories/media/) must not be links: the publishing code's own wall, behind the
    check and :func:`media_file`. The file is opened without following a link, so a link
    put in place after those checks is refused too; devices and pipes are refused.
    ``option`` names the setting that raises the limit, for the message.
    """
    for part in [path, *path.parents][1:link_depth]:
        if part.is_symlink():
            raise MediaError(path, _LINK_REASON, code="media-outside")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if path.is_symlink():
            raise MediaError(path, _LINK_REASON, code="media-outside") from None
        raise MediaError(path, _unreadable(exc)) from exc
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise MediaError(path, _NOT_A_FILE)
        if max_bytes is not None and info.st_size > max_bytes:
            raise MediaError(
                path, too_large(info.st_size, max_bytes, option), code="media-too-large"
            )
        yield f


def too_large(size: int, limit: int, option: str) -> Message:
    """Why a file of ``size`` bytes is refused, in plain words; ``option`` raises the limit."""
    return Message(
        M_("the file is {size} MB, more than the {limit} MB Parlour publishes; make it "
           "smaller, or raise {option} under the parlour plugin in mkdocs.yml"),
        size=f"{size / 1_000_000:,.1f}", limit=f"{limit / 1_000_000:,.0f}", option=option,
    )

"""Publish recordings as cleaned copies: every tag and metadata block gone, the sound untouched.

A recording carries more than sound: ID3 frames with the narrator's name (the sample's own
said ``artist=王师傅``), Vorbis comments with a cover photo (METADATA_BLOCK_PICTURE), MP4
atoms with a title and, from a phone, the GPS position where it was made (``©xyz``), a
WAV's RIFF INFO and broadcast (bext) chunks naming the recorder and the time. None of it
may reach the site, so the site gets a copy without any of it:

- Ogg (Vorbis, Opus, FLAC, Speex), MP3 and FLAC: mutagen removes the tags (ID3v1 and v2,
  APEv2, Vorbis comments and their vendor string, pictures); a FLAC keeps only its stream
  information, seek table and padding.
- WAV and AIFF: the file is written again with only the chunks that hold the sound (format
  and data); INFO, bext, iXML, ID3, XMP and every other chunk are left out.
- MP4, M4A and MOV: every metadata box (``udta``, ``meta``, a top-level ``uuid`` such as
  XMP) becomes a ``free`` box of the same size, filled with zeros; the creation and
  modification times and the handlers' free-text names are zeroed. Nothing moves, so the offsets of the samples stay right.

The sound itself (audio packets, frames, samples) is copied byte for byte. Anything else
(WebM, MKV, WMA, AAC without a container, an Ogg file with several streams) is refused with
a message saying what to convert to: Parlour does not publish what it could not clean. Each
copy is checked again after cleaning, and kept in a cache by the hash of the original, so a
rebuild copies nothing new.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import struct
import tempfile
from pathlib import Path, PurePosixPath
from typing import BinaryIO

import mutagen
import mutagen.apev2
from mutagen.flac import FLAC
from mutagen.mp3 import MP3

from ..catalog import M_
from .mediafiles import DEFAULT_MAX_MEDIA_MB, MediaError, open_media
from .problems import Message

#: Bump when the cleaning changes, so copies made by the old code are not reused.
CLEAN_VERSION = 1

#: What to convert a recording to when its kind cannot be cleaned.
CONVERT_HINT = M_(
    "save the sound as MP3, M4A, OGG (Vorbis or Opus), FLAC or WAV, or the video as MP4"
)

#: FLAC metadata blocks that hold no information about anyone: STREAMINFO, PADDING, SEEKTABLE.
_FLAC_KEEP = {0, 1, 3}
#: The chunks a WAV (little-endian RIFF) or AIFF (big-endian IFF) needs to play.
_IFF_KEEP = {"wav": {b"fmt ", b"data", b"fact"}, "aiff": {b"COMM", b"SSND", b"FVER"}}
#: MP4 boxes that only hold metadata, and the containers searched for them.
_MP4_METADATA = {b"udta", b"meta", b"uuid", b"XMP_"}
_MP4_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"mvex",
                   b"moof", b"traf", b"mfra"}
#: Boxes whose version-0/1 header holds a creation and a modification time.
_MP4_TIMES = {b"mvhd", b"tkhd", b"mdhd"}


class RecordingError(MediaError):
    """A recording cannot be published: an unknown kind, damaged, or not cleanable."""

    code = "media-format"


def recording_kind(f: BinaryIO, path: Path | str) -> str:
    """The kind of recording the open file ``f`` is by its bytes (not its name): ``ogg``,
    ``mp3``, ``flac``, ``wav``, ``aiff`` or ``mp4``; :class:`RecordingError` for a kind
    Parlour cannot clean. Leaves ``f`` at its start."""
    offset = 0
    f.seek(0)
    head = f.read(64)
    while head[:3] == b"ID3" and len(head) >= 10:
        # ID3 tags can sit before MP3 frames or FLAC: look past them
        size = 10 + sum((b & 0x7F) << (7 * (3 - i)) for i, b in enumerate(head[6:10]))
        offset += size + (10 if head[5] & 0x10 else 0)  # a footer after the tag
        f.seek(offset)
        head = f.read(64)
    f.seek(0)
    if offset:
        return "flac" if head[:4] == b"fLaC" else "mp3"
    if head[:4] == b"RIFF" and head[8:12] == b"WAVE":
        return "wav"
    if head[:4] == b"FORM" and head[8:12] in (b"AIFF", b"AIFC"):
        return "aiff"
    if head[:4] == b"OggS":
        return "ogg"
    if head[:4] == b"fLaC":
        return "flac"
    if head[4:8] == b"ftyp":
        return "mp4"
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06:
        return "mp3"  # an MPEG audio frame; layer bits 00 would be AAC (ADTS)
    message = (
        M_("Parlour cannot remove the tags from WebM or MKV files, so it does not publish "
           "them; {convert}") if head[:4] == b"\x1a\x45\xdf\xa3"
        else M_("Parlour cannot remove the tags from this kind of files, so it does not "
                "publish them; {convert}")
    )
    raise RecordingError(path, Message(message, convert=Message(CONVERT_HINT)))


def check_recording(source: Path, *, max_bytes: int | None) -> str:
    """The recording's kind, or :class:`MediaError` if :func:`publish_media` would refuse it
    for its size, for being a link, or for its kind (for ``parlour check``)."""
    with open_media(source, max_bytes=max_bytes) as f:
        return recording_kind(f, source)


def publish_media(
    source: Path,
    media_rel: str,
    *,
    cache_dir: Path,
    max_bytes: int | None = DEFAULT_MAX_MEDIA_MB * 1_000_000,
) -> Path:
    """A cleaned copy of the recording ``source`` (``media_rel`` under stories/media/): the
    file the site publishes in its place.

    The copy is kept in ``cache_dir`` under the hash of the original's bytes, and is
    returned as it is while the original does not change. Raises :class:`MediaError` (a
    :class:`RecordingError` for the recording itself) for a link, a file over
    ``max_bytes``, a kind that cannot be cleaned, or a damaged file.
    """
    rel = PurePosixPath(media_rel)
    if not media_rel or rel.is_absolute() or ".." in rel.parts or "\\" in media_rel:
        raise MediaError(source, Message(
            M_("the media path {path} must stay inside stories/media/"), path=repr(media_rel)))
    with open_media(source, max_bytes=max_bytes, link_depth=len(rel.parts)) as f:
        kind = recording_kind(f, source)
        digest = hashlib.sha256(f"{CLEAN_VERSION}|{mutagen.version_string}|{kind}|".encode())
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
        key = digest.hexdigest()
        entry = Path(cache_dir) / key[:2] / f"{key}{rel.suffix.lower()}"
        if entry.is_file():
            return entry
        f.seek(0)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(dir=entry.parent, prefix=".tmp-", suffix=rel.suffix)
        except OSError as exc:
            raise MediaError(source, Message(M_("cannot write the cleaned copy ({reason})"),
                                             reason=exc)) from exc
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out:
                if kind in _IFF_KEEP:
                    _rewrite_iff(f, out, kind, source)
                else:
                    shutil.copyfileobj(f, out, 1 << 20)
            if kind not in _IFF_KEEP:
                _CLEANERS[kind](tmp, source)
            verify_clean(tmp, kind, source)
            os.replace(tmp, entry)
        except (OSError, struct.error, ValueError) as exc:
            # a header cut short, a file changed while read: a problem, not a traceback
            raise _damaged(source, exc) from None
        finally:
            tmp.unlink(missing_ok=True)
    return entry


# --------------------------------------------------------------------------- cleaners


def _damaged(source: Path | str, exc: BaseException | None = None) -> RecordingError:
    reason = (
        Message(M_("the recording is damaged or not what its name says and cannot be cleaned "
                   "({reason}); export it again and replace the file"), reason=exc) if exc
        else Message(M_("the recording is damaged or not what its name says and cannot be "
                        "cleaned; export it again and replace the file"))
    )
    return RecordingError(source, reason, code="audio-unreadable")


def _clean_ogg(path: Path, source: Path) -> None:
    with open(path, "rb") as f:
        serials = _ogg_serials(f, source)
    if len(serials) != 1:
        # mutagen cleans the first stream only; a second (the sound of a video, a chained
        # file) would keep its comments
        raise RecordingError(source, Message(
            M_("this Ogg file holds {count} streams; Parlour can clean only a file with one; "
               "{convert}"), count=len(serials), convert=Message(CONVERT_HINT)))
    try:
        audio = mutagen.File(path)
        if audio is None or audio.tags is None:
            raise _damaged(source)
        audio.tags.clear()
        audio.tags.vendor = ""  # the encoder's name; a tool can write anything there
        audio.save()
    except RecordingError:
        raise
    except Exception as exc:  # noqa: BLE001 - mutagen fails in many ways on broken files
        raise _damaged(source, exc) from None


def _clean_mp3(path: Path, source: Path) -> None:
    try:
        # ID3v2 at the start, ID3v1 and APEv2 at the end in either order: each removal can
        # uncover the other, so twice round
        for _ in range(2):
            mutagen.apev2.delete(path)
            MP3(path).delete()
    except Exception as exc:  # noqa: BLE001 - as above
        raise _damaged(source, exc) from None


def _clean_flac(path: Path, source: Path) -> None:
    try:
        audio = FLAC(path)
        audio.metadata_blocks = [b for b in audio.metadata_blocks if b.code in _FLAC_KEEP]
        audio.tags = None
        audio.save(deleteid3=True)
    except Exception as exc:  # noqa: BLE001 - as above
        raise _damaged(source, exc) from None


def _clean_mp4(path: Path, source: Path) -> None:
    with open(path, "r+b") as f:
        size = os.fstat(f.fileno()).st_size
        for kind, start, header, end in _mp4_boxes(f, 0, size, source, top=True):
            if kind in _MP4_METADATA:
                # the same size, so nothing after it moves: sample offsets stay right
                f.seek(start + 4)
                f.write(b"free")
                f.seek(start + header)
                remaining = end - start - header
                while remaining:
                    chunk = min(remaining, 1 << 20)
                    f.write(bytes(chunk))
                    remaining -= chunk
            elif kind in _MP4_TIMES:
                f.seek(start + header)
                version = f.read(1)
                width = 8 if version == b"\x01" else 4
                f.seek(start + header + 4)
                f.write(bytes(2 * width))
            elif kind == b"hdlr" and end - start > header + 24:
                # the handler's name is free text a tool may fill in: keep its length, not it
                f.seek(start + header + 24)
                f.write(bytes(end - start - header - 24))


_CLEANERS = {"ogg": _clean_ogg, "mp3": _clean_mp3, "flac": _clean_flac, "mp4": _clean_mp4}


def _rewrite_iff(f: BinaryIO, out: BinaryIO, kind: str, source: Path) -> None:
    """Copy a RIFF/WAVE or FORM/AIFF file with only the chunks that hold the sound."""
    order = "<" if kind == "wav" else ">"
    head = f.read(12)
    if len(head) < 12:
        raise _damaged(source)
    total = os.fstat(f.fileno()).st_size
    out.write(head[:4] + b"\0\0\0\0" + head[8:12])
    kept: set[bytes] = set()
    at = 12
    while at + 8 <= total:
        f.seek(at)
        chunk_id, size = struct.unpack(order + "4sI", f.read(8))
        end = at + 8 + size + (size & 1)
        if at + 8 + size > total:
            raise _damaged(source, f"the {chunk_id!r} chunk runs past the end of the file")
        if chunk_id in _IFF_KEEP[kind]:
            out.write(struct.pack(order + "4sI", chunk_id, size))
            _copy(f, out, size + (size & 1) if end <= total else size)
            if end > total:
                out.write(b"\0")
            kept.add(chunk_id)
        at = end
    if not {b"fmt ", b"data"} <= kept and not {b"COMM", b"SSND"} <= kept:
        raise _damaged(source, "no sound data found")
    length = out.tell() - 8
    out.seek(4)
    out.write(struct.pack(order + "I", length))


def _copy(f: BinaryIO, out: BinaryIO, size: int) -> None:
    while size:
        block = f.read(min(size, 1 << 20))
        if not block:
            raise OSError("the file ended early")
        out.write(block)
        size -= len(block)


def _mp4_boxes(f: BinaryIO, start: int, end: int, source: Path, *, top: bool = False):
    """(type, start, header length, end) of every box from ``start`` to ``end``, descending
    into the containers that can hold metadata; a metadata box is not descended into."""
    at = start
    while at + 8 <= end:
        f.seek(at)
        size, kind = struct.unpack(">I4s", f.read(8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", f.read(8))[0]
            header = 16
        elif size == 0 and top:
            size = end - at  # the last box runs to the end of the file
        if size < header or at + size > end:
            raise _damaged(source, f"the MP4 box {kind!r} has a wrong size")
        yield kind, at, header, at + size
        if kind in _MP4_CONTAINERS:
            yield from _mp4_boxes(f, at + header, at + size, source)
        at += size
    if at != end and top:
        raise _damaged(source, "the MP4 file ends inside a box")


def _ogg_serials(f: BinaryIO, source: Path) -> set[int]:
    """The serial numbers of an Ogg file's logical streams, reading page headers only."""
    serials: set[int] = set()
    total = os.fstat(f.fileno()).st_size
    at = 0
    while at < total:
        f.seek(at)
        header = f.read(27)
        if len(header) < 27 or header[:4] != b"OggS":
            raise _damaged(source, "an Ogg page is cut short")
        serials.add(struct.unpack("<I", header[14:18])[0])
        segments = f.read(header[26])
        at += 27 + len(segments) + sum(segments)
    return serials


# --------------------------------------------------------------------------- verification


def verify_clean(path: Path, kind: str, source: Path | str = "") -> None:
    """Raise :class:`RecordingError` if a cleaned copy still holds any tag or metadata block.

    Run on every copy, not only in tests: a mutagen upgrade that starts leaving something
    behind must stop the build, not publish a narrator's name.
    """
    source = source or path
    left: list[str] = []
    try:
        audio = mutagen.File(path)
    except Exception as exc:  # noqa: BLE001 - the copy no longer reads: never publish it
        raise _damaged(source, exc) from None
    if audio is None and kind != "mp4":
        raise _damaged(source)
    tags = getattr(audio, "tags", None)
    if tags is not None and (len(tags) or getattr(tags, "vendor", "")):
        left.append("tags")
    with open(path, "rb") as f:
        data_head = f.read(10)
        size = os.fstat(f.fileno()).st_size
        f.seek(max(0, size - 256))
        tail = f.read()
        if kind == "mp3":
            if data_head[:3] == b"ID3" or b"TAG" == tail[-128:-125] or b"APETAGEX" in tail:
                left.append("ID3 or APE tags")
        elif kind == "flac":
            if data_head[:3] == b"ID3" or any(
                b.code not in _FLAC_KEEP for b in audio.metadata_blocks
            ):
                left.append("FLAC metadata blocks")
        elif kind == "mp4":
            found = {k for k, *_ in _mp4_boxes(f, 0, size, source, top=True)}
            left.extend(k.decode("latin-1") for k in sorted(found & _MP4_METADATA))
        elif kind in _IFF_KEEP:
            left.extend(c.decode("latin-1") for c in _iff_chunks(f, kind, size) - _IFF_KEEP[kind])
        elif kind == "ogg" and len(_ogg_serials(f, source)) != 1:
            left.append("a second stream")
    if left:
        raise RecordingError(source, Message(
            M_("metadata survived cleaning ({left}); not publishing it"), left=", ".join(left)))


def _iff_chunks(f: BinaryIO, kind: str, total: int) -> set[bytes]:
    order = "<" if kind == "wav" else ">"
    found: set[bytes] = set()
    at = 12
    while at + 8 <= total:
        f.seek(at)
        chunk_id, size = struct.unpack(order + "4sI", f.read(8))
        found.add(chunk_id)
        at += 8 + size + (size & 1)
    return found

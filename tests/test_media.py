"""Media through one door: recordings published as cleaned copies, no link followed, size
limits, unused media and broken pictures reported by `parlour check` (issue 12).

The recordings are made here, byte by byte, in every kind Parlour publishes, each with a
marker in every place a tag can hide; each test first proves the marker is in the original
(so a clean copy is not clean merely because nothing was there).
"""

from __future__ import annotations

import base64
import io
import json
import os
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path

import mutagen
import pytest
from mutagen.flac import FLAC, Picture
from mutagen.id3 import APIC, ID3, TIT2, TPE1
from mutagen.ogg import OggPage
from parlour.archive.checks import check_archive
from parlour.archive.media import (
    ImageError,
    MediaError,
    MediaLimits,
    RecordingError,
    media_file,
    media_limits,
    publish_image,
    publish_media,
)
from parlour.archive.problems import ERROR, WARNING
from parlour.archive.recordings import verify_clean
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
BASE = Path(__file__).resolve().parent / "fixtures" / "base"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
NAME = "王师傅"
MARKERS = (NAME.encode(), b"MARK-")
#: the sound, recognisable: what must come through cleaning byte for byte
SOUND = bytes(range(256)) * 64


def _has_marker(data: bytes) -> bool:
    return any(m in data for m in MARKERS)


# --------------------------------------------------------------------------- recordings


def _box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I4s", 8 + len(payload), kind) + payload


def _full(kind: bytes, payload: bytes, version: int = 0, flags: int = 0) -> bytes:
    return _box(kind, struct.pack(">I", (version << 24) | flags) + payload)


_MATRIX = struct.pack(">9I", 0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000)
_CREATED = 3_800_000_000


def make_m4a(path: Path) -> bytes:
    """An M4A with iTunes tags (©ART, ©nam), a phone's GPS atom (©xyz), XMP in a top-level
    uuid box and creation times; returns the sound (the mdat payload)."""
    dsi = bytes([5, 2, 0x12, 0x10])
    dcd = bytes([4, 13 + len(dsi), 0x40, 0x15]) + bytes(3) + struct.pack(">II", 1, 1) + dsi
    esd = bytes([3, 3 + len(dcd) + 3]) + struct.pack(">HB", 1, 0) + dcd + bytes([6, 1, 2])
    mp4a = _box(b"mp4a", bytes(6) + struct.pack(">H", 1) + bytes(8)
                + struct.pack(">HHHHI", 1, 16, 0, 0, 44100 << 16) + _full(b"esds", esd))

    def moov(offset: int) -> bytes:
        stbl = _box(b"stbl", _full(b"stsd", struct.pack(">I", 1) + mp4a)
                    + _full(b"stts", struct.pack(">III", 1, 1, 44100))
                    + _full(b"stsc", struct.pack(">IIII", 1, 1, 1, 1))
                    + _full(b"stsz", struct.pack(">III", len(SOUND), 1, len(SOUND))[:8]
                            + struct.pack(">I", 1))
                    + _full(b"stco", struct.pack(">II", 1, offset)))
        dinf = _box(b"dinf", _full(b"dref", struct.pack(">I", 1) + _full(b"url ", b"", flags=1)))
        minf = _box(b"minf", _full(b"smhd", bytes(4)) + dinf + stbl)
        mdia = _box(b"mdia", _full(b"mdhd", struct.pack(">IIIIHH", _CREATED, _CREATED, 44100,
                                                        44100, 0x55C4, 0))
                    + _full(b"hdlr", struct.pack(">I4s12x", 0, b"soun") + b"MARK-HANDLER\0")
                    + minf)
        tkhd = _full(b"tkhd", struct.pack(">IIIII", _CREATED, _CREATED, 1, 0, 1000) + bytes(8)
                     + struct.pack(">hhhh", 0, 0, 0x100, 0) + _MATRIX + bytes(8), flags=7)
        mvhd = _full(b"mvhd", struct.pack(">IIII", _CREATED, _CREATED, 1000, 1000)
                     + struct.pack(">IH10x", 0x10000, 0x100) + _MATRIX + bytes(24)
                     + struct.pack(">I", 2))
        text = struct.pack(">I", 0)
        ilst = _box(b"ilst", _box("©ART".encode("latin-1"),
                                  _full(b"data", text + NAME.encode(), flags=1))
                    + _box("©nam".encode("latin-1"),
                           _full(b"data", text + b"MARK-TITLE", flags=1)))
        meta = _full(b"meta", _full(b"hdlr", struct.pack(">I4s4s8x", 0, b"mdir", b"appl") + b"\0")
                     + ilst)
        xyz = _box("©xyz".encode("latin-1"), struct.pack(">HH", 18, 0x15C7) + b"+31.2304+121.4737/")
        return _box(b"moov", mvhd + _box(b"trak", tkhd + mdia) + _box(b"udta", meta + xyz))

    ftyp = _box(b"ftyp", b"M4A " + bytes(4) + b"M4A isom")
    offset = len(ftyp) + len(moov(0)) + 8
    xmp = _box(b"uuid", bytes(16) + b"<x:xmpmeta>MARK-XMP</x:xmpmeta>")
    path.write_bytes(ftyp + moov(offset) + _box(b"mdat", SOUND) + xmp)
    return SOUND


def _mp4_times(data: bytes) -> list[int]:
    return [struct.unpack(">I", data[i + 8:i + 12])[0]
            for kind in (b"mvhd", b"tkhd", b"mdhd") for i in [data.index(kind)]]


def make_wav(path: Path) -> bytes:
    """A WAV with RIFF INFO, bext (broadcast), iXML and ID3 chunks; returns the samples."""
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(SOUND)
    riff = buffer.getvalue()

    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack("<4sI", kind, len(payload)) + payload + b"\0" * (len(payload) & 1)

    info = chunk(b"LIST", b"INFO" + chunk(b"IART", NAME.encode() + b"\0")
                 + chunk(b"ICMT", b"MARK-COMMENT\0"))
    extra = info + chunk(b"bext", b"MARK-BEXT-ORIGINATOR".ljust(256, b"\0")) + chunk(
        b"iXML", b"<BWFXML>MARK-IXML</BWFXML>")
    body = riff[12:] + extra
    path.write_bytes(b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body)
    audio = mutagen.File(path)
    audio.add_tags()
    audio.tags.add(TPE1(text=[NAME]))
    audio.save()
    return SOUND


def make_aiff(path: Path) -> bytes:
    """An AIFF with NAME, AUTH, ANNO and ID3 chunks; returns the samples."""
    def chunk(kind: bytes, payload: bytes) -> bytes:
        return struct.pack(">4sI", kind, len(payload)) + payload + b"\0" * (len(payload) & 1)

    frames = len(SOUND) // 2
    comm = struct.pack(">hIh", 1, frames, 16) + bytes.fromhex("400BFA00000000000000")
    body = (b"AIFF" + chunk(b"COMM", comm) + chunk(b"NAME", b"MARK-NAME")
            + chunk(b"AUTH", NAME.encode()) + chunk(b"ANNO", b"MARK-ANNO")
            + chunk(b"SSND", bytes(8) + SOUND))
    path.write_bytes(b"FORM" + struct.pack(">I", len(body)) + body)
    audio = mutagen.File(path)
    audio.add_tags()
    audio.tags.add(TIT2(text=["MARK-TITLE"]))
    audio.save()
    return bytes(8) + SOUND


def make_mp3(path: Path) -> bytes:
    """MP3 frames with ID3v2 (with a cover picture) before, ID3v1 and APEv2 after."""
    header = bytes([0xFF, 0xFB, 0x90, 0xC4])  # MPEG-1 layer III, 128 kbit/s, 44.1 kHz, mono
    frames = b"".join(header + SOUND[:413] for _ in range(40))  # 417 bytes a frame
    path.write_bytes(frames)
    tags = ID3()
    tags.add(TPE1(text=[NAME]))
    tags.add(APIC(mime="image/jpeg", type=3, desc="MARK-COVER", data=b"MARK-PICTURE"))
    tags.save(path, v1=2)
    ape = mutagen.apev2.APEv2()
    ape["Artist"] = "MARK-APE"
    ape.save(path)
    return frames


def make_flac(path: Path) -> bytes:
    """A FLAC with an ID3 tag in front, Vorbis comments, a picture and an APPLICATION block;
    the frames are stand-ins (cleaning never reads them)."""
    info = struct.pack(">HH", 4096, 4096) + bytes(6) + (
        (8000 << 44) | (0 << 41) | (15 << 36) | 8000).to_bytes(8, "big") + bytes(16)
    app = b"MARK" + b"-APPLICATION"
    frames = b"\xff\xf8" + SOUND
    path.write_bytes(b"fLaC" + bytes([0]) + len(info).to_bytes(3, "big") + info
                     + bytes([0x82]) + len(app).to_bytes(3, "big") + app + frames)
    audio = FLAC(path)
    audio["artist"] = NAME
    picture = Picture()
    picture.type, picture.mime, picture.desc, picture.data = 3, "image/jpeg", "MARK-COVER", b"x"
    audio.add_picture(picture)
    audio.save()
    tags = ID3()
    tags.add(TPE1(text=["MARK-ID3-IN-FLAC"]))
    tags.save(path)  # an ID3 tag in front, as some taggers leave
    return frames


def _ogg(path: Path, head: bytes, tags: bytes, audio_packets: list[bytes]) -> None:
    pages = []
    for i, packets in enumerate([[head], [tags], *[[p] for p in audio_packets]]):
        page = OggPage()
        page.serial, page.sequence, page.packets = 1234, i, packets
        page.position = 0 if i < 2 else 960 * (i - 1)
        page.first, page.last = i == 0, i == len(audio_packets) + 1
        pages.append(page.write())
    path.write_bytes(b"".join(pages))


def make_opus(path: Path) -> list[bytes]:
    """An Ogg Opus with tags, a vendor string and a METADATA_BLOCK_PICTURE."""
    head = b"OpusHead" + struct.pack("<BBHIhB", 1, 1, 312, 48000, 0, 0)
    tags = b"OpusTags" + struct.pack("<I", 11) + b"MARK-VENDOR" + struct.pack("<I", 0)
    packets = [bytes([0xF8]) + SOUND[i:i + 60] for i in range(0, 600, 60)]
    _ogg(path, head, tags, packets)
    audio = mutagen.File(path)
    audio["artist"] = NAME
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/jpeg", b"MARK-PICTURE"
    audio["metadata_block_picture"] = base64.b64encode(picture.write()).decode()
    audio.save()
    return packets


def make_vorbis(path: Path) -> list[bytes]:
    """The sample's own recording (its tags say artist=王师傅), with a cover picture too."""
    shutil.copy(ROOT / "stories" / "media" / "audio" / "wang-jianguo-1.ogg", path)
    audio = mutagen.File(path)
    picture = Picture()
    picture.type, picture.mime, picture.data = 3, "image/jpeg", b"MARK-PICTURE"
    audio["metadata_block_picture"] = base64.b64encode(picture.write()).decode()
    audio.save()
    return _ogg_packets(path)[3:]  # after identification, comments and setup


def _ogg_packets(path: Path) -> list[bytes]:
    with open(path, "rb") as f:
        pages = []
        while True:
            try:
                pages.append(OggPage(f))
            except EOFError:
                break
    return OggPage.to_packets(pages)


def _sound(kind: str, path: Path) -> bytes | list[bytes]:
    """The sound of a cleaned file, as the maker above returned it for the original."""
    data = path.read_bytes()
    if kind == "m4a":
        at = data.index(b"mdat") + 4
        return data[at:at + len(SOUND)]
    if kind == "wav":
        at = data.index(b"data") + 8
        return data[at:at + struct.unpack("<I", data[at - 4:at])[0]]
    if kind == "aiff":
        at = data.index(b"SSND") + 8
        return data[at:at + struct.unpack(">I", data[at - 4:at])[0]]
    if kind == "mp3":
        return data
    if kind == "flac":
        return data[data.index(b"\xff\xf8"):]
    return _ogg_packets(path)[3 if kind == "ogg" else 2:]


MAKERS = {"m4a": make_m4a, "wav": make_wav, "aiff": make_aiff, "mp3": make_mp3,
          "flac": make_flac, "opus": make_opus, "ogg": make_vorbis}


@pytest.mark.parametrize("kind", list(MAKERS))
def test_recording_is_published_without_any_tag_and_the_same_sound(tmp_path, kind):
    original = tmp_path / f"talk.{kind}"
    sound = MAKERS[kind](original)
    assert _has_marker(original.read_bytes()), "positive control: the original is tagged"
    with pytest.raises(RecordingError, match="metadata survived"):
        verify_clean(original, "ogg" if kind == "opus" else "mp4" if kind == "m4a" else kind)

    cleaned = publish_media(original, f"audio/talk.{kind}", cache_dir=tmp_path / "cache")

    data = cleaned.read_bytes()
    assert not _has_marker(data), data
    assert b"31.2304" not in data and b"xmpmeta" not in data and b"APETAGEX" not in data
    audio = mutagen.File(cleaned)
    assert audio is not None, "the copy still reads as a recording"
    assert not audio.tags, audio.tags
    assert not getattr(audio.tags, "vendor", "")
    assert _sound(kind, cleaned) == sound, "the sound itself is copied as it was"
    if kind == "m4a":
        assert _mp4_times(original.read_bytes()) == [_CREATED] * 3
        assert _mp4_times(data) == [0, 0, 0]
        assert len(data) == original.stat().st_size  # nothing moved: sample offsets hold
    if kind == "flac":
        assert not data.startswith(b"ID3") and FLAC(cleaned).pictures == []
    assert original.read_bytes() != data  # the original in the repository is left alone


def test_sample_recordings_are_tagged_and_the_build_publishes_them_clean(tmp_path):
    originals = sorted((ROOT / "stories" / "media" / "audio").glob("*.ogg"))
    assert any(NAME in (mutagen.File(p).get("artist") or []) for p in originals), (
        "positive control: the sample's own recordings name the narrator"
    )
    site = tmp_path / "site"
    result = _build(ROOT / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    published = sorted((site / "media" / "audio").glob("*.ogg"))
    assert published, "the consented recordings are on the site"
    for path in published:
        data = path.read_bytes()
        assert NAME.encode() not in data and b"synthetic" not in data, path
        audio = mutagen.File(path)
        assert not audio.tags and audio.tags.vendor == "", path
        original = ROOT / "stories" / "media" / "audio" / path.name
        assert _ogg_packets(path)[3:] == _ogg_packets(original)[3:]


def test_kinds_parlour_cannot_clean_are_refused(tmp_path):
    for name, data, words in (
        ("talk.webm", b"\x1a\x45\xdf\xa3" + b"\0" * 60 + b"MARK", "WebM or MKV"),
        ("talk.aac", b"\xff\xf1\x50\x80" + b"\0" * 60, "this kind of"),
        ("talk.mp3", b"MARK-not-sound" * 10, "this kind of"),
    ):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(RecordingError, match=words) as caught:
            publish_media(path, name, cache_dir=tmp_path / "cache")
        assert caught.value.code == "media-format"
        assert "MP4" in caught.value.reason  # says what to convert to
    assert not any((tmp_path / "cache").rglob("*.*"))


def test_an_ogg_file_with_two_streams_is_refused(tmp_path):
    one, two = tmp_path / "one.opus", tmp_path / "two.opus"
    make_opus(one)
    make_opus(two)
    data = bytearray(two.read_bytes())
    at = 0
    while at < len(data):  # give the second file's pages another serial number
        data[at + 14:at + 18] = struct.pack("<I", 99)
        at += 27 + data[at + 26] + sum(data[at + 27:at + 27 + data[at + 26]])
    both = tmp_path / "both.ogg"
    both.write_bytes(one.read_bytes() + bytes(data))
    with pytest.raises(RecordingError, match="2 streams"):
        publish_media(both, "both.ogg", cache_dir=tmp_path / "cache")


def test_cleaned_copy_is_cached_by_content(tmp_path, monkeypatch):
    from parlour.archive import recordings

    original = tmp_path / "talk.mp3"
    make_mp3(original)
    first = publish_media(original, "talk.mp3", cache_dir=tmp_path / "cache")
    monkeypatch.setitem(recordings._CLEANERS, "mp3", lambda *_: pytest.fail("cleaned again"))
    assert publish_media(original, "talk.mp3", cache_dir=tmp_path / "cache") == first
    ape = mutagen.apev2.APEv2()
    ape["Title"] = "MARK-CHANGED"
    ape.save(original)
    monkeypatch.undo()
    second = publish_media(original, "talk.mp3", cache_dir=tmp_path / "cache")
    assert second != first and not _has_marker(second.read_bytes())


# --------------------------------------------------------------------------- links and size


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the archive that a link in a pull request could point at."""
    path = tmp_path / "outside" / "secret.svg"
    path.parent.mkdir()
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1">'
                    "<text>MARK-SECRET</text></svg>", "utf-8")
    return path


def _base(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    shutil.copytree(BASE, root)
    return root


def _line_of(path: Path, text: str) -> int:
    return next(i for i, line in enumerate(path.read_text("utf-8").splitlines(), 1)
                if text in line)


def _problems(root: Path, code: str, **kwargs):
    return [p for p in check_archive(root, **kwargs) if p.code == code]


def test_a_linked_picture_is_an_error_at_the_record(tmp_path, secret):
    root = _base(tmp_path)
    photo = root / "stories" / "media" / "coin-phone.svg"
    photo.unlink()
    photo.symlink_to(secret)
    found = _problems(root, "media-outside")
    record = root / "stories" / "objects" / "coin-phone.md"
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("stories/objects/coin-phone.md", _line_of(record, "coin-phone.svg"), ERROR)
    ]
    assert "symbolic link" in found[0].message and "MARK" not in found[0].message


def test_a_link_inside_media_is_refused_too(tmp_path):
    """Every link is refused, even one that stays inside stories/media/: nothing to resolve
    means nothing a changed link can defeat between the check and the build."""
    root = _base(tmp_path)
    media = root / "stories" / "media"
    (media / "real.svg").write_bytes((media / "coin-phone.svg").read_bytes())
    (media / "coin-phone.svg").unlink()
    (media / "coin-phone.svg").symlink_to("real.svg")
    assert _problems(root, "media-outside")


def test_a_linked_folder_is_an_error_and_nothing_is_read_through_it(tmp_path, secret):
    root = _base(tmp_path)
    media = root / "stories" / "media"
    (media / "more").symlink_to(secret.parent, target_is_directory=True)
    record = root / "stories" / "objects" / "coin-phone.md"
    record.write_text(record.read_text("utf-8").replace("src: coin-phone.svg",
                                                        "src: more/secret.svg"), "utf-8")
    found = _problems(root, "media-outside")
    assert [(p.path, p.line) for p in found] == [
        ("stories/objects/coin-phone.md", _line_of(record, "more/secret.svg"))
    ]
    assert not _problems(root, "media-missing")


def test_linked_recording_and_transcript_are_errors_at_their_lines(tmp_path, secret):
    root = _base(tmp_path)
    interviews = root / "stories" / "interviews"
    (interviews / "talk.vtt").symlink_to("/etc/passwd")
    (root / "stories" / "media" / "talk.mp3").symlink_to("/proc/self/environ")
    record = interviews / "wang-jianguo-repair.md"
    record.write_text(record.read_text("utf-8").replace(
        "language: zh\n", "language: zh\naudio: talk.mp3\ntranscript: talk.vtt\n"), "utf-8")
    problems = check_archive(root)
    outside = sorted((p.line, p.code) for p in problems if p.path == "stories/interviews/"
                     "wang-jianguo-repair.md" and p.code == "media-outside")
    assert outside == [(_line_of(record, "audio:"), "media-outside"),
                       (_line_of(record, "transcript:"), "media-outside")]
    assert not any("root:" in p.message for p in problems)
    # nothing is read through the links: no transcript problems at /etc/passwd's lines
    assert not any(p.path.endswith(".vtt") for p in problems), problems


def test_publishing_code_refuses_links_itself(tmp_path, secret):
    """The second wall: even called without the check, nothing is read through a link."""
    media = tmp_path / "stories" / "media"
    (media / "sub").mkdir(parents=True)
    (media / "photo.svg").symlink_to(secret)
    (media / "linked").symlink_to(secret.parent, target_is_directory=True)
    (media / "talk.ogg").symlink_to("/etc/passwd")
    out = tmp_path / "out"
    for rel in ("photo.svg", "linked/secret.svg"):
        with pytest.raises(ImageError, match="symbolic link"):
            publish_image(media / rel, rel, out)
        with pytest.raises(MediaError, match="symbolic link"):
            media_file(tmp_path, "stories/media", rel)
    with pytest.raises(MediaError, match="symbolic link"):
        publish_media(media / "talk.ogg", "talk.ogg", cache_dir=tmp_path / "cache")
    assert not out.exists() and not (tmp_path / "cache").exists()


def test_build_refuses_a_linked_recording_with_file_and_line(tmp_path):
    for name in ("mkdocs.yml", "docs", "stories", "exhibits"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    audio = tmp_path / "stories" / "media" / "audio" / "wang-jianguo-1.ogg"
    audio.unlink()
    audio.symlink_to("/etc/passwd")
    site = tmp_path / "site"
    result = _build(tmp_path / "mkdocs.yml", site)
    assert result.returncode == 1
    record = tmp_path / "stories" / "interviews" / "wang-jianguo-1.md"
    line = _line_of(record, "wang-jianguo-1.ogg")
    assert f"stories/interviews/wang-jianguo-1.md:{line}:" in result.stderr
    assert "[media-outside]" in result.stderr and "Traceback" not in result.stderr
    assert not site.exists()


def test_size_limits_come_from_mkdocs_yml_and_are_reported_at_the_record(tmp_path):
    root = _base(tmp_path)
    assert media_limits(root) == MediaLimits()  # no mkdocs.yml: the defaults
    (root / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "plugins:\n  - search\n  - parlour:\n      max_image_mb: 0.0001\n"
        "      max_media_mb: 7\n", "utf-8")
    assert media_limits(root) == MediaLimits(image_mb=0.0001, media_mb=7)
    found = _problems(root, "media-too-large")
    record = root / "stories" / "objects" / "coin-phone.md"
    assert ("stories/objects/coin-phone.md", _line_of(record, "coin-phone.svg"), ERROR) in [
        (p.path, p.line, p.severity) for p in found]
    assert "max_image_mb" in found[0].message
    assert not _problems(root, "media-too-large", limits=MediaLimits())  # raised: passes


def test_publishing_code_refuses_files_over_the_limit(tmp_path):
    photo = tmp_path / "photo.png"
    Image.new("RGB", (40, 40), (200, 0, 0)).save(photo)
    with pytest.raises(ImageError, match="max_image_mb") as caught:
        publish_image(photo, "photo.png", tmp_path / "out", max_bytes=10)
    assert caught.value.code == "media-too-large"
    talk = tmp_path / "talk.mp3"
    make_mp3(talk)
    with pytest.raises(MediaError, match="max_media_mb"):
        publish_media(talk, "talk.mp3", cache_dir=tmp_path / "cache", max_bytes=1000)


def test_plugin_options_for_the_limits():
    from parlour.config import ParlourConfig

    config = ParlourConfig()
    config.load_dict({"max_image_mb": 80, "max_media_mb": 2000})
    errors, _warnings = config.validate()
    assert not errors and (config.max_image_mb, config.max_media_mb) == (80, 2000)


# --------------------------------------------------------------------------- unused media


def test_sample_archive_and_fixtures_leave_no_media_unused():
    for root in (ROOT, BASE, ROOT / "tests" / "fixtures" / "consent"):
        assert not _problems(root, "media-unused"), root


def test_a_withdrawn_persons_portrait_left_behind_is_a_warning(tmp_path):
    root = _base(tmp_path)
    person = root / "stories" / "people" / "li-meifang.yml"
    media = root / "stories" / "media"
    Image.new("RGB", (8, 8)).save(media / "li-meifang.jpg")
    # before: the portrait is named, so it is in use
    text = person.read_text("utf-8")
    person.write_text(text + "portrait:\n  src: li-meifang.jpg\n  alt: 李美芳\n", "utf-8")
    assert not _problems(root, "media-unused")
    # withdrawn: the tombstone keeps consent only; the photo stays in the repository
    person.write_text("consent:\n  level: withdrawn\n  recorded: 2025-01-01\n", "utf-8")
    found = _problems(root, "media-unused")
    assert [(p.path, p.line, p.severity) for p in found] == [
        ("stories/media/li-meifang.jpg", 0, WARNING)]
    assert "delete" in found[0].hint


def test_unused_transcript_is_a_warning_and_dotfiles_are_not(tmp_path):
    root = _base(tmp_path)
    (root / "stories" / "interviews" / "old.vtt").write_text("WEBVTT\n", "utf-8")
    (root / "stories" / "media" / ".DS_Store").write_bytes(b"\0")
    found = _problems(root, "media-unused")
    assert [p.path for p in found] == ["stories/interviews/old.vtt"]
    assert "transcript" in found[0].message


def test_a_record_that_cannot_be_read_makes_no_media_look_unused(tmp_path):
    root = _base(tmp_path)
    record = root / "stories" / "objects" / "coin-phone.md"
    record.write_text(record.read_text("utf-8").replace("kind: 电话机", "kind: [电话机"), "utf-8")
    assert check_archive(root)  # a YAML error
    assert not _problems(root, "media-unused")
    # a field that does not validate still names its file
    record.write_text((BASE / "stories" / "objects" / "coin-phone.md").read_text("utf-8")
                      .replace("caption: 公用电话，1980年代", "caption: [1, 2]"), "utf-8")
    assert not _problems(root, "media-unused")


@pytest.mark.parametrize(("spelling", "used"), [
    ("old.jpg", True), ("./old.jpg", True), (" old.jpg ", True), ("old.jpg/", True),
    ("old.jpg/.", True), (".\\old.jpg", True), ("a/../old.jpg", False), ("old", False)])
def test_a_file_named_in_any_spelling_of_its_path_is_in_use(tmp_path, spelling, used):
    """The unused-media check looks closely only at texts whose last part is a file's name
    (or empty, or "."): each spelling the full comparison reads as the file still counts."""
    root = _base(tmp_path)
    Image.new("RGB", (8, 8)).save(root / "stories" / "media" / "old.jpg")
    found = _problems(root, "media-unused")
    assert [p.path for p in found] == ["stories/media/old.jpg"]  # positive control
    record = root / "stories" / "objects" / "coin-phone.md"
    record.write_text(record.read_text("utf-8").replace(
        "caption: 公用电话，1980年代", f"caption: [{json.dumps(spelling)}]"), "utf-8")
    assert bool(_problems(root, "media-unused")) != used, spelling


# --------------------------------------------------------------------------- broken pictures


BROKEN = {
    "not-a-jpeg.jpg": b"this is a text file saved as .jpg",
    "truncated.png": None,  # made below: a real PNG cut in half
    "bad.svg": b"<svg xmlns='http://www.w3.org/2000/svg'><g></svg>",
}


def _write_broken(media: Path) -> None:
    for name, data in BROKEN.items():
        if data is None:
            buffer = io.BytesIO()
            Image.effect_noise((300, 300), 60).convert("RGB").save(buffer, "PNG")
            data = buffer.getvalue()[: len(buffer.getvalue()) // 2]
        (media / name).write_bytes(data)


def test_broken_pictures_are_errors_at_the_record_line(tmp_path):
    root = _base(tmp_path)
    _write_broken(root / "stories" / "media")
    record = root / "stories" / "objects" / "coin-phone.md"
    images = "".join(f"  - src: {name}\n    alt: 坏图\n" for name in BROKEN)
    record.write_text(record.read_text("utf-8").replace("images:\n", "images:\n" + images),
                      "utf-8")
    found = _problems(root, "image-unreadable")
    assert sorted((p.path, p.line, p.severity) for p in found) == sorted(
        ("stories/objects/coin-phone.md", _line_of(record, name), ERROR) for name in BROKEN)


def test_build_with_a_broken_picture_says_where_and_does_not_crash(tmp_path):
    for name in ("mkdocs.yml", "docs", "stories", "exhibits"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    record = tmp_path / "stories" / "objects" / "coin-phone.md"
    text = record.read_text("utf-8")
    old = next(line.split("src:")[1].strip() for line in text.splitlines() if "src:" in line)
    (tmp_path / "stories" / "media" / "objects" / "broken.jpg").write_bytes(b"not a JPEG")
    record.write_text(text.replace(old, "objects/broken.jpg", 1), "utf-8")
    site = tmp_path / "site"
    result = _build(tmp_path / "mkdocs.yml", site)
    assert result.returncode == 1
    line = _line_of(record, "objects/broken.jpg")
    assert f"stories/objects/coin-phone.md:{line}:" in result.stderr, result.stderr
    assert "[image-unreadable]" in result.stderr and "Traceback" not in result.stderr
    assert not site.exists()


def _build(config: Path, site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site)],
        capture_output=True, text=True, env=ENV, cwd=config.parent, check=False,
    )


@pytest.mark.parametrize("kind", ["m4a", "wav", "aiff", "mp3", "flac", "opus"])
def test_a_recording_cut_short_is_a_problem_not_a_traceback(tmp_path, kind):
    original = tmp_path / f"talk.{kind}"
    MAKERS[kind](original)
    data = original.read_bytes()
    for cut in (len(data) // 3, len(data) // 2 + 1, len(data) - 3):
        original.write_bytes(data[:cut])
        try:
            cleaned = publish_media(original, f"talk.{kind}", cache_dir=tmp_path / f"c{cut}")
        except MediaError as err:
            assert err.code in ("audio-unreadable", "media-format"), err
        else:  # what could be cleaned is clean
            assert not _has_marker(cleaned.read_bytes())

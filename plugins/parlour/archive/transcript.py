"""Transcripts (WebVTT) and recordings: read them, check them against each other, render them.

An interview's ``transcript`` is a ``.vtt`` file beside the interview; its ``audio`` (or
``video``) is a file in ``stories/media/``. Residents write transcripts by hand or fix the
output of a speech-to-text tool, so every mistake becomes a :class:`Problem` at its line,
and all of them are reported in one run.

The WebVTT reader is our own, line based, rather than webvtt-py's: webvtt-py stops at the
first malformed cue and its errors carry no line numbers, and a contributor needs every
problem with its line. The reader follows the parts of the WebVTT spec that matter for a
transcript (header, NOTE/STYLE/REGION blocks, optional cue identifiers, strict timestamps,
voice spans, character references) and ignores cue settings, which only position captions.

Two conventions of Parlour's own, both plain WebVTT that any player reads:

- a **footnote** is a ``NOTE`` block whose text starts with its number in brackets, right
  before the cue it belongs to (``NOTE [1] The post office on Main Road, closed in 1998.``);
  the cue's text holds the marker ``[1]``. Every other NOTE block stays a comment and is
  never published: a transcriber's remark is not written for visitors.
- a **heading** (``APPENDIX``, ``SESSION TWO``) is a cue whose whole text is bold:
  ``<b>APPENDIX: SHOPS ON LANE 17</b>``; it has no speaker.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

import mutagen

from .loader import Loaded, Source, decode_utf8, file_signature, internal_problem, per_source
from .mediafiles import through_link
from ..catalog import M_
from .problems import WARNING, ParlourError, Problem, problem

#: A cue or a segment may end this much after the recording does: encoders pad or trim a few
#: hundred milliseconds, and nobody should have to fix a transcript for that.
TOLERANCE = 0.5
#: A transcript of several hours is well under this; anything bigger is a wrong file.
MAX_VTT_BYTES = 10_000_000
_TIMESTAMP = r"(?:(\d{2,}):)?(\d{2}):(\d{2})\.(\d{3})"
_TIMING_RE = re.compile(rf"^{_TIMESTAMP}[ \t]+-->[ \t]+{_TIMESTAMP}(?:[ \t]+(.*))?$")
_TIMESTAMP_RE = re.compile(rf"^{_TIMESTAMP}$")
# A voice span: <v Name>, <v.loud Name>; the annotation is everything up to the '>'.
_VOICE_RE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+([^>]*)>")
_TAG_RE = re.compile(r"<[^>]*>")
# The first line, and the blocks that hold no cue: the keyword, then a space, tab or line end
_HEADER_RE = re.compile(r"^WEBVTT(?:[ \t].*)?$")
_BLOCK_KEYWORD_RE = re.compile(r"^(NOTE|STYLE|REGION)(?:[ \t].*)?$")
# Something a person meant as a timing line: starts with a time, holds an arrow of sorts.
_LOOKS_LIKE_TIMING = re.compile(
    r"^\s*\d+[:.,]\d+.*(?:-+>|→|—>|--|\s-\s)"  # 00:01.000 -> 00:02.000
    r"|^\s*\d+(?::\d+)+[.,]?\d*\s*$"  # a time alone on its line
)

_TIMING_HINT = M_("write it like 00:01:02.500 --> 00:01:05.000 (hours may be left out: "
                  "01:02.500)")


class AudioError(ParlourError):
    """A recording that cannot be read, in plain words.

    ``known_format`` is False when no reader recognised the file at all (rather than
    recognising it and finding it broken).
    """

    def __init__(self, message: str, *, known_format: bool = True, **params: Any):
        super().__init__(message.format(**params))
        self.known_format = known_format
        #: the message's msgid and its fields, for a problem told in the contributor's words
        self.msgid, self.params = message, params


@dataclass(frozen=True)
class Cue:
    """One cue of a transcript: times in seconds, the speaker (``<v ...>``) and plain text.

    ``line`` is the 1-based line of the cue's timing line in the .vtt file.
    """

    start: float
    end: float
    voice: str | None
    text: str
    line: int
    #: footnotes, each starting with its number ("[1] ..."), plain text
    notes: tuple[str, ...] = ()
    heading: bool = False


#: The text of a footnote: its number in brackets first.
_FOOTNOTE_RE = re.compile(r"^\[\d{1,4}\][ \t]*\S")
_HEADING_RE = re.compile(r"^\s*<b>(?!.*</b>.)(.*)</b>\s*$", re.DOTALL)


def footnote_of(block: list[str]) -> str | None:
    """The footnote a NOTE block holds (its lines joined), or None for any other block."""
    if not block or not re.match(r"^NOTE(?:[ \t]|$)", block[0]):
        return None
    text = " ".join(" ".join([block[0][4:], *block[1:]]).split())
    return text if _FOOTNOTE_RE.match(text) else None


def note_block(note: str) -> str:
    """A footnote as a NOTE block: on one line, without the ``-->`` a NOTE may not hold."""
    return "NOTE " + " ".join(note.replace("-->", "→").split())


# --------------------------------------------------------------------------- times


def format_time(seconds: float) -> str:
    """``12.7`` → ``"00:12"``, ``3723`` → ``"1:02:03"``; what a player shows (rounded down)."""
    total = math.floor(max(0.0, float(seconds)) + 1e-9)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{secs:02d}"
    return f"{minutes:02d}:{secs:02d}"


_PARSE_RE = re.compile(r"^(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$")


def parse_time(text: str) -> float:
    """Seconds from ``"12:03"``, ``"1:02:03.5"``, ``"723"`` or a media fragment.

    Fragments as in a link to a moment: ``"#t=12:03"``, ``"t=723"``, ``"t=npt:723,800"``
    (the start counts). Raises :class:`ValueError` for anything else.
    """
    value = str(text).strip().removeprefix("#")
    if value.startswith("t="):
        value = value.removeprefix("t=").removeprefix("npt:").split(",", 1)[0]
    value = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    m = _PARSE_RE.match(value)
    if m:
        hours, minutes, secs = m.groups()
        # in h:mm:ss the minutes are a clock's; in mm:ss they may run past 59 (75:00)
        if float(secs) < 60 and (hours is None or int(minutes) < 60):
            return int(hours or 0) * 3600 + int(minutes) * 60 + float(secs)
    raise ValueError(f"“{text}” is not a time; write it like 12:03 or 1:02:03")


def _timestamp(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _compare_times(a: float, b: float) -> tuple[str, str]:
    """Two times worded so that they differ when the numbers do (10:02.6 vs 10:02.0)."""
    ta, tb = format_time(a), format_time(b)
    if ta == tb:
        ta, tb = f"{ta}.{int(a * 10) % 10}", f"{tb}.{int(b * 10) % 10}"
    return ta, tb


# --------------------------------------------------------------------------- reading


def read_vtt(
    path: Path, rel: str, *, cache: dict | None = None
) -> tuple[list[Cue], list[Problem]]:
    """Read a WebVTT transcript: its cues, and every problem found, each at its line.

    ``rel`` is the file's path relative to the repository, used in the problems. Never
    raises for bad input. With ``cache`` (the loader's, while serving), an unchanged file is
    not parsed again.
    """
    if cache is not None:
        signature = file_signature(path)
        hit = cache.get(("vtt", path, rel))
        if hit is not None and hit[0] == signature:
            return hit[1]
        result = read_vtt(path, rel)
        cache[("vtt", path, rel)] = (signature, result)
        return result
    try:
        raw = path.read_bytes()
    except OSError as err:
        return [], [problem(rel, 0, 0, "unreadable", M_("cannot read this file: {reason}"),
                            reason=err.strerror)]
    if len(raw) > MAX_VTT_BYTES:
        return [], [
            problem(
                rel, 0, 0, "file-too-large",
                M_("this transcript is {size} MB; a transcript is plain text and much smaller"),
                M_("check that this is the right file"), size=f"{len(raw) / 1_000_000:.1f}",
            )
        ]
    text, problems = decode_utf8(
        raw, rel,
        message=M_("this transcript is not saved as UTF-8, so its Chinese characters cannot "
                   "be read"),
        hint=M_("save it again as UTF-8; WebVTT files are always UTF-8"),
    )
    if text is None:
        return [], problems
    return parse_vtt(text, rel)


def parse_vtt(text: str, rel: str) -> tuple[list[Cue], list[Problem]]:
    """:func:`read_vtt` for text already in memory."""
    text = text.removeprefix("\ufeff")
    # CRLF and lone CR become LF, as the spec says; line numbers stay the same.
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    problems: list[Problem] = []
    if not text.strip():
        return [], [
            problem(rel, 1, 1, "vtt-syntax", M_("this transcript is empty"),
                    M_("a transcript starts with a line WEBVTT, then the cues"))
        ]
    first = lines[0]
    almost = first.strip().upper().startswith("WEBVTT")
    if not _HEADER_RE.match(first):
        hint = (
            M_("write exactly WEBVTT, in capitals, at the start of the first line") if almost
            else M_("add a first line that says WEBVTT, then a blank line, then the cues")
        )
        problems.append(
            problem(
                rel, 1, 1, "vtt-syntax",
                M_("the first line of a transcript must be WEBVTT; players ignore the file "
                   "without it"),
                hint,
            )
        )
    i = 0
    # Without any header line the first line may already be a cue: read on from there, so
    # the other problems are found too.
    if _HEADER_RE.match(first) or almost:
        i = 1
        # header lines (Kind:, Language:) run to the first blank line; a timing line right
        # after WEBVTT starts the cues, as browsers read it
        while i < len(lines) and lines[i].strip() and "-->" not in lines[i]:
            i += 1
    cues: list[Cue] = []
    notes: list[tuple[int, str]] = []  # footnotes waiting for their cue, with their line
    for block_start, block in _blocks(lines, i):
        note = footnote_of(block)
        if note:
            notes.append((block_start, note))
            continue
        before = len(cues)
        _read_block(block_start, block, rel, cues, problems)
        if notes and len(cues) > before:
            cues[before] = replace(cues[before], notes=tuple(n for _, n in notes))
            notes = []
    if notes:
        problems.append(
            problem(
                rel, notes[0][0], 1, "vtt-footnote",
                M_("this footnote comes after the last cue, so it belongs to no line"),
                M_("put a footnote right before the cue it explains (the one with its [number])"),
                severity=WARNING,
            )
        )
        if cues:
            cues[-1] = replace(cues[-1], notes=cues[-1].notes + tuple(n for _, n in notes))
    return cues, problems


def _blocks(lines: list[str], start: int) -> Iterable[tuple[int, list[str]]]:
    """(1-based line of the first line, lines) of each blank-line-separated block."""
    block: list[str] = []
    block_start = 0
    for n in range(start, len(lines)):
        line = lines[n]
        if line.strip():
            if not block:
                block_start = n + 1
            block.append(line)
        elif block:
            yield block_start, block
            block = []
    if block:
        yield block_start, block


def _read_block(
    first_line: int, block: list[str], rel: str, cues: list[Cue], problems: list[Problem]
) -> None:
    if _BLOCK_KEYWORD_RE.match(block[0]):
        return  # comments, styles and regions say nothing about what was said
    if _HEADER_RE.match(block[0]):
        return  # a WEBVTT line below blank lines: the missing-header problem already says so
    # A cue is an optional identifier, then a timing line. A second timing line inside the
    # text starts another cue (browsers do the same), so a missing blank line costs nothing.
    starts = [k for k, line in enumerate(block) if "-->" in line]
    if not starts or starts[0] > 1:
        k = next((k for k, line in enumerate(block[:2]) if _LOOKS_LIKE_TIMING.match(line)), None)
        if k is not None:
            problems.append(_bad_timing(rel, first_line + k, block[k]))
        else:
            problems.append(
                problem(
                    rel, first_line, 1, "vtt-syntax",
                    M_("this block has no timing line, so it belongs to no moment of the "
                       "recording"),
                    M_("each cue starts with a line like 00:01.000 --> 00:04.000 (a blank line "
                       "between cues)"),
                )
            )
        if not starts:
            return
    for n, k in enumerate(starts):
        end_k = starts[n + 1] if n + 1 < len(starts) else len(block)
        _read_cue(first_line + k, block[k], block[k + 1 : end_k], rel, cues, problems)


def _bad_timing(rel: str, line: int, text: str) -> Problem:
    stripped = text.strip()
    hint = _TIMING_HINT
    value = stripped
    if "-->" not in stripped and re.search(r"->|→|—>|--|\s-\s", stripped):
        message = M_("“{value}” is not a timing line: the arrow between the times must be -->")
    elif "-->" not in stripped:
        message = M_("“{value}” is not a timing line: it needs a start time, --> and an end "
                     "time")
    else:
        message = M_("“{value}” is not a timing line WebVTT understands")
        if re.search(r"\d,\d", stripped):
            hint = M_("use a dot before the milliseconds, not a comma (00:01.000, not "
                      "00:01,000): this looks like an .srt file")
        else:
            for part in (p.strip().split()[0] if p.strip() else "" for p in stripped.split("-->")):
                if part and not _TIMESTAMP_RE.match(part):
                    message, value = M_("“{value}” is not a WebVTT time"), part
                    break
    col = len(text) - len(text.lstrip()) + 1
    return problem(rel, line, col, "vtt-syntax", message, hint, value=value)


def _read_cue(
    line: int, timing: str, text_lines: list[str], rel: str, cues: list[Cue],
    problems: list[Problem],
) -> None:
    m = _TIMING_RE.match(timing.strip())
    if not m:
        problems.append(_bad_timing(rel, line, timing))
        return
    g = m.groups()
    start, end = _timestamp(*g[0:4]), _timestamp(*g[4:8])
    if end <= start:
        ts, te = timing.strip().split("-->")[0].strip(), timing.strip().split("-->")[1].split()[0]
        problems.append(
            problem(
                rel, line, 1, "vtt-syntax",
                M_("this cue ends ({end}) before it starts ({start})") if end < start
                else M_("this cue ends ({end}) when it starts ({start})"),
                M_("check the times; the second one is when the cue ends"), end=te, start=ts,
            )
        )
        return
    if cues and start < cues[-1].start:
        problems.append(
            problem(
                rel, line, 1, "vtt-order",
                M_("this cue starts at {start}, before the cue above it (line {line}, "
                   "{before})"),
                M_("keep the cues in time order; players and the transcript page follow the "
                   "file"),
                severity=WARNING, start=format_time(start), line=cues[-1].line,
                before=format_time(cues[-1].start),
            )
        )
    voice, text = _cue_text(text_lines)
    if not text:
        problems.append(
            problem(
                rel, line, 1, "vtt-syntax", M_("this cue has no text"),
                M_("write what was said, or delete the cue"), severity=WARNING,
            )
        )
        return
    heading = voice is None and bool(_HEADING_RE.match("\n".join(text_lines)))
    cues.append(Cue(start, end, voice, text, line, heading=heading))


def _cue_text(lines: list[str]) -> tuple[str | None, str]:
    """The speaker and the plain text of a cue's lines (tags removed, entities decoded)."""
    raw = "\n".join(lines)
    voice = None
    m = _VOICE_RE.search(raw)
    if m:
        voice = html.unescape(m.group(1)).strip() or None
    # Tags go before entities are decoded: &lt;script&gt; is text, not a tag.
    plain = [html.unescape(_TAG_RE.sub("", line)).strip() for line in lines]
    return voice, "\n".join(line for line in plain if line)


# --------------------------------------------------------------------------- recordings


def audio_duration(path: Path) -> float:
    """The length of a recording in seconds (WAV, OGG Vorbis, Opus, MP3, M4A, MP4, ...).

    Raises :class:`AudioError` with a plain message for a file that cannot be read.
    """
    try:
        audio = mutagen.File(path)
    except Exception:  # noqa: BLE001 - mutagen fails in many ways on broken files; all mean this
        raise AudioError(
            M_("{name} cannot be read as a recording: it may be damaged, cut short, or not "
               "really a {kind} file"), name=path.name, kind=path.suffix or "sound",
        ) from None
    if audio is None:
        raise AudioError(M_("{name} is not a kind of recording Parlour can read"),
                         known_format=False, name=path.name)
    length = getattr(audio.info, "length", None)
    if not isinstance(length, (int, float)) or not math.isfinite(length) or length <= 0:
        raise AudioError(M_("{name} holds no sound (its length is unknown or zero)"),
                         name=path.name)
    return float(length)


# --------------------------------------------------------------------------- checks


def check_interviews(
    loaded: Loaded, *, media_root: Path, cache: dict | None = None
) -> list[Problem]:
    """Check every interview's transcript and recording against each other.

    Reports the transcript's syntax problems, recordings that cannot be read, and cues,
    segments and quotes that lie beyond the end of the recording. Files that are missing or
    point outside their folder are reported by the media checks, not here.
    ``loaded`` is a :class:`parlour.archive.loader.Loaded`; ``media_root`` is stories/media/.
    """
    interviews = dict(loaded.records.get("interviews", {}))
    for (type_, id_), record in loaded.partial.items():
        if type_ == "interviews":
            interviews.setdefault(id_, record)
    problems: list[Problem] = []
    for id_ in sorted(interviews):
        source = loaded.sources.get(("interviews", id_))
        if source is None:
            continue
        record = interviews[id_]
        folder = (loaded.root / source.path).parent
        files = [folder / name for name in _transcript_files(record)] + [
            media_root / str(getattr(record, f, None) or "") for f in ("audio", "video")
        ]
        try:
            problems.extend(per_source(
                cache, "interview", source, files,
                lambda: _check_interview(  # noqa: B023
                    loaded.root, source, record, media_root, vtt_cache=loaded.cache
                ),
            ))
        except Exception as err:  # noqa: BLE001 - never a traceback for a contributor's file
            problems.append(internal_problem(source.path, err))
    return problems


_NOT_RELATIVE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|/|\\)")


def _inside(base: Path, name: str) -> Path | None:
    """``base/name`` if it is an existing file inside ``base``; None otherwise."""
    # URLs, absolute paths and drive letters are reported by the media checks
    if not isinstance(name, str) or not name or _NOT_RELATIVE.match(name):
        return None
    if ".." in re.split(r"[\\/]", name) or through_link(base, name):
        return None  # a link could point at any file on the machine: never read through it
    path = base / name
    return path if path.is_file() else None


def _transcript_files(record: Any) -> list[str]:
    """The transcript and its translations (file names beside the interview)."""
    names = [getattr(record, "transcript", None)] + [
        getattr(t, "file", None) for t in getattr(record, "transcript_translations", None) or []
    ]
    return [str(name) for name in names if name]


def _check_interview(
    root: Path, source: Source, record: Any, media_root: Path, *, vtt_cache: dict | None = None
) -> list[Problem]:
    problems: list[Problem] = []
    folder = (root / source.path).parent
    transcripts: list[tuple[str, list[Cue]]] = []
    for name in _transcript_files(record):
        if vtt := _inside(folder, name):
            vtt_rel = (Path(source.path).parent / name).as_posix()
            cues, found = read_vtt(vtt, vtt_rel, cache=vtt_cache)
            problems.extend(found)
            transcripts.append((vtt_rel, cues))

    duration = None
    recording = ""
    for field in ("audio", "video"):
        name = getattr(record, field, None)
        media = _inside(media_root, name) if name else None
        if media is None:
            continue
        try:
            duration = audio_duration(media)
        except AudioError as err:
            if field == "video" and not err.known_format:
                # mutagen reads MP4/MOV but not WebM or MKV; not knowing a video's kind says
                # nothing about whether it plays
                continue
            line, col = source.marks.find((field,))
            problems.append(
                problem(
                    source.path, line, col, "audio-unreadable", err.msgid,
                    M_("export the recording again (MP3, M4A, OGG or WAV) and replace the file"),
                    **err.params,
                )
            )
            continue
        recording = f"stories/media/{name}"
        break
    if duration is None:
        return problems

    limit = duration + TOLERANCE
    for vtt_rel, cue in ((rel, cue) for rel, cues in transcripts for cue in cues):
        if cue.end > limit:
            at, length = _compare_times(cue.end, duration)
            problems.append(
                problem(
                    vtt_rel, cue.line, 1, "vtt-beyond-audio",
                    M_("this cue ends at {at} but the recording {recording} is {length} long"),
                    M_("the transcript may belong to another recording, or the recording was "
                       "cut"), at=at, recording=recording, length=length,
                )
            )
    for i, segment in enumerate(getattr(record, "segments", None) or []):
        start = getattr(segment, "start", None)
        if isinstance(start, (int, float)) and start > limit:
            problems.append(_beyond(
                source, ("segments", i, "start"),
                M_("this segment starts at {at} but the recording {recording} is {length} long"),
                start, duration, recording))
    for i, quote in enumerate(getattr(record, "quotes", None) or []):
        at = getattr(quote, "at", None)
        if isinstance(at, (int, float)) and at > limit:
            problems.append(_beyond(
                source, ("quotes", i, "at"),
                M_("this quote is at {at} but the recording {recording} is {length} long"),
                at, duration, recording))
    return problems


def _beyond(source, loc, message, seconds, duration, recording) -> Problem:
    line, col = source.marks.find(loc)
    at, length = _compare_times(seconds, duration)
    return problem(
        source.path, line, col, "time-beyond-audio", message,
        M_("check the time (12:03 means 12 minutes 3 seconds; 1:02:03 has hours first)"),
        at=at, recording=recording, length=length,
    )


# --------------------------------------------------------------------------- for pages


class TranscriptRow(NamedTuple):
    """One cue as a page shows it (templates/parlour/partials/transcript.html): a unique
    ``id`` (``t-<seconds>``), start and end in seconds for data- attributes, the start as
    shown (``time``), the speaker's label (None when the same voice goes on) and the lines;
    the cue's footnotes, and whether it is a heading. A named tuple: read-only like a frozen
    dataclass, and made several times faster (a build makes one per cue)."""

    id: str
    start: str
    end: str
    time: str
    voice: str | None
    lines: tuple[str, ...]
    notes: tuple[str, ...] = ()
    heading: bool = False


def _number(seconds: float) -> str:
    """A time for a data- attribute: ``12.5``, ``3``, never ``12.500000001``."""
    return f"{seconds:.3f}".rstrip("0").rstrip(".")


def transcript_rows(
    cues: list[Cue], *, label: Callable[[str | None], str]
) -> list[TranscriptRow]:
    """The transcript's cues as rows for a page (the template escapes every text).

    ``label(voice)`` gives the name shown for a speaker, so the caller can show a consented
    label instead of a narrator's real name. A speaker is named on the first of their
    consecutive cues only; the comparison is on the voice itself, not the label, so two
    people who both show as "一位居民" are still told apart.
    """
    rows = []
    used: set[str] = set()
    previous: str | None = None
    for n, cue in enumerate(cues):
        start = _number(cue.start)
        ident = "t-" + start.replace(".", "-")
        if ident in used:
            k = 2
            while f"{ident}-{k}" in used:
                k += 1
            ident = f"{ident}-{k}"
        used.add(ident)
        name = None
        if cue.voice is not None and (n == 0 or cue.voice != previous):
            name = " ".join(str(label(cue.voice) or "").split()) or None
        # after a heading the next speaker is named again, as after a change of voice
        previous = None if cue.heading else cue.voice
        rows.append(TranscriptRow(
            ident, start, _number(cue.end), format_time(cue.start), name,
            tuple(cue.text.replace("\r", "").split("\n")), cue.notes, cue.heading,
        ))
    return rows


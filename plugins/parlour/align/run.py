"""`parlour align INTERVIEW`: one interview's recording and typed text become its .vtt.

The interview names its recording (``audio:`` or ``video:``) and its language; its people
give the speaker labels their meaning. The transcript is written where ``transcript:``
says, or beside the interview as ``<id>.vtt`` (and ``transcript:`` is added). Speakers are
written as typed (a name or display name), or, for Q/A labels, as the id of the interview's
interviewer or narrator: the archive's views turn each into what its audience may see, as
for every transcript; the aligner applies no consent of its own.
"""

from __future__ import annotations

import datetime
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..archive.loader import STORIES, load_file
from ..archive.transcript import parse_vtt
from . import confidence
from .engine import AlignError, align, voice_for
from .text import ROLE_LABELS, Piece, parse_text, read_text
from .update import Placed, merge, render, rewrite, tidy

Progress = Callable[[str, float, float], None]
#: Where replaced transcripts are kept, in the repository root (.gitignore lists it).
BACKUPS = ".parlour-backups"


@dataclass
class Result:
    """What `parlour align` did: the file written, its cues, the unsure ones (line,
    reason), the backup of what it replaced, and notes for the person running it."""

    path: Path
    cues: int = 0
    unsure: list[tuple[int, str]] = field(default_factory=list)
    backup: Path | None = None
    retimed: int | None = None
    notes: list[str] = field(default_factory=list)


@dataclass
class _Interview:
    id: str
    path: Path
    data: dict[str, Any]
    recording: Path
    vtt: Path


def align_interview(
    root: Path, interview: str, *, text: Path | None = None, update: bool = False,
    force: bool = False, accept: bool = False, language: str | None = None,
    progress: Progress | None = None,
) -> Result:
    """Align (or with ``update``, re-align) an interview's transcript; with ``accept``
    alone, confirm its unsure cues. Raises :class:`AlignError` with a plain message."""
    found = _find(root, interview, need_recording=not (accept and not update and not text))
    if accept and not update and text is None:
        return _accept(found)
    voice = voice_for(language or str(found.data.get("language") or "zh"))
    if update:
        result = _update(root, found, voice, progress)
    else:
        result = _fresh(root, found, text, voice, force, progress)
    if accept:
        result.unsure = []
        _accept(found)
    return result


def _find(root: Path, interview: str, *, need_recording: bool) -> _Interview:
    folder = root / STORIES / "interviews"
    path = next((p for p in (folder / f"{interview}.md", folder / f"{interview}.yml")
                 if p.is_file()), None)
    if path is None:
        raise AlignError(f"there is no interview “{interview}” in {STORIES}/interviews/ "
                         "(give its file name without .md)")
    source, problems = load_file(root, path, "interviews")
    if source is None or source.data is None:
        first = problems[0].message if problems else "it cannot be read"
        raise AlignError(f"{path.relative_to(root)}: {first}; run `parlour check`")
    data = source.data
    media = data.get("audio") or data.get("video")
    recording = root / STORIES / "media" / str(media or "")
    if need_recording and (not media or not recording.is_file()):
        raise AlignError(
            f"{path.relative_to(root)} names no recording that is there"
            + (f" ({STORIES}/media/{media} is missing)" if media else
               ": add `audio:` with the file's name in stories/media/"))
    name = str(data.get("transcript") or f"{interview}.vtt")
    if "/" in name or "\\" in name or name.startswith("."):
        raise AlignError(f"{path.relative_to(root)}: transcript: should be a file name beside "
                         "the interview")
    return _Interview(interview, path, data, recording, path.parent / name)


def _people(root: Path, data: dict[str, Any]) -> tuple[set[str], dict[str, str]]:
    """Labels that name the interview's people, and role -> person id for Q/A labels."""
    ids = [data.get("narrator"), *(data.get("interviewers") or [])]
    known: set[str] = set()
    for pid in (str(p) for p in ids if p):
        known.add(pid)
        path = root / STORIES / "people" / f"{pid}.yml"
        source, _ = load_file(root, path, "people") if path.is_file() else (None, [])
        for key in ("name", "display_name"):
            value = (source.data or {}).get(key) if source else None
            values = value.values() if isinstance(value, dict) else [value]
            known.update(str(v).strip() for v in values if v and str(v).strip())
    roles = {}
    if data.get("narrator"):
        roles["narrator"] = str(data["narrator"])
    if len(data.get("interviewers") or []) == 1:
        roles["interviewer"] = str(data["interviewers"][0])
    return known, roles


def _voices(pieces: list[Piece], roles: dict[str, str]) -> list[str | None]:
    out = []
    for piece in pieces:
        role = ROLE_LABELS.get((piece.speaker or "").casefold())
        out.append(roles.get(role, piece.speaker) if role else piece.speaker)
    return out


def _fresh(root: Path, found: _Interview, text: Path | None, voice: str, force: bool,
           progress: Progress | None) -> Result:
    if text is None or not text.is_file():
        # not a default file beside the interview: stories/ holds only what the archive
        # reads, and the .vtt will hold the words
        raise AlignError("no typed transcript: name it with --text FILE (plain text, UTF-8 or "
                         "GBK; keep it outside stories/)")
    known, roles = _people(root, found.data)
    pieces = parse_text(read_text(text), known=known)
    if not pieces:
        raise AlignError(f"{text.name} holds no text to align")
    backup = None
    if found.vtt.exists():
        cues, _ = parse_vtt(found.vtt.read_text(encoding="utf-8", errors="replace"), "")
        if cues and not force:
            raise AlignError(
                f"{_rel(root, found.vtt)} already has times; nothing was changed. To align "
                "again after correcting it, use --update; to replace it with a new alignment "
                "of the text, use --force (a backup is kept)")
        backup = _backup(root, found.vtt)
    timed = align(found.recording, [p.text for p in pieces], [p.anchor for p in pieces],
                  voice=voice, progress=progress)
    voices = _voices(pieces, roles)
    reasons = confidence.assess([(t.start, t.end, t.reading, t.cost) for t in timed], voices)
    placed = tidy([Placed(t.start, t.end, v, p.text, r)
                   for t, v, p, r in zip(timed, voices, pieces, reasons, strict=True)])
    header = (f"Aligned by `parlour align` from {text.name} on {datetime.date.today()}.\n"
              "Times come from the recording; a cue it was unsure of has a NOTE unsure\n"
              "before it. After correcting words, run `parlour align "
              f"{found.id} --update`.")
    found.vtt.write_text(render(placed, header=header), encoding="utf-8")
    result = Result(found.vtt, len(placed), backup=backup)
    result.unsure = confidence.unconfirmed(found.vtt.read_text(encoding="utf-8"))
    if not found.data.get("transcript"):
        _name_transcript(found)
        result.notes.append(f"added `transcript: {found.vtt.name}` to {found.path.name}")
    return result


def _update(root: Path, found: _Interview, voice: str, progress: Progress | None) -> Result:
    if not found.vtt.is_file():
        raise AlignError(f"{found.vtt.name} is not there yet: align the typed text first "
                         f"(parlour align {found.id} --text FILE)")
    text = found.vtt.read_text(encoding="utf-8", errors="replace")
    cues, problems = parse_vtt(text, found.vtt.name)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise AlignError(f"{found.vtt.name}:{errors[0].line}: {errors[0].message}; fix it first "
                         "(`parlour check` lists every problem)")
    spoken = [c for c in cues if not c.heading]
    if not spoken:
        raise AlignError(f"{found.vtt.name} has no cues to align")
    timed = align(found.recording, [c.text for c in spoken], [None] * len(spoken),
                  voice=voice, progress=progress)
    reasons = confidence.assess([(t.start, t.end, t.reading, t.cost) for t in timed],
                                [c.voice for c in spoken])
    fresh = [Placed(t.start, t.end, c.voice, c.text, r)
             for t, c, r in zip(timed, spoken, reasons, strict=True)]
    placed, moved = merge(spoken, text.split("\n"), fresh)
    backup = _backup(root, found.vtt)
    found.vtt.write_text(rewrite(text, spoken, placed, moved), encoding="utf-8")
    result = Result(found.vtt, len(placed), backup=backup, retimed=sum(moved))
    result.unsure = confidence.unconfirmed(found.vtt.read_text(encoding="utf-8"))
    return result


def _accept(found: _Interview) -> Result:
    if not found.vtt.is_file():
        raise AlignError(f"{found.vtt.name} is not there: nothing to accept")
    text, count = confidence.accept(found.vtt.read_text(encoding="utf-8"))
    found.vtt.write_text(text, encoding="utf-8")
    result = Result(found.vtt, len(parse_vtt(text, "")[0]))
    result.notes.append(f"{count} unsure cue(s) marked as checked")
    return result


def _backup(root: Path, path: Path) -> Path:
    """Copy ``path`` to ``BACKUPS/<name>.<time>.bak``, never over an older backup.

    Not beside the transcript: stories/ holds only what the archive reads (a stray file
    there is an error), and git ignores the backup folder, as a backup holds every name.
    """
    folder = root / BACKUPS
    folder.mkdir(exist_ok=True)
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    backup = folder / f"{path.name}.{stamp}.bak"
    n = 1
    while backup.exists():
        n += 1
        backup = folder / f"{path.name}.{stamp}-{n}.bak"
    shutil.copy2(path, backup)
    return backup


def _name_transcript(found: _Interview) -> None:
    """Add ``transcript: <file>`` to the interview's front matter, after its recording."""
    text = found.path.read_text(encoding="utf-8")
    line = f"transcript: {found.vtt.name}"
    new, n = re.subn(r"(?m)^((?:audio|video):.*)$", lambda m: f"{m.group(1)}\n{line}", text,
                     count=1)
    found.path.write_text(new if n else text, encoding="utf-8")


def _rel(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)

"""The typed transcript `parlour align` reads: plain text, as volunteers type it.

Paragraphs are separated by blank lines (or simply by line breaks). A paragraph may start
with a speaker label, ``王师傅：`` or ``Q:`` / ``A:``; without one it goes on with the last
speaker. A time mark ``[00:12:30]`` (or ``[12:30]``), as legacy OHMS transcripts have one
every minute, anchors the text after it at that moment of the recording.

Each paragraph is cut into cues: at the end of every sentence or clause (。！？；, and .!?;
before a space), and a sentence longer than about two lines on a phone also at its commas,
into pieces of about equal length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from ..archive.problems import ParlourError

#: Two lines on a phone: about 18 Chinese characters a line, or 36 narrow (Latin) ones.
MAX_WIDTH = 72
#: A speaker label is short: a name, a title, Q or A.
MAX_LABEL = 16
#: Labels that name a role rather than a person; recognised even when used only once.
ROLE_LABELS = {
    "q": "interviewer", "问": "interviewer", "問": "interviewer", "interviewer": "interviewer",
    "采访者": "interviewer", "主持人": "interviewer",
    "a": "narrator", "答": "narrator", "narrator": "narrator", "受访者": "narrator",
}

_ANCHOR_RE = re.compile(r"\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:\.\d+)?\]")
_LABEL_RE = re.compile(rf"^\s*([^\s：:。！？，、；,.!?;\[\]][^：:。！？，、；,.!?;\[\]]{{0,{MAX_LABEL - 1}}})"
                       r"\s*[：:]\s*")
# The end of a sentence or clause; closing quotes and brackets stay with it.
# A full stop ends an English sentence, except after a title (Mr. Wang) or an initial.
_SENTENCE_RE = re.compile(
    r"[。！？；!?;…]+[”’」』）)\"']*"
    r"|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)(?<!\bSt)(?<!\bNo)(?<!\b[A-Z])"
    r"\.(?=[”’\"')]*(?:\s|$))[”’\"')]*"
)
_COMMA_RE = re.compile(r"[，、：,:]+[”’」』）)\"']*")


class TextError(ParlourError):
    """A typed transcript that cannot be read, in plain words."""


@dataclass(frozen=True)
class Piece:
    """One future cue: its text, the speaker label as typed (or None), the line of the text
    file it starts on, and the time of an anchor right before it (seconds), if any."""

    text: str
    speaker: str | None
    line: int
    anchor: float | None = None


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (with or without a byte-order mark), else GBK (GB 18030).

    Word processors on Chinese Windows save "plain text" as GBK. Raises :class:`TextError`
    when it is neither.
    """
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise TextError(f"cannot read {path}: {err.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        raise TextError(
            f"{path} is neither UTF-8 nor GBK text; save it again as plain text (UTF-8)"
        ) from None


def width(text: str) -> int:
    """Display width: a Chinese character counts two, a Latin letter one."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def parse_text(
    text: str, *, known: set[str] | None = None, max_width: int = MAX_WIDTH
) -> list[Piece]:
    """The transcript's cues, in order. ``known`` are the speaker labels to accept even if
    used once (the names of the interview's people); other words before a colon count as a
    label when they start two or more paragraphs (so "她问我：" inside speech is text)."""
    paragraphs = _paragraphs(text.removeprefix("\ufeff"))
    labels = _labels(paragraphs, {k.casefold() for k in known or ()})
    pieces: list[Piece] = []
    speaker = None
    anchor = None  # a mark at the end of a paragraph belongs to the next one
    for line, para in paragraphs:
        m = _LABEL_RE.match(para)
        if m and m.group(1).strip().casefold() in labels:
            speaker = m.group(1).strip()
            para = para[m.end():]
        anchor = _pieces(para, line, speaker, max_width, anchor, pieces)
    return pieces


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(line, text) of each non-empty line: a typed paragraph is one line."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [(n, line.strip()) for n, line in enumerate(lines, 1) if line.strip()]


def _labels(paragraphs: list[tuple[int, str]], known: set[str]) -> set[str]:
    seen: dict[str, int] = {}
    for _, para in paragraphs:
        if m := _LABEL_RE.match(para):
            key = m.group(1).strip().casefold()
            seen[key] = seen.get(key, 0) + 1
    return {k for k, n in seen.items() if n >= 2 or k in known or k in ROLE_LABELS}


def _pieces(
    para: str, line: int, speaker: str | None, max_width: int, anchor: float | None,
    pieces: list[Piece],
) -> float | None:
    """Add a paragraph's cues to ``pieces``; an anchor inside it ends the cue before it.
    Returns the time of a mark that no text followed."""
    pos = 0
    for m in [*_ANCHOR_RE.finditer(para), None]:
        chunk = para[pos:m.start() if m else len(para)]
        for sentence in split_sentences(chunk, max_width=max_width):
            pieces.append(Piece(sentence, speaker, line, anchor))
            anchor = None
        if m:
            h, mi, s = m.groups()
            anchor = int(h or 0) * 3600 + int(mi) * 60 + int(s)
            pos = m.end()
    return anchor


def split_sentences(text: str, *, max_width: int = MAX_WIDTH) -> list[str]:
    """Sentences and clauses of ``text``; a long one cut at its commas into parts of about
    equal width (a clause with no comma stays whole, however long)."""
    out: list[str] = []
    for sentence in _cut(text, _SENTENCE_RE):
        if width(sentence) <= max_width:
            out.append(sentence)
            continue
        clauses = _cut(sentence, _COMMA_RE)
        parts = -(-width(sentence) // max_width)
        target = width(sentence) / parts
        current = ""
        for clause in clauses:
            joined = _join(current, clause)
            if current and (width(joined) > max_width or width(current) >= target * 0.9):
                out.append(current)
                current = clause
            else:
                current = joined
        if current:
            out.append(current)
    return out


def _cut(text: str, pattern: re.Pattern[str]) -> list[str]:
    parts, pos = [], 0
    for m in pattern.finditer(text):
        parts.append(text[pos:m.end()])
        pos = m.end()
    parts.append(text[pos:])
    out: list[str] = []
    for part in (p.strip() for p in parts):
        if out and part and not re.search(r"\w", part):
            out[-1] += part  # stray punctuation ("……" after a sentence) stays with it
        elif part:
            out.append(part)
    return out


def _join(a: str, b: str) -> str:
    if not a:
        return b
    # Latin text keeps the space between its clauses; Chinese has none
    return f"{a} {b}" if a[-1].isascii() and b[:1].isascii() else a + b

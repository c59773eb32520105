"""OHMS 5 ("legacy") transcripts: plain text timed by a minute sync, made into cues.

An OHMS 5 ``<transcript>`` is the typed transcript as the archive keeps it: hard-wrapped at
about 80 characters, ``NAME:`` speaker labels, blank lines between paragraphs, headings in
capitals (``APPENDIX: ...``, ``INDEX``, ``[END OF INTERVIEW]``), inline time marks
(``{00:02:40}``, which the OHMS viewer hides), footnote markers
(``[[footnote]]1[[/footnote]]``) and, at the end, the footnotes themselves
(``[[footnotes]][[note]]...[[/note]][[/footnotes]]``, a note holding ``[[link]]url[[/link]]``).

``sync`` (``1:|13(3)|19(14)|...``) says where each minute falls: after the interval in
minutes, the n-th ``|``-separated entry is the transcript line (0-based, counting blank lines,
as the OHMS viewer counts them) and the word on it (1-based) spoken at n x interval minutes.

How it becomes cues:

- **paragraphs**: the hard-wrapped lines of a paragraph are joined (with a space, or with
  nothing between two Chinese characters); a line much shorter than the text's wrapping width
  ended where its writer ended it (a list, a verse) and keeps its line break. A paragraph ends
  at a blank line, at a line that starts with a speaker label and at a heading. A paragraph
  without a label goes on in the voice before it.
- **time marks** (the sync's minutes, inline ``{hh:mm:ss}`` marks) split a paragraph where
  they fall, so every cue boundary OHMS knew is exact; other times are interpolated between
  them (and from the last one to ``duration``), measuring the text in words for Latin script
  and in characters for Chinese (which has no spaces, so one OHMS "word" can be a whole line).
- **headings** become a cue of their own without a voice, in bold (Parlour's heading, see
  parlour.archive.transcript); the text after a heading has no voice until a label comes.
- **footnotes**: a marker becomes ``[1]`` right after its word; the n-th note is footnote n
  and goes with the cue whose text holds its marker (a ``NOTE [1] ...`` block in the .vtt).
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass, replace

from ..archive.cjk import CJK
from .vtt import Cue, reading_time, vtt_escape

_LATIN_LABEL = r"[A-Z][A-Z0-9.'\- ]{0,40}"
_CJK_LABEL = r"[\u3400-\u9fff·]{1,8}"
_LABEL_RE = re.compile(rf"^\s*({_LATIN_LABEL}|{_CJK_LABEL})\s*[:：]\s*")
_CJK_RE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_CJK_EDGE = re.compile(f"[{CJK}]")
#: A guess when OHMS gives neither sync nor duration: 150 words (units) a minute.
SECONDS_PER_WORD = 0.4
#: The fewest units of speech (about three seconds) a piece of a paragraph split at a time
#: mark may have: a mark in a short question, or near a paragraph's end, times the paragraph
#: instead of cutting it into scraps.
MIN_PIECE = 8

_TIME_MARK_RE = re.compile(r"\{(\d{1,2}(?::\d{1,2}){1,2}(?:\.\d+)?)?\}")
_FOOTNOTES_RE = re.compile(r"\[\[footnotes\]\](.*?)\[\[/footnotes\]\]", re.DOTALL)
_NOTE_RE = re.compile(r"\[\[note\]\](.*?)\[\[/note\]\]", re.DOTALL)
_LINK_RE = re.compile(r"\[\[link\]\](.*?)\[\[/link\]\]", re.DOTALL)
# the marker goes right after its word: "office [[footnote]]1[[/footnote]]" is "office[1]"
_MARKER_RE = re.compile(r"[ \t]*\[\[footnote\]\]\s*(\d+)\s*\[\[/footnote\]\]")
_STRAY_RE = re.compile(r"\[\[/?(?:footnotes?|note|link)\]\]")
_NUMBER_RE = re.compile(r"\[(\d+)\]")
#: A line break after a line this much narrower than the text's widest lines was typed, not
#: made by wrapping: it is kept.
SHORT_LINE = 0.6
#: Words that start a heading in an archive's transcript, not a speaker's name.
HEADING_WORDS = (
    "APPENDIX", "INDEX", "TABLE OF CONTENTS", "CONTENTS", "END OF INTERVIEW", "ABSTRACT",
    "BIOGRAPHY", "CHRONOLOGY", "GLOSSARY", "ERRATA", "NOTES", "FOOTNOTES", "PREFACE",
    "INTRODUCTION", "SESSION", "TAPE", "SIDE", "PART", "CHAPTER",
)


@dataclass
class _Token:
    text: str
    line: int
    units: int
    label: bool = False  # part of a speaker label: counted, not said


@dataclass
class _Paragraph:
    first: int  # index of its first token
    end: int  # index after its last token
    voice: str | None
    heading: bool = False


def parse_sync(sync: str) -> list[tuple[int, int, float]]:
    """``1:|13(3)|19(14)`` as [(line, word, seconds)]: line 0-based, word 1-based."""
    sync = sync.strip()
    if ":" not in sync:
        return []
    interval, stamps = sync.split(":", 1)
    try:
        minutes = float(interval.strip() or 1)
    except ValueError:
        return []
    parts = stamps.split("|")
    if parts and not parts[0].strip():
        parts = parts[1:]  # the OHMS viewer reads an empty first entry as minute 0, line 0
    out = []
    for n, stamp in enumerate(parts, start=1):
        m = re.match(r"^\s*(\d+)\((\d+)\)\s*$", stamp)
        if m:
            out.append((int(m.group(1)), int(m.group(2)), round(n * minutes * 60, 3)))
    return out


def split_footnotes(transcript: str) -> tuple[str, dict[int, str]]:
    """The transcript without its notes (each replaced by as many line breaks, because sync
    counts lines) and with markers as ``[n]``; the notes by number, as plain text."""
    notes: dict[int, str] = {}

    def note(m: re.Match) -> str:
        link = _LINK_RE.search(m.group(1))
        text = " ".join(html.unescape(_LINK_RE.sub("", m.group(1))).split())
        if link:
            url = link.group(1).strip()
            text = f"{text} ({url})" if text else url
        notes[len(notes) + 1] = text
        return "\n" * m.group(0).count("\n")

    def block(m: re.Match) -> str:
        inner = _NOTE_RE.sub(note, m.group(1))
        return "\n" * (inner.count("\n") + m.group(0).count("\n") - m.group(1).count("\n"))

    text = transcript.replace("\r\n", "\n").replace("\r", "\n")
    text = _FOOTNOTES_RE.sub(block, text)
    text = _NOTE_RE.sub(note, text)  # notes outside a [[footnotes]] block, as some files have
    text = _MARKER_RE.sub(lambda m: f"[{m.group(1)}]", text)
    return _STRAY_RE.sub("", text), notes


def _units(token: str) -> int:
    """How long a whitespace-separated token takes to say, roughly: one unit per Chinese
    character, plus one for any run of other letters or digits."""
    cjk = len(_CJK_RE.findall(token))
    rest = 1 if re.search(r"[^\W_]", _CJK_RE.sub("", token)) else 0
    return max(1, cjk + rest)


def _seconds(mark: str) -> float:
    value = 0.0
    for part in mark.split(":"):
        value = value * 60 + float(part)
    return value


def _speaker_labels(lines: list[str]) -> dict[str, int]:
    """How many lines each label starts. A Chinese label (王建国：) counts only when it starts
    two or more, so a sentence such as 他说：走吧 is not taken for a speaker."""
    labels: dict[str, int] = {}
    for line in lines:
        m = _LABEL_RE.match(line)
        if m:
            labels[m.group(1).strip()] = labels.get(m.group(1).strip(), 0) + 1
    return labels


def _label(line: str, labels: dict[str, int]) -> re.Match | None:
    m = _LABEL_RE.match(line)
    if m and (not _CJK_RE.search(m.group(1)) or labels[m.group(1).strip()] >= 2):
        return m
    return None


def is_heading(line: str, labels: dict[str, int], *, alone: bool) -> bool:
    """Whether a transcript line is a heading: it starts with a heading word (``APPENDIX:``,
    ``INDEX``, ``SESSION 2``), or, standing ``alone`` as a paragraph, it is all capitals and
    not a speaker's answer (``SMITH: NO.`` where SMITH speaks elsewhere too)."""
    text = line.strip()
    if not text or len(text) > 160:
        return False
    m = _LABEL_RE.match(text)
    head = (m.group(1).strip() if m else text).upper()
    starts = any(head == w or head.startswith((w + " ", w + ":")) for w in HEADING_WORDS)
    if starts and (m or not re.search(r"[a-z]", text.split(":")[0])):
        return True
    if not alone or re.search(r"[a-z]", text) or not re.search(r"[A-Z]", text):
        return False
    return not (m and labels.get(m.group(1).strip(), 0) >= 2)


def _headings(lines: list[str], labels: dict[str, int]) -> set[int]:
    """The lines that are headings: each the first line of its paragraph."""
    out = set()
    for n, line in enumerate(lines):
        first = n == 0 or not lines[n - 1].strip()
        alone = first and (n + 1 == len(lines) or not lines[n + 1].strip())
        if first and is_heading(line, labels, alone=alone):
            out.add(n)
    return out


def _tokens(lines: list[str], labels: dict[str, int],
            headings: set[int]) -> tuple[list[_Token], list[int]]:
    """Every token of the transcript, and the index of each line's first token."""
    tokens: list[_Token] = []
    starts = []
    for n, line in enumerate(lines):
        starts.append(len(tokens))
        m = _label(line, labels) if n not in headings else None
        if m:
            tokens += [_Token(t, n, _units(t), label=True) for t in line[: m.end()].split()]
            line = line[m.end():]
        tokens += [_Token(t, n, _units(t)) for t in line.split()]
    starts.append(len(tokens))
    return tokens, starts


def _marks(lines: list[str]) -> tuple[list[str], list[tuple[int, int, float]]]:
    """The lines without their inline time marks, and the marks as (line, word, seconds)
    with the word 1-based, as sync has them."""
    out, marks = [], []
    for n, line in enumerate(lines):
        parts = _TIME_MARK_RE.split(line)
        kept = parts[0]
        for k in range(1, len(parts), 2):
            if parts[k]:
                marks.append((n, len(kept.split()) + 1, _seconds(parts[k])))
            kept += parts[k + 1]
        out.append(kept)
    return out, marks


def _clock(tokens: list[_Token], starts: list[int], marks: list[tuple[int, int, float]],
           duration: float | None):
    """The time at a token index (interpolated), and the token indices a time mark falls on."""
    offsets = [0]
    for token in tokens:
        offsets.append(offsets[-1] + token.units)
    points = []
    for line, word, seconds in marks:
        if line >= len(starts) - 1 or starts[line] >= len(tokens):
            continue  # past the end of the text: nothing is said there
        # a mark on a blank line falls on the next word said
        last = max(starts[line + 1] - 1, starts[line])
        points.append((min(starts[line] + max(word, 1) - 1, last), seconds))
    anchors = [(0, 0.0)]
    for index, seconds in sorted(points):
        if offsets[index] > anchors[-1][0] and seconds > anchors[-1][1]:
            anchors.append((offsets[index], seconds))
    exact = {index for index, seconds in points if (offsets[index], seconds) in anchors}
    rate = anchors[-1][1] / anchors[-1][0] if len(anchors) > 1 else SECONDS_PER_WORD
    total = offsets[-1]
    if duration and duration > anchors[-1][1] and total > anchors[-1][0]:
        anchors.append((total, duration))
        rate = (duration - anchors[-2][1]) / (total - anchors[-2][0])

    def at(index: int) -> float:
        g = offsets[index]
        for (g0, t0), (g1, t1) in itertools.pairwise(anchors):
            if g0 <= g <= g1:
                return round(t0 + (t1 - t0) * (g - g0) / (g1 - g0), 3)
        g0, t0 = anchors[-1]
        return round(t0 + (g - g0) * rate, 3)

    return at, exact, offsets


def _paragraphs(lines: list[str], starts: list[int], labels: dict[str, int],
                headings: set[int]) -> list[_Paragraph]:
    out: list[_Paragraph] = []
    voice = None
    for n, line in enumerate(lines):
        if not line.strip():
            continue
        m = _label(line, labels)
        first = n == 0 or not lines[n - 1].strip()
        if n in headings:
            voice = None
            out.append(_Paragraph(starts[n], starts[n + 1], None, heading=True))
            continue
        if m:
            voice = m.group(1).strip()
        if m or first or (out and out[-1].heading):
            out.append(_Paragraph(starts[n], starts[n + 1], voice))
        else:
            out[-1].end = starts[n + 1]
    return out


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line.rstrip())


def _wrapped(lines: list[str]) -> set[int]:
    """The lines whose line break was made by wrapping: those nearly as wide as the text's
    widest lines (the 90th percentile, so one overlong line does not set the measure)."""
    widths = sorted(_width(line) for line in lines if line.strip())
    if not widths:
        return set()
    measure = widths[min(len(widths) - 1, int(len(widths) * 0.9))]
    return {n for n, line in enumerate(lines) if _width(line) >= SHORT_LINE * measure}


def _join(tokens: list[_Token], wrapped: set[int]) -> str:
    text = ""
    for previous, token in zip([None, *tokens], tokens, strict=False):
        if previous is None:
            pass
        elif previous.line != token.line and previous.line not in wrapped:
            text += "\n"
        elif not (previous.line != token.line and _CJK_EDGE.match(previous.text[-1])
                  and _CJK_EDGE.match(token.text[0])):
            text += " "
        text += token.text
    return text


def attach_notes(cues: list[Cue], notes: dict[int, str], problems: list[str]) -> list[Cue]:
    """Each footnote onto the first cue whose text holds its marker ``[n]`` (the last cue
    when none does); what does not fit is said in ``problems``."""
    cues = list(cues)
    marked = {int(n) for cue in cues for n in _NUMBER_RE.findall(cue.text)}
    for number, text in sorted(notes.items()):
        at = next((i for i, cue in enumerate(cues) if f"[{number}]" in cue.text), None)
        if at is None:
            if not cues:
                problems.append(f"footnote {number} was not imported: there is no transcript")
                continue
            at = len(cues) - 1
            problems.append(f"footnote {number} has no [{number}] marker in the transcript; "
                            "it is kept with the last line")
        cues[at] = replace(cues[at], notes=(*cues[at].notes, f"[{number}] {text}"))
    for number in sorted(marked - set(notes)):
        if notes:  # a file without footnotes uses [n] for something else
            problems.append(f"the transcript marks footnote [{number}] but has no note {number}")
    return cues


def sync_cues(transcript: str, sync: str, *, duration: float | None = None,
              problems: list[str] | None = None) -> list[Cue]:
    """Cues from an OHMS 5 transcript and its minute sync (see the module docstring).
    What cannot be kept as OHMS had it is said in ``problems``."""
    problems = problems if problems is not None else []
    text, notes = split_footnotes(transcript)
    lines, marks = _marks(text.split("\n"))
    labels = _speaker_labels(lines)
    wrapped = _wrapped(lines)
    headings = _headings(lines, labels)
    tokens, starts = _tokens(lines, labels, headings)
    at, exact, offsets = _clock(tokens, starts, parse_sync(sync) + marks, duration)
    cues: list[Cue] = []
    for paragraph in _paragraphs(lines, starts, labels, headings):
        cuts = [paragraph.first] + [
            i for i in sorted(exact) if paragraph.first < i < paragraph.end
            and offsets[i] - offsets[paragraph.first] >= MIN_PIECE
            and offsets[paragraph.end] - offsets[i] >= MIN_PIECE
        ] + [paragraph.end]
        for first, end in itertools.pairwise(cuts):
            said = [t for t in tokens[first:end] if not t.label]
            if not said:
                continue
            payload = vtt_escape(html.unescape(_join(said, wrapped)))
            if paragraph.heading:
                payload = f"<b>{payload}</b>"
            start, stop = at(first), at(end)
            if stop <= start:  # two marks on one word: the words still take time to say
                stop = round(start + reading_time(payload), 3)
            cues.append(Cue(start, stop, paragraph.voice, payload))
    return attach_notes(cues, notes, problems)

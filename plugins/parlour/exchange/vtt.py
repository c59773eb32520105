"""WebVTT as OHMS and Parlour write it: cues with their voice, read leniently, written plainly.

This reader keeps cue payloads as WebVTT has them (entities escaped, tags such as ``<i>``
kept) so an import or export passes them on unchanged; the archive's own reader
(parlour.archive.transcript) is the strict one that reports a contributor's mistakes.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, replace

from ..archive.transcript import footnote_of, note_block


@dataclass(frozen=True)
class Cue:
    """One WebVTT cue. ``text`` is the payload as WebVTT has it (``&amp;`` escaped, tags
    such as ``<i>`` kept) without the leading ``<v voice>`` tag, which is ``voice``.
    ``notes`` are its footnotes as plain text, each starting with its number (``[1] ...``):
    in the file, ``NOTE [1] ...`` blocks right before the cue."""

    start: float
    end: float
    voice: str | None
    text: str
    id: str | None = None
    notes: tuple[str, ...] = ()


_VTT_TIME = r"(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"
_TIMING_RE = re.compile(rf"^\s*({_VTT_TIME})\s+-->\s+({_VTT_TIME})(?:\s.*)?$")
_VOICE_RE = re.compile(r"^<v(?:\.[^\s>]+)?[ \t]+([^>]*)>[ \t]*")
_BARE_AMP_RE = re.compile(r"&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#\d+|#[xX][0-9a-fA-F]+);)")


def vtt_seconds(value: str) -> float:
    """``01:02:03.500`` or ``02:03.500`` as seconds."""
    parts = value.replace(",", ".").split(":")
    seconds = float(parts[-1])
    for i, part in enumerate(reversed(parts[:-1]), start=1):
        seconds += int(part) * 60**i
    return round(seconds, 3)


def vtt_timestamp(seconds: float) -> str:
    """``83.5`` -> ``00:01:23.500`` (a negative time, from a rounding, is 0)."""
    ms = round(max(0.0, seconds) * 1000)
    h, ms = divmod(ms, 3_600_000)
    m, ms = divmod(ms, 60_000)
    s, ms = divmod(ms, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def parse_vtt(text: str, *, duration: float | None = None) -> list[Cue]:
    """The cues of a WebVTT text, as OHMS and Parlour write it.

    Tolerates what OHMS exports do: no ``WEBVTT`` line, ``NOTE`` blocks, unclosed voice tags,
    ``<br>`` for a line break, bare ``&``, and an end time before the start (the last cue of
    an OHMS file ends at 00:00:00.000) or at it (OHMS writes 00:00:29.000 --> 00:00:29.000
    for a one-word answer): such a cue ends where the next begins, else (the last cue) at
    ``duration``, else after a reading-speed guess. Cues with no text are dropped.
    A footnote (``NOTE [1] ...``) belongs to the cue after it; other NOTE blocks are comments.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    blocks = re.split(r"\n[ \t]*\n", text.strip("\n"))
    cues: list[Cue] = []
    notes: list[str] = []
    for block in blocks:
        lines = block.split("\n")
        head = lines[0].strip()
        if head.startswith(("WEBVTT", "NOTE", "STYLE", "REGION")) and "-->" not in head:
            note = footnote_of(lines)
            if note:
                notes.append(note)
            continue
        cue_id = None
        if _TIMING_RE.match(lines[0]):
            timing, rest = lines[0], lines[1:]
        elif len(lines) > 1 and _TIMING_RE.match(lines[1]):
            cue_id, timing, rest = lines[0].strip(), lines[1], lines[2:]
        else:
            continue  # not a cue: WebVTT parsers skip such blocks too
        m = _TIMING_RE.match(timing)
        payload = "\n".join(rest)
        payload = re.sub(r"(?i)<br\s*/?>", "\n", payload)
        voice = None
        vm = _VOICE_RE.match(payload.lstrip())
        if vm:
            voice = vm.group(1).strip() or None
            payload = payload.lstrip()[vm.end():]
            if payload.rstrip().endswith("</v>") and "<v" not in payload:
                payload = payload.rstrip()[: -len("</v>")]
        payload = "\n".join(line.strip() for line in payload.split("\n") if line.strip())
        payload = _BARE_AMP_RE.sub("&amp;", payload).replace("-->", "--&gt;")
        cues.append(Cue(vtt_seconds(m.group(1)), vtt_seconds(m.group(2)), voice, payload, cue_id,
                        tuple(notes)))
        notes = []
    if notes and cues:  # footnotes after the last cue: still that line's, not lost
        cues[-1] = replace(cues[-1], notes=cues[-1].notes + tuple(notes))
    fixed: list[Cue] = []
    carried: tuple[str, ...] = ()
    for i, cue in enumerate(cues):
        if carried:
            cue = replace(cue, notes=carried + cue.notes)
            carried = ()
        if not cue.text:
            # a cue with nothing said in it marks no moment worth keeping; its notes go on
            carried = cue.notes
            continue
        if cue.end <= cue.start:
            nxt = cues[i + 1].start if i + 1 < len(cues) else None
            if nxt is not None and nxt > cue.start:
                end = nxt
            elif nxt is None and duration and duration > cue.start:
                end = duration
            else:
                end = cue.start + reading_time(cue.text)
            cue = replace(cue, end=round(end, 3))
        fixed.append(cue)
    if carried and fixed:
        fixed[-1] = replace(fixed[-1], notes=fixed[-1].notes + carried)
    return fixed


def reading_time(payload: str) -> float:
    """A guess at how long a cue takes to say: 15 characters a second, at least one second."""
    return max(1.0, round(len(plain_text(payload)) / 15, 3))


def write_vtt(cues: list[Cue]) -> str:
    """WebVTT text for ``cues``: one voice tag per cue, as OHMS writes them, each cue's
    footnotes in ``NOTE`` blocks right before it."""
    out = ["WEBVTT", ""]
    for cue in cues:
        for note in cue.notes:
            out += [note_block(note), ""]
        if cue.id:
            out.append(cue.id)
        out.append(f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}")
        out.append(f"<v {cue.voice}>{cue.text}" if cue.voice else cue.text)
        out.append("")
    return "\n".join(out)


def plain_text(payload: str) -> str:
    """A cue payload as words: tags removed, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", payload)).strip()


def vtt_escape(text: str) -> str:
    """Plain text as a cue payload: ``&``, ``<`` and ``>`` escaped."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

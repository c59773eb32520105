"""Writing the aligned .vtt, and aligning again after a volunteer corrected it (--update).

Every cue the aligner writes carries an identifier that ends in a fingerprint of its
speaker and words (``12-3f9c2b1a``). After edits, a cue whose words still match its
fingerprint keeps its times unless the new alignment moved it by more than ``THRESHOLD``
seconds (then the old times were wrong); a cue whose words changed, or that is new, gets the
new times. Everything else in the file (header notes, footnotes, headings, comments) stays
as it was; only identifiers, timing lines and the aligner's unsure notes are rewritten.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..archive.transcript import Cue, format_time
from .confidence import CHECKED, UNSURE, note
from ..exchange.vtt import vtt_timestamp

#: Seconds a cue that did not change may move before its new times replace the old ones.
THRESHOLD = 1.0
_ID_RE = re.compile(r"^\d+-([0-9a-f]{8})$")
_TIMING_RE = re.compile(r"^\s*((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})[ \t]+-->[ \t]+"
                        r"((?:\d{2,}:)?\d{2}:\d{2}\.\d{3})(.*)$")


@dataclass(frozen=True)
class Placed:
    """A cue as it will be written: times, speaker, text and the unsure reason, if any."""

    start: float
    end: float
    voice: str | None
    text: str
    unsure: str | None = None


def fingerprint(voice: str | None, text: str) -> str:
    """Eight hex digits that change when the speaker or the words change."""
    words = " ".join(text.split())
    return hashlib.sha256(f"{voice or ''}\n{words}".encode()).hexdigest()[:8]


def _escape(text: str) -> str:
    return html.escape(text, quote=False).replace("-->", "→")


def render(cues: Sequence[Placed], *, header: str) -> str:
    """A new .vtt: the header note, then each cue with its identifier and unsure note."""
    out = ["WEBVTT", "", "NOTE", *header.strip().splitlines(), ""]
    for n, cue in enumerate(cues, 1):
        if cue.unsure:
            out += [note(cue.unsure, format_time(cue.start)), ""]
        voice = f"<v {_escape(cue.voice)}>" if cue.voice else ""
        out += [f"{n}-{fingerprint(cue.voice, cue.text)}",
                f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}", voice + _escape(cue.text), ""]
    return "\n".join(out)


def tidy(cues: list[Placed]) -> list[Placed]:
    """Times in order and not overlapping: each cue ends before the next one starts."""
    out: list[Placed] = []
    for k, cue in enumerate(cues):
        start = max(cue.start, out[-1].end if out else 0.0)
        end = cue.end
        if k + 1 < len(cues):
            end = min(end, max(cues[k + 1].start, start + 0.1))
        out.append(Placed(start, max(end, start + 0.1), cue.voice, cue.text, cue.unsure))
    return out


def changed(lines: list[str], cue: Cue) -> bool | None:
    """Whether the cue's words differ from its fingerprint (None: it has none to compare)."""
    ident = lines[cue.line - 2].strip() if cue.line >= 2 else ""
    m = _ID_RE.match(ident)
    if not m:
        return None
    return m.group(1) != fingerprint(cue.voice, cue.text)


def merge(old: Sequence[Cue], lines: list[str], new: Sequence[Placed]
          ) -> tuple[list[Placed], list[bool]]:
    """The cues with their times after an update, and which of them were re-timed.

    In a file the aligner wrote, a cue without a fingerprint was added since: it is new. A
    file with no fingerprints at all (typed with times, or imported) is taken as unchanged.
    """
    placed, moved = [], []
    verdicts = [changed(lines, cue) for cue in old]
    fingerprinted = any(v is not None for v in verdicts)
    for cue, fresh, verdict in zip(old, new, verdicts, strict=True):
        same = verdict is False or (verdict is None and not fingerprinted)
        if same and abs(fresh.start - cue.start) <= THRESHOLD:
            placed.append(Placed(cue.start, cue.end, cue.voice, cue.text))
            moved.append(False)
        else:
            placed.append(fresh)
            moved.append(True)
    return tidy(placed), moved


def rewrite(text: str, old: Sequence[Cue], placed: Sequence[Placed], moved: Sequence[bool]
            ) -> str:
    """The .vtt ``text`` with new times, identifiers and unsure notes for re-timed cues.

    Notes before a cue that kept its times stay as they were (a person may have checked it).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    by_line = {cue.line: k for k, cue in enumerate(old)}
    out: list[str] = []
    k = 0
    while k < len(lines):
        line = lines[k]
        n = k + 1
        if line.strip().startswith((UNSURE, CHECKED)):
            target = _next_cue(lines, k, by_line)
            if target is not None and moved[target]:
                k = _skip_block(lines, k)  # the old verdict was about the old times
                continue
        if n in by_line:
            i = by_line[n]
            cue = placed[i]
            m = _TIMING_RE.match(line)
            settings = m.group(3) if m else ""
            ident = f"{i + 1}-{fingerprint(cue.voice, cue.text)}"
            opens = k == 0 or not lines[k - 1].strip()  # the timing line starts its block
            has_id = (k >= 1 and bool(lines[k - 1].strip()) and "-->" not in lines[k - 1]
                      and (k < 2 or not lines[k - 2].strip()))
            if (opens or has_id) and moved[i] and cue.unsure:
                note_lines = [note(cue.unsure, format_time(cue.start)), ""]
                if has_id:
                    out[-1:-1] = note_lines
                else:
                    out += note_lines
            # a cue that follows another without a blank line gets no identifier: it would
            # be read as the text of the cue above
            if has_id:
                out[-1] = ident
            elif opens:
                out.append(ident)
            out.append(f"{vtt_timestamp(cue.start)} --> {vtt_timestamp(cue.end)}{settings}")
        else:
            out.append(line)
        k += 1
    return "\n".join(out)


def _next_cue(lines: list[str], k: int, by_line: dict[int, int]) -> int | None:
    for n in range(k + 1, len(lines) + 1):
        if n in by_line:
            return by_line[n]
    return None


def _skip_block(lines: list[str], k: int) -> int:
    while k < len(lines) and lines[k].strip():
        k += 1
    while k < len(lines) and not lines[k].strip():
        k += 1
    return k

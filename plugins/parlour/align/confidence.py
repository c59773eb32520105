"""Cues the aligner is unsure of, and how a person confirms them.

An unsure cue gets a comment right before it in the .vtt, which players and the site never
show::

    NOTE unsure: matched at 3.1 times its reading pace; listen from 01:02 and fix the times
    if needed, then change “unsure” to “checked”

`parlour check` warns about every such cue until the note says ``NOTE checked`` (or a
``NOTE checked`` line is added there), or `parlour align INTERVIEW --accept` confirms them
all. This module is also read by the checks, so it imports nothing heavy.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from statistics import median

UNSURE = "NOTE unsure:"
CHECKED = "NOTE checked"
#: A cue spoken at less than half or more than twice the pace of the others, against the
#: reading, was probably squeezed or stretched over a word or pause that is not there.
PACE_LIMITS = (0.5, 2.0)
#: ... or matched far worse than the same speaker's other cues.
COST_LIMIT = 1.6
#: a cue this short (seconds) was squeezed to nothing
SHORTEST = 0.25

_TIMING_RE = re.compile(r"^\s*(?:\d{2,}:)?\d{2}:\d{2}\.\d{3}[ \t]+-->")


def assess(
    times: Sequence[tuple[float, float, float, float]], speakers: Sequence[str | None]
) -> list[str | None]:
    """For each cue, why the aligner is unsure of it, or None.

    ``times`` are (start, end, reading length, match cost) per cue. The pace and the cost
    are compared with the other cues' (the cost with the same speaker's, as a voice far from
    espeak-ng's always matches worse), never with fixed numbers.
    """
    paces = [(e - s) / r if r > 0 else 1.0 for s, e, r, _ in times]
    usual_pace = median(paces) if paces else 1.0
    by_speaker: dict[str | None, list[float]] = {}
    for (*_, cost), who in zip(times, speakers, strict=True):
        by_speaker.setdefault(who, []).append(cost)
    everyone = median([t[3] for t in times]) if times else 0.0
    reasons: list[str | None] = []
    for (start, end, _, cost), pace, who in zip(times, paces, speakers, strict=True):
        own = by_speaker[who]
        usual_cost = median(own) if len(own) >= 3 else everyone
        relative = pace / usual_pace if usual_pace > 0 else 1.0
        if end - start < SHORTEST:
            reasons.append("squeezed into almost no time")
        elif relative < PACE_LIMITS[0]:
            reasons.append(f"matched at {1 / relative:.1f} times the usual pace")
        elif relative > PACE_LIMITS[1]:
            reasons.append(f"stretched to {relative:.1f} times the usual length")
        elif usual_cost > 0 and cost > COST_LIMIT * usual_cost:
            reasons.append("the sound matches the words poorly")
        else:
            reasons.append(None)
    return reasons


def note(reason: str, at: str) -> str:
    """The NOTE line written before an unsure cue (``at``: its start as a player shows it)."""
    return (f"{UNSURE} {reason}; listen from {at} and fix the times if needed, then change "
            "“unsure” to “checked”")


def unconfirmed(text: str) -> list[tuple[int, str]]:
    """(line of the cue's timing line, reason) for every cue with an unsure note and no
    ``NOTE checked`` before it, in a .vtt file's text."""
    found: list[tuple[int, str]] = []
    pending: str | None = None
    checked = False
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):
        stripped = line.strip()
        if stripped.startswith(UNSURE):
            pending = stripped[len(UNSURE):].split(";", 1)[0].strip() or "unsure"
        elif stripped.startswith(CHECKED):
            checked = True
        elif _TIMING_RE.match(line):
            if pending is not None and not checked:
                found.append((n, pending))
            pending, checked = None, False
    return found


def accept(text: str) -> tuple[str, int]:
    """The .vtt text with every unsure note confirmed, and how many there were."""
    lines = text.split("\n")
    count = 0
    for k, line in enumerate(lines):
        if line.lstrip().startswith(UNSURE):
            lines[k] = line.replace(UNSURE, CHECKED + ", was unsure:", 1)
            count += 1
    return "\n".join(lines), count

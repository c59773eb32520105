"""The aligner: find when each cue of a known text is spoken in its recording.

The method is aeneas's: espeak-ng reads the text aloud, both the reading and the recording
become MFCC frames (the shape of the sound every 20 ms), and dynamic time warping finds the
cheapest way to walk through both at once; a cue starts where the walk reaches the cue's
first sound in the reading. It runs offline on one CPU core with numpy, and needs only
espeak-ng and ffmpeg (Debian packages).

Memory stays flat: the recording is decoded in blocks as a stream of frames, the text is
aligned in windows between its time marks, and each window is warped twice, first coarsely
(200 ms steps, in a band around the straight line) and then finely in a narrow band around
the coarse path, so the work grows with the length of the recording, not with its square.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..archive.problems import ParlourError

HOP = 0.02  # seconds between frames
WINDOW = 0.04  # seconds of sound in a frame
RATE = 16000  # the recording is decoded at this rate; espeak-ng's reading keeps its own
COARSE = 10  # fine frames in a coarse one (200 ms)
# How far (seconds) the coarse walk may stray either side of the straight line through the
# window: a sixth of the window, at least a minute (pauses and pace add up), at most three
# (memory: a byte per cell); time marks keep longer recordings on track.
BAND = (60.0, 1 / 6, 180.0)
FINE_BAND = 1.5  # seconds either side of the coarse path the fine walk may stray
GAP = 0.3  # seconds of silence put between cues in the reading
ONSET_SEARCH = 3.0  # seconds a cue's start may move forward over quiet to the speech
ONSET_RUN = 3  # frames of sound in a row that make an onset (60 ms)
MEL_BANDS = 40
CEPSTRA = 13
BLOCK = 30.0  # seconds of recording decoded at a time

#: The interview's language (BCP 47, as in interview records) -> espeak-ng voice. Mandarin
#: reads with cmn-latn-pinyin: the plain cmn voice of espeak-ng 1.51 reads the pinyin it looks
#: up as English ("dang1" as "dang one"). Languages not listed use the voice of their name.
VOICES = {"zh": "cmn-latn-pinyin", "cmn": "cmn-latn-pinyin", "zh-cn": "cmn-latn-pinyin",
          "zh-hans": "cmn-latn-pinyin", "zh-hant": "cmn-latn-pinyin",
          "zh-tw": "cmn-latn-pinyin", "yue": "yue", "zh-yue": "yue", "zh-hk": "yue"}


class AlignError(ParlourError):
    """Alignment cannot be done (no voice, no tool, a recording that cannot be read)."""


@dataclass(frozen=True)
class Timed:
    """A cue's times in the recording (seconds), how long its reading took, and the mean
    cost of the frames matched to it (lower is a closer match)."""

    start: float
    end: float
    reading: float
    cost: float


# --------------------------------------------------------------------------- tools


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise AlignError(f"`parlour align` needs {name}, which is not installed; on Debian or "
                         f"Ubuntu: apt-get install {name}")
    return path


@lru_cache(maxsize=32)
def _voices(language: str = "") -> tuple[tuple[str, str], ...]:
    """(language code, voice file) of espeak-ng's voices for ``language`` (all if empty),
    best first, as espeak-ng ranks them; MBROLA voices need more than espeak-ng: left out."""
    option = f"--voices={language}" if language else "--voices"
    out = subprocess.run([_tool("espeak-ng"), option], capture_output=True, text=True,
                         check=False).stdout
    voices = []
    for line in out.splitlines()[1:]:
        parts = line.split()
        if len(parts) >= 5 and not parts[4].startswith("mb/"):
            voices.append((parts[1].lower(), parts[4].rsplit("/", 1)[-1]))
    return tuple(voices)


def voice_for(language: str) -> str:
    """The espeak-ng voice for an interview's ``language``, or :class:`AlignError` naming
    the languages there are voices for."""
    lang = (language or "").strip().lower()
    for code in (lang, lang.split("-")[0]):
        if code in VOICES:
            return VOICES[code]
        if code and re.fullmatch(r"[a-z0-9-]+", code) and (found := _voices(code)):
            return found[0][1]
    names = sorted({code.split("-")[0] for code in (*(c for c, _ in _voices()), *VOICES)})
    raise AlignError(
        f"espeak-ng has no voice for the language “{language}”, so this recording cannot be "
        f"aligned. Languages it can read: {', '.join(names)}. If the interview's language is "
        "wrong, fix `language:` in the interview; if the text is written in a language it "
        "reads (Shanghainese typed as Mandarin characters: zh), give it with --language."
    )


# --------------------------------------------------------------------------- features


@lru_cache(maxsize=4)
def _mel_matrix(rate: int, nfft: int) -> np.ndarray:
    def mel(f):
        return 2595 * np.log10(1 + f / 700)

    edges = 700 * (10 ** (np.linspace(mel(60), mel(min(7600, rate / 2)), MEL_BANDS + 2)
                          / 2595) - 1)
    bins = np.fft.rfftfreq(nfft, 1 / rate)
    lo, mid, hi = edges[:-2, None], edges[1:-1, None], edges[2:, None]
    weights = np.maximum(0, np.minimum((bins - lo) / (mid - lo), (hi - bins) / (hi - mid)))
    return weights.astype(np.float32)


@lru_cache(maxsize=1)
def _dct() -> np.ndarray:
    n = np.arange(MEL_BANDS)
    k = np.arange(CEPSTRA)[:, None]
    return np.cos(np.pi * k * (2 * n + 1) / (2 * MEL_BANDS)).astype(np.float32)


def mfcc(samples: np.ndarray, rate: int) -> np.ndarray:
    """Frames (one per ``HOP``) of cepstra c0..c12 of mono float samples."""
    hop, win = round(HOP * rate), round(WINDOW * rate)
    if len(samples) < win:
        samples = np.pad(samples, (0, win - len(samples)))
    count = 1 + (len(samples) - win) // hop
    x = np.append(samples[:1], samples[1:] - 0.97 * samples[:-1]).astype(np.float32)
    frames = np.lib.stride_tricks.sliding_window_view(x, win)[::hop][:count]
    nfft = 1 << (win - 1).bit_length()
    spectrum = np.abs(np.fft.rfft(frames * np.hanning(win).astype(np.float32), nfft)) ** 2
    energies = np.log(spectrum @ _mel_matrix(rate, nfft).T + 1e-6)
    return energies @ _dct().T


def _normalise(features: np.ndarray) -> np.ndarray:
    """Mean and variance per coefficient: removes the microphone's and the voice's colour."""
    return (features - features.mean(0)) / (features.std(0) + 1e-6)


def recording_features(path: Path, *, progress: Callable[[float], None] | None = None
                       ) -> np.ndarray:
    """MFCC frames of a recording, decoded by ffmpeg in blocks (any format it reads).

    ``progress(seconds)`` is told how much has been read.
    """
    hop, win = round(HOP * RATE), round(WINDOW * RATE)
    command = [_tool("ffmpeg"), "-v", "error", "-nostdin", "-i", str(path), "-vn", "-ac", "1",
               "-ar", str(RATE), "-f", "s16le", "-"]
    parts: list[np.ndarray] = []
    carry = np.zeros(0, np.float32)
    block = int(BLOCK * RATE) * 2
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None
        while data := proc.stdout.read(block):
            x = np.concatenate([carry, np.frombuffer(data[: len(data) // 2 * 2], "<i2")
                                .astype(np.float32) / 32768])
            usable = (len(x) - win) // hop + 1 if len(x) >= win else 0
            if usable:
                parts.append(mfcc(x[: (usable - 1) * hop + win], RATE))
                carry = x[usable * hop:]
            else:
                carry = x
            if progress:
                progress(len(data) / 2 / RATE)
        error = proc.stderr.read().decode("utf-8", "replace").strip() if proc.stderr else ""
    if proc.returncode or not parts:
        raise AlignError(f"{path.name} cannot be read as a recording"
                         + (f": {error.splitlines()[-1]}" if error else ""))
    return np.concatenate(parts)


def speak(text: str, voice: str, *, speed: int = 175) -> tuple[np.ndarray, int]:
    """espeak-ng's reading of ``text``: float samples and their rate, silence trimmed."""
    # the text on standard input: a line starting with "-" is words, not an option
    out = subprocess.run([_tool("espeak-ng"), "-v", voice, "-s", str(speed), "--stdout",
                          "--stdin"], input=" ".join(text.split()).encode("utf-8"),
                         capture_output=True, check=False)
    raw = out.stdout
    if out.returncode or len(raw) < 44 or raw[:4] != b"RIFF":
        message = out.stderr.decode("utf-8", "replace").strip()
        raise AlignError(f"espeak-ng could not read the text with voice {voice}: {message}")
    rate = int.from_bytes(raw[24:28], "little")
    data = raw.find(b"data", 12)
    samples = np.frombuffer(raw[data + 8:][: (len(raw) - data - 8) // 2 * 2], "<i2")
    samples = samples.astype(np.float32) / 32768
    loud = np.flatnonzero(np.abs(samples) > 0.01)
    if len(loud):
        samples = samples[loud[0]: loud[-1] + 1]
    return samples, rate


def reading(texts: Sequence[str], voice: str, *, tick: Callable[[float], None] | None = None
            ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """MFCC frames of the whole reading, each text after ``GAP`` of silence (and silence
    after the last), and each text's (first, last + 1) frame. ``tick(fraction)`` follows."""
    parts, spans, at = [], [], 0
    for k, text in enumerate(texts):
        if tick and k % 8 == 0:
            tick(k / len(texts))
        # footnote markers ([1]) are not spoken
        samples, rate = speak(re.sub(r"\[\d{1,4}\]", "", text), voice)
        quiet = np.random.default_rng(0).normal(0, 1e-4, round(GAP * rate)).astype(np.float32)
        feats = mfcc(np.concatenate([quiet, samples]), rate)
        gap = round(GAP / HOP)
        parts.append(feats)
        spans.append((at + gap, at + max(gap + 1, len(feats))))
        at += len(feats)
    # silence after the last text too, for the quiet before the next window or the end
    parts.append(mfcc(np.random.default_rng(1).normal(0, 1e-4, round(GAP * RATE))
                      .astype(np.float32), RATE))
    return np.concatenate(parts), spans


# --------------------------------------------------------------------------- warping


def _walk(cost_row: Callable[[int, int, int], np.ndarray], bands: np.ndarray,
          tick: Callable[[float], None] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Cheapest monotone path from (0, 0) to (n-1, m-1) within ``bands`` (per row i the
    columns [lo, hi)); ``cost_row(i, lo, hi)`` gives the row's local costs.

    The horizontal steps inside a row are a running minimum (D = S + cummin(E - S), S the
    row's cumulative cost), so each row is a few numpy operations, not a Python loop.
    Returns, per row, the path's first and last column.
    """
    n = len(bands)
    moves: list[np.ndarray] = []
    prev = np.zeros(0)
    plo = phi = 0
    for i in range(n):
        if tick and i % 2048 == 0:
            tick(i / n)
        lo, hi = int(bands[i, 0]), int(bands[i, 1])
        c = cost_row(i, lo, hi).astype(np.float64)
        if i == 0:
            e = np.full(hi - lo, np.inf)
            e[0] = c[0]
            choice = np.zeros(hi - lo, np.int8)
        else:
            cols = np.arange(lo, hi)
            up = _take(prev, cols - plo, phi - plo)
            diag = _take(prev, cols - 1 - plo, phi - plo)
            choice = (up < diag).astype(np.int8)  # 0 diagonal, 1 down (recording goes on)
            e = c + np.minimum(up, diag)
        s = np.cumsum(c)
        shifted = e - s
        best = np.minimum.accumulate(shifted)
        d = s + best
        choice[best < shifted] = 2  # 2 across (the reading goes on)
        moves.append(choice)
        prev, plo, phi = d, lo, hi
    first = np.empty(n, np.int64)
    last = np.empty(n, np.int64)
    i, j = n - 1, int(bands[-1, 1]) - 1
    last[i] = j
    while i >= 0:
        move = moves[i][j - int(bands[i, 0])]
        if move == 2:
            j -= 1
            continue
        first[i] = j
        if i == 0:
            break
        i -= 1
        if move == 0:
            j -= 1
        last[i] = j
    return first, last


def _take(row: np.ndarray, idx: np.ndarray, size: int) -> np.ndarray:
    ok = (idx >= 0) & (idx < size)
    out = np.full(len(idx), np.inf)
    out[ok] = row[idx[ok]]
    return out


def _distance(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.sqrt(np.maximum(0, (a * a).sum(1)[:, None] - 2 * a @ b.T + (b * b).sum(1)))


def warp(rec: np.ndarray, syn: np.ndarray, *, tick: Callable[[float], None] | None = None
         ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each reading frame, the first and last recording frame matched to it; and for
    each recording frame, the distance to the reading frame it is matched with. Coarse then fine, each in a band, so memory grows linearly."""
    n, m = len(rec), len(syn)
    cn, cm = -(-n // COARSE), -(-m // COARSE)
    crec, csyn = _pool(rec, cn), _pool(syn, cm)
    low, share, high = BAND
    width = max(2, round(min(high, max(low, share * n * HOP)) / (HOP * COARSE)))
    centre = np.arange(cn) * (cm - 1) / max(1, cn - 1)
    bands = np.stack([np.clip(np.floor(centre - width), 0, cm - 1),
                      np.clip(np.ceil(centre + width) + 1, 1, cm)], 1).astype(np.int64)
    _monotone(bands, cm)
    first, last = _walk(lambda i, lo, hi: _distance(crec[i:i + 1], csyn[lo:hi])[0], bands)
    fine_width = round(FINE_BAND / HOP)
    rows = np.arange(n) // COARSE
    fine = np.stack([np.clip(first[rows] * COARSE - fine_width, 0, m - 1),
                     np.clip((last[rows] + 1) * COARSE + fine_width, 1, m)], 1)
    _monotone(fine, m)
    first, last = _walk(lambda i, lo, hi: _distance(rec[i:i + 1], syn[lo:hi])[0], fine, tick)
    # the path is monotone: reading frame j is matched from the first recording frame whose
    # path reaches it to the last one whose path starts at or before it
    cols = np.arange(m)
    start = np.searchsorted(last, cols, "left")
    end = np.maximum(start, np.searchsorted(first, cols, "right") - 1)
    mid = np.clip((first + last) // 2, 0, m - 1)
    costs = np.concatenate([np.sqrt(((rec[i:i + 4096] - syn[mid[i:i + 4096]]) ** 2).sum(1))
                            for i in range(0, n, 4096)])
    return start, end, costs


def _pool(x: np.ndarray, count: int) -> np.ndarray:
    pad = count * COARSE - len(x)
    padded = np.concatenate([x, np.repeat(x[-1:], pad, 0)]) if pad else x
    return padded.reshape(count, COARSE, -1).mean(1)


def _monotone(bands: np.ndarray, m: int) -> None:
    """Make each row's band start no later than the next one's and reach the end."""
    bands[:, 0] = np.minimum.accumulate(bands[::-1, 0])[::-1]
    bands[:, 1] = np.maximum.accumulate(bands[:, 1])
    bands[0, 0] = 0
    bands[-1, 1] = m


# --------------------------------------------------------------------------- windows


def align_window(rec: np.ndarray, offset: float, texts: Sequence[str], voice: str, *,
                 tick: Callable[[float], None] | None = None) -> list[Timed]:
    """Times of ``texts`` in a stretch of recording features starting at ``offset`` s.
    ``tick(fraction)`` follows the work (the reading a third, the warping the rest)."""
    if not texts:
        return []
    syn, spans = reading(texts, voice, tick=tick and (lambda f: tick(f / 3)))
    if len(rec) < 2:
        return [Timed(offset, offset + HOP, 0.0, 0.0) for _ in texts]
    start, end, costs = warp(_normalise(rec), _normalise(syn),
                             tick=tick and (lambda f: tick(1 / 3 + f * 2 / 3)))
    loud = _loud(rec[:, 0])
    out = []
    for a, b in spans:
        first, last = int(start[a]), int(end[b - 1])
        first = _onset(loud, first, last)
        out.append(Timed(offset + first * HOP, offset + (last + 1) * HOP, (b - a) * HOP,
                         float(costs[first:last + 1].mean())))
    return out


def _loud(energy: np.ndarray) -> np.ndarray:
    """Frames louder than the background: a quarter of the way from the quiet (10th
    percentile of c0, the frame's log energy) to the speech (90th)."""
    quiet, speech = np.percentile(energy, [10, 90])
    return energy > quiet + 0.25 * (speech - quiet)


def _onset(loud: np.ndarray, first: int, last: int) -> int:
    """A cue's first frame moved past the quiet it was given: noise in a pause matches a
    reading's "s" or "ch" well enough for the warping to start the cue too early."""
    if loud[first]:
        return first
    limit = min(last, first + round(ONSET_SEARCH / HOP), len(loud) - ONSET_RUN)
    for f in range(first + 1, limit):
        if loud[f:f + ONSET_RUN].all():
            return max(first, f - 1)
    return first


def windows(count: int, anchors: Sequence[float | None], duration: float
            ) -> Iterator[tuple[float, float, range]]:
    """(start, end, cue indexes) of each window between time marks. A mark on the first
    cue starts the first window (the talk before it was not typed); a mark that lies
    before the previous one, or beyond the recording, is ignored."""
    first = anchors[0] if anchors else None
    cut_at, cut_times = [0], [float(first) if first is not None and first < duration else 0.0]
    for k, t in enumerate(anchors):
        if t is not None and cut_times[-1] < t < duration and k > cut_at[-1]:
            cut_at.append(k)
            cut_times.append(float(t))
    cut_at.append(count)
    cut_times.append(duration)
    for n in range(len(cut_at) - 1):
        yield cut_times[n], cut_times[n + 1], range(cut_at[n], cut_at[n + 1])


def align(recording: Path, texts: Sequence[str], anchors: Sequence[float | None], *,
          voice: str, progress: Callable[[str, float, float], None] | None = None
          ) -> list[Timed]:
    """Times of every text in the recording; ``anchors[k]`` (or None) is a time the text k
    is known to start at. ``progress(stage, done, total)`` reports the work in seconds of
    recording: "read" as it is decoded, "align" as far as it is aligned."""
    def told(stage):
        return (lambda done, total=0.0: progress(stage, done, total)) if progress else None

    features = recording_features(recording, progress=told("read"))
    duration = len(features) * HOP
    out: list[Timed] = []
    for start, end, cues in windows(len(texts), anchors, duration):
        a, b = round(start / HOP), max(round(start / HOP) + 1, round(end / HOP))

        def tick(fraction: float, start=start, end=end) -> None:
            if progress:
                progress("align", start + fraction * (end - start), duration)

        out.extend(align_window(features[a:b], start, [texts[k] for k in cues], voice,
                                tick=tick))
        tick(1.0)
    return out

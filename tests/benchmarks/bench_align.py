"""How well and how fast `parlour align` finds the times of a known text.

    python tests/benchmarks/bench_align.py                 # about 5 minutes of speech
    python tests/benchmarks/bench_align.py --minutes 30    # the memory target

Makes a test recording from the sample's transcripts (stories/interviews/*.vtt), cut into
cues as `parlour align` cuts typed text, each cue spoken by espeak-ng with a *different*
voice than the aligner's (voice variants +m3/+f3/+f4, other pitches), 15% faster or 15%
slower than espeak-ng's normal pace, 0.15–0.3 s between the clauses of a turn and a pause of
0.5–3 s between turns, then background noise at 20 dB SNR mixed in with sox. The sample's
text is repeated until the recording is long enough, so every cue's start is known.

Then it aligns the plain text (no labels, no time marks) in a child process on one core
(taskset -c 0, one BLAS thread) and prints the median and 90th percentile error of the cue
starts, the speed as a multiple of real time, and the child's peak memory (max RSS).
Targets (issue 17): median <= 0.3 s, p90 <= 0.8 s, >= 10x real time, < 1 GB for 30 minutes.
Needs espeak-ng, sox and ffmpeg.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "plugins"))

from parlour.align.confidence import assess  # noqa: E402
from parlour.align.engine import align, voice_for  # noqa: E402
from parlour.align.text import parse_text  # noqa: E402
from parlour.archive.transcript import read_vtt  # noqa: E402

RATE = 22050
#: the aligner reads with the plain cmn-latn-pinyin voice; the "speakers" use other variants
SPEAKER_VOICES = [("cmn-latn-pinyin+m3", 40), ("cmn-latn-pinyin+f3", 70),
                  ("cmn-latn-pinyin+f4", 55), ("cmn-latn-pinyin+m4", 30)]
NORMAL_PACE = 175  # espeak-ng's words per minute
SNR_DB = 20
HEADROOM = 0.7


def turns() -> list[list[str]]:
    """The sample's turns (one cue of a .vtt), each as the cues `parlour align` makes."""
    out = []
    for vtt in sorted((REPO / "stories" / "interviews").glob("*.vtt")):
        cues, _ = read_vtt(vtt, vtt.name)
        out += [[p.text for p in parse_text(cue.text)] for cue in cues if not cue.heading]
    return out


def make_recording(folder: Path, minutes: float, seed: int) -> tuple[Path, Path, list[float]]:
    """The noisy test recording, the plain text and each cue's true start (seconds)."""
    rng = random.Random(seed)
    clean = folder / "clean.wav"
    starts: list[float] = []
    lines: list[str] = []
    speech_power, speech_samples, at = 0.0, 0, 0
    sample_turns = turns()
    with wave.open(str(clean), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)

        def write(x: np.ndarray) -> None:
            nonlocal at
            out.writeframes((np.clip(x, -1, 1) * 32767).astype("<i2").tobytes())
            at += len(x)

        write(np.zeros(RATE))
        k = 0
        while at < minutes * 60 * RATE:
            turn = sample_turns[k % len(sample_turns)]
            k += 1
            voice, pitch = rng.choice(SPEAKER_VOICES)
            for n, text in enumerate(turn):
                pace = round(NORMAL_PACE * rng.choice((0.85, 1.15)))
                x = _speak(text, voice, pace, pitch)
                if n:
                    write(np.zeros(round(rng.uniform(0.15, 0.3) * RATE)))
                starts.append(at / RATE)
                lines.append(text)
                write(x)
                speech_power += float((x.astype(np.float64) ** 2).sum())
                speech_samples += len(x)
            write(np.zeros(round(rng.uniform(0.5, 3.0) * RATE)))
    noisy = folder / "noisy.wav"
    _add_noise(clean, noisy, (speech_power / speech_samples) ** 0.5)
    text = folder / "text.txt"
    text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return noisy, text, starts


def _speak(text: str, voice: str, pace: int, pitch: int) -> np.ndarray:
    wav = subprocess.run(["espeak-ng", "-v", voice, "-s", str(pace), "-p", str(pitch),
                          "--stdout", text], capture_output=True, check=True).stdout
    data = wav.find(b"data", 12)
    x = np.frombuffer(wav[data + 8:][: (len(wav) - data - 8) // 2 * 2], "<i2") / 32768
    loud = np.flatnonzero(np.abs(x) > 0.01)
    return x[loud[0]: loud[-1] + 1] if len(loud) else x


def _add_noise(clean: Path, noisy: Path, speech_rms: float) -> None:
    """White noise at SNR_DB below the speech's power, mixed in by sox."""
    noise = clean.with_name("noise.wav")
    subprocess.run(["sox", str(clean), str(noise), "synth", "whitenoise", "vol", "0.5"],
                   check=True)
    stat = subprocess.run(["sox", str(noise), "-n", "stat"], capture_output=True, text=True,
                          check=True).stderr
    noise_rms = float(next(line.split(":")[1] for line in stat.splitlines()
                           if line.startswith("RMS     amplitude")))
    gain = speech_rms / 10 ** (SNR_DB / 20) / noise_rms
    # both scaled by HEADROOM, so the mix does not clip and the ratio stays the same
    subprocess.run(["sox", "-m", "-v", str(HEADROOM), str(clean), "-v",
                    f"{gain * HEADROOM:.6f}", str(noise), str(noisy)], check=True)
    noise.unlink()


def child(recording: Path, text: Path, out: Path) -> None:
    """Align in this process (the parent measures its time and memory)."""
    pieces = parse_text(text.read_text(encoding="utf-8"))
    timed = align(recording, [p.text for p in pieces], [p.anchor for p in pieces],
                  voice=voice_for("zh"))
    reasons = assess([(t.start, t.end, t.reading, t.cost) for t in timed], [None] * len(timed))
    out.write_text(json.dumps([[t.start, r] for t, r in zip(timed, reasons, strict=True)]))


def measure(recording: Path, text: Path, folder: Path) -> tuple[list, float, float]:
    """(start, unsure reason) per cue, wall seconds and peak memory (MB) of the aligning
    child process."""
    out = folder / "starts.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1",
           "MKL_NUM_THREADS": "1", "PYTHONPATH": str(REPO / "plugins")}
    command = [sys.executable, __file__, "--child", str(recording), str(text), str(out)]
    if shutil.which("taskset"):
        command = ["taskset", "-c", "0", *command]
    began = time.perf_counter()
    proc = subprocess.Popen(command, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - began
    if status:
        sys.exit(f"the aligner failed (status {status})")
    return json.loads(out.read_text()), wall, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--keep", type=Path, help="Keep the test recording in this folder.")
    parser.add_argument("--child", nargs=3, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    for tool in ("espeak-ng", "sox", "ffmpeg"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is not installed (Debian: apt-get install espeak-ng sox ffmpeg)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        began = time.perf_counter()
        recording, text, truth = make_recording(folder, args.minutes, args.seed)
        print(f"test recording: {len(truth)} cues, made in {time.perf_counter() - began:.0f} s",
              file=sys.stderr)
        found, wall, peak = measure(recording, text, folder)
        duration = _duration(recording)
    errors = np.abs(np.array([start for start, _ in found]) - np.array(truth))
    unsure = np.array([reason is not None for _, reason in found])
    bad = errors > 0.8
    print(f"recording        {duration / 60:.1f} min, {len(truth)} cues, {SNR_DB} dB SNR")
    print(f"start error      median {np.median(errors):.3f} s, p90 "
          f"{np.percentile(errors, 90):.3f} s, max {errors.max():.2f} s (targets 0.3 / 0.8)")
    print(f"speed            {duration / wall:.1f}x real time on one core ({wall:.1f} s; "
          "target >= 10x)")
    print(f"peak memory      {peak:.0f} MB (target < 1024 MB for 30 minutes)")
    print(f"unsure cues      {unsure.sum()} flagged, {(unsure & bad).sum()} of them off by "
          f"> 0.8 s; {(bad & ~unsure).sum()} cue(s) off by > 0.8 s not flagged")


def _duration(path: Path) -> float:
    with wave.open(str(path)) as w:
        return w.getnframes() / w.getframerate()


if __name__ == "__main__":
    main()

"""A synthetic archive of N records with realistic sizes, for benchmarks.

    python tests/benchmarks/generate.py OUT --records 2000

Every record is valid, references resolve and consent is mixed, so a check or a build of it
does the same work as on a real archive of that size:

- Chinese text is drawn from the 5,000 most frequent words of jieba's own dictionary
  (words-zh.txt),
  weighted by frequency (so Chinese segmentation costs what it costs on real prose, not on
  100 repeated characters);
- every interview has a WebVTT transcript beside it (``interview-N.vtt``) of 8,000 to 15,000
  characters in cues of two voices, 6 to 10 segments and 2 to 4 quotes; there is no audio
  (a recording is only copied, and would not change what is measured);
- every object has two photos of its own, every place a then/now pair and every person with
  a portrait one: small real JPEG / PNG files (a few KB, drawn with Pillow: 400x300 JPEG for
  objects and places, 120x150 PNG for portraits), so image publishing decodes and encodes
  real files;
- people's consent is mixed: public, community and withdrawn people, some with their name
  or their transcripts narrowed to the community.
"""

from __future__ import annotations

import argparse
import io
import random
from functools import lru_cache
from pathlib import Path

import yaml

#: Share of each record type in an archive of N records.
MIX = {
    "people": 0.10,
    "interviews": 0.20,
    "objects": 0.20,
    "events": 0.25,
    "places": 0.05,
    "wishes": 0.20,
}
THEMES = ["lane-life", "trades", "housing", "neighbours", "childhood", "food", "future"]
THEME_ZH = {
    "lane-life": "弄堂生活", "trades": "老行当", "housing": "住房", "neighbours": "邻里",
    "childhood": "童年", "food": "吃食", "future": "明天",
}
#: Size of the vocabulary drawn from jieba's dictionary.
VOCABULARY = 5000
#: Characters in an interview's transcript, and in its notes (the Markdown body).
TRANSCRIPT_CHARS = (8000, 15000)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段漕钱汤尹黎易常武乔贺赖龚文"
GIVEN = "建国秀珍桂英美芳小曼丽群敏志强国华玉兰淑芬海明德福红梅永康惠琴宝根金凤福生阿毛雪英振华家宝文杰素珍雅琴德胜"


@lru_cache(maxsize=1)
def vocabulary() -> tuple[list[str], list[float]]:
    """The 5,000 most frequent all-Han words of jieba's dictionary (kept in words-zh.txt, so
    the archive is the same with or without jieba), with cumulative weights (frequency **
    0.75, flatter than raw frequency, as in word2vec's sampling)."""
    words, cum, total = [], [], 0.0
    with open(Path(__file__).with_name("words-zh.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            word, freq = line.split()
            words.append(word)
            total += int(freq) ** 0.75
            cum.append(total)
    return words[:VOCABULARY], cum[:VOCABULARY]


def chinese(rng: random.Random, n: int) -> str:
    """About n characters of Chinese prose: frequent words, clauses, sentences."""
    words, cum = vocabulary()
    out: list[str] = []
    size = 0
    clause = rng.randint(3, 9)
    clauses = 0
    while size < n:
        batch = rng.choices(words, cum_weights=cum, k=clause)
        text = "".join(batch)
        out.append(text)
        size += len(text) + 1
        clauses += 1
        if clauses >= rng.randint(1, 4):
            out.append(rng.choice("。。。！？"))
            clauses = 0
        else:
            out.append("，")
        clause = rng.randint(3, 9)
    text = "".join(out).rstrip("，")
    return text if text.endswith(("。", "！", "？")) else text + "。"


def short(rng: random.Random, n: int) -> str:
    """A title or name of about n characters, without punctuation."""
    words, cum = vocabulary()
    out = ""
    while len(out) < n:
        out += rng.choices(words, cum_weights=cum, k=1)[0]
    return out


def text(rng: random.Random, n: int, en: str) -> dict:
    return {"zh": chinese(rng, n), "en": en}


def write(path: Path, data: dict, body: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    if body is None:
        path.write_text(front, encoding="utf-8")
    else:
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def counts(records: int) -> dict[str, int]:
    out = {k: max(1, int(records * share)) for k, share in MIX.items()}
    out["events"] += records - sum(out.values())
    return out


def photo(rng: random.Random, path: Path, size: tuple[int, int], fmt: str) -> None:
    """A small real picture: a coloured background with a few shapes."""
    from PIL import Image, ImageDraw  # noqa: PLC0415

    def colour():
        return (rng.randrange(256), rng.randrange(256), rng.randrange(256))

    im = Image.new("RGB", size, colour())
    draw = ImageDraw.Draw(im)
    w, h = size
    for _ in range(6):
        x, y = rng.randrange(w), rng.randrange(h)
        box = [x, y, x + rng.randint(10, w // 2), y + rng.randint(10, h // 2)]
        (draw.ellipse if rng.random() < 0.5 else draw.rectangle)(box, fill=colour())
    buffer = io.BytesIO()
    if fmt == "JPEG":
        im.save(buffer, "JPEG", quality=70)
    else:
        im.quantize(16).save(buffer, "PNG", optimize=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def clock(seconds: float) -> str:
    ms = round(seconds * 1000)
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}.{ms:03d}"


def vtt(rng: random.Random, chars: int, voices: tuple[str, str]) -> tuple[str, float]:
    """A transcript of about ``chars`` characters; returns (WebVTT text, duration)."""
    out = ["WEBVTT", ""]
    t, size, n = 1.0, 0, 0
    while size < chars:
        n += 1
        asking = n % 4 == 1
        line = chinese(rng, rng.randint(15, 40) if asking else rng.randint(60, 160))
        length = len(line) / 4.5  # about 4.5 characters a second
        out += [str(n), f"{clock(t)} --> {clock(t + length)}",
                f"<v {voices[0] if asking else voices[1]}>{line}", ""]
        size += len(line)
        t += length + 0.4
    return "\n".join(out), t


def generate_archive(root: Path | str, *, records: int = 2000, seed: int = 1) -> dict[str, int]:
    """Write a valid synthetic archive of about ``records`` records under ``root``."""
    rng = random.Random(seed)
    root = Path(root)
    n = counts(records)
    stories = root / "stories"
    media = stories / "media"
    media.mkdir(parents=True, exist_ok=True)
    write(
        stories / "themes.yml",
        {t: {"zh": THEME_ZH[t], "en": t.replace("-", " ").title()} for t in THEMES},
    )
    people = [f"person-{i}" for i in range(n["people"])]
    places = [f"place-{i}" for i in range(n["places"])]
    events = [f"event-{i}" for i in range(n["events"])]
    levels = ["public"] * 6 + ["community"] * 3 + ["withdrawn"]
    public, names = [], {}
    rare = sorted(set(GIVEN) - set("".join(vocabulary()[0])))
    for pid in people:
        level = rng.choice(levels)
        if level == "withdrawn":
            write(stories / "people" / f"{pid}.yml", {"consent": {"level": level}})
            continue
        public.append(pid)
        consent = {"level": level, "recorded": "2025-03-12"}
        if level == "public" and rng.random() < 0.15:
            consent["name"] = "community"
        if level == "public" and rng.random() < 0.1:
            consent["transcript"] = "community"
        # the last character is one no vocabulary word has: random text never spells a
        # name by chance (a restricted person's real name in text is an error)
        name = rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(rare)
        names[pid] = name
        data = {
            "name": name,
            "display_name": name[0] + rng.choice(["师傅", "阿姨", "老师", "伯伯"]),
            "born": str(rng.randint(1930, 2015)),
            "occupation": text(rng, 6, "worker"),
            "lived_here": f"{rng.randint(1950, 2000)}/..",
            "bio": text(rng, 120, "A resident of the lanes."),
        }
        if rng.random() < 0.7:
            src = f"portraits/{pid}.png"
            photo(rng, media / src, (120, 150), "PNG")
            data["portrait"] = {"src": src, "alt": text(rng, 10, "portrait")}
        data["consent"] = consent
        write(stories / "people" / f"{pid}.yml", data)
    for pid in places:
        then_src, now_src = f"places/{pid}-then.jpg", f"places/{pid}-now.jpg"
        photo(rng, media / then_src, (400, 300), "JPEG")
        photo(rng, media / now_src, (400, 300), "JPEG")
        write(
            stories / "places" / f"{pid}.yml",
            {
                "names": [
                    {"name": {"zh": short(rng, 4) + "弄", "en": "Old name"}, "from": "1920",
                     "to": "1966"},
                    {"name": {"zh": short(rng, 4) + "路", "en": "New name"}, "from": "1966"},
                ],
                "description": text(rng, 300, "A place."),
                "then_now": [{"then": then_src, "now": now_src, "alt": text(rng, 10, "then, now")}],
                "location": {"lat": round(31.2 + rng.random() / 10, 3), "lon": 121.5},
                "themes": rng.sample(THEMES, 2),
            },
        )
    for i in range(n["interviews"]):
        narrator = rng.choice(public)
        interviewer = rng.choice(public)
        transcript, duration = vtt(
            rng, rng.randint(*TRANSCRIPT_CHARS),
            (names[interviewer], names[narrator]),
        )
        (stories / "interviews").mkdir(parents=True, exist_ok=True)
        (stories / "interviews" / f"interview-{i}.vtt").write_text(transcript, encoding="utf-8")
        n_segments = rng.randint(6, 10)
        themes = rng.sample(THEMES, 2)
        segments = []
        for m in range(n_segments):
            keywords = [short(rng, 2) for _ in range(rng.randint(2, 4))]
            if rng.random() < 0.2:
                keywords.append(THEME_ZH[rng.choice(THEMES)])
            segments.append({
                "start": clock(duration * m / n_segments)[:8],
                "title": text(rng, 10, "A segment"),
                "synopsis": text(rng, 100, "Synopsis."),
                "keywords": keywords,
                "places": rng.sample(places, min(len(places), rng.randint(0, 2))),
            })
        write(
            stories / "interviews" / f"interview-{i}.md",
            {
                "title": text(rng, 12, f"Interview {i}"),
                "narrator": narrator,
                "interviewers": [interviewer],
                "date": f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}",
                "place": rng.choice(places),
                "language": "zh",
                "summary": text(rng, 200, "What the narrator remembers."),
                "themes": themes,
                "transcript": f"interview-{i}.vtt",
                "segments": segments,
                "quotes": [
                    {"id": f"q{q}", "text": text(rng, 40, "A quote."),
                     "at": clock(duration * q / 5)[:8]}
                    for q in range(1, rng.randint(3, 5))
                ],
                "related": [f"events/{e}" for e in rng.sample(events, 2)]
                + [f"places/{rng.choice(places)}"],
            },
            body=chinese(rng, rng.randint(300, 800)),
        )
    for i in range(n["objects"]):
        loan = rng.random() < 0.3
        images = []
        for k in range(2):
            src = f"objects/object-{i}-{k}.jpg"
            photo(rng, media / src, (400, 300), "JPEG")
            images.append({"src": src, "alt": text(rng, 12, "a photo"),
                           "caption": text(rng, 20, "caption")})
        data = {
            "title": {"zh": short(rng, 5), "en": f"Object {i}"},
            "kind": {"zh": short(rng, 2), "en": "thing"},
            "number": f"P-2026-{i:05d}",
            "date": f"{rng.randint(195, 201)}X",
            "material": text(rng, 4, "wood"),
            "lender" if loan else "donor": rng.choice(public),
            "credit_line": text(rng, 12, "Lent by a resident"),
            "images": images,
            "place": rng.choice(places),
            "themes": rng.sample(THEMES, 2),
            "related": [f"events/{rng.choice(events)}"],
        }
        if loan:
            data["loan"] = {"from": "2026-09-01", "to": "2027-03-31", "status": "on-loan"}
        write(stories / "objects" / f"object-{i}.md", data, body=chinese(rng, rng.randint(300, 1200)))
    for i, eid in enumerate(events):
        year = rng.randint(1930, 2030)
        data = {
            "date": str(year) + rng.choice(["", "~", "-06", "-05-18"]),
            "title": text(rng, 12, f"Event {i}"),
            "status": "planned" if year > 2026 else "happened",
            "place": rng.choice(places),
            "summary": text(rng, 150, "What happened."),
            "themes": rng.sample(THEMES, 1),
            "related": [f"people/{rng.choice(people)}"],
        }
        if year <= 2026 and rng.random() < 0.2:
            data["sources"] = [{"title": text(rng, 10, "A newspaper"),
                                "url": f"https://example.org/news/{i}", "accessed": "2026-01-05"}]
        write(stories / "events" / f"{eid}.yml", data)
    for i in range(n["wishes"]):
        write(
            stories / "wishes" / f"wish-{i}.yml",
            {
                "text": text(rng, rng.randint(20, 60), "I wish..."),
                "by": rng.choice(["anonymous", f"people/{rng.choice(public)}", "三楼的小朋友"]),
                "date": "2026-10",
                "theme": rng.choice(THEMES),
                "status": "new",
                "approved": True,
            },
        )
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = generate_archive(args.out, records=args.records, seed=args.seed)
    print(f"wrote {sum(made.values())} records to {args.out}: {made}")


if __name__ == "__main__":
    main()

"""A synthetic archive of N records with realistic sizes, for benchmarks.

    python tests/benchmarks/generate.py OUT --records 2000

Every record is valid, references resolve and consent is mixed, so a check or a build of it
does the same work as on a real archive of that size.
"""

from __future__ import annotations

import argparse
import random
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
HANZI = (
    "弄堂老虎灶煤球炉石库门公用电话亭邮递员裁缝纺织厂公交售票员小学老师居委会加装电梯"
    "心愿墙会客厅梧桐树晒台天井灶披间亭子间阁楼自行车缝纫机收音机热水瓶粮票竹筹门牌"
    "早晨傍晚邻居孩子奶奶爷爷记得那时候大家一起排队打水生炉子聊天下棋乘风凉过年"
)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 30"><rect width="40" height="30" fill="#c96"/></svg>\n'


def chinese(rng: random.Random, n: int) -> str:
    """n characters of Chinese-looking prose, with punctuation every so often."""
    out = []
    for i in range(n):
        out.append(rng.choice(HANZI))
        if i % 17 == 16:
            out.append(rng.choice("，。；"))
    return "".join(out) + "。"


def text(rng: random.Random, n: int, en: str) -> dict:
    return {"zh": chinese(rng, n), "en": en}


def write(path: Path, data: dict, body: str | None = None) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if body is None:
        path.write_text(front, encoding="utf-8")
    else:
        path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")


def counts(records: int) -> dict[str, int]:
    out = {k: max(1, int(records * share)) for k, share in MIX.items()}
    out["events"] += records - sum(out.values())
    return out


def generate_archive(root: Path | str, *, records: int = 2000, seed: int = 1) -> dict[str, int]:
    """Write a valid synthetic archive of about ``records`` records under ``root``."""
    rng = random.Random(seed)
    root = Path(root)
    n = counts(records)
    stories = root / "stories"
    (stories / "media").mkdir(parents=True, exist_ok=True)
    for i in range(20):
        (stories / "media" / f"img-{i}.svg").write_text(SVG, encoding="utf-8")
    write(
        stories / "themes.yml",
        {t: {"zh": chinese(rng, 4), "en": t.replace("-", " ").title()} for t in THEMES},
    )
    people = [f"person-{i}" for i in range(n["people"])]
    places = [f"place-{i}" for i in range(n["places"])]
    events = [f"event-{i}" for i in range(n["events"])]
    levels = ["public"] * 6 + ["community"] * 3 + ["withdrawn"]
    public = []
    for pid in people:
        level = rng.choice(levels)
        if level == "withdrawn":
            write(stories / "people" / f"{pid}.yml", {"consent": {"level": level}})
            continue
        public.append(pid)
        write(
            stories / "people" / f"{pid}.yml",
            {
                "name": chinese(rng, 3)[:3],
                "display_name": chinese(rng, 2)[:2] + "师傅",
                "born": str(rng.randint(1930, 2015)),
                "occupation": text(rng, 6, "worker"),
                "lived_here": f"{rng.randint(1950, 2000)}/..",
                "bio": text(rng, 120, "A resident of the lanes."),
                "portrait": {"src": f"img-{rng.randrange(20)}.svg", "alt": text(rng, 10, "portrait")},
                "consent": {"level": level, "recorded": "2025-03-12"},
            },
        )
    for pid in places:
        write(
            stories / "places" / f"{pid}.yml",
            {
                "names": [
                    {"name": text(rng, 4, "Old name"), "from": "1920", "to": "1966"},
                    {"name": text(rng, 4, "New name"), "from": "1966"},
                ],
                "description": text(rng, 200, "A place."),
                "then_now": [
                    {"then": "img-1.svg", "now": "img-2.svg", "alt": text(rng, 10, "then, now")}
                ],
                "location": {"lat": round(31.2 + rng.random() / 10, 3), "lon": 121.5},
                "themes": rng.sample(THEMES, 2),
            },
        )
    for i in range(n["interviews"]):
        narrator = rng.choice(public)
        write(
            stories / "interviews" / f"interview-{i}.md",
            {
                "title": text(rng, 10, f"Interview {i}"),
                "narrator": narrator,
                "interviewers": [rng.choice(public)],
                "date": f"{rng.randint(2015, 2026)}-{rng.randint(1, 12):02d}",
                "place": rng.choice(places),
                "summary": text(rng, 150, "What the narrator remembers."),
                "themes": rng.sample(THEMES, 2),
                "segments": [
                    {
                        "start": f"{m * 5:02d}:00",
                        "title": text(rng, 8, "A segment"),
                        "synopsis": text(rng, 80, "Synopsis."),
                        "keywords": [chinese(rng, 3)[:3]],
                        "places": [rng.choice(places)],
                    }
                    for m in range(4)
                ],
                "quotes": [
                    {"id": f"q{q}", "text": text(rng, 40, "A quote."), "at": f"{q * 3:02d}:30"}
                    for q in range(1, 3)
                ],
                "related": [f"events/{rng.choice(events)}"],
            },
            body=chinese(rng, 800),
        )
    for i in range(n["objects"]):
        loan = rng.random() < 0.3
        data = {
            "title": text(rng, 6, f"Object {i}"),
            "kind": text(rng, 3, "thing"),
            "number": f"P-2026-{i:04d}",
            "date": f"{rng.randint(195, 201)}X",
            "material": text(rng, 4, "wood"),
            "lender" if loan else "donor": rng.choice(public),
            "credit_line": text(rng, 12, "Lent by a resident"),
            "images": [
                {"src": f"img-{rng.randrange(20)}.svg", "alt": text(rng, 12, "a photo")}
                for _ in range(2)
            ],
            "place": rng.choice(places),
            "themes": rng.sample(THEMES, 2),
        }
        if loan:
            data["loan"] = {"from": "2026-09-01", "to": "2027-03-31", "status": "on-loan"}
        write(stories / "objects" / f"object-{i}.md", data, body=chinese(rng, 400))
    for i, eid in enumerate(events):
        year = rng.randint(1930, 2030)
        write(
            stories / "events" / f"{eid}.yml",
            {
                "date": str(year) + rng.choice(["", "~", "-06", "-05-18"]),
                "title": text(rng, 10, f"Event {i}"),
                "status": "planned" if year > 2026 else "happened",
                "place": rng.choice(places),
                "summary": text(rng, 120, "What happened."),
                "themes": rng.sample(THEMES, 1),
                "related": [f"people/{rng.choice(people)}"],
            },
        )
    for i in range(n["wishes"]):
        write(
            stories / "wishes" / f"wish-{i}.yml",
            {
                "text": text(rng, 40, "I wish..."),
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

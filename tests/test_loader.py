"""The loader: encodings, line ends, front matter, positions and YAML hazards."""

from __future__ import annotations

from pathlib import Path

from parlour.archive.loader import load_archive, parse_yaml, split_front_matter

PERSON = "name: 王建国\nborn: 1948\nconsent:\n  level: public\n  recorded: 2025-03-12\n"


def write(root: Path, rel: str, data: bytes | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def test_bom_and_crlf_are_read_like_plain_utf8(tmp_path):
    write(tmp_path, "stories/people/a.yml", "\ufeff" + PERSON.replace("\n", "\r\n"))
    write(tmp_path, "stories/people/b.yml", PERSON.replace("\n", "\r"))
    loaded = load_archive(tmp_path)
    assert loaded.problems == []
    assert loaded.records["people"]["a"].name == "王建国"
    assert loaded.records["people"]["b"].born == "1948"
    # line numbers survive the BOM and CRLF: "recorded" is on line 5
    assert loaded.sources[("people", "a")].marks.at[("consent", "recorded")] == (5, 3)


def test_every_key_and_item_has_its_line_and_column():
    text = "title: 老虎灶\nthemes:\n  - trades\n  - food\nloan: {from: 2026-09-01, to: 2027}\n"
    data, marks, problems = parse_yaml(text, "x.yml")
    assert problems == []
    assert data["loan"]["to"] == 2027
    assert marks.at[("title",)] == (1, 1)
    assert marks.at[("themes", 1)] == (4, 5)
    assert marks.at[("loan", "to")] == (5, 26)
    # an unknown path falls back to its nearest ancestor
    assert marks.find(("themes", 1, "x")) == (4, 5)


def test_front_matter_lines_are_file_lines(tmp_path):
    text = "---\ntitle: 老虎灶\n---\n\n正文第一段\n"
    yaml_text, body, body_line = split_front_matter(text)
    assert yaml_text == "title: 老虎灶\n"
    assert body == "\n正文第一段\n"
    assert body_line == 4
    data, marks, _ = parse_yaml(yaml_text, "x.md", offset=1)
    assert marks.at[("title",)] == (2, 1)


def test_alias_bomb_is_refused_quickly():
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 12):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    data, _, problems = parse_yaml("\n".join(lines) + "\n", "bomb.yml")
    assert data is None
    assert [(p.code, p.line) for p in problems] == [("yaml-alias", 2)]


def test_all_problems_in_one_run(tmp_path):
    write(tmp_path, "stories/people/a.yml", "name: [\n")
    write(tmp_path, "stories/people/b.yml", "nmae: x\nconsent: {level: public}\n")
    write(tmp_path, "stories/people/c.yml", "born: 2024-13\nconsent: {level: public}\n")
    codes = sorted((p.path, p.code) for p in load_archive(tmp_path).problems)
    assert codes == [
        ("stories/people/a.yml", "yaml-syntax"),
        ("stories/people/b.yml", "unknown-field"),
        ("stories/people/c.yml", "bad-date"),
    ]


def test_partial_record_keeps_its_valid_fields(tmp_path):
    write(
        tmp_path, "stories/interviews/x.md",
        "---\ntitle: 访谈\nnarrator: wang\ndate: 1992-13\nthemes: [food]\n---\n",
    )
    loaded = load_archive(tmp_path)
    assert "interviews" not in loaded.records
    partial = loaded.partial[("interviews", "x")]
    assert partial.narrator == "wang" and partial.themes == ["food"]
    assert "date" not in partial.model_fields_set

"""`parlour check` and `parlour schema` as a contributor runs them."""

from __future__ import annotations

import json

from click.testing import CliRunner

from parlour.cli import main

from .test_loader import write

GOOD = "name: 王建国\nconsent: {level: public}\n"


def run(*args):
    return CliRunner().invoke(main, list(args))


def archive(tmp_path, bad: bool = True, warn: bool = False):
    write(tmp_path, "stories/people/wang.yml", GOOD)
    if bad:
        write(tmp_path, "stories/people/li.yml", "nmae: 李\nconsent: {level: public}\n")
    if warn:
        write(tmp_path, "stories/people/zhou.yml", "name: 周\nconsent: {level: community, portrait: public}\n")
    return tmp_path


def test_clean_archive_exits_0(tmp_path):
    result = run("check", str(archive(tmp_path, bad=False)))
    assert result.exit_code == 0
    assert "No problems found" in result.output


def test_problems_exit_1_grouped_by_file_with_line_and_hint(tmp_path):
    result = run("check", str(archive(tmp_path)))
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "stories/people/li.yml"
    assert "1:1" in lines[1] and "[unknown-field]" in lines[1]
    assert "did you mean “name”?" in lines[2]
    assert "1 error(s), 0 warning(s)" in result.output


def test_usage_errors_exit_2(tmp_path):
    assert run("check", str(tmp_path / "nowhere")).exit_code == 2
    assert run("check", "--format", "xml", str(archive(tmp_path / "a"))).exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("check", str(empty))
    assert result.exit_code == 2 and "not inside a Parlour archive" in result.output


def test_warnings_pass_unless_strict(tmp_path):
    archive(tmp_path, bad=False, warn=True)
    assert run("check", str(tmp_path)).exit_code == 0
    result = run("check", "--strict", str(tmp_path))
    assert result.exit_code == 1 and "error" in result.output


def test_json_format(tmp_path):
    result = run("check", "--format", "json", str(archive(tmp_path)))
    data = json.loads(result.output)
    assert data["errors"] == 1 and data["warnings"] == 0
    (problem,) = data["problems"]
    assert problem["path"] == "stories/people/li.yml"
    assert (problem["line"], problem["column"], problem["code"]) == (1, 1, "unknown-field")


def test_github_annotations(tmp_path):
    result = CliRunner().invoke(main, ["check", "--format", "github", str(archive(tmp_path))])
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0].startswith(
        "::error file=stories/people/li.yml,line=1,col=1,title=unknown-field::"
    )


def test_a_path_inside_the_archive_reports_on_that_path_only(tmp_path):
    archive(tmp_path)
    result = run("check", str(tmp_path / "stories/people/wang.yml"))
    assert result.exit_code == 0
    result = run("check", str(tmp_path / "stories/people/li.yml"))
    assert result.exit_code == 1


def test_schema_writes_one_file_per_type(tmp_path):
    result = run("schema", "--out", str(tmp_path))
    assert result.exit_code == 0
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(
        f"{t}.schema.json"
        for t in ("people", "interviews", "objects", "events", "places", "maps", "wishes", "exhibits",
                  "themes")
    )
    person = json.loads((tmp_path / "people.schema.json").read_text(encoding="utf-8"))
    assert person["additionalProperties"] is False
    assert "consent" in person["properties"] and "display_name" in person["properties"]

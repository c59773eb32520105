"""`parlour check` tells a contributor's problems in the archive's own language: the first
of the parlour plugin's `languages` in mkdocs.yml (the sample's is zh), from the catalogs
(the archive's own first); `--lang` overrides it. JSON stays the same for tools."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from parlour.cli import main

from .sample import build, copy_sample, write_files

#: one broken record: a misspelt field
BROKEN = {"stories/people/li-si.yml": "nmae: 李四\nconsent: {level: public}\n"}


def check(root, *args):
    return CliRunner().invoke(main, ["check", *args, str(root)])


@pytest.fixture
def broken(tmp_path):
    return write_files(copy_sample(tmp_path / "archive"), BROKEN)


def with_languages(root, langs: str):
    """The archive's mkdocs.yml with the parlour plugin's languages set to ``langs``."""
    path = root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert "  - parlour:\n" in text
    path.write_text(text.replace("  - parlour:\n", f"  - parlour:\n      languages: {langs}\n"),
                    encoding="utf-8")
    return root


def test_the_sample_is_checked_in_simplified_chinese_its_first_language(broken):
    result = check(broken)
    assert result.exit_code == 1
    out = result.output
    assert out.splitlines()[0] == "stories/people/li-si.yml"
    assert "Parlour 不认识这里的栏目“nmae”  [unknown-field]" in out
    assert "→ 您是不是想写“name”？" in out
    assert "1 个文件里有 1 个错误、0 个提醒。" in out
    assert "is not a field" not in out and "error(s)" not in out


def test_an_archive_whose_first_language_is_traditional_chinese(broken):
    # zh stays one of its languages: the sample's texts are written in it
    out = check(with_languages(broken, "[zh-Hant, zh, en]")).output
    assert "Parlour 不認識這裡的欄位「nmae」  [unknown-field]" in out
    assert "您是不是想寫「name」？" in out
    assert "1 個檔案裡有 1 個錯誤、0 個提醒。" in out
    assert "认识" not in out and "栏目" not in out  # never Simplified


def test_lang_overrides_the_archive_language(broken):
    result = check(broken, "--lang", "en")
    assert result.exit_code == 1
    assert "“nmae” is not a field Parlour knows here  [unknown-field]" in result.output
    assert "did you mean “name”?" in result.output
    assert "1 error(s), 0 warning(s) in 1 file." in result.output
    assert "不认识" not in result.output
    # and the other way round: an English-first archive asked in Chinese
    out = check(with_languages(broken, "[en, zh]"), "--lang", "zh").output
    assert "Parlour 不认识这里的栏目“nmae”" in out


def test_an_english_first_archive_is_checked_in_english(broken):
    out = check(with_languages(broken, "[en, es]")).output
    assert "“nmae” is not a field Parlour knows here" in out


def test_a_clean_archive_says_so_in_its_language(tmp_path):
    root = copy_sample(tmp_path / "archive")
    result = check(root)
    assert result.exit_code == 0 and result.output.strip() == "没有发现问题。"
    assert check(root, "--lang", "en").output.strip() == "No problems found."


def test_json_stays_the_same_in_any_language(broken):
    outputs = [check(broken, "--format", "json", *lang).output
               for lang in ((), ("--lang", "en"), ("--lang", "zh-Hant"))]
    assert outputs[0] == outputs[1] == outputs[2]
    data = json.loads(outputs[0])
    assert data["errors"] == 1
    [unknown] = data["problems"]
    assert (unknown["path"], unknown["code"]) == ("stories/people/li-si.yml", "unknown-field")
    assert unknown["params"]["key"] == "nmae" and unknown["params"]["suggestion"] == "name"
    assert unknown["message"] == "“nmae” is not a field Parlour knows here"


def test_github_annotations_in_the_archive_language(broken):
    result = check(broken, "--format", "github")
    first = result.stdout.splitlines()[0]
    assert first.startswith("::error file=stories/people/li-si.yml,line=1,col=1,"
                            "title=unknown-field::Parlour 不认识这里的栏目“nmae”")
    assert "您是不是想写“name”？" in first


def test_a_reason_worded_elsewhere_is_told_in_the_same_language(tmp_path):
    """A picture the site cannot publish: the reason comes from media.py, inside the
    check's sentence, and both are in Chinese."""
    root = write_files(copy_sample(tmp_path / "archive"), {
        "stories/media/objects/broken.jpg": "not a picture at all",
    })
    record = root / "stories/objects/bamboo-chair.md"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("src: objects/bamboo-chair.svg", "src: objects/broken.jpg"),
                      encoding="utf-8")
    out = check(root).output
    assert "stories/media/objects/broken.jpg：网站不能发布这种图片" in out
    assert "请打开图片，重新存成 JPEG、PNG 或普通的 SVG" in out
    assert "not an image" not in out
    assert "this is not an image the site can publish" in check(root, "--lang", "en").output


def test_the_archive_catalog_changes_a_problem_wording(broken):
    """An archive's own catalog (locale_dir) wins over Parlour's, for problems too."""
    write_files(broken, {"locale/zh/LC_MESSAGES/parlour.po": '''
        msgid ""
        msgstr "Content-Type: text/plain; charset=utf-8\\n"

        msgid "did you mean “{suggestion}”?"
        msgstr "是不是“{suggestion}”？"
        '''})
    assert "→ 是不是“name”？" in check(broken).output


def test_an_unknown_language_is_a_usage_error(broken):
    result = check(broken, "--lang", "not a language")
    assert result.exit_code == 2 and "--lang" in result.output


def test_a_csv_import_tells_its_row_problems_in_the_archive_language(tmp_path):
    root = copy_sample(tmp_path / "archive")
    sheet = write_files(tmp_path, {"objects.csv": "id,title\nBad Id!,坏编号\n"}) / "objects.csv"
    result = CliRunner().invoke(main, ["import", "csv", str(sheet), "--type", "objects",
                                       "--root", str(root)])
    assert result.exit_code == 1
    assert "第 2 行，id 列：“Bad Id!”不是有效的编号" in result.output
    assert "什么都没有写入" in result.output


def test_the_build_log_tells_problems_in_the_site_default_language(broken, tmp_path):
    """mkdocs build refuses the broken archive before writing anything, its log saying why
    in the site's default language (zh for the sample)."""
    result = build(broken, tmp_path / "site")
    assert result.returncode == 1
    assert ("stories/people/li-si.yml:1:1: Parlour 不认识这里的栏目“nmae” [unknown-field] — "
            "您是不是想写“name”？") in result.stderr
    assert "is not a field" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()


def test_a_sheet_that_cannot_be_read_is_told_in_the_archive_language(tmp_path):
    root = copy_sample(tmp_path / "archive")
    sheet = tmp_path / "latin1.csv"
    sheet.write_bytes("id,title\ncoin,caf\xe9 \x81\xff\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["import", "csv", str(sheet), "--type", "objects",
                                       "--root", str(root)])
    assert result.exit_code == 1
    assert "文件既不是 UTF-8 也不是 GBK" in result.output

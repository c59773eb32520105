"""An archive's languages are configuration: record texts, print.languages and transcript
translations are checked against the plugin's ``languages`` (any BCP 47 tags), the schemas,
the CSV columns and `parlour new` follow them, and the model's messages are translated."""

from __future__ import annotations

import datetime
import json

import pytest
from parlour import csvio
from parlour.archive import model
from parlour.archive.loader import load_archive
from parlour.archive.mediafiles import archive_languages
from parlour.catalog import words
from parlour.scaffold import template
from parlour.schema import json_schemas

from .test_loader import write

CONSENT = "consent: {level: public}\n"


def _mkdocs(root, langs: list[str] | None) -> None:
    option = f"      languages: [{', '.join(langs)}]\n" if langs else "      audience: public\n"
    write(root, "mkdocs.yml", "site_name: x\nplugins:\n  - parlour:\n" + option)


def _problems(loaded) -> list[tuple[str, int, str, str]]:
    return [(p.path, p.line, p.code, p.text()[0]) for p in loaded.problems]


def test_a_text_in_a_language_the_archive_lacks_is_a_problem_at_its_line(tmp_path):
    write(tmp_path, "stories/people/li.yml", CONSENT + "name:\n  zh: 李\n  fr: Li\n")
    [(path, line, code, message)] = _problems(load_archive(tmp_path))
    assert (path, line, code) == ("stories/people/li.yml", 4, "wrong-type")
    assert message == "“name”: “fr” is not one of this archive's languages (zh, en)"


def test_the_languages_come_from_mkdocs_yml(tmp_path):
    _mkdocs(tmp_path, ["en", "es"])
    write(tmp_path, "stories/people/ana.yml", CONSENT + "name: {en: Ann, es: Ana}\n")
    write(tmp_path, "stories/people/li.yml", CONSENT + "name: {zh: 李, en: Li}\n")
    loaded = load_archive(tmp_path)
    assert loaded.languages == ("en", "es")
    assert loaded.records["people"]["ana"].name == {"en": "Ann", "es": "Ana"}
    [(path, _, _, message)] = _problems(loaded)
    assert path == "stories/people/li.yml"
    assert "“zh” is not one of this archive's languages (en, es)" in message


def test_languages_given_win_over_mkdocs_yml_and_the_default_is_zh_en(tmp_path):
    write(tmp_path, "stories/people/li.yml", CONSENT + "name: {zh-Hant: 李, en: Li}\n")
    assert archive_languages(tmp_path) == ["zh", "en"]  # no mkdocs.yml
    assert _problems(load_archive(tmp_path))
    _mkdocs(tmp_path, None)  # a parlour plugin without languages
    assert archive_languages(tmp_path) == ["zh", "en"]
    assert load_archive(tmp_path, languages=["zh-Hant", "en"]).problems == []


def test_one_archive_s_languages_never_leak_into_the_next(tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    _mkdocs(one, ["en", "es"])
    write(one, "stories/people/ana.yml", CONSENT + "name: {es: Ana}\n")
    write(two, "stories/people/ana.yml", CONSENT + "name: {es: Ana}\n")
    assert load_archive(one).problems == []
    assert model.languages() == model.DEFAULT_LANGUAGES  # reset after loading
    assert [p.code for p in load_archive(two).problems] == ["wrong-type"]


def test_print_languages_and_transcript_translations_are_the_archive_s(tmp_path):
    _mkdocs(tmp_path, ["zh-Hant", "en"])
    write(tmp_path, "exhibits/a.yml", "title: 展\nprint: {languages: [zh-Hant, en]}\n")
    write(tmp_path, "exhibits/b.yml", "title: 展\nprint: {languages: [zh]}\n")
    write(tmp_path, "exhibits/c.yml", "title: 展\n")
    loaded = load_archive(tmp_path)
    assert loaded.records["exhibits"]["a"].print.languages == ["zh-Hant", "en"]
    # the default is the archive's default language, not zh
    assert loaded.records["exhibits"]["c"].print.languages == ["zh-Hant"]
    [(path, line, _, message)] = _problems(loaded)
    assert (path, line) == ("exhibits/b.yml", 2)
    assert "“zh” is not one of this archive's languages (zh-Hant, en)" in message


def test_the_model_s_messages_are_translated_when_shown(tmp_path):
    write(tmp_path, "stories/people/li.yml", CONSENT + "name: {fr: Li}\nborn: 19922\n")
    problems = sorted(load_archive(tmp_path).problems)
    said = {p.text(words("zh"))[0] for p in problems}
    assert "“name”：“fr”不是本档案的语言（zh, en）" in said
    assert any(s.startswith("“born”：Parlour 看不懂日期“19922”") for s in said), said
    hant = {p.text(words("zh-Hant"))[0] for p in problems}
    assert "“name”：「fr」不是本檔案庫的語言（zh, en）" in hant
    # the fields are kept as values, for `parlour check --format json` and other languages
    assert dict(problems[0].params)["where"] in ("“born”", "“name”")


def test_the_schemas_list_the_archive_s_languages():
    def keys(schemas):
        title = schemas["events"]["properties"]["title"]
        text = title["anyOf"][1] if "anyOf" in title else schemas["events"]["$defs"]
        return sorted(text["properties"]) if "properties" in text else None

    zh_en, en_es = json_schemas(), json_schemas(langs=["en", "es"])
    assert keys(zh_en) == ["en", "zh"] and keys(en_es) == ["en", "es"]
    assert en_es["events"]["title"] == "Parlour event (Acontecimiento)"
    assert "zh" not in json.dumps(en_es["exhibits"]["$defs"]["PrintOptions"])


def test_csv_columns_follow_the_archive_s_languages(tmp_path):
    _mkdocs(tmp_path, ["en", "es"])
    write(tmp_path, "stories/objects/radio.yml", "title: {en: Radio, es: Radio}\n")
    header = csvio.export_csv(tmp_path, "objects", unfiltered=True).lstrip("\ufeff")
    first = header.split("\r\n", 1)[0].split(",")
    assert "title_en" in first and "title_es" in first and "title_zh" not in first


@pytest.mark.parametrize(
    ("langs", "wanted", "unwanted"),
    [
        (["zh-Hant", "en"], ["# 訪談 Interview", "標著「必填 required」", "# 標題 Title",
                             "{zh-Hant: …, en: …}"], ["标题", "{zh: …"]),
        (["en", "es"], ["# Interview Entrevista", "obligatorio", "{en: …, es: …}"],
         ["必填", "{zh: …"]),
    ],
)
def test_parlour_new_writes_its_comments_in_the_archive_s_languages(langs, wanted, unwanted):
    text = template("interview", id="x", title="X", today=datetime.date(2026, 1, 1),
                    langs=langs)
    for word in wanted:
        assert word in text, word
    for word in unwanted:
        assert word not in text, word


def test_themes_are_named_in_the_archive_s_languages(tmp_path):
    _mkdocs(tmp_path, ["en", "es"])
    write(tmp_path, "stories/themes.yml",
          "lane: {en: The lane, es: El callejón}\nfood: {en: Food}\ntea: {zh: 茶, en: Tea}\n"
          "empty: {description: nothing}\n")
    loaded = load_archive(tmp_path)
    assert loaded.themes["lane"].name("es") == "El callejón"
    assert loaded.themes["lane"].en == "The lane" and loaded.themes["lane"].zh is None
    said = sorted((p.code, p.text()[0]) for p in loaded.problems)
    assert said == [
        ("missing-field", "this file: this theme has no name"),
        ("wrong-type", "this file: “zh” is not one of this archive's languages (en, es)"),
    ]
    assert loaded.themes["food"].name("es") is None  # named in some languages only
    assert set(loaded.themes) == {"lane", "food", "tea", "empty"}  # records may use them


def test_a_plain_csv_column_is_in_the_archive_s_default_language(tmp_path):
    _mkdocs(tmp_path, ["en", "es"])
    sheet = write(tmp_path, "objects.csv", "id,title,title_es\nradio,Radio,La radio\n")
    result = csvio.import_csv(sheet, "objects", root=tmp_path)
    assert result.problems == [] and len(result.written) == 1
    record = load_archive(tmp_path).records["objects"]["radio"]
    assert record.title == {"en": "Radio", "es": "La radio"}


def test_an_interview_s_language_defaults_to_the_archive_s_default(tmp_path):
    _mkdocs(tmp_path, ["es", "en"])
    write(tmp_path, "stories/people/ana.yml", CONSENT + "name: Ana\n")
    write(tmp_path, "stories/interviews/ana-1.md",
          "---\ntitle: Entrevista\nnarrator: ana\ndate: 2024\n---\n")
    interview = load_archive(tmp_path).records["interviews"]["ana-1"]
    assert interview.language == "es"


def test_parlour_schema_writes_the_languages_of_the_archive_it_is_run_in(tmp_path, monkeypatch):
    from click.testing import CliRunner
    from parlour.cli import main

    _mkdocs(tmp_path, ["cy", "en"])
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["schema", "--out", "schemas"])
    assert result.exit_code == 0, result.output
    themes = json.loads((tmp_path / "schemas/themes.schema.json").read_text("utf-8"))
    assert sorted(themes["$defs"]["ThemeLabel"]["properties"]) == ["cy", "description", "en"]


def test_panels_are_prepared_in_any_of_the_archive_s_languages(tmp_path):
    from parlour.panels.errors import PanelError
    from parlour.panels.export import Options, prepare

    _mkdocs(tmp_path, ["zh-Hant", "en"])
    write(tmp_path, "exhibits/show.yml",
          "title: {zh-Hant: 展覽, en: A show}\nsections:\n  - title: {zh-Hant: 從前, en: Then}\n"
          "    panels:\n      - id: hello\n        title: 只有中文的標題\n        layout: text\n"
          "print: {size: A2, languages: [zh-Hant, en]}\n")
    site = "https://example.org/"
    problems = prepare(tmp_path, "show", Options(site_url=site))[4]
    [missing] = [p for p in problems if p.code == "missing-translation"]
    assert "English (en)" in missing.message and "Chinese (Traditional)" in missing.message
    assert prepare(tmp_path, "show", Options(site_url=site, lang="zh-Hant"))[3] == ["zh-Hant"]
    with pytest.raises(PanelError, match=r"languages \(zh-Hant, en\)"):
        prepare(tmp_path, "show", Options(site_url=site, lang="zh+en"))


def test_a_date_s_reason_is_told_in_the_same_language_as_its_problem(tmp_path):
    write(tmp_path, "stories/events/fair.yml", "title: 庙会\ndate: 1992-13\n")
    write(tmp_path, "stories/events/rain.yml", "title: 雨\ndate: 1991-02-30\n")
    problems = sorted(load_archive(tmp_path).problems)
    said = [p.text(words("zh"))[0] for p in problems]
    assert said[0] == ("“date”：Parlour 看不懂日期“1992-13”：没有 13 月：月份是 01 至 12，"
                       "21 至 41 表示季节、季度和半年（21 春，22 夏，23 秋，24 冬）")
    assert said[1].endswith("：1991年2月只有 28 天")  # the month named in Chinese too
    assert "“1991-02-30” is not a date Parlour understands: February 1991 has only 28 days" \
        in problems[1].text()[0]  # and in English without a catalog

"""`parlour new`: every template fails `parlour check` until its blanks are filled, then
passes; nothing is ever overwritten; ids from Chinese titles are pinyin."""

from __future__ import annotations

import datetime
import re

import pytest
import yaml
from click.testing import CliRunner
from parlour.archive.checks import check_archive
from parlour.cli import main
from parlour.archive.labels import FIELD_LABELS
from parlour.archive.model import TYPES
from parlour.scaffold import (
    NAMES,
    REQUIRED,
    ScaffoldError,
    create,
    folder_for,
    slug_from_title,
    template,
)
from parlour.schema import json_schemas
from pydantic import BaseModel

from .test_loader import write

TODAY = datetime.date(2026, 1, 15)
#: What a contributor writes on each blank line, by field name.
FILL = {
    "title": "{zh: 梧桐里的一天, en: A day in Wutong Li}",
    "name": "{zh: 梧桐里, en: Wutong Li}",
    "text": "{zh: 弄口装一张长凳, en: A bench at the lane mouth}",
    "narrator": "wang-jianguo",
    "date": "1992~",
    "level": "public",
    "kind": "drawn",
    "src": "maps/lanes.svg",
    "alt": "{zh: 弄堂的手绘地图, en: A drawn map of the lanes}",
}
#: Problems the loader reports about a file's own content (not about other files).
CONTENT_CODES = {
    "yaml-syntax", "yaml-tab", "unknown-field", "missing-field", "wrong-type", "bad-date",
    "bad-id", "bad-reference", "front-matter-missing", "internal-error",
}
_BLANK = re.compile(r"^(?P<lead>\s*(?:- )?)(?P<key>[a-z_]+):(?P<value>\s*(?:\"\")?)(?P<rest>\s+#.*)$")
_COMMENTED_FIELD = re.compile(r"^(\s*)# (\s*(?:- )?[a-z_]+:(?: |$))")


@pytest.fixture
def archive(tmp_path):
    write(tmp_path, "stories/themes.yml", "lane-life: {zh: 弄堂生活, en: Lane life}\n")
    write(tmp_path, "stories/people/wang-jianguo.yml",
          "name: {zh: 王建国, en: Wang Jianguo}\nconsent: {level: public}\n")
    # the picture a new map's filled-in template names
    write(tmp_path, "stories/media/maps/lanes.svg",
          '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 80"/>\n')
    return tmp_path


def blank_lines(text: str) -> dict[int, str]:
    """Line number -> field name of each line the template asks to be filled in."""
    out = {}
    for n, line in enumerate(text.split("\n"), start=1):
        m = _BLANK.match(line)
        if m and REQUIRED in m["rest"] and not line.lstrip().startswith("#"):
            out[n] = m["key"]
    return out


def fill(text: str) -> str:
    """Write a value on every blank line, keeping the comments."""
    lines = text.split("\n")
    for n, key in blank_lines(text).items():
        m = _BLANK.match(lines[n - 1])
        lines[n - 1] = f"{m['lead']}{key}: {FILL[key]}{m['rest']}"
    return "\n".join(lines)


def problems_for(root, rel):
    return [p for p in check_archive(root) if p.path == rel]


def errors_for(root, rel):
    return [p for p in problems_for(root, rel) if p.severity == "error"]


@pytest.mark.parametrize("title", [None, "梧桐里的老虎灶"])
@pytest.mark.parametrize("type_name", list(NAMES))
def test_template_fails_check_at_its_blanks_then_passes_once_filled(archive, type_name, title):
    path = create(archive, type_name, "new-one", title=title, today=TODAY)
    rel = path.relative_to(archive).as_posix()
    text = path.read_text(encoding="utf-8")
    blanks = blank_lines(text)
    if title is None:
        assert blanks, "every type has at least one field to fill in"

    errors = errors_for(archive, rel)
    assert {p.line for p in errors} == set(blanks), "\n".join(map(str, errors))
    for p in errors:
        assert p.code in CONTENT_CODES
        assert "None" not in p.message and "Traceback" not in p.message
        assert blanks[p.line] in p.text()[0]  # “title”: this should be text, ...

    path.write_text(fill(text), encoding="utf-8")
    assert problems_for(archive, rel) == []
    assert REQUIRED in path.read_text(encoding="utf-8")  # the comments are still there


def test_filled_person_with_public_consent_is_clean(archive):
    path = create(archive, "person", title="李秀珍", today=TODAY)
    # no consent given: the name may not be public, so the id does not spell it
    assert path.name == "resident-1.yml"
    text = path.read_text(encoding="utf-8")
    assert "  zh: 李秀珍" in text and "# en: Li Xiuzhen" in text
    assert list(blank_lines(text).values()) == ["level"]
    [problem] = problems_for(archive, "stories/people/resident-1.yml")
    assert "consent → level" in problem.message and "public" in problem.hint
    path.write_text(text.replace('level: ""', "level: community", 1), encoding="utf-8")
    assert problems_for(archive, "stories/people/resident-1.yml") == []


def test_person_id_spells_the_name_only_when_the_name_is_public(archive):
    path = create(archive, "person", title="李秀珍", consent={"level": "public"}, today=TODAY)
    assert path.name == "li-xiuzhen.yml"
    text = path.read_text(encoding="utf-8")
    assert blank_lines(text) == {} and "  level: public" in text
    assert problems_for(archive, "stories/people/li-xiuzhen.yml") == []

    narrowed = {"level": "public", "name": "community"}
    path = create(archive, "person", title="周美芳", consent=narrowed, display_name="周师傅")
    assert path.name == "zhou-shifu.yml"
    text = path.read_text(encoding="utf-8")
    assert "  name: community" in text and "  zh: 周师傅" in text
    assert problems_for(archive, "stories/people/zhou-shifu.yml") == []

    for consent in (None, {"level": "community"}, {"level": "private"}, narrowed):
        made = create(archive, "person", title="赵敏", consent=consent)
        assert made.name.startswith("resident-"), consent  # no display name: a number
    # the display name spells the name, or its id is taken: a number too
    assert create(archive, "person", title="赵敏", display_name="赵敏老师").name == "resident-5.yml"
    assert create(archive, "person", title="钱二", display_name="周师傅").name == "resident-6.yml"


def test_resident_numbers_continue_from_the_highest(archive):
    write(archive, "stories/people/resident-07.yml", "consent: {level: private}\n")
    assert create(archive, "person", title="王芳").name == "resident-8.yml"
    assert create(archive, "person").name == "resident-9.yml"  # no name at all


def test_person_template_explains_every_consent_level_first():
    text = template("person", id="x", title=None, today=TODAY)
    before = text[: text.index("consent:")]
    for level in ("public", "community", "private", "withdrawn"):
        assert re.search(rf"^#\s+{level}\s+\S+：", before, re.MULTILINE)  # Chinese
        assert re.search(rf"^#\s+{level.capitalize()}: ", before, re.MULTILINE)  # English
    assert text.index("consent:") < text.index("name:")


@pytest.mark.parametrize("type_name", list(NAMES))
def test_every_commented_example_is_valid_once_uncommented(archive, type_name):
    """Deleting the “# ” in front of every optional field leaves a file whose own content
    is valid: what remains are references to records and files this archive lacks."""
    path = create(archive, type_name, "everything", title="Everything", today=TODAY)
    text = fill(path.read_text(encoding="utf-8"))
    opened = "\n".join(_COMMENTED_FIELD.sub(r"\1\2", line) for line in text.split("\n"))
    assert opened != text
    path.write_text(opened, encoding="utf-8")
    rel = path.relative_to(archive).as_posix()
    codes = {p.code for p in problems_for(archive, rel)}
    assert not codes & CONTENT_CODES, [str(p) for p in problems_for(archive, rel)]
    data = yaml.safe_load(opened.split("---")[1] if opened.startswith("---") else opened)
    model = TYPES[folder_for(type_name)]
    assert [k for k in data] == [k for k in _keys(model) if k in data]  # declaration order


def _keys(model):
    own = [f.alias or n for n, f in model.model_fields.items()]
    common = ["themes", "related", "consent", "era"]
    first = ["consent"] if model is TYPES["people"] else []
    return first + [k for k in own if k not in common] + [k for k in common if k not in first]


def _models(model, seen=None):
    seen = seen if seen is not None else set()
    if model in seen:
        return seen
    seen.add(model)
    for fld in model.model_fields.values():
        stack = [fld.annotation]
        while stack:
            a = stack.pop()
            if isinstance(a, type) and issubclass(a, BaseModel):
                _models(a, seen)
            stack.extend(getattr(a, "__args__", ()) or ())
    return seen


def test_every_field_of_every_type_has_a_label_in_the_model():
    """One declaration per field (model.FIELD_LABELS); the catalogs translate them."""
    missing = set()
    for model in TYPES.values():
        for part in _models(model):
            for name, fld in part.model_fields.items():
                key = fld.alias or name
                if f"{part.__name__}.{name}" not in FIELD_LABELS and key not in FIELD_LABELS:
                    missing.add(f"{part.__name__}.{key}")
    assert not missing, f"add labels to model.FIELD_LABELS for: {sorted(missing)}"


@pytest.mark.parametrize("type_name", list(NAMES))
def test_first_line_points_at_the_schema_or_opens_the_front_matter(type_name):
    folder = folder_for(type_name)
    first = template(type_name, id="x", title=None, today=TODAY).split("\n", 1)[0]
    if TYPES[folder].extensions[0] == ".md":
        assert first == "---"
    else:
        up = "../" if folder == "exhibits" else "../../"
        assert first == f"# yaml-language-server: $schema={up}schemas/{folder}.schema.json"
        assert folder in json_schemas()


# --------------------------------------------------------------------------- never overwrite


def test_never_overwrites_and_suggests_a_free_id(archive):
    path = create(archive, "object", "coin-phone", title=None, today=TODAY)
    path.write_text("---\ntitle: mine\n---\n", encoding="utf-8")
    write(archive, "stories/objects/coin-phone-2.yml", "title: taken too\n")
    with pytest.raises(ScaffoldError) as err:
        create(archive, "object", "coin-phone", title="Coin phone")
    assert str(err.value) == (
        "stories/objects/coin-phone.md already exists; choose another id, e.g. coin-phone-3"
    )
    assert path.read_text(encoding="utf-8") == "---\ntitle: mine\n---\n"


def test_the_same_id_with_the_other_extension_is_taken_too(archive):
    write(archive, "stories/interviews/chen-1.yml", "title: x\n")
    with pytest.raises(ScaffoldError, match=r"stories/interviews/chen-1\.yml already exists"):
        create(archive, "interview", "chen-1", title=None)
    assert not (archive / "stories/interviews/chen-1.md").exists()


def test_ids_are_checked_and_made_from_titles(archive):
    with pytest.raises(ScaffoldError, match="“Coin Phone” cannot be an id.*e.g. coin-phone"):
        create(archive, "object", "Coin Phone", title=None)
    with pytest.raises(ScaffoldError, match="give the new record an id"):
        create(archive, "object", None, title=None)
    with pytest.raises(ScaffoldError, match="cannot make an id from “！！”"):
        create(archive, "object", None, title="！！")
    assert create(archive, "exhibit", None, title="7号楼电梯：加装始末").as_posix().endswith(
        "exhibits/7-hao-lou-dian-ti.yml"
    )
    with pytest.raises(ScaffoldError, match="“poster” is not a kind of record; use one of: "
                       "person, interview, object, event, place, map, wish, exhibit"):
        create(archive, "poster", "x", title=None)


# --------------------------------------------------------------------------- ids


@pytest.mark.parametrize(
    ("title", "person", "slug"),
    [
        ("老虎灶的火", False, "lao-hu-zao-de-huo"),
        ("王建国", False, "wang-jian-guo"),
        ("王建国", True, "wang-jianguo"),
        ("陈桂英", True, "chen-guiying"),
        ("王伟", True, "wang-wei"),
        ("欧阳明华", True, "ouyang-minghua"),
        ("Wang Jianguo", True, "wang-jianguo"),
        ("7号楼电梯", False, "7-hao-lou-dian-ti"),
        ("老虎灶的火：陈阿婆谈开水站六十年", False, "lao-hu-zao-de-huo"),
        ("The Coin Phone (1992)", False, "the-coin-phone"),
        ("Café  Müller’s   Tea-House!", False, "cafe-mullers-tea-house"),
        ("１９９２年的投币电话", False, "1992-nian-de-tou-bi-dian-hua"),
        ("A very long title that goes on and on well past any sensible length", False,
         "a-very-long-title-that-goes-on-and"),
        ("梧桐里老虎灶开水站的六十年往事回忆", False, "wu-tong-li-lao-hu-zao-kai-shui"),
        ("！！", False, ""),
    ],
)
def test_slug_from_title(title, person, slug):
    assert slug_from_title(title, person=person) == slug


def test_slugs_are_short():
    slug = slug_from_title("Supercalifragilisticexpialidocious " * 5)
    assert len(slug) <= 60 and not slug.endswith("-")


# --------------------------------------------------------------------------- command line


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_cli_writes_a_template_and_says_what_next(archive):
    result = run("new", "object", "--title", "老虎灶的火", "--root", str(archive))
    assert result.exit_code == 0, result.output
    assert "stories/objects/lao-hu-zao-de-huo.md" in result.output
    assert "then run parlour check" in result.output
    assert (archive / "stories/objects/lao-hu-zao-de-huo.md").read_text(encoding="utf-8")

    again = run("new", "object", "--title", "老虎灶的火", "--root", str(archive))
    assert again.exit_code == 1
    assert "lao-hu-zao-de-huo.md already exists; choose another id, e.g. lao-hu-zao-de-huo-2" \
        in again.output
    assert "Traceback" not in again.output


def test_cli_person_consent_decides_the_id(archive):
    result = run("new", "person", "--title", "王芳", "--root", str(archive))
    assert result.exit_code == 0 and "stories/people/resident-1.yml" in result.output
    result = run("new", "person", "--title", "王芳", "--consent", "public",
                 "--name-consent", "private", "--display-name", "王阿姨", "--root", str(archive))
    assert result.exit_code == 0 and "stories/people/wang-ayi.yml" in result.output
    text = (archive / "stories/people/wang-ayi.yml").read_text(encoding="utf-8")
    assert "  level: public" in text and "  name: private" in text
    result = run("new", "person", "--title", "王芳", "--consent", "public", "--root", str(archive))
    assert result.exit_code == 0 and "stories/people/wang-fang.yml" in result.output
    result = run("new", "object", "x", "--consent", "public", "--root", str(archive))
    assert result.exit_code == 1 and "only for a person" in result.output


def test_cli_id_argument_and_errors(archive):
    assert run("new", "wish", "bench", "--root", str(archive)).exit_code == 0
    assert (archive / "stories/wishes/bench.yml").exists()
    bad = run("new", "wish", "Bench!", "--root", str(archive))
    assert bad.exit_code == 1 and "cannot be an id" in bad.output
    unknown = run("new", "poster", "x", "--root", str(archive))
    assert unknown.exit_code == 2
    assert "person, interview, object, event, place, map, wish, exhibit" in unknown.output


def test_cli_outside_an_archive_is_a_usage_error(tmp_path):
    result = run("new", "object", "x", "--root", str(tmp_path))
    assert result.exit_code == 2 and "not inside a Parlour archive" in result.output
    assert not (tmp_path / "stories").exists()


def test_a_free_id_keeps_a_trailing_number(archive):
    create(archive, "place", "building-7", title=None)
    with pytest.raises(ScaffoldError, match="e.g. building-7-2$"):
        create(archive, "place", "building-7", title=None)

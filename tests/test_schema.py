"""The JSON Schemas: derived from the model, kept up to date, and true of the sample."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest

from parlour.archive.loader import iter_record_files, parse_yaml, read_text, split_front_matter
from parlour.schema import json_schemas

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = json_schemas()


def as_editor_sees_it(value):
    """YAML 1.2 (what editors use) reads 2024-05-18 as a string, not a date."""
    if isinstance(value, dict):
        return {k: as_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_sees_it(v) for v in value]
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value


def sample_files():
    files, _ = iter_record_files(ROOT)
    return [(p, t) for p, t in files if p.suffix in (".md", ".yml")]


def read_data(path: Path):
    text, problems = read_text(path, path.name)
    assert not problems
    offset = 0
    if path.suffix == ".md":
        text, _, _ = split_front_matter(text)
        offset = 1
    data, _, problems = parse_yaml(text, path.name, offset=offset)
    assert not problems
    return as_editor_sees_it(data)


@pytest.mark.parametrize(
    ("path", "type_"), sample_files(), ids=lambda v: v.name if isinstance(v, Path) else None
)
def test_sample_record_validates_against_its_schema(path, type_):
    jsonschema.Draft202012Validator(SCHEMAS[type_]).validate(read_data(path))


def test_sample_has_records_of_every_type():
    assert {t for _, t in sample_files()} == {
        "people", "interviews", "objects", "events", "places", "maps", "wishes", "exhibits"
    }


def test_themes_validate():
    jsonschema.Draft202012Validator(SCHEMAS["themes"]).validate(
        read_data(ROOT / "stories" / "themes.yml")
    )


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schemas_are_valid_and_reject_unknown_fields(name):
    schema = SCHEMAS[name]
    jsonschema.Draft202012Validator.check_schema(schema)
    if name != "themes":
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"not_a_field": 1}, schema)


def test_committed_schemas_match_the_model():
    """schemas/ is committed so editors work on a fresh clone; `parlour schema` rewrites it."""
    for name, schema in SCHEMAS.items():
        path = ROOT / "schemas" / f"{name}.schema.json"
        assert path.exists(), f"run `parlour schema` to write {path.name}"
        assert json.loads(path.read_text(encoding="utf-8")) == schema, (
            f"{path.name} is out of date: run `parlour schema`"
        )

"""JSON Schemas for editors, derived from the record types in model.py."""

from __future__ import annotations

import json
from pathlib import Path

from collections.abc import Iterable

from .archive.model import (
    SLUG_PATTERN, TYPES, ThemeLabel, languages, using_languages,
)
from .archive.labels import english_noun, noun

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas(*, langs: Iterable[str] | None = None) -> dict[str, dict]:
    """One schema per record type (keyed by folder name) plus ``themes``; a text's keys are
    the archive's languages ``langs`` (default: the plugin's default, zh and en)."""
    with using_languages(tuple(langs or ())):
        return _schemas()


def _schemas() -> dict[str, dict]:
    out = {}
    for folder, model in TYPES.items():
        schema = model.model_json_schema(by_alias=True)
        # the type's name in English, and in the archive's other languages after it
        names = [noun(model, lang) for lang in languages()]
        english = english_noun(model)
        others = [n for n in dict.fromkeys(names) if n.lower() != english]
        title = f"Parlour {english}" + (f" ({' · '.join(others)})" if others else "")
        schema = {
            "$schema": DRAFT,
            "title": title,
            **{k: v for k, v in schema.items() if k != "title"},
        }
        out[folder] = schema
    label = ThemeLabel.model_json_schema(by_alias=True)
    out["themes"] = {
        "$schema": DRAFT,
        "title": "Parlour themes (主题)",
        "type": "object",
        "propertyNames": {"pattern": SLUG_PATTERN},
        "additionalProperties": {"$ref": "#/$defs/ThemeLabel"},
        "$defs": {**label.pop("$defs", {}), "ThemeLabel": label},
    }
    return out


def write_schemas(out_dir: Path | str, *, langs: Iterable[str] | None = None) -> list[Path]:
    """Write ``<type>.schema.json`` files into ``out_dir`` for an archive in ``langs``;
    return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas(langs=langs).items():
        path = out_dir / f"{name}.schema.json"
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

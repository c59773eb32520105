"""JSON Schemas for editors, derived from the record types in model.py."""

from __future__ import annotations

import json
from pathlib import Path

from .archive.model import SLUG_PATTERN, TYPES, ThemeLabel

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def json_schemas() -> dict[str, dict]:
    """One schema per record type (keyed by folder name) plus ``themes``."""
    out = {}
    for folder, model in TYPES.items():
        schema = model.model_json_schema(by_alias=True)
        schema = {
            "$schema": DRAFT,
            "title": f"Parlour {model.label['en']} ({model.label['zh']})",
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


def write_schemas(out_dir: Path | str) -> list[Path]:
    """Write ``<type>.schema.json`` files into ``out_dir``; return the paths written."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in json_schemas().items():
        path = out_dir / f"{name}.schema.json"
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        written.append(path)
    return written

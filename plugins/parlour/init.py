"""`parlour init`: a new, empty archive of one's own, that builds and serves at once.

The files come from ``skeleton/`` beside this module, rendered with Jinja:

- ``skeleton/archive/``: the archive's own files (mkdocs.yml, requirements.txt, the GitHub
  workflows, one example record in stories/ and one in exhibits/; the JSON Schemas for
  editors come from the model, as `parlour schema` writes them), written once, in the
  default language. ``dot-`` at the start of a name becomes ``.`` (package data leaves
  dotfiles out); ``.j2`` files are rendered, the others copied as they are (the workflows'
  ``${{ ... }}`` is GitHub's, not Jinja's).
- ``skeleton/pages/``: the hand-written pages (home, about, take part), rendered once per
  language: the default's into docs/, each other's into docs/<tag>/.
- ``skeleton/each/``: README.md and CONTRIBUTING.md, one section per language.

Their words are English msgids marked ``_()`` in the templates, translated through Parlour's
catalogs (``make catalogs`` extracts them): a language with no catalog gets English.

The examples are named ``_example.yml``: the loader leaves files whose name starts with
``_`` out of the site and the checks, and ``parlour check`` mentions them (:func:`example_notes`)
until they are copied to a name of their own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import jinja2

from . import __version__
from .catalog import LanguageError, locale, native_name, words

SKELETON = Path(__file__).parent / "skeleton"
#: the one entry a new archive's folder may already have (a fresh `git clone` of an empty repo)
ALLOWED = {".git"}
#: record folders whose `_*.yml` / `_*.md` files are examples (or drafts) the loader skips
EXAMPLE_FOLDERS = ("stories/*", "exhibits")


class InitError(Exception):
    """A reason not to write the new archive, in plain words (nothing has been written)."""


def parse_languages(text: str) -> list[str]:
    """The BCP 47 tags of ``--languages`` ("zh-Hant,en"), checked: every one a language
    Parlour (CLDR) knows, none twice. Raises :class:`InitError` saying which one is wrong."""
    tags = [t.strip() for t in text.split(",") if t.strip()]
    if not tags:
        raise InitError("--languages needs at least one language tag, e.g. --languages en")
    for tag in tags:
        if "_" in tag:
            raise InitError(f"“{tag}”: write language tags with a hyphen, e.g. "
                            f"{tag.replace('_', '-')}")
        try:
            locale(tag)
        except LanguageError:
            raise InitError(f"“{tag}” is not a language tag Parlour knows; use BCP 47 tags "
                            "such as zh, zh-Hant, en, es, cy, ar") from None
    seen = {t.lower() for t in tags}
    if len(seen) != len(tags):
        raise InitError(f"a language is listed twice in “{text}”")
    return tags


def _yaml(value: str) -> str:
    """A YAML scalar, quoted (JSON is YAML), with its own characters kept readable."""
    return json.dumps(str(value), ensure_ascii=False)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(SKELETON)), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False,  # noqa: S701 - Markdown and YAML, not HTML
    )
    env.filters["yaml"] = _yaml
    return env


def _theme_language(tag: str) -> str:
    """Material's interface language for ``tag`` (the plugin picks it per page as well)."""
    from .i18n import material_language  # noqa: PLC0415

    import material  # noqa: PLC0415

    found = material_language(tag, [str(Path(material.__file__).parent / "templates")])
    return found or "en"


def _context(name: str, langs: list[str]) -> dict:
    gettexts = {lang: words(lang) for lang in langs}
    default = langs[0]

    def every(pick) -> str:
        """A word in every language, joined (the palette toggle's "高对比度 · High contrast")."""
        return " · ".join(dict.fromkeys(pick(gettexts[lang]) for lang in langs))

    description = {}
    for lang in langs:
        gettext = gettexts[lang]
        description[lang] = gettext("{name}: a neighbourhood's memories, then and now",
                                    name=name)
    return {
        "name": name, "langs": langs, "default": default, "gettexts": gettexts,
        "_": gettexts[default], "description": description, "version": __version__,
        "native": {lang: native_name(lang) for lang in langs},
        "theme_language": _theme_language(default),
        "contrast": every(lambda gettext: gettext("High contrast")),
        "standard": every(lambda gettext: gettext("Standard colours")),
    }


def render(*, name: str, languages: list[str]) -> dict[str, str]:
    """Every file of a new archive: {path relative to its folder: text}. Nothing is written."""
    env = _environment()
    ctx = _context(name, languages)
    files: dict[str, str] = {}
    for src in sorted((SKELETON / "archive").rglob("*")):
        if not src.is_file():
            continue
        rel = src.relative_to(SKELETON / "archive").as_posix()
        out = "/".join("." + p[4:] if p.startswith("dot-") else p for p in rel.split("/"))
        if out.endswith(".j2"):
            files[out[:-3]] = env.get_template(f"archive/{rel}").render(ctx)
        else:
            files[out] = src.read_text(encoding="utf-8")
    for lang in languages:
        folder = "docs" if lang == ctx["default"] else f"docs/{lang}"
        page_ctx = {**ctx, "_": ctx["gettexts"][lang], "t": words(lang).table(),
                    "description": ctx["description"][lang]}
        for src in sorted((SKELETON / "pages").glob("*.j2")):
            files[f"{folder}/{src.name[:-3]}"] = env.get_template(
                f"pages/{src.name}").render(page_ctx)
    for src in sorted((SKELETON / "each").glob("*.j2")):
        files[src.name[:-3]] = env.get_template(f"each/{src.name}").render(ctx)
    return files


def create_archive(folder: Path, *, name: str, languages: list[str]) -> list[Path]:
    """Write a new archive into ``folder`` (made if missing; it must be empty, a ``.git``
    aside). Returns the files written. Raises :class:`InitError` before writing anything
    when the folder is not empty or the name is unusable."""
    name = name.strip()
    if not name or "\n" in name:
        raise InitError("--name needs the archive's name, on one line, e.g. --name \"Maple Street\"")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise InitError(f"{folder} is a file; give a new folder for the archive")
    if folder.is_dir():
        present = sorted(p.name for p in folder.iterdir() if p.name not in ALLOWED)
        if present:
            shown = ", ".join(present[:3]) + (" ..." if len(present) > 3 else "")
            raise InitError(f"{folder} is not empty ({shown}); parlour init writes a new "
                            "archive only into a new or empty folder, so nothing is overwritten")
    files = render(name=name, languages=languages)
    written = []
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    # the JSON Schemas the records' first line points editors to (as `parlour schema` writes)
    from .schema import write_schemas  # noqa: PLC0415

    written += write_schemas(folder / "schemas", langs=languages)  # texts keyed by its tags
    return written


def example_files(root: Path) -> list[str]:
    """The example records (``_*.yml``, ``_*.md``) under ``root``'s stories/ and exhibits/,
    which the loader leaves out: their paths from ``root``."""
    found: list[str] = []
    for pattern in EXAMPLE_FOLDERS:
        for folder in sorted(Path(root).glob(pattern)):
            if folder.is_dir():
                found += [f.relative_to(root).as_posix() for f in sorted(folder.glob("_*"))
                          if f.is_file() and f.suffix in (".yml", ".md")]
    return found


def example_notes(root: Path, *, gettext: Callable[..., str]) -> list[str]:
    """A gentle note for each example record ``parlour check`` left out, in the words of
    ``gettext`` (the check's: the archive's language, or ``--lang``)."""
    found = example_files(root)
    if not found:
        return []
    return [gettext("note: {path} is an example, left out of the site and the checks; copy it "
                    "to a name of your own (lowercase letters, digits and hyphens) and fill it "
                    "in", path=path) for path in found]

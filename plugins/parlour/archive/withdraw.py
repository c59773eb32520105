"""Withdrawal: one edit, a list of what showed the person, and a receipt that proves it.

``plan`` finds everything that shows a person before they withdraw: their own material
(records they narrated, lent, gave or wished), records that mention them, texts and
transcripts that name them, their portrait and recordings, the pages and panels that
showed them. ``apply`` turns their file into a tombstone (consent only). ``write_receipt``
keeps a Markdown and a JSON receipt for the committee, in a folder git ignores: it holds the
names that must disappear, so it never goes into the public repository. After the next
build, ``verify`` reads every output as a stranger could (``scan.py``) and records in the
receipt whether any of the person's names, display names or id is left, naming each file.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from ..catalog import M_, words
from .consent import AUDIENCES, Archive, neutral
from .loader import load_archive
from .mediafiles import archive_languages
from .model import Ref, owners_of, walk
from .problems import ParlourError
from .scan import find, scan_outputs

#: Where receipts go, relative to the repository; the folder ignores itself in git.
RECEIPTS = "withdrawals"
#: Outputs verified when none are named: the site, the kiosk and exported panels.
DEFAULT_OUTPUTS = ("site", "site-community", "dist")
#: Shorter names would be found inside unrelated words (a one-character surname).
MIN_NAME_CHARS = 2



class WithdrawError(ParlourError):
    """A withdrawal that cannot be made or verified as asked."""


@dataclass
class Item:
    """One place that showed the person, and what to do about it."""

    kind: str  # record, mention, text, transcript, media, page, panel
    path: str  # file in the repository, page URL, or output file
    action: str
    line: int = 0
    #: for a transcript: the neutral speaker label the withdrawal writes in their place
    label: str = ""


@dataclass
class Withdrawal:
    person: str
    date: str
    #: everything that must not appear in any output any more (names, display names, id)
    identifiers: list[str]
    items: list[Item] = field(default_factory=list)
    verified: dict | None = None

    @property
    def receipt_stem(self) -> str:
        return f"{self.person}-{self.date}"


# --------------------------------------------------------------------------- planning


def plan(root: Path, person_id: str, *, today: datetime.date | None = None) -> Withdrawal:
    """Everything that shows ``person_id`` now, before the withdrawal."""
    root = Path(root)
    today = today or datetime.date.today()
    loaded = load_archive(root)
    source = loaded.sources.get(("people", person_id))
    if source is None:
        raise WithdrawError(f"there is no person “{person_id}” in stories/people/")
    person = loaded.records.get("people", {}).get(person_id)
    identifiers = [person_id]
    if person is not None:
        for value in (person.name, person.display_name):
            texts = value.values() if isinstance(value, dict) else [value] if value else []
            identifiers += [t.strip() for t in texts if t and len(t.strip()) >= MIN_NAME_CHARS]
    identifiers = list(dict.fromkeys(identifiers))
    out = Withdrawal(person_id, today.isoformat(), identifiers)
    out.items += _records(root, loaded, person_id, identifiers)
    if person is not None and person.portrait is not None:
        out.items.append(Item("media", f"stories/media/{person.portrait.src}",
                              "their portrait: delete the file"))
    out.items += _transcripts(root, loaded, person_id, identifiers)
    out.items += _pages(loaded, person_id, today)
    out.items += _panels(root, identifiers)
    order = list(_KINDS)
    out.items.sort(key=lambda item: order.index(item.kind))
    return out


def _records(root: Path, loaded, person_id: str, identifiers: list[str]) -> list[Item]:
    """Their own material, the records that mention them and the texts that name them."""
    names = [i for i in identifiers if i != person_id]
    items: list[Item] = []
    owned = {(t, i) for t, recs in loaded.records.items() for i, rec in recs.items()
             if person_id in owners_of(rec)}
    for type_, records in sorted(loaded.records.items()):
        for id_, record in sorted(records.items()):
            if (type_, id_) == ("people", person_id):
                continue
            source = loaded.sources[(type_, id_)]
            if person_id in owners_of(record):
                items.append(Item("record", source.path, f"their material: delete it (git rm "
                                  f"{source.path}), or remove {person_id} from it", 1))
                items += _media_of(record, source.path)
                continue
            for loc, value in walk(record):
                if not isinstance(value, Ref):
                    continue
                line = source.marks.find(loc)[0]
                if value.type == "people" and value.id == person_id:
                    items.append(Item("mention", source.path, "may stay: a withdrawn person is "
                                      "shown nowhere; remove the reference if you prefer", line))
                elif (value.type, value.id) in owned:
                    items.append(Item("reference", source.path, f"refers to {value.type}/"
                                      f"{value.id}, which goes with their material: remove "
                                      "this reference", line))
            for line, text in _lines(root / source.path):
                if any(name in text for name in names):
                    items.append(Item("text", source.path,
                                      "this text names them: change it or remove it", line))
    return items


def _lines(path: Path) -> list[tuple[int, str]]:
    try:
        return list(enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1))
    except (OSError, UnicodeDecodeError):
        return []


def _media_of(record, path: str) -> list[Item]:
    from .model import MediaPath  # noqa: PLC0415

    items = []
    for _, value in walk(record):
        if isinstance(value, MediaPath) and value.base == "media":
            items.append(Item("media", f"stories/media/{value}",
                              f"used by {path}: delete it with the record"))
    return items


def _voice_re(identifiers: list[str]) -> re.Pattern:
    """``<v NAME>`` (with optional classes) for any of the person's names or id."""
    names = "|".join(re.escape(i) for i in sorted(identifiers, key=len, reverse=True))
    return re.compile(rf"<v((?:\.[^\s>]*)?)\s+(?:{names})\s*>")


def _transcripts(root: Path, loaded, person_id: str, identifiers: list[str]) -> list[Item]:
    """Transcript lines whose speaker is written as them, with the neutral label to use:
    the interviewer's word where they interviewed, else a resident's."""
    interviewed = set()
    for id_, record in loaded.records.get("interviews", {}).items():
        if record.transcript and person_id in record.interviewers:
            folder = Path(loaded.sources[("interviews", id_)].path).parent
            interviewed.add((folder / record.transcript).as_posix())
    items = []
    voice = _voice_re(identifiers)
    for vtt in sorted((root / "stories").rglob("*.vtt")):
        rel = vtt.relative_to(root).as_posix()
        # written into the file: in the archive's default language
        label = neutral("neutral.interviewer" if rel in interviewed else "neutral.person",
                        archive_languages(root)[0])
        for line, text in _lines(vtt):
            if voice.search(text):
                items.append(Item("transcript", rel, f"a speaker written as them: relabelled "
                                  f"“{label}” by the withdrawal (check that it reads well)",
                                  line, label))
    return items


def _pages(loaded, person_id: str, today: datetime.date) -> list[Item]:
    """The pages that showed them, per audience (they change at the next build)."""
    items = []
    for audience in AUDIENCES:
        archive = Archive(loaded, audience=audience, today=today)
        if archive.person(person_id) is None:  # this audience never saw them
            continue
        where = "the website" if audience == "public" else "the kiosk and panels"
        shown = [e for e in archive.all_entries()
                 if e.key == ("people", person_id)
                 or ("people", person_id) in archive.references(e)]
        for entry in shown:
            items.append(Item("page", f"{audience}: /{entry.url}",
                              f"showed them on {where}: rebuilt without them at the next build"))
    return items


def _panels(root: Path, identifiers: list[str]) -> list[Item]:
    items = []
    dist = root / "dist"
    if not dist.is_dir():
        return items
    for manifest in sorted(dist.rglob("manifest.json")):
        scanned = scan_outputs([manifest.parent])
        hits = sorted({path for i in identifiers for path in find(scanned, i)})
        exhibit = manifest.parent.name
        for path in hits:
            items.append(Item("panel", f"dist/{path.split('/', 1)[1]}" if "/" in path else path,
                              f"names them: export again with `parlour panels {exhibit}` "
                              "after the rebuild, and take the old print off the wall"))
    return items


# --------------------------------------------------------------------------- doing


def apply(root: Path, withdrawal: Withdrawal) -> Path:
    """Turn the person's file into a tombstone (consent only, withdrawn, dated) and relabel
    the transcript speakers written as them: once the tombstone has no names, nothing else
    could tell that ``<v 赵老师>`` was them."""
    root = Path(root)
    voice = _voice_re(withdrawal.identifiers)
    labels = {i.path: i.label for i in withdrawal.items if i.kind == "transcript"}
    for rel, label in sorted(labels.items()):
        vtt = root / rel
        text = vtt.read_text(encoding="utf-8-sig")
        vtt.write_text(voice.sub(lambda m, label=label: f"<v{m.group(1)} {label}>", text),
                       encoding="utf-8")
    path = root / "stories" / "people" / f"{withdrawal.person}.yml"
    # the note in each of the archive's languages (JSON strings are YAML strings)
    texts = {lang: words(lang).gettext(WITHDRAWN_NOTE) for lang in archive_languages(root)}
    note = "".join(f"    {lang}: {json.dumps(text, ensure_ascii=False)}\n"
                   for lang, text in texts.items())
    path.write_text(
        "consent:\n"
        "  level: withdrawn\n"
        f"  recorded: {withdrawal.date}\n"
        "  note:\n" + note,
        encoding="utf-8",
    )
    return path


WITHDRAWN_NOTE = M_("Consent withdrawn; this person's material has been removed from the "
                    "archive.")


def receipt_dir(root: Path) -> Path:
    """The receipts folder, made so that git ignores it (it holds the withdrawn names)."""
    folder = Path(root) / RECEIPTS
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# receipts name the people who withdrew: never commit them\n*\n",
                          encoding="utf-8")
    return folder


def write_receipt(root: Path, withdrawal: Withdrawal) -> tuple[Path, Path]:
    """Write (or rewrite) the receipt as Markdown and JSON; returns both paths."""
    folder = receipt_dir(root)
    json_path = folder / f"{withdrawal.receipt_stem}.json"
    md_path = folder / f"{withdrawal.receipt_stem}.md"
    json_path.write_text(json.dumps(asdict(withdrawal), ensure_ascii=False, indent=2) + "\n",
                         encoding="utf-8")
    md_path.write_text(receipt_markdown(withdrawal), encoding="utf-8")
    return md_path, json_path


def read_receipt(path: Path) -> Withdrawal:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        items = [Item(**item) for item in data.pop("items", [])]
        return Withdrawal(**data, items=items)
    except (OSError, ValueError, TypeError) as err:
        raise WithdrawError(f"cannot read the receipt {path}: {err}") from None


def latest_receipt(root: Path, person_id: str) -> Path:
    folder = Path(root) / RECEIPTS
    found = sorted(folder.glob(f"{person_id}-*.json")) if folder.is_dir() else []
    if not found:
        raise WithdrawError(f"no receipt for “{person_id}” in {RECEIPTS}/: run "
                            f"`parlour withdraw {person_id}` first")
    return found[-1]


def verify(root: Path, withdrawal: Withdrawal, outputs: list[Path]) -> dict:
    """Search every output for every identifier; the result goes into the receipt."""
    root = Path(root)
    present = [p for p in outputs if p.exists()]
    if not present:
        raise WithdrawError("no output to verify: build the site (and the kiosk, and export "
                            "the panels) first, or name the folders with --output")
    scanned = scan_outputs(present)
    found = {i: find(scanned, i) for i in withdrawal.identifiers}
    withdrawal.verified = {
        "date": datetime.date.today().isoformat(),
        "outputs": [_shown(p, root) for p in present],
        "files_scanned": len(scanned),
        "passed": not any(found.values()),
        "found": {i: files for i, files in found.items() if files},
    }
    return withdrawal.verified


def _shown(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --------------------------------------------------------------------------- the receipt


_KINDS = {
    "record": "Their material (must go before the site builds again)",
    "reference": "References to their material (remove them with it)",
    "mention": "Records that mention them",
    "text": "Texts that name them",
    "transcript": "Transcripts that name them as a speaker",
    "media": "Pictures and recordings",
    "page": "Pages that showed them",
    "panel": "Exported panels and labels that show them",
}


def receipt_markdown(withdrawal: Withdrawal) -> str:
    """The receipt as the committee reads and files it."""
    lines = [
        f"# Withdrawal of consent: {withdrawal.person}",
        "",
        f"Date: {withdrawal.date}. Keep this receipt private: it holds the names that were "
        "withdrawn. It is not in the public repository.",
        "",
        "Words that must appear in no output: " + ", ".join(f"`{i}`" for i in
                                                             withdrawal.identifiers),
        "",
    ]
    for kind, title in _KINDS.items():
        items = [i for i in withdrawal.items if i.kind == kind]
        if not items:
            continue
        lines += [f"## {title}", ""]
        for item in items:
            where = f"{item.path}:{item.line}" if item.line else item.path
            lines.append(f"- [ ] `{where}`: {item.action}")
        lines.append("")
    lines += ["## Verification", ""]
    v = withdrawal.verified
    if v is None:
        lines.append(f"Not yet verified. After the next build: `parlour withdraw "
                     f"{withdrawal.person} --verify`.")
    elif v["passed"]:
        lines.append(f"PASSED on {v['date']}: none of the words above is in any of the "
                     f"{v['files_scanned']} files of {', '.join(v['outputs'])}.")
    else:
        lines.append(f"FAILED on {v['date']} ({v['files_scanned']} files of "
                     f"{', '.join(v['outputs'])}):")
        for word, files in v["found"].items():
            for path in files:
                lines.append(f"- `{word}` is still in `{path}`: delete it or build again")
    return "\n".join(lines) + "\n"

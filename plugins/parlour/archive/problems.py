"""Problems: what a contributor can get wrong, told in plain words with file and line.

Every check in Parlour reports a :class:`Problem` instead of raising. The loader and the
checks collect all of them in one run, so a resident who opens a pull request sees every
thing to fix at once, not one per push.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

ERROR = "error"
WARNING = "warning"


class ParlourError(Exception):
    """Base class of every exception Parlour raises on purpose."""


class ArchiveHasErrors(ParlourError):
    """The archive has problems that must be fixed before anything is built."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        errors = [p for p in problems if p.severity == ERROR]
        super().__init__(f"the archive has {len(errors)} error(s); run `parlour check` for details")


@dataclass(frozen=True, order=True)
class Problem:
    """One thing to fix, at one place.

    ``path`` is relative to the repository root with forward slashes; ``line`` and
    ``column`` are 1-based (0 when the problem is about the whole file).

    ``message`` and ``hint`` are English msgids (marked ``M_(...)`` for the catalogs) with
    ``{name}`` fields filled from ``params`` (name, value) pairs when the problem is shown,
    in the contributor's language (:meth:`text`). Without params they are shown as written.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: str = field(default=ERROR, compare=False)
    params: tuple[tuple[str, str], ...] = ()

    def as_dict(self) -> dict:
        out = asdict(self)
        out["params"] = dict(self.params)
        out["message"], out["hint"] = self.text()
        return out

    def text(self, gettext: Callable[[str], str] | None = None) -> tuple[str, str]:
        """(message, hint) in the words of ``gettext`` (a :class:`parlour.catalog.Words`),
        English without it, their fields filled."""
        values = dict(self.params)

        def one(msgid: str) -> str:
            if not msgid:
                return ""
            text = gettext(msgid) if gettext is not None else msgid
            return text.format(**values) if values else text

        return one(self.message), one(self.hint)

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


def problem(path: str, line: int, column: int, code: str, message: str, hint: str = "",
            *, severity: str = ERROR, **params: Any) -> Problem:
    """A :class:`Problem` whose message and hint have ``{name}`` fields, filled (and
    translated) when shown: ``problem(rel, 3, 1, "bad-date", M_("“{value}” is not a date"),
    value=raw)``."""
    return Problem(path, line, column, code, message, hint, severity,
                   tuple((k, str(v)) for k, v in params.items()))


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Order by file, then line, then column; the same problem reported twice appears once."""
    return sorted(set(problems))


def count(problems: Iterable[Problem]) -> tuple[int, int]:
    """Return (errors, warnings)."""
    errors = warnings = 0
    for p in problems:
        if p.severity == ERROR:
            errors += 1
        else:
            warnings += 1
    return errors, warnings


def strict(problems: Iterable[Problem]) -> list[Problem]:
    """Warnings become errors (``parlour check --strict``)."""
    return [
        p if p.severity == ERROR else dataclasses.replace(p, severity=ERROR)
        for p in problems
    ]


def format_text(problems: list[Problem], *, color: bool = False,
                gettext: Callable[[str], str] | None = None) -> str:
    """Problems grouped by file, each with its line, code, message and hint, in the words
    of ``gettext`` (the contributor's language; English without it)."""

    def paint(text: str, code: str) -> str:
        return f"\x1b[{code}m{text}\x1b[0m" if color else text

    lines: list[str] = []
    current = None
    for p in sort_problems(problems):
        if p.path != current:
            if current is not None:
                lines.append("")
            lines.append(paint(p.path, "1"))
            current = p.path
        where = f"{p.line}:{p.column or 1}" if p.line else "-"
        label = paint(p.severity, "31" if p.severity == ERROR else "33")
        message, hint = p.text(gettext)
        lines.append(f"  {where:>7}  {label}  {message}  [{p.code}]")
        if hint:
            lines.append(f"           {' ' * len(p.severity)}  {paint('→', '2')} {hint}")
    errors, warnings = count(problems)
    if lines:
        lines.append("")
    if errors or warnings:
        lines.append(f"{errors} error(s), {warnings} warning(s) in {len({p.path for p in problems})} file(s).")
    else:
        lines.append("No problems found. 没有发现问题。")
    return "\n".join(lines)


def format_json(problems: list[Problem]) -> str:
    errors, warnings = count(problems)
    return json.dumps(
        {
            "errors": errors,
            "warnings": warnings,
            "problems": [p.as_dict() for p in sort_problems(problems)],
        },
        ensure_ascii=False,
        indent=2,
    )


def _gh_escape(text: str, *, prop: bool = False) -> str:
    # GitHub's workflow-command escaping: data needs %, CR, LF; properties also : and ,
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problems: list[Problem], *,
                  gettext: Callable[[str], str] | None = None) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on its line."""
    out = []
    for p in sort_problems(problems):
        props = [f"file={_gh_escape(p.path, prop=True)}"]
        if p.line:
            props.append(f"line={p.line}")
        if p.column:
            props.append(f"col={p.column}")
        props.append(f"title={_gh_escape(p.code, prop=True)}")
        message, hint = p.text(gettext)
        message += f" — {hint}" if hint else ""
        out.append(f"::{p.severity} {','.join(props)}::{_gh_escape(message)}")
    return "\n".join(out)

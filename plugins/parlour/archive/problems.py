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

from ..catalog import M_

ERROR = "error"
WARNING = "warning"


def n_(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message that changes with a number, for extraction (``ngettext``'s pair)."""
    return singular, plural


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

    ``message`` and ``hint`` are in English, as written or filled from ``template``: the
    English msgids (marked ``M_(...)`` for the catalogs) with ``{name}`` fields whose values
    are ``params`` (name, value) pairs. :meth:`text` tells them in the contributor's
    language (made by :func:`problem`). A problem made without a template whose ``params``
    are set has msgids for ``message`` and ``hint``, filled when shown.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: str = field(default=ERROR, compare=False)
    params: tuple[tuple[str, str], ...] = ()
    #: (message, hint) msgids, as the catalogs know them; ("", "") when message is one
    template: tuple[str, str] = field(default=("", ""), compare=False)

    def as_dict(self) -> dict:
        out = asdict(self)
        del out["template"]
        out["params"] = dict(self.params)
        out["message"], out["hint"] = self.text()
        return out

    def text(self, gettext: Callable[[str], str] | None = None) -> tuple[str, str]:
        """(message, hint) in the words of ``gettext`` (a :class:`parlour.catalog.Words`),
        English without it, their fields filled."""
        values = {k: v.text(gettext) if isinstance(v, Message) else v for k, v in self.params}
        message, hint = self.template if any(self.template) else (self.message, self.hint)

        def one(msgid: str) -> str:
            if not msgid:
                return ""
            text = gettext(msgid) if gettext is not None else msgid
            return fill(text, values)

        return one(message), one(hint)

    def location(self) -> str:
        if self.line:
            return f"{self.path}:{self.line}:{self.column or 1}"
        return self.path


def problem(path: str, line: int, column: int, code: str, message: str, /, hint: str = "",
            *, severity: str = ERROR, **params: Any) -> Problem:
    """A :class:`Problem` whose message and hint have ``{name}`` fields, filled (and
    translated) when shown: ``problem(rel, 3, 1, "bad-date", M_("“{value}” is not a date"),
    value=raw)``."""
    if isinstance(message, Message):  # a sentence worded elsewhere, with its own fields
        message, params = message.msgid, {**dict(message.params), **params}
    if isinstance(hint, Message):
        hint, params = hint.msgid, {**dict(hint.params), **params}
    values = {k: v if isinstance(v, Message) else str(v) for k, v in params.items()}
    return Problem(path, line, column, code, fill(message, values), fill(hint, values), severity,
                   tuple(values.items()), (message, hint))


class Message(str):
    """A sentence worded elsewhere that a problem's message holds as one of its fields (the
    reason a media file is refused, what markup.py found): in English as a str, keeping its
    msgid and fields so that :meth:`Problem.text` tells it in the same language as the rest.
    ``Message(M_("the path leads out of {base}/"), base="stories/media")``."""

    msgid: str
    params: tuple[tuple[str, str], ...]

    def __new__(cls, msgid: str = "", **params: Any) -> Message:
        values = {k: v if isinstance(v, Message) else str(v) for k, v in params.items()}
        self = super().__new__(cls, fill(msgid, values))
        self.msgid, self.params = msgid, tuple(values.items())
        return self

    def text(self, gettext: Callable[[str], str] | None = None) -> str:
        """The sentence in the words of ``gettext``, English without it."""
        if gettext is None or not self.msgid:
            return str(self)
        values = {k: v.text(gettext) if isinstance(v, Message) else v for k, v in self.params}
        return fill(gettext(self.msgid), values)


class _Kept(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(text: str, values: dict[str, str]) -> str:
    """``text`` with its ``{name}`` fields filled from ``values`` (a msgid is a format string:
    ``{{`` is a brace); a field without a value, or braces that are no field (a translator's
    slip), are left as written: a problem is always told, never a traceback."""
    if "{" not in text and "}" not in text:
        return text
    try:
        return text.format_map(_Kept(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        return text


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
    lines.append(summary(problems, gettext=gettext))
    return "\n".join(lines)


def summary(problems: list[Problem], *, gettext: Callable[[str], str] | None = None) -> str:
    """The closing line of a report: how many errors and warnings in how many files, or that
    there are none, in the words of ``gettext`` (a :class:`parlour.catalog.Words`: its
    plural rules count the files)."""
    errors, warnings = count(problems)
    if not (errors or warnings):
        text = M_("No problems found.")
        return gettext(text) if gettext is not None else text
    files = len({p.path for p in problems})
    singular, plural = n_("{errors} error(s), {warnings} warning(s) in {n} file.",
                          "{errors} error(s), {warnings} warning(s) in {n} files.")
    plurals = getattr(gettext, "n", None)
    if plurals is not None:
        return plurals(singular, plural, files, errors=errors, warnings=warnings)
    return (singular if files == 1 else plural).format(errors=errors, warnings=warnings, n=files)


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

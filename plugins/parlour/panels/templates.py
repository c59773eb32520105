"""The panel and label templates (Jinja2, autoescaped, in ``templates/``) and their colours.

Sizes in the CSS are in ``rem`` (one rem is the panel's body size, see geometry.py) or in
points and millimetres filled in by the renderer from the size's type scale and geometry.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..catalog import direction

ERA_COLOURS = {
    # accent, tint (card backgrounds)
    "past": ("#9a4a26", "#f2e5d7"),
    "present": ("#2f6a4e", "#e1eee5"),
    "future": ("#2b5d8a", "#e0eaf4"),
}

#: Shipped with the package (pyproject's package data for parlour.panels).
FOLDER = Path(__file__).resolve().parent / "templates"

env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(str(FOLDER)), autoescape=True,
    undefined=jinja2.StrictUndefined, trim_blocks=False, lstrip_blocks=False,
)
#: ``{{ lang | direction }}``: "rtl" for a language written right to left, else "ltr" (each
#: text on a panel is set in its own language's direction: ``dir`` beside its ``lang``)
env.filters["direction"] = direction


def template(name: str) -> jinja2.Template:
    """One of the templates in ``templates/`` (panel.html, panel.css, labels.html)."""
    return env.get_template(name)

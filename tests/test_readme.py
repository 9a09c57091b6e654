"""The README and docs/ say what is true: the operations table lists exactly the spec's operations, at their
paths, and every relative link resolves to a file in the repository."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from openaudio_api.config import SPEC_FILE

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
METHODS = ("get", "put", "post", "delete", "patch")


def table_rows(text: str, heading: str) -> list[list[str]]:
    section = text.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in re.split(r"(?<!\\)\|", row)[1:-1]] for row in rows[1:]]


def test_operations_table_matches_the_spec():
    spec = yaml.safe_load(SPEC_FILE.read_text())
    base = spec["servers"][0]["url"]
    in_spec = {(op["operationId"], f"{method.upper()} {base}{path}")
               for path, item in spec["paths"].items() for method, op in item.items() if method in METHODS}
    listed = {(operation, path.strip("`")) for operation, path, *_ in table_rows(README.read_text(), "## Operations")}
    assert listed - in_spec == set(), "the README lists operations the spec does not have"
    assert in_spec - listed == set(), "the README's operations table misses operations of the spec"


def markdown_files() -> list[Path]:
    return [README, ROOT / "bench" / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@pytest.mark.parametrize("page", markdown_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(page):
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text())
    broken = [link for link in links if "://" not in link and not (page.parent / link).exists()]
    assert not broken, broken


def test_readme_links_every_docs_page():
    text = README.read_text()
    unlinked = [p.name for p in (ROOT / "docs").glob("*.md") if f"](docs/{p.name})" not in text]
    assert not unlinked, unlinked

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
API_DOC = ROOT / "docs" / "api.md"
METHODS = ("get", "put", "post", "delete", "patch")


def operation_rows(text: str) -> list[tuple[str, str, str]]:
    """(tag, operation, path) of every row of the page's operation tables, each under a `## tag` heading."""
    rows = []
    for section in text.split("\n## ")[1:]:
        tag, body = section.split("\n", 1)
        for line in body.splitlines():
            cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]]
            if line.startswith("| ") and cells[0] not in ("operation", "---"):
                rows.append((tag.strip(), cells[0], cells[1].strip("`")))
    return rows


def spec_operations() -> set[tuple[str, str, str]]:
    spec = yaml.safe_load(SPEC_FILE.read_text())
    base = spec["servers"][0]["url"]
    return {(op["tags"][0], op["operationId"], f"{method.upper()} {base}{path}")
            for path, item in spec["paths"].items() for method, op in item.items() if method in METHODS}


def test_operations_tables_match_the_spec():
    """docs/api.md lists every operation of the spec once, under its first tag, at its path, and nothing else."""
    listed = operation_rows(API_DOC.read_text())
    assert len(listed) == len(set(listed)), "docs/api.md lists an operation twice"
    assert set(listed) - spec_operations() == set(), "docs/api.md lists operations the spec does not have"
    assert spec_operations() - set(listed) == set(), "docs/api.md misses operations of the spec"


def test_readme_counts_the_operations():
    count = re.search(r"The server answers (\d+) operations", README.read_text())
    assert count and int(count.group(1)) == len(spec_operations())


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

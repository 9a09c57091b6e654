"""The import layers: db/ is the ground floor; the indexer and the jobs stand side by side on it; the demo data
set (which writes tables and a chain) stands above both; the HTTP handlers read through db/ and never import a
writer. Read from the source with ast, so an import inside a function counts too."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Pure functions and names every layer may use: hashids, and trending's versions (its writer and its readers
# must agree on them).
UTILITIES = {"openaudio_api.ids", "openaudio_api.trending"}
ALLOWED = {
    "db": {"openaudio_api.db"},
    "indexer": {"openaudio_api.db", "openaudio_api.indexer"} | UTILITIES,
    "jobs": {"openaudio_api.db", "openaudio_api.jobs"} | UTILITIES,
    "demo": {"openaudio_api.db", "openaudio_api.indexer", "openaudio_api.jobs", "openaudio_api.demo"} | UTILITIES,
}
WRITERS = ("openaudio_api.indexer", "openaudio_api.jobs", "openaudio_api.demo")


def project_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {n for n in names if n.split(".")[0] in ("openaudio_api", "db", "handlers", "indexer", "jobs", "demo")}


def modules(folder: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).rglob("*.py") if "__pycache__" not in p.parts)


def within(name: str, prefixes) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_layer_imports_only_what_is_below_it(layer):
    wrong = {f"{path.relative_to(ROOT)}: {name}" for path in modules(layer) for name in project_imports(path)
             if not within(name, ALLOWED[layer])}
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("folder", ["handlers", "openaudio_api", "db", "indexer", "jobs", "demo", "bench", "tests"])
def test_no_module_imports_the_generic_top_level_names(folder):
    """The folders ship as openaudio_api.<name>; a bare `import db` works only inside this checkout."""
    wrong = {f"{path.relative_to(ROOT)}: {name}" for path in modules(folder) for name in project_imports(path)
             if not name.startswith("openaudio_api")}
    assert not wrong, sorted(wrong)


def test_handlers_never_import_a_writer():
    wrong = {f"{path.relative_to(ROOT)}: {name}" for path in modules("handlers") for name in project_imports(path)
             if within(name, WRITERS)}
    assert not wrong, sorted(wrong)

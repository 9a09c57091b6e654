"""The distribution as a user installs it: a wheel built from this repository, installed into a fresh
virtualenv, run from an empty folder, so nothing can come from the checkout (the spec, the SQL files, the
challenge catalog and every module must ship inside the wheel, under the project's own namespace).

The virtualenv gets the wheel alone (--no-deps); its dependencies are read from this test run's environment
through a path entry, which adds them to sys.path without running that environment's .pth files (so this
checkout's editable install is not active there). `.ci/run` does the same with a complete install from the
package index and serves the demo from it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest
import tomllib

from tests.conftest import _scratch_database
from tests.samples import free_port

scratch_database = contextlib.contextmanager(_scratch_database)
ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
PACKAGE_DIRS = PYPROJECT["tool"]["setuptools"]["package-dir"]  # package name -> repository folder
SHIPPED_SUFFIXES = {".py", ".sql", ".json", ".yaml"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Built from a copy of the checkout's files (those git tracks or would), as from a fresh clone: a build in
    the checkout itself reuses its build/ folder, where a file deleted since an earlier build lingers and ships."""
    source = tmp_path_factory.mktemp("source")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(source)],
                   check=True, capture_output=True, timeout=300)
    (built,) = out.glob("openaudio_api-*.whl")
    return built


@pytest.fixture(scope="module")
def venv(tmp_path_factory, wheel) -> Path:
    """A fresh virtualenv with the wheel installed; returns its bin folder."""
    root = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", str(root)], check=True, timeout=120)
    python = root / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    (Path(site) / "test_run_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "--quiet", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    return root / "bin"


def repository_files() -> dict[str, Path]:
    """Every file the distribution must carry, as its path inside the wheel."""
    files = {}
    for package, folder in PACKAGE_DIRS.items():
        base = ROOT / folder
        for path in base.rglob("*"):
            if path.suffix in SHIPPED_SUFFIXES and "__pycache__" not in path.parts:
                inside = Path(*package.split(".")) / path.relative_to(base)
                files[inside.as_posix()] = path
    return files


def test_wheel_ships_every_module_and_data_file_under_the_namespace(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        top_level = archive.read(next(n for n in names if n.endswith(".dist-info/top_level.txt"))).decode()
    assert {name.split("/")[0] for name in names} == {"openaudio_api", wheel.name.split("-")[0] + "-0.1.0.dist-info"}
    assert top_level.split() == ["openaudio_api"]
    expected = repository_files()
    assert "openaudio_api/openapi/swagger-v1.yaml" in expected
    assert "openaudio_api/db/catalog/challenges.json" in expected
    missing = sorted(set(expected) - names)
    assert not missing, f"not in the wheel: {missing}"
    stale = sorted(n for n in names - set(expected) if ".dist-info/" not in n)
    assert not stale, f"in the wheel but not in the repository: {stale}"


def test_every_repository_package_is_listed_in_pyproject():
    """A new package folder (handlers/users/, say) must be added to pyproject's list, or the wheel lacks it."""
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    found = set()
    for package, folder in PACKAGE_DIRS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            found.add(".".join([package, *relative.parts]))
    assert found == listed


def run(venv: Path, cwd: Path, *args: str, timeout: float = 180) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENAUDIO_DATA_DIR", "PYTHONPATH")}
    result = subprocess.run([str(venv / "openaudio-api"), *args], capture_output=True, text=True, cwd=cwd,
                            env=env, timeout=timeout)
    assert result.returncode == 0, (args, result.stdout[-2000:], result.stderr[-3000:])
    return result


@pytest.fixture
def empty_folder(tmp_path) -> Path:
    folder = tmp_path / "empty"
    folder.mkdir()
    return folder


def test_installed_package_is_the_wheel_not_the_checkout(venv, empty_folder):
    result = subprocess.run([str(venv / "python"), "-c", "import openaudio_api.config as c, openaudio_api.db as d; "
                             "print(c.SPEC_FILE); print(d.__file__)"],
                            capture_output=True, text=True, cwd=empty_folder, check=True)
    spec, db = result.stdout.split()
    assert spec.startswith(str(venv.parent)) and Path(spec).is_file()
    assert db.startswith(str(venv.parent))
    for generic in ("db", "handlers", "indexer", "jobs", "demo", "openapi"):
        probe = subprocess.run([str(venv / "python"), "-c", f"import {generic}"], capture_output=True,
                               cwd=empty_folder)
        assert probe.returncode != 0, f"the installed distribution provides a top-level {generic!r}"


def test_every_command_runs_from_an_empty_folder(venv, empty_folder, server_url):
    with scratch_database(server_url, None) as direct, scratch_database(server_url, None) as indexed:
        migrated = run(venv, empty_folder, "migrate", "--database-url", direct)
        assert migrated.stdout.startswith("applied ")
        run(venv, empty_folder, "seed", "--database-url", direct, "--users", "30", "--tracks", "80", "--plays", "400")
        run(venv, empty_folder, "jobs", "--database-url", direct, "--once")

        blocks = empty_folder / "chain.jsonl"
        run(venv, empty_folder, "seed", "--blocks", str(blocks), "--users", "30", "--tracks", "80", "--plays", "400")
        run(venv, empty_folder, "migrate", "--database-url", indexed)
        run(venv, empty_folder, "index", "--database-url", indexed, "--source", str(blocks), "--no-progress")

        signed = run(venv, empty_folder, "sign", "--user-id", "1").stdout.splitlines()
        assert signed[0].startswith("Encoded-Data-Message: ") and signed[1].startswith("Encoded-Data-Signature: ")

        sdk = empty_folder / "sdk"
        if os.environ.get("OPENAUDIO_SDK_TESTS") == "required" or _has_java():
            run(venv, empty_folder, "sdk", "--lang", "python", "--out", str(sdk), timeout=300)
            assert (sdk / "openaudio_sdk" / "api" / "tracks_api.py").is_file()

        serve_and_check(venv, empty_folder, ["--database-url", indexed])
    assert sorted(p.name for p in empty_folder.iterdir() if p.name not in ("chain.jsonl", "sdk")) == [], (
        "a command wrote into the folder it ran from")


def test_serve_demo_from_the_wheel_seeds_and_serves(venv, empty_folder, server_url):
    with scratch_database(server_url, None) as url:
        serve_and_check(venv, empty_folder, ["--database-url", url, "--demo"])


def _has_java() -> bool:
    return subprocess.run(["sh", "-c", "command -v java"], capture_output=True).returncode == 0


def serve_and_check(venv: Path, cwd: Path, args: list[str]) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "OPENAUDIO_DATA_DIR")}
    process = subprocess.Popen([str(venv / "openaudio-api"), "serve", "--port", str(port), *args], cwd=cwd,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert process.poll() is None, process.stdout.read().decode(errors="replace")[-3000:]
            try:
                if httpx.get(f"{base}/health_check", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the server from the wheel did not become healthy"
            time.sleep(0.5)
        track = httpx.get(f"{base}/v1/tracks/7eP5n").json()["data"]
        assert track["id"] == "7eP5n" and track["user"]["handle"]
        spec = httpx.get(f"{base}/v1/swagger.yaml")
        assert spec.status_code == 200 and spec.text.startswith("# OpenAudio API")
        assert httpx.get(f"{base}/v1/ui/").status_code == 200
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)

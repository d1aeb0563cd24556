#!/usr/bin/env python3
"""Build the zip that QGIS's "Install from ZIP" accepts.

The zip holds one folder ``territorial_health_plugin/`` with the code, ``metadata.txt``,
``resources/`` and the compiled French translation, and nothing of tests or build clutter.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "territorial_health_plugin"
SKIPPED_DIRS = {"__pycache__", ".pytest_cache", ".ruff_cache"}
SKIPPED_SUFFIXES = {".pyc", ".pyo", ".ts", ".orig", ".rej"}


def shipped_files(folder: Path):
    """Yield the files of ``folder`` that belong in the zip."""
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        if SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
            continue
        if path.suffix in SKIPPED_SUFFIXES:
            continue
        yield path


def build(target: Path) -> None:
    """Write the zip at ``target``."""
    qm = ROOT / "resources" / "i18n" / "territorial_health_fr.qm"
    if not qm.exists():
        raise SystemExit(f"{qm} is missing: run 'make translations' first")

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".zip.part")
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in shipped_files(ROOT / PLUGIN):
            archive.write(path, f"{PLUGIN}/{path.relative_to(ROOT / PLUGIN)}")
        archive.write(ROOT / "metadata.txt", f"{PLUGIN}/metadata.txt")
        for path in shipped_files(ROOT / "resources"):
            archive.write(path, f"{PLUGIN}/{path.relative_to(ROOT)}")
        for name in ("LICENSE", "README.md", "README.fr.md"):
            if (ROOT / name).exists():
                archive.write(ROOT / name, f"{PLUGIN}/{name}")
    temporary.replace(target)
    print(f"built {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")


if __name__ == "__main__":
    build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else ROOT / "dist" / f"{PLUGIN}.zip")

#!/usr/bin/env python3
"""Keep the French translation files in step with the code, and compile them.

Every call ``tr("literal")`` in the package is a message. Messages are kept in one ``.ts``
file per Python module under ``resources/i18n/fr/`` (so that work on different modules never
edits the same file); ``lrelease`` merges them into ``resources/i18n/territorial_health_fr.qm``.

    update_translations.py            add new messages (unfinished), drop unused ones
    update_translations.py --check    exit 1 if a file is stale, a message is untranslated,
                                      a placeholder differs or tr() is given a non-literal
    update_translations.py --compile  build the .qm with lrelease
    update_translations.py --apply F  take translations from the JSON object F
                                      ({"English source": "French translation"}), then update
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "territorial_health_plugin"
TS_DIR = ROOT / "resources" / "i18n" / "fr"
QM_FILE = ROOT / "resources" / "i18n" / "territorial_health_fr.qm"
CONTEXT = "TerritorialHealth"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%[sd]|%\(\w+\)[sd]")


@dataclass
class Problem:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text}"


def module_messages(path: Path) -> tuple[list[str], list[Problem]]:
    """Return the tr() literals of a module, in order of appearance, and the misuses."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    messages: list[str] = []
    problems: list[Problem] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "tr" or not node.args:
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            if first.value not in messages:
                messages.append(first.value)
        else:
            problems.append(Problem(path, node.lineno, "tr() needs a plain string literal"))
    ordered = sorted(messages, key=lambda text: _first_line(tree, text))
    return ordered, problems


def _first_line(tree: ast.AST, text: str) -> int:
    lines = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and node.value == text and hasattr(node, "lineno")
    ]
    return min(lines) if lines else 0


def ts_name(path: Path) -> str:
    """Return the .ts file name for a module: ``core/codes.py`` gives ``core.codes.ts``."""
    relative = path.relative_to(PACKAGE).with_suffix("")
    return ".".join(relative.parts) + ".ts"


def read_ts(path: Path) -> dict[str, str]:
    """Return source -> translation for the finished messages of a .ts file."""
    known: dict[str, str] = {}
    root = ET.parse(path).getroot()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete"):
            continue
        if translation.text:
            known[source] = translation.text
    return known


def render_ts(messages: list[str], translations: dict[str, str]) -> str:
    """Return the text of a .ts file for these messages."""
    root = ET.Element("TS", version="2.1", language="fr_FR", sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for text in messages:
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        translation = ET.SubElement(message, "translation")
        if text in translations:
            translation.text = translations[text]
        else:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def collect() -> tuple[dict[str, list[str]], list[Problem]]:
    """Return the messages of every module, keyed by .ts file name, and the misuses."""
    by_file: dict[str, list[str]] = {}
    problems: list[Problem] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        messages, found = module_messages(path)
        problems.extend(found)
        if messages:
            by_file[ts_name(path)] = messages
    return by_file, problems


def known_translations() -> dict[str, str]:
    """Return every finished translation of every existing .ts file."""
    known: dict[str, str] = {}
    for path in sorted(TS_DIR.glob("*.ts")):
        known.update(read_ts(path))
    return known


def placeholder_problems(translations: dict[str, str]) -> list[str]:
    """Return the messages whose translation does not keep the same placeholders."""
    bad = []
    for source, translation in translations.items():
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
            bad.append(f"placeholders differ: {source!r} -> {translation!r}")
    return bad


def update(check: bool, extra: dict[str, str] | None = None) -> int:
    """Write (or, with ``check``, compare) the .ts files; return the exit status."""
    by_file, problems = collect()
    known = known_translations()
    known.update(extra or {})
    errors = [str(problem) for problem in problems]
    errors += placeholder_problems({s: t for s, t in known.items()})

    TS_DIR.mkdir(parents=True, exist_ok=True)
    expected = {name: render_ts(messages, known) for name, messages in by_file.items()}
    for name, text in expected.items():
        path = TS_DIR / name
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        if check:
            errors.append(f"{path.relative_to(ROOT)} is stale: run scripts/update_translations.py")
        else:
            path.write_text(text, encoding="utf-8")
            print(f"updated {path.relative_to(ROOT)}")
    for path in TS_DIR.glob("*.ts"):
        if path.name not in expected:
            if check:
                errors.append(f"{path.relative_to(ROOT)} belongs to no module")
            else:
                path.unlink()
                print(f"removed {path.relative_to(ROOT)}")

    untranslated = [
        f"{name}: untranslated {text!r}"
        for name, messages in by_file.items()
        for text in messages
        if text not in known
    ]
    if check:
        errors += untranslated
    elif untranslated:
        print(f"{len(untranslated)} messages await a French translation", file=sys.stderr)

    for line in errors:
        print(line, file=sys.stderr)
    return 1 if errors else 0


def find_lrelease() -> str:
    """Return the lrelease command of Qt 5 (or of the Qt found on the machine)."""
    for candidate in ("lrelease", "/usr/lib/qt5/bin/lrelease", "lrelease-qt5", "/usr/lib/qt6/bin/lrelease"):
        found = shutil.which(candidate)
        if found:
            return found
    raise SystemExit("lrelease not found: install qttools5-dev-tools")


def compile_qm() -> int:
    """Merge every .ts file into the .qm that the plugin loads.

    The same message may appear in several modules' files; one merged .ts with each message
    once is handed to lrelease, which would otherwise warn about duplicates.
    """
    import tempfile

    if not any(TS_DIR.glob("*.ts")):
        raise SystemExit(f"no .ts file in {TS_DIR}")
    known = known_translations()
    with tempfile.TemporaryDirectory() as folder:
        merged = Path(folder) / "territorial_health_fr.ts"
        merged.write_text(render_ts(sorted(known), known), encoding="utf-8")
        # Compile beside the target and move it into place, so that a QGIS or test process
        # loading the .qm at that moment never reads a half-written file.
        partial = Path(folder) / QM_FILE.name
        command = [find_lrelease(), "-silent", str(merged), "-qm", str(partial)]
        status = subprocess.run(command, check=False).returncode
        if status == 0:
            shutil.copyfile(partial, QM_FILE.with_suffix(".qm.part"))
            os.replace(QM_FILE.with_suffix(".qm.part"), QM_FILE)
        return status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report, write nothing")
    parser.add_argument("--compile", action="store_true", help="build the .qm with lrelease")
    parser.add_argument("--apply", type=Path, help="JSON file of source -> French translation")
    arguments = parser.parse_args()
    if arguments.compile:
        return compile_qm()
    extra = None
    if arguments.apply:
        import json

        extra = json.loads(arguments.apply.read_text(encoding="utf-8"))
    return update(arguments.check, extra)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Keep the French translation files in step with the code, and compile them.

Every call ``tr("literal")`` in the package is a message; ``tr("literal", "disambiguation")``
is another message with the same English text, stored with the disambiguation as its
``<comment>`` (the forms French needs for a feminine subject, for example). Messages are kept in one ``.ts``
file per Python module under ``resources/i18n/fr/`` (so that work on different modules never
edits the same file); ``lrelease`` merges them into ``resources/i18n/territorial_health_fr.qm``.

    update_translations.py            add new messages (unfinished), drop unused ones
    update_translations.py --check    exit 1 if a file is stale, a message is untranslated,
                                      a placeholder differs or tr() is given a non-literal
    update_translations.py --compile  build the .qm with lrelease
    update_translations.py --apply F  take translations from the JSON object F, then update:
                                      {"English source": "French translation"}, or for the
                                      forms of a disambiguated source
                                      {"English source": {"disambiguation": "French", ...}}
                                      (the key "" is the form without disambiguation)
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

# A message is its English source and its disambiguation ("" when it has none).
Message = tuple[str, str]


@dataclass
class Problem:
    path: Path
    line: int
    text: str

    def __str__(self) -> str:
        return f"{self.path.relative_to(ROOT)}:{self.line}: {self.text}"


def module_messages(path: Path) -> tuple[list[Message], list[Problem]]:
    """Return the tr() messages of a module, in order of appearance, and the misuses."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    constants = _module_constants(tree)
    messages: list[Message] = []
    problems: list[Problem] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
        if name != "tr" or not node.args:
            continue
        text = _literal(node.args[0])
        if text is None:
            problems.append(Problem(path, node.lineno, "tr() needs a plain string literal"))
            continue
        disambiguation = _disambiguation_argument(node, constants)
        if disambiguation is None:
            problems.append(Problem(path, node.lineno, "tr() needs a plain string literal as disambiguation"))
            continue
        if (text, disambiguation) not in messages:
            messages.append((text, disambiguation))
    ordered = sorted(messages, key=lambda message: _first_line(tree, message[0]))
    return ordered, problems


def _literal(node: ast.AST) -> str | None:
    """Return the value of a plain string literal, None for anything else."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    return None


def _module_constants(tree: ast.Module) -> dict[str, str]:
    """Return the module-level names assigned a string literal once (``FEMININE = "feminine subject"``)."""
    assignments: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            assignments[node.id] = assignments.get(node.id, 0) + 1

    constants: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name = node.targets[0].id
            value = _literal(node.value)
            # A name assigned again anywhere in the module may hold another value at the call.
            if value is not None and assignments.get(name) == 1:
                constants[name] = value
    return constants


def _disambiguation_argument(call: ast.Call, constants: dict[str, str]) -> str | None:
    """Return the disambiguation of a tr() call: "" when absent, None when not a literal.

    A module-level constant assigned a literal counts as a literal, so that the forms of a
    sentence share one spelling of their disambiguation.
    """
    argument = call.args[1] if len(call.args) > 1 else None
    for keyword in call.keywords:
        if keyword.arg == "disambiguation":
            argument = keyword.value
    if argument is None or (isinstance(argument, ast.Constant) and argument.value is None):
        return ""
    if isinstance(argument, ast.Name):
        return constants.get(argument.id)
    return _literal(argument)


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


def read_ts(path: Path) -> dict[Message, str]:
    """Return (source, disambiguation) -> translation for the finished messages of a .ts file."""
    known: dict[Message, str] = {}
    root = ET.parse(path).getroot()
    for message in root.iter("message"):
        source = message.findtext("source") or ""
        comment = message.findtext("comment") or ""
        translation = message.find("translation")
        if translation is None or translation.get("type") in ("unfinished", "obsolete"):
            continue
        if translation.text:
            known[(source, comment)] = translation.text
    return known


def render_ts(messages: list[Message], translations: dict[Message, str]) -> str:
    """Return the text of a .ts file for these messages."""
    root = ET.Element("TS", version="2.1", language="fr_FR", sourcelanguage="en")
    context = ET.SubElement(root, "context")
    ET.SubElement(context, "name").text = CONTEXT
    for key in messages:
        text, comment = key
        message = ET.SubElement(context, "message")
        ET.SubElement(message, "source").text = text
        if comment:
            # Qt Linguist's element for the disambiguation; lrelease keys the message by it.
            ET.SubElement(message, "comment").text = comment
        translation = ET.SubElement(message, "translation")
        if key in translations:
            translation.text = translations[key]
        else:
            translation.set("type", "unfinished")
    ET.indent(root, space="    ")
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n"


def collect() -> tuple[dict[str, list[Message]], list[Problem]]:
    """Return the messages of every module, keyed by .ts file name, and the misuses."""
    by_file: dict[str, list[Message]] = {}
    problems: list[Problem] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        messages, found = module_messages(path)
        problems.extend(found)
        if messages:
            by_file[ts_name(path)] = messages
    return by_file, problems


def known_translations() -> dict[Message, str]:
    """Return every finished translation of every existing .ts file."""
    known: dict[Message, str] = {}
    for path in sorted(TS_DIR.glob("*.ts")):
        known.update(read_ts(path))
    return known


def placeholder_problems(translations: dict[Message, str]) -> list[str]:
    """Return the messages whose translation does not keep the same placeholders."""
    bad = []
    for (source, comment), translation in translations.items():
        if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(translation)):
            where = f" ({comment})" if comment else ""
            bad.append(f"placeholders differ: {source!r}{where} -> {translation!r}")
    return bad


def parse_applied(content: dict) -> dict[Message, str]:
    """Return the translations of an ``--apply`` JSON object, keyed by (source, disambiguation).

    A value is the French text, or an object mapping each disambiguation ("" for none) of
    that source to its French text.
    """
    parsed: dict[Message, str] = {}
    for source, value in content.items():
        if isinstance(value, dict):
            for comment, translation in value.items():
                parsed[(source, comment)] = str(translation)
        else:
            parsed[(source, "")] = str(value)
    return parsed


def _describe(message: Message) -> str:
    text, comment = message
    return f"{text!r} ({comment})" if comment else repr(text)


def update(check: bool, extra: dict[Message, str] | None = None) -> int:
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
        f"{name}: untranslated {_describe(message)}"
        for name, messages in by_file.items()
        for message in messages
        if message not in known
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

        extra = parse_applied(json.loads(arguments.apply.read_text(encoding="utf-8")))
    return update(arguments.check, extra)


if __name__ == "__main__":
    sys.exit(main())

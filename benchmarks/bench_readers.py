"""Reading national-size tables: Filosofi IRIS and a DREES APL workbook, cold and from the parsed cache.

The national files are not in the repository, so national-size copies are generated once into
``bench-output/`` by repeating the real rows of the embedded extracts under new codes:
49 000 IRIS for Filosofi (the 2019 XLSX layout, and the 2021 CSV layout in its zip) and
35 000 communes in each of the two yearly sheets of the APL workbook.

Keys: ``readers.filosofi_national_s`` (XLSX), ``readers.filosofi_national_csv_s``,
``readers.apl_national_s``, and the same with ``_cached_s`` for a load from the parsed cache.
"""

from __future__ import annotations

import shutil
import sys
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "bench-output" / "readers"
IRIS_COUNT = 49_000
COMMUNE_COUNT = 35_000


def iris_code(number: int) -> str:
    """Return a well-formed, unique 9-digit IRIS code for ``number``."""
    departement = 1 + number // 99_000
    rest = number % 99_000
    return f"{departement:02d}{1 + rest // 99:03d}{1 + rest % 99:04d}"


def commune_code(number: int) -> str:
    """Return a well-formed, unique 5-digit commune code for ``number``."""
    return f"{1 + number // 999:02d}{1 + number % 999:03d}"


def add_dimensions(path: Path) -> None:
    """Add the ``<dimension>`` element Excel writes and openpyxl's write-only mode leaves out.

    Without it, openpyxl's read-only mode parses each whole sheet once more to size it, which
    published workbooks (saved by Excel) never cause.
    """
    import re

    rewritten = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(rewritten, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet") and b"<dimension" not in data:
                text = data.decode("utf-8")
                rows = len(re.findall(r"<row ", text))
                last = max(re.findall(r'<c r="([A-Z]+)\d+"', text), key=lambda name: (len(name), name), default="A")
                text = text.replace("<sheetViews>", f'<dimension ref="A1:{last}{rows}"/><sheetViews>', 1)
                data = text.encode("utf-8")
            target.writestr(item, data)
    rewritten.replace(path)


def make_filosofi_xlsx(target: Path) -> None:
    """Write a national-size Filosofi 2019 workbook from the rows of the MEL extract."""
    from openpyxl import Workbook

    from territorial_health_plugin.core import readers

    source = ROOT / "resources" / "sample" / "BASE_TD_FILO_DISP_IRIS_2019_extrait_MEL.xlsx"
    _, rows = readers.read_excel_rows(source, "IRIS_DISP")
    head, body = rows[:6], [row for row in rows[6:] if row and row[0]]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("IRIS_DISP")
    for row in head:
        sheet.append(list(row))
    for number in range(IRIS_COUNT):
        row = list(body[number % len(body)])
        row[0] = iris_code(number)
        row[2] = row[0][:5]
        sheet.append(row)
    workbook.save(target)
    add_dimensions(target)


def make_filosofi_csv_zip(target: Path, xlsx: Path) -> None:
    """Write the same rows in the 2021 CSV layout (``;``, decimal comma) inside its zip."""
    from territorial_health_plugin.core import readers

    _, rows = readers.read_excel_rows(xlsx, "IRIS_DISP")
    header = [str(name).replace("19", "21") for name in rows[5] if name]
    lines = [";".join(name for name in header if name not in ("LIBIRIS", "COM", "LIBCOM"))]
    for row in rows[6:]:
        cells = [row[0]] + list(row[4 : len(header)])
        lines.append(";".join("" if cell is None else str(cell).replace(".", ",") for cell in cells))
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("BASE_TD_FILO_IRIS_2021_DISP.csv", "\r\n".join(lines) + "\r\n")


def make_apl_xlsx(target: Path) -> None:
    """Write a national-size APL workbook from the Nord rows of the embedded extract."""
    from openpyxl import Workbook

    from territorial_health_plugin.core import readers

    source = ROOT / "resources" / "sample" / "apl_generalistes_extrait_nord.xlsx"
    workbook = Workbook(write_only=True)
    for sheet_name in ("APL 2022", "APL 2023"):
        _, rows = readers.read_excel_rows(source, sheet_name)
        head, body = rows[:10], [row for row in rows[10:] if row and row[0]]
        sheet = workbook.create_sheet(sheet_name)
        for row in head:
            sheet.append(list(row))
        for number in range(COMMUNE_COUNT):
            row = list(body[number % len(body)])
            row[0] = commune_code(number)
            sheet.append(row)
    workbook.save(target)
    add_dimensions(target)


def ensure_inputs() -> dict[str, Path]:
    """Generate the national-size inputs once; return their paths."""
    OUTPUT.mkdir(parents=True, exist_ok=True)
    paths = {
        "filosofi_xlsx": OUTPUT / "BASE_TD_FILO_DISP_IRIS_2019_national.xlsx",
        "filosofi_csv": OUTPUT / "BASE_TD_FILO_IRIS_2021_DISP_CSV.zip",
        "apl": OUTPUT / "apl_generalistes_national.xlsx",
    }
    if not paths["filosofi_xlsx"].exists():
        make_filosofi_xlsx(paths["filosofi_xlsx"])
    if not paths["filosofi_csv"].exists():
        make_filosofi_csv_zip(paths["filosofi_csv"], paths["filosofi_xlsx"])
    if not paths["apl"].exists():
        make_apl_xlsx(paths["apl"])
    return paths


def timed(function) -> tuple[float, object]:
    """Return the wall time of ``function()`` in seconds and its result."""
    started = time.perf_counter()
    result = function()
    return round(time.perf_counter() - started, 3), result


def run(results: dict) -> None:
    """Measure cold reads and parsed-cache loads of the national-size tables."""
    sys.path.insert(0, str(ROOT))
    from territorial_health_plugin.core.parsed_cache import ParsedCache
    from territorial_health_plugin.core.sources import drees, insee

    paths = ensure_inputs()
    cache_dir = OUTPUT / "parsed-cache"
    shutil.rmtree(cache_dir, ignore_errors=True)
    cache = ParsedCache(cache_dir)

    cases = {
        "filosofi_national": (paths["filosofi_xlsx"], lambda: insee.read_filosofi_iris(paths["filosofi_xlsx"])),
        "filosofi_national_csv": (paths["filosofi_csv"], lambda: insee.read_filosofi_iris(paths["filosofi_csv"])),
        "apl_national": (paths["apl"], lambda: drees.read_apl(paths["apl"])),
    }
    for name, (path, parse) in cases.items():
        seconds, table = timed(lambda p=path, f=parse, n=name: cache.read(p, n, (), f))
        results[f"readers.{name}_s"] = seconds
        results[f"readers.{name}_rows"] = len(table.frame)
        seconds, _ = timed(lambda p=path, f=parse, n=name: cache.read(p, n, (), f))
        results[f"readers.{name}_cached_s"] = seconds

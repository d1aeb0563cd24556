"""The panel's summary of a finished run: what was fetched, join coverage, warnings.

It reads ``DiagnosticResult.report`` (the content of ``run_report.json``) and
``DiagnosticResult.warnings``. Each line can be expanded to show its details.
"""

from __future__ import annotations

import re

from qgis.PyQt.QtCore import QRect, QSize, Qt
from qgis.PyQt.QtGui import QFontMetrics
from qgis.PyQt.QtWidgets import QHeaderView, QStyledItemDelegate, QTreeWidget, QTreeWidgetItem

from territorial_health_plugin.core.source_titles import catalogue_dataset, join_title
from territorial_health_plugin.toolbelt.i18n import tr

# Keys of run_report.json that hold each section, first found wins.
SOURCE_KEYS = ("tables", "sources", "fetched", "downloads")
JOIN_KEYS = ("joins", "join_report", "coverage")
NAME_KEYS = ("message", "label", "dataset", "name", "indicator", "table", "id", "source_id", "source", "layer")
DETAIL_LIMIT = 30


def _first(report: dict, keys: tuple[str, ...]):
    for key in keys:
        if report.get(key):
            return report[key]
    return None


def _as_rows(value) -> list:
    """Return a list of rows from a list, or from a mapping of name to row."""
    if isinstance(value, dict):
        rows = []
        for name, row in value.items():
            rows.append({"name": name, **row} if isinstance(row, dict) else {"name": name, "value": row})
        return rows
    return list(value or [])


def row_title(row) -> str:
    """Return the title of one row of the report: its name, with coverage when it has one."""
    if not isinstance(row, dict):
        return str(row)
    name = short_name(next((str(row[key]) for key in NAME_KEYS if row.get(key)), tr("(unnamed)")))
    if " × " in name:
        name = join_name(name)
    # The figure comes first, so that a narrow dock cuts the name rather than the figure.
    for key in ("coverage", "match_rate", "rate"):
        if isinstance(row.get(key), (int, float)):
            # Coverage is a share (0.774) in some reports and a percentage (77.4) in others.
            rate = 100 * row[key] if row[key] <= 1 else row[key]
            return tr("{rate} % matched · {name}").format(name=name, rate=format_decimal(rate))
    if "matched" in row and "total" in row:
        return tr("{matched} of {total} matched · {name}").format(name=name, matched=row["matched"], total=row["total"])
    return name


def join_name(name: str) -> str:
    """Return a join's name (``insee_filosofi_iris × iris``) with its dataset in place of the source id."""
    source, _separator, level = name.partition(" × ")
    dataset = catalogue_dataset(source)
    title = short_name(dataset[0]) if dataset else join_title(source)
    return f"{title} × {join_title(' × ' + level).strip(' ×')}" if level else title


def short_name(name: str) -> str:
    """Put a file name quoted in « » first: many datasets share the start of their name."""
    match = re.search(r"«\s*([^»]+?)\s*»", name)
    if match is None:
        return name
    rest = (name[: match.start()] + name[match.end():]).strip(" ,;:")
    return f"{match.group(1)} · {rest}" if rest else match.group(1)


def format_decimal(value: float, decimals: int = 1) -> str:
    """Format a number the French way (decimal comma)."""
    return f"{value:.{decimals}f}".replace(".", ",")


class WrappingDelegate(QStyledItemDelegate):
    """An item delegate whose rows grow to the height of their text wrapped at the view's width.

    QTreeView computes row heights without the column width, so its word wrap alone cuts
    long lines instead of wrapping them.
    """

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 - Qt override
        """Return the default size, made as tall as the text wrapped in the space left of its row."""
        hint = super().sizeHint(option, index)
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self.view.viewport().width() - self.view.indentation() * depth - 8
        text = str(index.data() or "")
        if width <= 0 or not text:
            return hint
        bounds = QFontMetrics(option.font).boundingRect(QRect(0, 0, width, 100_000), int(Qt.TextFlag.TextWordWrap),
                                                        text)
        return QSize(min(hint.width(), width), max(hint.height(), bounds.height() + 4))


class ResultSummary(QTreeWidget):
    """A tree of the run's sources, joins and warnings, each with its details as children."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setHeaderHidden(True)
        # Long lines wrap in a narrow dock, and the tooltip of each line gives its whole text too.
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.setItemDelegate(WrappingDelegate(self))
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setMinimumHeight(220)
        self.setToolTip(tr("Expand a line to see its details."))

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        """Lay the rows out again: their wrapped height depends on the width."""
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()

    def show_result(self, result) -> None:
        """Replace the tree with the summary of ``result``."""
        self.clear()
        report = result.report or {}
        self._add_section(tr("Data fetched"), _as_rows(_first(report, SOURCE_KEYS)))
        self._add_section(tr("Join coverage"), _as_rows(_first(report, JOIN_KEYS)))
        warnings = list(result.warnings or [])
        warnings += [item for item in report.get("warnings", []) if item not in warnings]
        section = self._add_section(tr("Warnings"), warnings)
        section.setExpanded(bool(warnings))

    def _add_section(self, title: str, rows: list) -> QTreeWidgetItem:
        section = QTreeWidgetItem(self, [tr("{title} ({count})").format(title=title, count=len(rows))])
        for row in rows:
            item = QTreeWidgetItem(section, [row_title(row)])
            item.setToolTip(0, row_title(row))
            for line in detail_lines(row):
                child = QTreeWidgetItem(item, [line])
                child.setToolTip(0, line)
        return section

    def section_texts(self) -> list[str]:
        """Return the text of every line, depth first (for tests and the log)."""
        texts = []

        def walk(item):
            texts.append(item.text(0))
            for index in range(item.childCount()):
                walk(item.child(index))

        for index in range(self.topLevelItemCount()):
            walk(self.topLevelItem(index))
        return texts


def _item_text(item) -> str:
    """Return a list item as text: a mapping such as {"code": …, "name": …} by its values."""
    if isinstance(item, dict):
        return " ".join(str(value) for value in item.values() if value not in (None, ""))
    return str(item)


def detail_labels() -> dict[str, str]:
    """Return the French labels of the run report's keys shown as details."""
    return {
        "source_id": tr("Source id"),
        "producer": tr("Producer"),
        "dataset": tr("Dataset"),
        "vintage": tr("Vintage"),
        "geography_year": tr("Geography year"),
        "licence": tr("Licence"),
        "url": tr("Address"),
        "retrieved": tr("Retrieved on"),
        "file": tr("File"),
        "origin": tr("Origin"),
        "synthetic": tr("Synthetic demonstration data"),
        "level": tr("Level"),
        "rows": tr("Rows"),
        "hidden_counts": tr("Hidden values per column"),
        "rejected_codes": tr("Rejected codes"),
        "warnings": tr("Warnings"),
        "invalid_values": tr("Invalid values"),
        "name": tr("Join"),
        "key": tr("Key"),
        "status": tr("Status"),
        "geometry_count": tr("Units with a geometry"),
        "data_count": tr("Rows of data"),
        "matched": tr("Units matched"),
        "match_rate": tr("Match rate"),
        "geometry_rate": tr("Share of geometries matched"),
        "unmatched_geometry": tr("Geometries without data"),
        "unmatched_data": tr("Data without geometry"),
        "notes": tr("Notes"),
        "cause": tr("Probable cause"),
    }


RATE_KEYS = ("match_rate", "geometry_rate")
# Machine keys of the run report that mean nothing to a reader (the dataset is shown instead).
HIDDEN_KEYS = ("source_id",)


def _shown_value(key: str, value) -> str:
    """Return a detail value as a reader expects it: yes/no for booleans, rates in %."""
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if key in RATE_KEYS and isinstance(value, (int, float)):
        return f"{format_decimal(float(value) * 100)} %"
    return str(value)


def detail_lines(row) -> list[str]:
    """Return ``label : value`` lines for a row's details (lists shortened to their start).

    Empty values are left out, and the run report's keys are shown with their French label.
    """
    if isinstance(row, str):
        return []
    if not isinstance(row, dict):
        return [str(row)]
    labels = detail_labels()
    lines = []
    for key, value in row.items():
        if value in (None, "", [], {}, ()) or key in HIDDEN_KEYS:
            continue
        if isinstance(value, (list, tuple)):
            shown = ", ".join(_item_text(item) for item in value[:DETAIL_LIMIT])
            if len(value) > DETAIL_LIMIT:
                shown += tr(" … and {count} more").format(count=len(value) - DETAIL_LIMIT)
            value = shown
        elif isinstance(value, dict):
            value = ", ".join(f"{name} : {item}" for name, item in value.items())
        lines.append(f"{labels.get(key, key)} : {_shown_value(key, value)}")
    return lines

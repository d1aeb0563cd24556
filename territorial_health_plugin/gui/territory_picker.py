"""The panel's territory section: search with completion, map selection, or pasted codes."""

from __future__ import annotations

import logging
import re
from typing import Callable

from qgis.gui import QgsFilterLineEdit
from qgis.PyQt.QtCore import QStringListModel, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from territorial_health_plugin.gui.territory_input import communes_spec, parse_code_list, selected_commune_codes
from territorial_health_plugin.toolbelt.errors import InvalidInputError, PluginError
from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)

SEARCH, SELECTION, CODES = 0, 1, 2
SEARCH_LIMIT = 15
SEARCH_DELAY_MS = 200
SPEC = re.compile(r"^(commune|communes|epci|departement|region):[0-9A-Za-z,]+$")


def match_text(match) -> str:
    """Return the line shown in the completion list: the place's label, which names its kind."""
    return match.label


def _default_search(text: str, limit: int) -> list:
    from territorial_health_plugin.core.territory import search

    return search(text, limit)


def warm_search_index() -> None:
    """Build the search index (about a second, once) so that the first keystroke is fast."""
    from territorial_health_plugin.core.territory import search_index

    search_index()


class TerritoryPicker(QGroupBox):
    """Choose the territory; :meth:`spec` returns its territory spec.

    ``search`` is ``territory.search(text, limit)`` by default; ``active_layer`` returns
    the map's active layer (``iface.activeLayer``).
    """

    territoryChanged = pyqtSignal(str)  # noqa: N815 - Qt signal naming

    def __init__(self, search: Callable | None = None, active_layer: Callable | None = None, parent=None) -> None:
        super().__init__(tr("Territory"), parent)
        self._search = search or _default_search
        self._active_layer = active_layer or (lambda: None)
        self._matches: dict[str, object] = {}
        self._search_spec = ""
        self._selection_spec = ""

        layout = QVBoxLayout(self)
        self.mode_buttons = QButtonGroup(self)
        modes = (
            (
                SEARCH,
                tr("Search"),
                tr("A commune, an EPCI, a département or a région, by name or code; accents are ignored."),
            ),
            (
                SELECTION,
                tr("Selection on the map"),
                tr(
                    "The features selected in the active layer, which must have a commune code field "
                    "(INSEE_COM, code, CODGEO…)."
                ),
            ),
            (
                CODES,
                tr("List of codes"),
                tr("Paste the commune codes of a perimeter (CLS, CPTS…), separated by commas, spaces or lines."),
            ),
        )
        for mode, text, tip in modes:
            button = QRadioButton(text, self)
            button.setToolTip(tip)
            self.mode_buttons.addButton(button, mode)
            layout.addWidget(button)

        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._build_search_page())
        self.pages.addWidget(self._build_selection_page())
        self.pages.addWidget(self._build_codes_page())
        layout.addWidget(self.pages)
        self._fit_pages()

        self.mode_buttons.button(SEARCH).setChecked(True)
        self.mode_buttons.buttonClicked.connect(self._mode_changed)

    # -- pages --------------------------------------------------------------------------

    def _build_search_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.search_edit = QgsFilterLineEdit(page)
        self.search_edit.setPlaceholderText(tr("e.g. Lille, 59350, Métropole Européenne de Lille, Nord"))
        self.search_edit.setToolTip(tr("Type at least two letters or digits, then pick a place in the list."))
        self.completion_model = QStringListModel(self)
        self.completer = QCompleter(self.completion_model, self)
        # The search already filters (accents ignored, codes too), so Qt must not filter again.
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.search_edit.setCompleter(self.completer)
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self.search_edit.textEdited.connect(self._search_edited)
        self.completer.activated[str].connect(self.choose_match)
        self.search_status = QLabel(page)
        self.search_status.setWordWrap(True)
        layout.addWidget(self.search_edit)
        layout.addWidget(self.search_status)
        return page

    def _build_selection_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.selection_button = QPushButton(tr("Use the selection"), page)
        self.selection_button.setToolTip(tr("Reads the commune codes of the selected features of the active layer."))
        self.selection_button.clicked.connect(self.use_selection)
        self.selection_status = QLabel(tr("Select communes on the map, then click the button."), page)
        self.selection_status.setWordWrap(True)
        layout.addWidget(self.selection_button)
        layout.addWidget(self.selection_status)
        return page

    def _build_codes_page(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        self.codes_edit = QPlainTextEdit(page)
        self.codes_edit.setPlaceholderText(tr("59350, 59009, 59512…"))
        self.codes_edit.setToolTip(tr("Commune codes of 5 characters, separated by commas, spaces or lines."))
        self.codes_edit.setMaximumHeight(90)
        self.codes_edit.textChanged.connect(self._codes_changed)
        self.codes_status = QLabel(page)
        self.codes_status.setWordWrap(True)
        layout.addWidget(self.codes_edit)
        layout.addWidget(self.codes_status)
        return page

    # -- behaviour ----------------------------------------------------------------------

    def mode(self) -> int:
        """Return the chosen way of giving the territory (SEARCH, SELECTION or CODES)."""
        return self.mode_buttons.checkedId()

    def set_mode(self, mode: int) -> None:
        """Show the page of ``mode``."""
        self.mode_buttons.button(mode).setChecked(True)
        self.pages.setCurrentIndex(mode)
        self._fit_pages()

    def _fit_pages(self) -> None:
        """Size the stack to the page shown: by default it takes the height of the tallest page."""
        for index in range(self.pages.count()):
            policy = QSizePolicy.Policy.Preferred if index == self.pages.currentIndex() else QSizePolicy.Policy.Ignored
            self.pages.widget(index).setSizePolicy(QSizePolicy.Policy.Preferred, policy)
        self.pages.adjustSize()

    def _mode_changed(self, button) -> None:
        self.pages.setCurrentIndex(self.mode_buttons.id(button))
        self._fit_pages()
        self.territoryChanged.emit(self.current_spec())

    def _search_edited(self, text: str) -> None:
        self._search_spec = ""
        self.search_timer.start()

    def run_search(self) -> None:
        """Fill the completion list with the places matching the typed text."""
        text = self.search_edit.text().strip()
        if SPEC.match(text):
            self._search_spec = text
            self.search_status.setText(tr("Territory spec: {spec}").format(spec=text))
            self.territoryChanged.emit(text)
            return
        if len(text) < 2:
            self.completion_model.setStringList([])
            return
        try:
            matches = self._search(text, SEARCH_LIMIT)
        except PluginError as error:
            self.search_status.setText(error.message)
            return
        self._matches = {match_text(match): match for match in matches}
        self.completion_model.setStringList(list(self._matches))
        if not matches:
            self.search_status.setText(tr("No place matches « {text} ».").format(text=text))
            return
        self.search_status.setText("")
        self.completer.complete()

    def choose_match(self, text: str) -> None:
        """Take the place of a completion line as the territory."""
        match = self._matches.get(text)
        if match is None:
            return
        self._search_spec = match.spec
        self.search_edit.setText(text)
        population = getattr(match, "population", None)
        if population:
            population_text = format_integer(population)
            text = tr("{label} · {population} inhabitants").format(label=match.label, population=population_text)
            self.search_status.setText(text)
        else:
            self.search_status.setText(match.label)
        self.territoryChanged.emit(match.spec)

    def use_selection(self) -> None:
        """Build a ``communes:`` spec from the selected features of the active layer."""
        try:
            layer = self._active_layer()
            codes, field_name = selected_commune_codes(layer)
        except InvalidInputError as error:
            self._selection_spec = ""
            self.selection_status.setText(error.message)
            return
        self._selection_spec = communes_spec(codes)
        self.selection_status.setText(
            tr(
                "{count} communes selected in « {layer} » (field {field})."
            ).format(count=format_integer(len(codes)), layer=layer.name(), field=field_name)
        )
        self.territoryChanged.emit(self._selection_spec)

    def _codes_changed(self) -> None:
        text = self.codes_edit.toPlainText()
        if not text.strip():
            self.codes_status.setText("")
            return
        try:
            codes = parse_code_list(text)
        except InvalidInputError as error:
            self.codes_status.setText(error.message)
            return
        self.codes_status.setText(tr("{count} communes").format(count=format_integer(len(codes))))
        self.territoryChanged.emit(communes_spec(codes))

    def current_spec(self) -> str:
        """Return the spec chosen so far, or "" when none is complete."""
        try:
            return self.spec()
        except InvalidInputError:
            return ""

    def spec(self) -> str:
        """Return the territory spec; raise InvalidInputError with the fix when there is none."""
        mode = self.mode()
        if mode == SELECTION:
            if not self._selection_spec:
                raise InvalidInputError(tr(
                    "No communes taken from the map: select communes in a commune layer and click « Use the "
                    "selection »."
                ))
            return self._selection_spec
        if mode == CODES:
            return communes_spec(parse_code_list(self.codes_edit.toPlainText()))
        if not self._search_spec:
            text = self.search_edit.text().strip()
            if SPEC.match(text):
                return text
            raise InvalidInputError(tr(
                "No territory chosen: type a name or a code in « Territory » and pick a place in the list."
            ))
        return self._search_spec

    def restore(self, spec: str, label: str) -> None:
        """Show a territory remembered from an earlier session."""
        if not spec:
            return
        if spec.startswith("communes:"):
            self.set_mode(CODES)
            self.codes_edit.setPlainText(spec.split(":", 1)[1].replace(",", ", "))
            return
        self.set_mode(SEARCH)
        self._search_spec = spec
        self.search_edit.setText(label or spec)
        self.search_status.setText(tr("Territory spec: {spec}").format(spec=spec))

    def label(self) -> str:
        """Return the text that names the chosen territory (for the settings and the group)."""
        if self.mode() == SEARCH:
            return self.search_edit.text().strip()
        return self.current_spec()


def format_integer(value) -> str:
    """Format an integer the French way, with narrow no-break spaces between thousands."""
    return f"{int(value):,}".replace(",", "\u202f")

"""Route the plugin's Python logging to the QGIS message log.

Modules log with ``logging.getLogger(__name__)``; one handler on the package logger forwards
every record to QgsMessageLog under the plugin's tag. QgsMessageLog is thread-safe, so tasks
may log from worker threads.
"""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsMessageLog

PACKAGE_LOGGER = "territorial_health_plugin"
LOG_TAG = "Diagnostic santé"

_LEVELS = (
    (logging.ERROR, Qgis.MessageLevel.Critical),
    (logging.WARNING, Qgis.MessageLevel.Warning),
    (logging.INFO, Qgis.MessageLevel.Info),
)


class QgsMessageLogHandler(logging.Handler):
    """A logging handler that writes records to QgsMessageLog under :data:`LOG_TAG`."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = self.format(record)
        except Exception:  # noqa: BLE001 - a broken record must not break the caller
            self.handleError(record)
            return
        level = Qgis.MessageLevel.Info
        for threshold, qgis_level in _LEVELS:
            if record.levelno >= threshold:
                level = qgis_level
                break
        QgsMessageLog.logMessage(message, LOG_TAG, level, notifyUser=False)


def install_message_log_handler(level: int = logging.INFO) -> logging.Handler:
    """Attach a :class:`QgsMessageLogHandler` to the package logger and return it."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    handler = QgsMessageLogHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    logger.addHandler(handler)
    if logger.level == logging.NOTSET or logger.level > level:
        logger.setLevel(level)
    return handler


def remove_handler(handler: logging.Handler | None) -> None:
    """Detach a handler installed by :func:`install_message_log_handler`."""
    if handler is not None:
        logging.getLogger(PACKAGE_LOGGER).removeHandler(handler)

"""Exceptions that carry a message for the user and technical details.

The user message is already translated (French by default) and names the value and the fix;
the details are for the message log and bug reports.
"""

from __future__ import annotations


class PluginError(Exception):
    """Base of the plugin's errors: a user message plus optional details."""

    def __init__(self, message: str, details: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def __str__(self) -> str:
        return self.message


class InvalidInputError(PluginError):
    """A value given by the user (territory spec, file, option) is not valid."""


class DataSourceError(PluginError):
    """A public source could not be downloaded or read."""


class DataFormatError(DataSourceError):
    """A downloaded or local file does not have the expected format."""


class CancelledError(PluginError):
    """The user cancelled the run."""

"""Widgets: the dock panel, the options page and the task wrapper."""

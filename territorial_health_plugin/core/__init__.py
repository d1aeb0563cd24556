"""Diagnostic pipeline without iface or widgets, shared by the panel, Processing and the command line."""

"""The diagnostic document: print layout, narrative, charts and export."""

"""One module per public data source."""

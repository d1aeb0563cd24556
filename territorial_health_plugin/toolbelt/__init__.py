"""Cross-cutting helpers: resources, translation, logging, settings, errors."""

"""Command line: ``python3 -m territorial_health_plugin --help``."""

import sys

try:
    import qgis.core  # noqa: F401 - checked first, for a clear message
except ImportError:
    # Qt's translation needs QGIS, so this one message is written in French directly.
    sys.stderr.write(
        "erreur : le module Python « qgis » est introuvable avec cet interpréteur "
        f"({sys.executable}). Lancez la commande avec le Python de QGIS : /usr/bin/python3 "
        "sous Debian et Ubuntu, ou .venv/bin/python après « make setup ».\n"
    )
    sys.exit(1)

from territorial_health_plugin.cli import main  # noqa: E402 - after the check above

sys.exit(main())

"""Command line: ``python3 -m territorial_health_plugin --help``."""

import sys

from territorial_health_plugin.cli import main

sys.exit(main())

"""``diagnose`` subcommand: build the diagnostic of a territory."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from territorial_health_plugin.toolbelt.i18n import tr

logger = logging.getLogger(__name__)


def register(subparsers) -> None:
    """Add the ``diagnose`` subcommand to the command line."""
    from territorial_health_plugin.core.pipeline import LEVELS, SOURCE_MODES, THEMES

    parser = subparsers.add_parser(
        "diagnose",
        help=tr("build the diagnostic of a territory"),
        description=tr("Build the diagnostic of a territory: GeoPackage, QGIS project, PDF and report."),
    )
    parser.add_argument("--territory", required=True, help=tr("territory spec, for example epci:200093201"))
    parser.add_argument("--output", required=True, help=tr("output folder"))
    parser.add_argument("--source", choices=SOURCE_MODES, default="online",
                        help=tr("where data comes from: online (download), cache (cache only) or sample "
                                "(embedded sample); default online"))
    parser.add_argument("--data-dir", help=tr("folder of already downloaded files, read before any download"))
    parser.add_argument("--table", action="append", default=[], metavar=tr("FILE"),
                        help=tr("your own indicator table (CSV or XLSX), joined by its commune or IRIS code; "
                                "repeatable"))
    parser.add_argument("--table-code-column",
                        help=tr("name of the code column of the --table files (detected when omitted)"))
    parser.add_argument("--iris-layer", help=tr("your own IRIS contours (GeoPackage, GeoJSON, Shapefile)"))
    parser.add_argument("--communes-layer", help=tr("your own commune contours (GeoPackage, GeoJSON, Shapefile)"))
    parser.add_argument("--level", choices=LEVELS, default="iris",
                        help=tr("finest level of the maps: iris or commune; default iris"))
    parser.add_argument("--themes", help=tr("comma-separated themes among {themes}; default all").format(
        themes=", ".join(THEMES)))
    parser.add_argument("--indicators", help=tr("comma-separated indicator ids of the catalogue (instead of themes)"))
    parser.add_argument("--atlas", action="store_true", help=tr("add an atlas with one page per commune"))
    parser.add_argument("--no-pdf", action="store_true", help=tr("do not compose the PDF report"))
    parser.set_defaults(handler=run)


def _split(text: str | None) -> tuple[str, ...] | None:
    if not text:
        return None
    return tuple(part.strip() for part in text.split(",") if part.strip())


def build_request(arguments):
    """Turn the parsed arguments into a DiagnosticRequest."""
    from territorial_health_plugin.core.pipeline import THEMES, DiagnosticRequest

    return DiagnosticRequest(
        territory=arguments.territory,
        output_dir=Path(arguments.output),
        source=arguments.source,
        data_dir=Path(arguments.data_dir) if arguments.data_dir else None,
        tables=[Path(path) for path in arguments.table],
        table_code_column=arguments.table_code_column,
        iris_layer=Path(arguments.iris_layer) if arguments.iris_layer else None,
        communes_layer=Path(arguments.communes_layer) if arguments.communes_layer else None,
        level=arguments.level,
        themes=_split(arguments.themes) or THEMES,
        indicators=_split(arguments.indicators),
        atlas=arguments.atlas,
        pdf=not arguments.no_pdf,
    )


class _ConsoleFeedback:
    """Print the step texts on stderr; the command line is never cancelled from inside."""

    def setProgressText(self, text: str) -> None:  # noqa: N802 - QgsProcessingFeedback's API
        print(text, file=sys.stderr)

    def setProgress(self, value: float) -> None:  # noqa: N802 - QgsProcessingFeedback's API
        pass

    def isCanceled(self) -> bool:  # noqa: N802 - QgsProcessingFeedback's API
        return False


def run(arguments) -> int:
    """Run the diagnostic and print where the outputs are; errors are handled by ``cli.main``."""
    import traceback

    from territorial_health_plugin.cli import EXIT_OK
    from territorial_health_plugin.core.pipeline import run_diagnostic
    from territorial_health_plugin.toolbelt.errors import PluginError

    try:
        result = run_diagnostic(build_request(arguments), _ConsoleFeedback())
    except PluginError:
        raise
    except Exception as error:  # noqa: BLE001 - any other failure still exits 1 with a French message
        raise PluginError(
            tr("The diagnostic failed ({error}); the previous outputs are left unchanged. "
               "Run again with -v for details.").format(error=error),
            traceback.format_exc(),
        ) from error
    for warning in result.warnings:
        print(tr("warning: {message}").format(message=warning), file=sys.stderr)
    for path in result.files.values():
        print(path)
    return EXIT_OK

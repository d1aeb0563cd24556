"""``diagnose`` subcommand: build the diagnostic of a territory."""

from __future__ import annotations

from territorial_health_plugin.toolbelt.i18n import tr


def register(subparsers) -> None:
    """Add the ``diagnose`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "diagnose",
        help=tr("build the diagnostic of a territory"),
        description=tr("Build the diagnostic of a territory: GeoPackage, QGIS project, PDF and report."),
    )
    parser.add_argument("--territory", required=True, help=tr("territory spec, for example epci:200093201"))
    parser.add_argument("--output", required=True, help=tr("output folder"))
    parser.set_defaults(handler=run)


def run(arguments) -> int:
    """Run the subcommand."""
    from territorial_health_plugin.toolbelt.errors import PluginError

    raise PluginError(tr("The diagnose command is not available yet."))

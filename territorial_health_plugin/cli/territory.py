"""``territory`` subcommand: resolve a territory spec, or search places by name."""

from __future__ import annotations

from territorial_health_plugin.toolbelt.i18n import tr


def register(subparsers) -> None:
    """Add the ``territory`` subcommand to the command line."""
    parser = subparsers.add_parser(
        "territory",
        help=tr("resolve a territory or search places by name"),
        description=tr("Print the communes of a territory, or search communes, EPCI, départements and régions."),
    )
    parser.add_argument(
        "spec",
        nargs="?",
        help=tr("territory spec: commune:59350, epci:200093201, departement:59, region:32, communes:59350,59009"),
    )
    parser.set_defaults(handler=run)


def run(arguments) -> int:
    """Run the subcommand."""
    from territorial_health_plugin.toolbelt.errors import PluginError

    raise PluginError(tr("The territory command is not available yet."))

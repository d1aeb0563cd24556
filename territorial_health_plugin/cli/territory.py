"""``territory`` subcommand: resolve a territory spec, or search places by name."""

from __future__ import annotations

import csv
import json
import sys

from territorial_health_plugin.toolbelt.i18n import tr

SEARCH_COLUMNS = ["kind", "code", "name", "label", "population", "spec"]
# CSV headers of the search, in the French of the communes list (`code_commune`, `nom`, `type`);
# the JSON output keeps the keys above.
SEARCH_HEADERS = {"kind": "type", "code": "code", "name": "nom", "label": "libelle", "population": "population",
                  "spec": "spec"}


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
    parser.add_argument(
        "--search",
        metavar=tr("TEXT"),
        help=tr("search places by name or code (accents, case and Saint/St are ignored) instead of resolving a spec"),
    )
    parser.add_argument(
        "--limit", type=int, default=20, help=tr("maximum number of places printed by --search (default 20)")
    )
    parser.add_argument(
        "--format",
        choices=("csv", "json"),
        default="csv",
        help=tr("output format: csv (default) or json"),
    )
    parser.set_defaults(handler=run)


def run(arguments) -> int:
    """Print the communes of a territory, or the places matching ``--search``."""
    from territorial_health_plugin.toolbelt.errors import InvalidInputError

    if arguments.search is not None:
        return _print_search(arguments)
    if not arguments.spec:
        raise InvalidInputError(
            tr("Give a territory spec (for example epci:200093201) or --search TEXT to find one by name.")
        )
    return _print_territory(arguments)


def _print_territory(arguments) -> int:
    from territorial_health_plugin.core.territory import resolve

    territory = resolve(arguments.spec)
    for warning in territory.warnings + ([territory.crs_warning] if territory.crs_warning else []):
        print(tr("warning: {message}").format(message=warning), file=sys.stderr)

    if arguments.format == "json":
        json.dump(territory.to_dict(), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    territory.communes.to_csv(sys.stdout, index=False, lineterminator="\n")
    return 0


def _print_search(arguments) -> int:
    from territorial_health_plugin.core.territory import search
    from territorial_health_plugin.toolbelt.errors import InvalidInputError

    if arguments.limit < 1:
        raise InvalidInputError(
            tr("Invalid --limit « {value} »: give a number of places of 1 or more.").format(value=arguments.limit)
        )
    matches = search(arguments.search, limit=arguments.limit)
    rows = [{column: getattr(match, column) for column in SEARCH_COLUMNS} for match in matches]
    if not rows:
        print(tr("No place matches « {text} ».").format(text=arguments.search), file=sys.stderr)

    if arguments.format == "json":
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    writer = csv.DictWriter(sys.stdout, fieldnames=list(SEARCH_HEADERS.values()), lineterminator="\n")
    writer.writeheader()
    writer.writerows({SEARCH_HEADERS[key]: value for key, value in row.items()} for row in rows)
    return 0

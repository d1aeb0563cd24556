"""Command line of the plugin, in French, running the same pipeline as the panel.

Each subcommand lives in a module of this package whose ``register(subparsers)`` adds its
parser and sets ``handler(arguments) -> int`` as a default. Exit codes: 0 done, 1 the run
failed, 2 invalid input.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_INVALID = 2

logger = logging.getLogger(__name__)

SUBCOMMANDS = ("territory", "diagnose")


def _argparse_translation(tr):
    """Return a gettext-like function that translates argparse's own messages."""
    messages = {
        "usage: ": tr("usage: "),
        "positional arguments": tr("positional arguments"),
        "options": tr("options"),
        "show this help message and exit": tr("show this help message and exit"),
        "the following arguments are required: %s": tr("the following arguments are required: %s"),
        "%(prog)s: error: %(message)s\n": tr("%(prog)s: error: %(message)s\n"),
        "invalid choice: %(value)r (choose from %(choices)s)": tr(
            "invalid choice: %(value)r (choose from %(choices)s)"
        ),
        "unrecognized arguments: %s": tr("unrecognized arguments: %s"),
        "expected one argument": tr("expected one argument"),
        "expected at least one argument": tr("expected at least one argument"),
        "expected at most one argument": tr("expected at most one argument"),
        "invalid %(type)s value: %(value)r": tr("invalid %(type)s value: %(value)r"),
        "argument %(argument_name)s: %(message)s": tr("argument %(argument_name)s: %(message)s"),
        "ambiguous option: %(option)s could match %(matches)s": tr(
            "ambiguous option: %(option)s could match %(matches)s"
        ),
        "not allowed with argument %s": tr("not allowed with argument %s"),
        "one of the arguments %s is required": tr("one of the arguments %s is required"),
        "can't open '%(filename)s': %(error)s": tr("can't open '%(filename)s': %(error)s"),
    }
    return lambda text: messages.get(text, text)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser, its help already translated."""
    import importlib

    from territorial_health_plugin.toolbelt.i18n import tr

    # argparse looks its messages up through the module-level gettext alias at call time.
    argparse._ = _argparse_translation(tr)

    parser = argparse.ArgumentParser(
        prog="python3 -m territorial_health_plugin",
        description=tr(
            "Territorial health diagnostic: resolve a French territory and build its "
            "diagnostic (GeoPackage, QGIS project, PDF) from public data."
        ),
    )
    parser.add_argument("-v", "--verbose", action="store_true", help=tr("show detailed log messages"))
    subparsers = parser.add_subparsers(dest="command", metavar=tr("COMMAND"))
    subparsers.required = True
    for name in SUBCOMMANDS:
        module = importlib.import_module(f"territorial_health_plugin.cli.{name}")
        module.register(subparsers)
    for subparser in subparsers.choices.values():
        # Also after the subcommand, where error messages suggest it (« relancez avec -v »).
        # SUPPRESS keeps the value given before the subcommand when it is not repeated.
        subparser.add_argument("-v", "--verbose", action="store_true", default=argparse.SUPPRESS,
                               help=tr("show detailed log messages"))
        _translate_metavars(subparser, tr)
    return parser


def _translate_metavars(parser: argparse.ArgumentParser, tr) -> None:
    """Name the values of the options in French where a subcommand left argparse's default.

    argparse shows an option's value as its destination in capitals (``--output OUTPUT``).
    """
    names = {
        "spec": tr("TERRITORY"),
        "territory": tr("TERRITORY"),
        "output": tr("FOLDER"),
        "data_dir": tr("FOLDER"),
        "table_code_column": tr("COLUMN"),
        "iris_layer": tr("FILE"),
        "communes_layer": tr("FILE"),
        "themes": tr("THEMES"),
        "indicators": tr("INDICATORS"),
        "limit": tr("NUMBER"),
    }
    for action in parser._actions:
        if action.metavar is None and action.choices is None and action.dest in names:
            action.metavar = names[action.dest]


def _configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s" if verbose else "%(message)s"))
    package_logger = logging.getLogger("territorial_health_plugin")
    package_logger.addHandler(handler)
    package_logger.setLevel(logging.DEBUG if verbose else logging.WARNING)

    # Python warnings of the libraries (pandas, GDAL deprecations) mean nothing to a user:
    # they are shown with --verbose only.
    logging.captureWarnings(True)
    warnings_logger = logging.getLogger("py.warnings")
    warnings_logger.propagate = False
    if verbose:
        warnings_logger.addHandler(handler)
    else:
        warnings_logger.addHandler(logging.NullHandler())


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, start QGIS headless and run the subcommand."""
    from territorial_health_plugin.toolbelt.errors import InvalidInputError, PluginError
    from territorial_health_plugin.toolbelt.i18n import install_translator, tr
    from territorial_health_plugin.toolbelt.qgis_app import start_headless_qgis

    start_headless_qgis()
    install_translator(gui=False)

    parser = build_parser()
    arguments = parser.parse_args(argv)
    _configure_logging(arguments.verbose)
    try:
        return arguments.handler(arguments)
    except BrokenPipeError:
        # The reader of the output went away (``... | head``): stop quietly, as Python advises.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_FAILED
    except InvalidInputError as error:
        print(tr("error: {message}").format(message=error.message), file=sys.stderr)
        return EXIT_INVALID
    except PluginError as error:
        print(tr("error: {message}").format(message=error.message), file=sys.stderr)
        if error.details:
            logger.debug(error.details)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(tr("Cancelled."), file=sys.stderr)
        return EXIT_FAILED

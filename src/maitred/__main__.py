"""`maitred` / `python -m maitred`: options → book → window → event loop."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from maitred import __version__


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="maitred", description="Maitre D: the host stand of a restaurant.")
    parser.add_argument("--data-dir", type=Path, help="folder of the book, its backups and the window settings")
    parser.add_argument("--database-url", help="SQLAlchemy URL of a shared book (sqlite:///… or postgresql://…)")
    parser.add_argument("--smoke-test", action="store_true",
                        help="start, migrate, build the window offscreen, then exit 0")
    parser.add_argument("--actor", default="host",
                        help="kept for scripts: at the window, staff sign in with their PIN")
    parser.add_argument("--version", action="version", version=f"maitred {__version__}")
    _add_book_commands(parser)
    return parser.parse_known_args(argv)[0]


#: Commands on the book's copies (maitred.book_cli); the window opens when none is given.
BOOK_COMMANDS = ("backup", "restore")


def _add_book_commands(parser: argparse.ArgumentParser) -> None:
    where = argparse.ArgumentParser(add_help=False)  # the options may come after the command too
    where.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS)
    where.add_argument("--database-url", default=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", metavar="{backup,restore}")
    commands.add_parser("backup", parents=[where], help="copy the book into <data folder>/backups and exit")
    restore = commands.add_parser("restore", parents=[where],
                                  help="put a copy back as the book (the book as it was is copied first)")
    restore.add_argument("file", type=Path, help="the copy to put back (a .db file in backups/, or a .bak)")


#: Commands without the window (the online-bookings server and its API keys: maitred.server.cli).
SERVER_COMMANDS = ("serve", "apikey")


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in SERVER_COMMANDS:
        from maitred.server.cli import main as server_main  # no Qt for a server

        return server_main(arguments)
    args = parse_args(arguments)
    if args.command in BOOK_COMMANDS:
        from maitred.book_cli import run_command

        return run_command(args)
    # Nothing made while the stand starts is garbage worth a collection (a full one walks every
    # module and class imported): the collector pauses until the window is up (app.run).
    gc.disable()
    from maitred.app import StartOptions, run  # Qt only once the options are known (--version needs none)

    return run(StartOptions(args.data_dir, args.database_url, args.smoke_test, args.actor))


if __name__ == "__main__":
    sys.exit(main())

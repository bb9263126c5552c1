"""`maitred` / `python -m maitred`: options → book → window → event loop."""

from __future__ import annotations

import argparse
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
    parser.add_argument("--actor", default="host", help="the staff member shown in the header (roles come later)")
    parser.add_argument("--version", action="version", version=f"maitred {__version__}")
    return parser.parse_known_args(argv)[0]


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from maitred.app import StartOptions, run  # Qt only once the options are known (--version needs none)

    return run(StartOptions(args.data_dir, args.database_url, args.smoke_test, args.actor))


if __name__ == "__main__":
    sys.exit(main())

"""Fill the configured database with a benchmark community.

    python -m bench.data --preset small|medium|large|tiny [--seed 42] [--force]

The database is the one the settings point at (MUNDWERK_DATA_DIR for SQLite,
DATABASE_URL for PostgreSQL). Every member's password is "bench-password";
the staff account is "benchadmin". The same seed and anchor time (by default
the start of the current UTC day) give the same data.
"""

import argparse
import os
import sys
from datetime import UTC, datetime

from bench.data_plan import PRESETS


def _anchor(value: str) -> datetime:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO date or time: {value!r}") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.data", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--preset", choices=list(PRESETS), default="small")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--force", action="store_true", help="empty the content tables of a database first"
    )
    parser.add_argument(
        "--now",
        type=_anchor,
        default=None,
        help="ISO time the history ends at (default: the start of the current UTC day)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mundwerk.settings")
    import django

    django.setup()
    from bench.data_load import DatabaseNotEmpty, generate

    try:
        summary = generate(
            arguments.preset,
            seed=arguments.seed,
            now=arguments.now,
            force=arguments.force,
            progress=not arguments.quiet,
        )
    except DatabaseNotEmpty as error:
        sys.stderr.write(f"bench.data: {error}\n")
        return 1
    print("\n".join(summary.lines()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

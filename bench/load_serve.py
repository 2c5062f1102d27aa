"""Run `mundwerk serve` with other granian thread and backpressure numbers.

    python -m bench.load_serve THREADS [BACKPRESSURE] serve --port 8123

serve picks 2 x cores + 1 blocking threads per granian worker and accepts
twice that many connections at once, with no option for either; the benchmark
compares other values without changing serve, by replacing those two
functions before the command runs. Everything else is serve as it is. "-" as
THREADS keeps serve's choice.
"""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mundwerk.settings")
    from mundwerk.core.management.commands import serve

    threads = sys.argv.pop(1)
    if threads != "-":
        serve.blocking_threads = lambda: int(threads)
    if sys.argv[1].isdigit():
        connections = int(sys.argv.pop(1))
        serve.backpressure = lambda threads: connections
    from mundwerk.cli import main as mundwerk_main

    sys.argv[0] = "mundwerk"
    mundwerk_main()


if __name__ == "__main__":
    main()

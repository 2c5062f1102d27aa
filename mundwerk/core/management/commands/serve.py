"""`mundwerk serve`: granian for pages, static files and uploads; live events; the task worker."""

import ipaddress
import os
import socket
import sys
from argparse import ArgumentParser, ArgumentTypeError
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

import mundwerk
from mundwerk.core.management.supervisor import ChildSpec, Supervisor

WSGI_TARGET = "mundwerk.wsgi:application"
EVENTS_TARGET = "mundwerk.live.asgi:application"


def cores() -> int:
    """Return the CPU cores this process may run on."""
    available = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return len(available) if available else (os.cpu_count() or 1)


def blocking_threads() -> int:
    """Return the Python threads per granian worker process: 2.

    Python runs one thread at a time per process, so throughput comes from
    one worker process per core (the --workers default); a second thread
    keeps the core busy while the first waits on the database or disk.
    Measured on 2 cores with 2 workers: 2 and 5 threads give the same
    throughput (bench/, docs/performance.md); more threads only add latency
    and database connections.
    """
    return 2


# granian's own default listen backlog.
BACKLOG = 1024


def backpressure(threads: int) -> int:
    """Return how many connections one worker keeps open at once: granian's default.

    granian counts connections, not requests, against this limit, and a
    browser's idle keep-alive connection holds its place: with a small limit
    (we once had 2 x threads = 10) the eleventh visitor waited 30 s while ten
    idle connections sat there. Work is bounded by the thread count instead;
    requests beyond it wait inside granian for a free thread.
    """
    return BACKLOG


def positive_int(raw: str) -> int:
    """Parse a command-line number that must be at least 1."""
    try:
        value = int(raw)
    except ValueError:
        raise ArgumentTypeError(f"{raw!r} is not a whole number") from None
    if value < 1:
        raise ArgumentTypeError(f"{value} is less than 1")
    return value


def port_number(raw: str) -> int:
    """Parse a TCP port, 1 to 65535."""
    value = positive_int(raw)
    if value > 65535:
        raise ArgumentTypeError(f"{value} is not a port (1 to 65535)")
    return value


def ip_address(raw: str) -> str:
    """Parse the address to listen on: an IP address (granian takes no names) or localhost."""
    if raw == "localhost":
        return "127.0.0.1"
    try:
        return str(ipaddress.ip_address(raw.strip("[]")))
    except ValueError:
        raise ArgumentTypeError(
            f"{raw!r} is not an IP address (e.g. 127.0.0.1 or 0.0.0.0)"
        ) from None


def site_url(host: str, port: int) -> str:
    """Return the address a browser on this machine uses to reach `host`:`port`."""
    if ipaddress.ip_address(host).is_unspecified:
        host = "127.0.0.1" if "." in host else "::1"
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def unapplied_migrations() -> list[str]:
    """Return the migrations the database still lacks, as app.name."""
    connection = connections[DEFAULT_DB_ALIAS]
    connection.prepare_database()
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def static_files_collected() -> bool:
    """Tell whether `collectstatic` has filled STATIC_ROOT (and written its manifest)."""
    if isinstance(staticfiles_storage, ManifestFilesMixin):
        return staticfiles_storage.read_manifest() is not None
    root = Path(settings.STATIC_ROOT)
    return root.is_dir() and any(root.iterdir())


def port_in_use(host: str, port: int) -> bool:
    """Tell whether something already listens on `host`:`port`, so we can say so plainly."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def granian_argv(host: str, port: int, workers: int) -> list[str]:
    """Build the command line that serves the site, /static and /media with granian."""
    threads = blocking_threads()
    return [
        sys.executable, "-m", "granian",
        "--interface", "wsgi",
        "--host", host,
        "--port", str(port),
        "--workers", str(workers),
        "--blocking-threads", str(threads),
        "--backpressure", str(backpressure(threads)),
        "--no-ws",
        "--log-level", "warning",
        "--static-path-route", settings.STATIC_URL.rstrip("/"),
        "--static-path-mount", str(settings.STATIC_ROOT),
        "--static-path-route", settings.MEDIA_URL.rstrip("/"),
        "--static-path-mount", str(settings.MEDIA_ROOT),
        WSGI_TARGET,
    ]  # fmt: skip


def events_argv(host: str, port: int) -> list[str]:
    """Build the command line of the events process: granian's ASGI mode, one process.

    One event loop holds thousands of idle streams (docs/performance.md), so
    one process is enough; its connection limit sits above our own stream cap
    so that a full process answers 503 instead of leaving browsers waiting.
    """
    return [
        sys.executable, "-m", "granian",
        "--interface", "asgi",
        "--host", host,
        "--port", str(port),
        "--workers", "1",
        "--backpressure", str(settings.EVENTS_MAX_STREAMS + 100),
        "--no-ws",
        "--log-level", "warning",
        EVENTS_TARGET,
    ]  # fmt: skip


def events_env(page_port: int, events_port: int | None) -> dict[str, str]:
    """Return what the children need to know of the events process.

    Pages name the stream's port in their meta tag and CSP; the events process
    allows CORS from the page port. Without an events process here (and no
    MUNDWERK_EVENTS_URL pointing elsewhere) pages leave the meta tag out.
    """
    if events_port is None:
        return {} if settings.EVENTS_URL else {"MUNDWERK_EVENTS": "false"}
    return {"MUNDWERK_EVENTS_PORT": str(events_port), "MUNDWERK_PAGES_PORT": str(page_port)}


def worker_argv() -> list[str]:
    """Build the command line of the background task worker."""
    return [sys.executable, "-m", "mundwerk", "db_worker", "--no-reload"]


# How often the digest scheduler looks for members whose daily or weekly digest is due.
DIGEST_CHECK_SECONDS = 3600


def digest_scheduler_argv() -> list[str]:
    """Build the command line that queues due email digests every hour, for the worker to send."""
    return [
        sys.executable, "-m", "mundwerk", "send_digests",
        "--every", str(DIGEST_CHECK_SECONDS), "--verbosity", "0",
    ]  # fmt: skip


# Trust levels and influence are recomputed once a day.
TRUST_CHECK_SECONDS = 86_400


def trust_scheduler_argv() -> list[str]:
    """Build the command line that recomputes trust levels and influence daily."""
    return [
        sys.executable, "-m", "mundwerk", "update_trust_levels",
        "--every", str(TRUST_CHECK_SECONDS), "--verbosity", "0",
    ]  # fmt: skip


def exit_status(code: int) -> int:
    """Return the non-zero status we exit with when a child ended with `code`.

    Popen reports death by signal N as -N; shells say 128 + N.
    """
    if code < 0:
        return 128 - code
    return code or 1


def child_env() -> dict[str, str]:
    """Return our environment, set so the children load the same code and settings."""
    env = dict(os.environ)
    env["DJANGO_SETTINGS_MODULE"] = settings.SETTINGS_MODULE
    source_root = str(Path(mundwerk.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source_root, env.get("PYTHONPATH")]))
    return env


def add_server_arguments(parser: ArgumentParser) -> None:
    """Add the options that say where and how to serve (shared by `serve` and `demo`)."""
    parser.add_argument(
        "--host", type=ip_address, default="127.0.0.1", help="IP address to listen on."
    )
    parser.add_argument("--port", type=port_number, default=8000, help="Port to listen on.")
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=cores(),
        help="Number of granian worker processes (default: one per CPU core).",
    )
    parser.add_argument(
        "--no-worker",
        action="store_true",
        help="Do not start the background task worker (run `mundwerk db_worker` elsewhere).",
    )


class Command(BaseCommand):
    help = "Serve Mundwerk with granian (pages, static files, uploads) and run the task worker."

    # We check ourselves, to stop with a clear message instead of only a warning.
    requires_migrations_checks = False

    def add_arguments(self, parser: ArgumentParser) -> None:
        add_server_arguments(parser)
        parser.add_argument(
            "--events-port",
            type=port_number,
            default=None,
            help="Port of the live events process (default: --port plus 1).",
        )
        parser.add_argument(
            "--no-events",
            action="store_true",
            help="Do not start the live events process (pages then update on reload only).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.check_ready()
        host, port = options["host"], options["port"]
        events_port = None
        if not options.get("no_events"):
            events_port = options.get("events_port") or port + 1
            if events_port == port or events_port > 65535:
                raise CommandError(
                    f"The events port must differ from --port {port}; pick one with --events-port.",
                    returncode=1,
                )
        for taken, option in ((port, "--port"), (events_port, "--events-port")):
            if taken is not None and port_in_use(host, taken):
                raise CommandError(
                    f"Port {taken} on {host} is in use; pick another with {option}.",
                    returncode=1,
                )
        Path(settings.MEDIA_ROOT).mkdir(parents=True, exist_ok=True)
        # The children open their own connections; ours would only sit idle.
        connections.close_all()

        children = [
            ChildSpec(
                "web server (granian)",
                granian_argv(options["host"], options["port"], options["workers"]),
            )
        ]
        if events_port is not None:
            children.append(ChildSpec("events server (granian)", events_argv(host, events_port)))
        if not options["no_worker"]:
            children.append(ChildSpec("task worker", worker_argv()))
            children.append(ChildSpec("digest scheduler", digest_scheduler_argv()))
            children.append(ChildSpec("trust level scheduler", trust_scheduler_argv()))
        worker_note = "" if options["no_worker"] else " with the task worker"
        events_note = (
            "" if events_port is None else f", live events at {site_url(host, events_port)}/"
        )
        self.stdout.write(
            f"Mundwerk is serving at {site_url(host, port)}/{events_note}"
            f"{worker_note} (Ctrl+C stops it)."
        )
        self.stdout.flush()

        env = {**child_env(), **events_env(port, events_port)}
        outcome = Supervisor(children, env, write=self.stderr.write).run()
        if outcome.signum is None:
            raise CommandError(
                f"The {outcome.name} exited (code {outcome.code}); stopped everything.",
                returncode=exit_status(outcome.code),
            )
        self.stdout.write("Mundwerk stopped.")

    def check_ready(self) -> None:
        """Refuse to start on a database or static folder that is not set up."""
        try:
            missing = unapplied_migrations()
        except DatabaseError as error:
            raise CommandError(f"Cannot use the database: {error}", returncode=1) from None
        if missing:
            raise CommandError(
                f"The database lacks {len(missing)} migration(s) ({', '.join(missing[:3])}"
                f"{', ...' if len(missing) > 3 else ''}). Run `mundwerk migrate` first.",
                returncode=1,
            )
        if not static_files_collected():
            raise CommandError(
                f"No static files in {settings.STATIC_ROOT}. "
                "Run `mundwerk collectstatic --noinput` first.",
                returncode=1,
            )

"""Start `mundwerk serve` as production runs it, watch its processes, stop it.

The server gets a process group of its own, so a Ctrl+C in the terminal
reaches only the runner, which then stops the server in order (serve's
supervisor stops granian and the task worker). Whatever is still alive after
the grace time is killed by process id: only processes that descend from the
server we started.
"""

import contextlib
import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """The server did not start or did not answer."""


def free_port() -> int:
    """Return a TCP port on loopback that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def serve_argv(
    mundwerk: list[str],
    port: int,
    *,
    blocking_threads: int | None = None,
    backpressure: int | None = None,
    workers: int | None = None,
) -> list[str]:
    """Build the serve command; granian overrides go through bench.load_serve."""
    if blocking_threads is not None or backpressure is not None:
        mundwerk = [sys.executable, "-m", "bench.load_serve", str(blocking_threads or "-")]
        mundwerk += [str(backpressure)] if backpressure is not None else []
    # The live-events process runs as in production, on a port of its own: the
    # default (page port + 1) may be taken on a busy test machine.
    argv = [*mundwerk, "serve", "--host", HOST, "--port", str(port)]
    argv += ["--events-port", str(free_port())]
    if workers is not None:
        argv += ["--workers", str(workers)]
    return argv


def process_children(pid: int) -> list[int]:
    """Return the ids of the processes whose parent is `pid` (Linux /proc)."""
    children = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name in parentheses may hold spaces; the fields after it do not.
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid:
            children.append(int(entry.name))
    return sorted(children)


def descendants(pid: int) -> list[int]:
    found = []
    for child in process_children(pid):
        found.append(child)
        found.extend(descendants(child))
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def accept_queue(port: int) -> int | None:
    """Return how many connections wait in the listen socket's accept queue, unaccepted.

    For a listening socket, /proc/net/tcp's rx_queue is the accept backlog:
    connections the kernel completed but the server has not taken yet.
    """
    local = f"0100007F:{port:04X}"
    try:
        lines = Path("/proc/net/tcp").read_text().splitlines()[1:]
    except OSError:
        return None
    for line in lines:
        fields = line.split()
        if fields[1] == local and fields[3] == "0A":  # 0A: LISTEN
            return int(fields[4].split(":")[1], 16)
    return None


class AcceptQueueSampler:
    """Sample `accept_queue(port)` in a thread while a load runs."""

    def __init__(self, port: int, interval_s: float = 0.25) -> None:
        self.port = port
        self.interval_s = interval_s
        self.samples: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.wait(self.interval_s):
            waiting = accept_queue(self.port)
            if waiting is not None:
                self.samples.append(waiting)

    def __enter__(self) -> "AcceptQueueSampler":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def summary(self) -> dict[str, float | int | None]:
        """Most and mean connections left waiting during the run (None: not measured)."""
        if not self.samples:
            return {"unaccepted_connections_max": None, "unaccepted_connections_mean": None}
        return {
            "unaccepted_connections_max": max(self.samples),
            "unaccepted_connections_mean": round(sum(self.samples) / len(self.samples), 1),
        }


def rss_mb(pid: int) -> float:
    """Return a process's resident set size (VmRSS) in MB, 0 when it is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


@dataclass
class Server:
    """One `mundwerk serve` that we started, on loopback."""

    argv: list[str]
    env: Mapping[str, str]
    port: int
    log_path: Path
    grace_s: float = 20.0
    _process: subprocess.Popen[bytes] | None = field(default=None, init=False)
    _log: IO[bytes] | None = field(default=None, init=False)

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self._log = self.log_path.open("wb")
        self._process = subprocess.Popen(  # noqa: S603 - our own command line
            self.argv,
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            process_group=0,
        )

    def wait_ready(self, path: str, timeout_s: float = 60.0) -> None:
        """Poll `path` until it answers 200; fail early when the server exits."""
        deadline = time.monotonic() + timeout_s
        last = "no answer"
        while time.monotonic() < deadline:
            if self._process is None or self._process.poll() is not None:
                raise ServerError(f"The server exited during start-up:\n{self.log_tail()}")
            try:
                status, _body = request(self.port, "GET", path)
            except OSError as error:
                last = str(error)
            else:
                if status == 200:
                    return
                last = f"status {status}"
            time.sleep(0.2)
        raise ServerError(f"The server did not answer {path} in {timeout_s:g} s ({last}).")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def processes(self) -> dict[str, list[int]]:
        """Name the server's processes: granian's main, its workers, the task worker."""
        found: dict[str, list[int]] = {"granian_main": [], "granian_workers": [], "db_worker": []}
        if self._process is None:
            return found
        for child in process_children(self._process.pid):
            cmdline = command_line(child)
            if "granian" in cmdline:
                found["granian_main"].append(child)
                found["granian_workers"].extend(process_children(child))
            elif "db_worker" in cmdline:
                found["db_worker"].append(child)
        return found

    def memory(self) -> dict[str, float]:
        """Return the RSS in MB of the largest granian worker, all of them, and the task worker.

        The target is per worker process; with one worker per core the sum
        grows with the cores, so it is reported beside, not instead.
        """
        processes = self.processes()
        workers = [rss_mb(pid) for pid in processes["granian_workers"]]
        return {
            "worker_rss_mb": round(max(workers, default=0.0), 1),
            "workers_rss_total_mb": round(sum(workers), 1),
            "granian_main_rss_mb": round(sum(map(rss_mb, processes["granian_main"])), 1),
            "db_worker_rss_mb": round(sum(map(rss_mb, processes["db_worker"])), 1),
        }

    def stop(self) -> None:
        """Ask serve to stop (it stops its children), then kill what is left."""
        process = self._process
        if process is None:
            return
        family = {pid: command_line(pid) for pid in descendants(process.pid)}
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=self.grace_s)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        for pid, cmdline in family.items():
            # Same id and same command line: still the process we started, not a reused id.
            if _alive(pid) and command_line(pid) == cmdline:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
        self._process = None
        if self._log is not None:
            self._log.close()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def request(
    port: int,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: str | None = None,
    timeout: float = 30.0,
) -> tuple[int, str]:
    """Make one HTTP request to the server; return status and body text."""
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=dict(headers or {}))
        response = connection.getresponse()
        text = response.read().decode("utf-8", errors="replace")
        if response.status in (301, 302, 303):
            text = response.getheader("Location", "")
        return response.status, text
    finally:
        connection.close()


@contextlib.contextmanager
def running(server: Server, ready_path: str) -> Iterator[Server]:
    """Start `server`, wait until it answers, and stop it however the block ends."""
    try:
        server.start()
        server.wait_ready(ready_path)
        yield server
    finally:
        server.stop()

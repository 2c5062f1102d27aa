"""Drive one scenario with wrk and read back what its Lua script measured.

The scripts in bench/scenarios/ print one line `BENCH_RESULT {json}` from
wrk's done() callback: request count, duration, latency percentiles (in
microseconds), socket errors and the count of every response status.
"""

import json
import math
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SCENARIOS_DIR = Path(__file__).resolve().parent / "scenarios"
RESULT_PREFIX = "BENCH_RESULT "


class WrkError(RuntimeError):
    """wrk failed or printed nothing we can read."""


@dataclass
class WrkRun:
    """How to run wrk once: script, targets file, load shape."""

    script: str
    targets_file: Path
    base_url: str
    duration_s: float
    connections: int
    threads: int = 2
    timeout_s: float = 10.0

    def argv(self, wrk: str = "wrk") -> list[str]:
        threads = max(1, min(self.threads, self.connections))
        return [
            wrk,
            f"--threads={threads}",
            f"--connections={self.connections}",
            f"--duration={duration_arg(self.duration_s)}",
            f"--timeout={duration_arg(self.timeout_s)}",
            f"--script={SCENARIOS_DIR / self.script}",
            self.base_url,
            "--",
            str(self.targets_file),
        ]


@dataclass
class WrkResult:
    """The figures of one wrk run, latencies in milliseconds."""

    requests: int
    duration_s: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    max_ms: float
    statuses: dict[str, int]
    socket_errors: dict[str, int]
    errors: int
    cache_hits: int = 0
    first_unexpected: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def duration_arg(seconds: float) -> str:
    """Format seconds for wrk, which takes whole seconds only (at least 1)."""
    return f"{max(1, math.ceil(seconds))}s"


def parse_result_line(stdout: str, expected_status: int) -> WrkResult:
    """Read the BENCH_RESULT line that the Lua done() printed.

    `errors` counts every response whose status is not `expected_status` plus
    every socket error (connect, read, write, timeout).
    """
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_PREFIX):
            raw = json.loads(line[len(RESULT_PREFIX) :])
            break
    else:
        raise WrkError("wrk printed no BENCH_RESULT line; did the Lua script fail?")
    duration_s = raw["duration_us"] / 1e6
    statuses = {str(code): int(count) for code, count in sorted(raw["statuses"].items())}
    socket_errors = {name: int(count) for name, count in raw["socket_errors"].items()}
    unexpected = sum(count for code, count in statuses.items() if code != str(expected_status))
    latency = raw["latency_us"]
    return WrkResult(
        requests=int(raw["requests"]),
        duration_s=round(duration_s, 3),
        rps=round(raw["requests"] / duration_s, 1) if duration_s else 0.0,
        p50_ms=round(latency["p50"] / 1000, 2),
        p95_ms=round(latency["p95"] / 1000, 2),
        p99_ms=round(latency["p99"] / 1000, 2),
        mean_ms=round(latency["mean"] / 1000, 2),
        max_ms=round(latency["max"] / 1000, 2),
        statuses=statuses,
        socket_errors=socket_errors,
        errors=unexpected + sum(socket_errors.values()),
        cache_hits=int(raw.get("cache_hits", 0)),
        first_unexpected=raw.get("first_unexpected", ""),
    )


SUMMARY_PATTERNS = {
    "rps": re.compile(r"^Requests/sec:\s+([\d.]+)", re.MULTILINE),
    "non_2xx_3xx": re.compile(r"^\s*Non-2xx or 3xx responses:\s+(\d+)", re.MULTILINE),
    "requests": re.compile(r"^\s*(\d+) requests in ", re.MULTILINE),
}
SOCKET_ERRORS = re.compile(
    r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", re.MULTILINE
)


def parse_summary(stdout: str) -> dict[str, float]:
    """Read wrk's own text summary, as a cross-check of the Lua figures."""
    found: dict[str, float] = {}
    for name, pattern in SUMMARY_PATTERNS.items():
        match = pattern.search(stdout)
        if match:
            found[name] = float(match.group(1))
    found.setdefault("non_2xx_3xx", 0.0)
    match = SOCKET_ERRORS.search(stdout)
    found["socket_errors"] = float(sum(int(value) for value in match.groups())) if match else 0.0
    return found


def find_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk is None:
        raise WrkError("wrk is not installed; `make bench` installs it (apt-get install wrk).")
    return wrk


def start(run: WrkRun, wrk: str) -> subprocess.Popen[str]:
    """Start wrk in a process group of its own, so we can stop exactly what we started."""
    return subprocess.Popen(  # noqa: S603 - wrk with arguments we built
        run.argv(wrk),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        errors="replace",  # a response sample may end inside a UTF-8 sequence
        process_group=0,
    )


def finish(process: subprocess.Popen[str], run: WrkRun, expected_status: int) -> WrkResult:
    """Wait for a started wrk and parse its output."""
    stdout, _ = process.communicate(timeout=run.duration_s + run.timeout_s + 30)
    if process.returncode != 0:
        raise WrkError(f"wrk exited with {process.returncode}:\n{stdout[-2000:]}")
    result = parse_result_line(stdout, expected_status)
    summary = parse_summary(stdout)
    result.extra["wrk_rps"] = summary.get("rps")
    result.extra["wrk_non_2xx_3xx"] = int(summary["non_2xx_3xx"])
    return result

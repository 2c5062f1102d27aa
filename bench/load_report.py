"""The results file of a load run: its fields, the issue's targets, the Markdown table."""

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

SCHEMA_VERSION = 1
ROOT = Path(__file__).resolve().parent.parent

# The figures every scenario reports (issue 3), with their JSON types.
SCENARIO_FIELDS: dict[str, type | tuple[type, ...]] = {
    "rps": (int, float),
    "p50_ms": (int, float),
    "p95_ms": (int, float),
    "p99_ms": (int, float),
    "errors": int,
    "sql_queries_per_request": (int, float, type(None)),
    "worker_rss_mb": (int, float),
    "db_worker_rss_mb": (int, float),
    "ratio_to_reference": (int, float, type(None)),
    "statuses": dict,
    "requests": int,
}
TOP_FIELDS: dict[str, type | tuple[type, ...]] = {
    "schema": int,
    "started_at": str,
    "finished_at": str,
    "dataset": dict,
    "commit": dict,
    "machine": dict,
    "load": dict,
    "server": dict,
    "scenarios": dict,
    "writes": (dict, type(None)),
    "notes": list,
}

# Issue 3's targets (large preset, 32 connections): checked on every run and
# marked, so a small run shows the trend; only large runs count.
READ_TARGET = {"min_ratio": 0.5, "max_p99_ms": 150.0}
CACHED_TARGET = {"min_ratio": 2.0}
TARGETS: dict[str, dict[str, float]] = {
    "topic_member": READ_TARGET,
    "space_member": READ_TARGET,
    "home_member": READ_TARGET,
    "topic_anon": CACHED_TARGET,
    "profile_anon": CACHED_TARGET,
    "reply_write": {"min_rps": 50.0, "max_p95_ms": 150.0, "max_errors": 0, "max_lost": 0},
}
MAX_WORKER_RSS_MB = 200.0


def timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def git_commit() -> dict[str, Any]:
    """Return HEAD and whether the work tree has uncommitted changes."""
    try:
        sha = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 - git from PATH
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],  # noqa: S607
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"sha": "unknown", "dirty": None}
    return {"sha": sha, "dirty": bool(status.strip())}


def machine() -> dict[str, Any]:
    """Cores we may run on (as nproc counts them), memory, CPU model, load."""
    memory_kb = 0
    cpu = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cores": len(os.sched_getaffinity(0)),
        "memory_mb": memory_kb // 1024,
        "cpu": cpu,
        "loadavg": [round(value, 2) for value in os.getloadavg()],
        "python": platform.python_version(),
    }


def add_ratios(scenarios: dict[str, dict[str, Any]]) -> None:
    """Set each scenario's rps as a fraction of the reference page's, measured in the same run."""
    reference = scenarios.get("reference", {}).get("rps")
    for figures in scenarios.values():
        figures["ratio_to_reference"] = round(figures["rps"] / reference, 2) if reference else None


def check_target(name: str, figures: dict[str, Any], lost: int | None) -> bool | None:
    """Tell whether a scenario meets its issue-3 target; None when it has none."""
    target = TARGETS.get(name)
    if target is None:
        return None
    ratio = figures.get("ratio_to_reference")
    checks = []
    if "min_ratio" in target:
        checks.append(ratio is not None and ratio >= target["min_ratio"])
    if "max_p99_ms" in target:
        checks.append(figures["p99_ms"] <= target["max_p99_ms"])
    if "min_rps" in target:
        checks.append(figures["rps"] >= target["min_rps"])
    if "max_p95_ms" in target:
        checks.append(figures["p95_ms"] <= target["max_p95_ms"])
    if "max_errors" in target:
        checks.append(figures["errors"] <= target["max_errors"])
    if "max_lost" in target:
        checks.append(lost is not None and lost <= target["max_lost"])
    return all(checks)


def describe_target(name: str) -> str:
    target = TARGETS.get(name, {})
    parts = []
    if "min_ratio" in target:
        parts.append(f">= {target['min_ratio']:g}x ref")
    if "min_rps" in target:
        parts.append(f">= {target['min_rps']:g} rps")
    if "max_p95_ms" in target:
        parts.append(f"p95 <= {target['max_p95_ms']:g} ms")
    if "max_p99_ms" in target:
        parts.append(f"p99 <= {target['max_p99_ms']:g} ms")
    if "max_lost" in target:
        parts.append("0 errors, 0 lost")
    return ", ".join(parts)


def add_targets(results: dict[str, Any]) -> None:
    writes = results.get("writes") or {}
    for name, figures in results["scenarios"].items():
        figures["target"] = describe_target(name) or None
        figures["meets_target"] = check_target(name, figures, writes.get("lost"))
    final_rss = results["server"].get("worker_rss_mb")
    results["server"]["meets_rss_target"] = final_rss is not None and final_rss < MAX_WORKER_RSS_MB


def starvation_note(results: dict[str, Any]) -> str | None:
    """Say so when the server left connections unaccepted: their requests are in no figure."""
    worst = max(
        (
            figures.get("unaccepted_connections_max") or 0
            for figures in results["scenarios"].values()
        ),
        default=0,
    )
    if not worst:
        return None
    return (
        f"Up to {worst} of the load's connections waited in the listen queue, never accepted "
        f"(granian backpressure {results['server'].get('backpressure', '?')}): wrk's latencies "
        "cover only the accepted connections; the waiting ones' requests appear in no figure."
    )


def validate(results: dict[str, Any]) -> list[str]:
    """Return what is missing or mistyped in a results document (empty when it is sound)."""
    problems = []
    for name, kind in TOP_FIELDS.items():
        if name not in results:
            problems.append(f"missing {name}")
        elif not isinstance(results[name], kind):
            problems.append(f"{name} is {type(results[name]).__name__}")
    for scenario, figures in results.get("scenarios", {}).items():
        for name, kind in SCENARIO_FIELDS.items():
            if name not in figures:
                problems.append(f"{scenario}: missing {name}")
            elif not isinstance(figures[name], kind) or isinstance(figures[name], bool):
                problems.append(f"{scenario}: {name} is {type(figures[name]).__name__}")
    dataset = results.get("dataset", {})
    for name in ("preset", "counts"):
        if name not in dataset:
            problems.append(f"dataset: missing {name}")
    for name in ("cores", "memory_mb"):
        if name not in results.get("machine", {}):
            problems.append(f"machine: missing {name}")
    if "sha" not in results.get("commit", {}):
        problems.append("commit: missing sha")
    return problems


def write(results: dict[str, Any], directory: Path, started: datetime) -> Path:
    """Write <UTC timestamp>.json and latest.json; return the first."""
    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    path = directory / f"{timestamp(started)}.json"
    path.write_text(text)
    (directory / "latest.json").write_text(text)
    return path


def _number(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def markdown_table(results: dict[str, Any]) -> str:
    """Render the run as a short Markdown report: context line, table, write check."""
    dataset = results["dataset"]
    machine_info = results["machine"]
    commit = results["commit"]
    load = results["load"]
    sha = str(commit.get("sha", "unknown"))[:10] + ("+dirty" if commit.get("dirty") else "")
    lines = [
        f"Preset {dataset['preset']} ({_counts_line(dataset['counts'])}), commit {sha}, "
        f"{machine_info['cores']} cores, {machine_info['memory_mb']} MB, "
        f"{load['connections']} connections x {load['duration_s']:g} s, "
        f"granian blocking threads {results['server'].get('blocking_threads', '?')}",
        "",
        "| scenario | rps | x ref | p50 ms | p95 ms | p99 ms | errors | unaccepted "
        "| SQL/req | worker RSS MB | target |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, figures in results["scenarios"].items():
        mark = {True: "met: ", False: "MISSED: ", None: ""}[figures.get("meets_target")]
        lines.append(
            f"| {name} | {_number(figures['rps'])} | {_number(figures['ratio_to_reference'], 2)} "
            f"| {_number(figures['p50_ms'])} | {_number(figures['p95_ms'])} "
            f"| {_number(figures['p99_ms'])} | {figures['errors']} "
            f"| {_number(figures.get('unaccepted_connections_max'))} "
            f"| {_number(figures['sql_queries_per_request'])} "
            f"| {_number(figures['worker_rss_mb'])} "
            f"| {mark}{figures.get('target') or ''} |"
        )
    writes = results.get("writes")
    if writes:
        lines += [
            "",
            f"Writes: {writes['acknowledged']} replies acknowledged (302), "
            f"{writes['rows_added']} post rows added, {writes['lost']} lost, "
            f"{writes['unacknowledged']} written but not acknowledged (in flight at the end).",
        ]
    server = results["server"]
    lines.append(
        f"Task worker RSS {_number(server.get('db_worker_rss_mb'))} MB; "
        f"granian worker RSS {_number(server.get('worker_rss_mb'))} MB, largest of "
        f"{_number(server.get('workers_rss_total_mb'))} MB in all "
        f"(target < {MAX_WORKER_RSS_MB:g} MB: "
        f"{'met' if server.get('meets_rss_target') else 'MISSED'})."
    )
    lines += [f"Note: {note}" for note in results.get("notes", [])]
    return "\n".join(lines)


def _counts_line(counts: dict[str, int]) -> str:
    wanted = {
        "accounts.user": "members",
        "spaces.space": "spaces",
        "posts.topic": "topics",
        "posts.post": "posts",
    }
    return ", ".join(
        f"{counts[label]:,} {word}" for label, word in wanted.items() if label in counts
    )

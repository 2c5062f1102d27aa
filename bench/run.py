"""Load-test the real server: `python -m bench.run --preset small|medium|large`.

Uses (or generates) the dataset in data/bench-<preset>/, migrates it, collects
static files, starts `mundwerk serve` on a free loopback port exactly as
production runs it (DEBUG off, task worker on) plus the reference page, then
drives each scenario with wrk for a fixed time at fixed concurrency and
writes bench/results/<UTC timestamp>.json and latest.json. bench/README.md
explains the scenarios and every field.
"""

import argparse
import importlib.util
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from bench import load_report, load_wrk
from bench.load_scenarios import (
    BY_NAME,
    CONCURRENT_READ,
    Scenario,
    SetupError,
    preflight,
    query_plan,
    write_targets,
)
from bench.load_server import (
    AcceptQueueSampler,
    Server,
    ServerError,
    command_line,
    free_port,
    running,
    serve_argv,
)

ROOT = Path(__file__).resolve().parent.parent
PRESETS = ("tiny", "small", "medium", "large")
RESULTS_DIR = ROOT / "bench" / "results"
READY_PATH = "/robots.txt"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--preset", choices=PRESETS, default="large")
    parser.add_argument("--data-dir", type=Path, help="default: data/bench-<preset>/")
    parser.add_argument("--duration", type=int, default=20, help="seconds per scenario")
    parser.add_argument(
        "--warmup", type=int, default=3, help="seconds of warm-up before each scenario (0: none)"
    )
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads per wrk process")
    parser.add_argument(
        "--write-connections", type=int, default=8, help="connections of reply_write"
    )
    parser.add_argument(
        "--scenarios",
        default=",".join(BY_NAME),
        help=f"comma-separated subset of {', '.join(BY_NAME)}",
    )
    parser.add_argument("--members", type=int, default=50, help="logged-in members to rotate")
    parser.add_argument("--topics", type=int, default=50, help="long topics to rotate")
    parser.add_argument("--profiles", type=int, default=100, help="profiles to rotate")
    parser.add_argument("--query-samples", type=int, default=5, help="URLs per SQL count")
    parser.add_argument(
        "--blocking-threads",
        type=int,
        help="granian threads per worker instead of serve's default (2 x cores + 1)",
    )
    parser.add_argument(
        "--backpressure",
        type=int,
        help="connections granian takes at once instead of serve's (2 x blocking threads)",
    )
    parser.add_argument("--server-workers", type=int, help="granian worker processes (serve -w)")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument(
        "--in-process", action="store_true", help="time functions in-process (bench.inprocess)"
    )
    args = parser.parse_args(argv)
    unknown = set(args.scenarios.split(",")) - set(BY_NAME)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    if args.data_dir is None:
        args.data_dir = ROOT / "data" / f"bench-{args.preset}"
    args.data_dir = args.data_dir.resolve()
    return args


def bench_env(data_dir: Path) -> dict[str, str]:
    """The server's environment: ours, on the bench SQLite database, DEBUG off."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "MUNDWERK_STATIC_ROOT"}
    }
    env.update(
        MUNDWERK_DATA_DIR=str(data_dir),
        DEBUG="false",
        MUNDWERK_BENCH_REFERENCE="true",
        # 50 members replying ~30 times a second are a load test, not spam: without
        # this, the per-member write limits answer most of reply_write with 429.
        MUNDWERK_RATE_LIMITS="false",
        DJANGO_SETTINGS_MODULE="mundwerk.settings",
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    )
    return env


def mundwerk_command() -> list[str]:
    """The `mundwerk` script of this venv, as the README tells people to run it."""
    script = Path(sys.executable).parent / "mundwerk"
    return [str(script)] if script.exists() else [sys.executable, "-m", "mundwerk"]


def has_posts(database: Path) -> bool:
    if not database.exists():
        return False
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            return bool(connection.execute("SELECT EXISTS(SELECT 1 FROM posts_post)").fetchone()[0])
    except sqlite3.Error:
        return False


def ensure_dataset(preset: str, data_dir: Path, env: dict[str, str]) -> dict[str, Any]:
    """Reuse the dataset in `data_dir`, or generate it when it is missing or has no posts."""
    database = data_dir / "mundwerk.sqlite3"
    if has_posts(database):
        return {"generated": False}
    if importlib.util.find_spec("bench.data") is None:
        raise SetupError(
            f"No posts in {database} and no generator (bench/data.py) to make them. "
            "Pass --data-dir with a filled database (e.g. one made by `mundwerk demo --no-serve`)."
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    argv = [sys.executable, "-m", "bench.data", "--preset", preset]
    if database.exists():
        argv.append("--force")
    print(f"Generating the {preset} dataset in {data_dir} ...", flush=True)
    started = time.monotonic()
    subprocess.run(argv, env=env, cwd=ROOT, check=True)  # noqa: S603
    return {"generated": True, "generate_seconds": round(time.monotonic() - started, 1)}


def ensure_search_index(env: dict[str, str]) -> dict[str, Any]:
    """Run `mundwerk reindex` when the search index is empty or incomplete; say how long it took.

    The generator writes rows directly, past the actions that index them, and
    empties the index when it replaces a dataset; an interrupted reindex
    resumes where it stopped.
    """
    state = django_step(env, "search_index")
    if not state["unfinished_kinds"]:
        return {"reindexed": False, "search_documents": state["documents"]}
    print(
        f"Indexing for search ({', '.join(state['unfinished_kinds'])} not finished) ...",
        flush=True,
    )
    started = time.monotonic()
    manage(env, "reindex")
    seconds = round(time.monotonic() - started, 1)
    state = django_step(env, "search_index")
    if state["unfinished_kinds"]:
        raise SetupError(f"mundwerk reindex left {', '.join(state['unfinished_kinds'])} unfinished")
    return {"reindexed": True, "reindex_seconds": seconds, "search_documents": state["documents"]}


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([*mundwerk_command(), *args], env=env, cwd=ROOT, check=True)  # noqa: S603


def django_step(env: dict[str, str], command: str, options: dict[str, Any] | None = None) -> Any:
    """Run one bench.load_django command in the server's environment; return its JSON."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "bench.load_django", command],
        env=env,
        cwd=ROOT,
        input=json.dumps(options or {}),
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SetupError(f"bench.load_django {command} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def load_run(
    server: Server, scenario: Scenario, targets: Path, args: argparse.Namespace, **shape: Any
) -> load_wrk.WrkRun:
    return load_wrk.WrkRun(
        script=scenario.script,
        targets_file=targets,
        base_url=server.base_url,
        duration_s=shape.get("duration", args.duration),
        connections=shape.get("connections", args.connections),
        threads=args.threads,
    )


def run_wrk(run: load_wrk.WrkRun, expected: int, wrk: str) -> load_wrk.WrkResult:
    process = load_wrk.start(run, wrk)
    try:
        return load_wrk.finish(process, run, expected)
    finally:
        stop_process(process)


def stop_process(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)


def figures(
    result: load_wrk.WrkResult, server: Server, sampler: AcceptQueueSampler
) -> dict[str, Any]:
    found = asdict(result)
    extra = found.pop("extra")
    found.update(extra)
    found.update(sampler.summary())
    found.update(server.memory())
    return found


def drive(
    server: Server, names: list[str], files: dict[str, Path], args: argparse.Namespace, wrk: str
) -> tuple[dict[str, dict[str, Any]], dict[str, Any] | None]:
    """Warm up and run each chosen scenario; reply_write beside topic_member."""
    env = bench_env(args.data_dir)
    results: dict[str, dict[str, Any]] = {}
    writes = None
    for name in names:
        scenario = BY_NAME[name]
        targets = files[name]
        connections = args.write_connections if name == "reply_write" else args.connections
        print(f"  {name}: warm-up {args.warmup:g} s, run {args.duration:g} s", flush=True)
        if args.warmup > 0:
            warm = load_run(server, scenario, targets, args, duration=args.warmup)
            warm.connections = connections
            run_wrk(warm, scenario.expected_status, wrk)
        if name != "reply_write":
            run = load_run(server, scenario, targets, args, connections=connections)
            with AcceptQueueSampler(server.port) as sampler:
                result = run_wrk(run, scenario.expected_status, wrk)
            results[name] = figures(result, server, sampler)
            continue
        before = django_step(env, "posts")["posts"]
        read_run = load_run(server, BY_NAME["topic_member"], files["topic_member"], args)
        write_run = load_run(server, scenario, targets, args, connections=connections)
        with AcceptQueueSampler(server.port) as sampler:
            read_process = load_wrk.start(read_run, wrk)
            write_process = load_wrk.start(write_run, wrk)
            try:
                written = load_wrk.finish(write_process, write_run, 302)
                read = load_wrk.finish(read_process, read_run, 200)
            finally:
                stop_process(write_process)
                stop_process(read_process)
        results[name] = figures(written, server, sampler)
        results[CONCURRENT_READ] = figures(read, server, sampler)
        writes = count_writes(env, before, written.statuses.get("302", 0))
    return results, writes


def count_writes(env: dict[str, str], before: int, acknowledged: int) -> dict[str, Any]:
    """Compare the rows added with the replies acknowledged, once in-flight ones are in."""
    after = django_step(env, "posts", {"settle_s": 0.5})["posts"]
    added = after - before
    return {
        "posts_before": before,
        "posts_after": after,
        "rows_added": added,
        "acknowledged": acknowledged,
        "lost": max(0, acknowledged - added),
        "unacknowledged": max(0, added - acknowledged),
    }


def chosen(args: argparse.Namespace) -> list[str]:
    wanted = args.scenarios.split(",")
    return [name for name in BY_NAME if name in wanted]


def run(args: argparse.Namespace) -> dict[str, Any]:
    started = datetime.now(UTC)
    env = bench_env(args.data_dir)
    wrk = load_wrk.find_wrk()
    dataset = ensure_dataset(args.preset, args.data_dir, env)
    print(f"Preparing {args.data_dir} (migrate, collectstatic) ...", flush=True)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    dataset.update(ensure_search_index(env))
    prepared = django_step(
        env,
        "prepare",
        {"members": args.members, "topics": args.topics, "profiles": args.profiles},
    )
    names = chosen(args)
    # reply_write runs beside topic_member, chosen or not.
    needed = [*names, "topic_member"] if "reply_write" in names else names
    files_rows = {name: BY_NAME[name].targets(prepared) for name in needed}
    targets = {name: files_rows[name] for name in names}
    print("Counting SQL queries per request in-process ...", flush=True)
    queries = django_step(env, "queries", query_plan(targets, args.query_samples))
    port = free_port()
    argv = serve_argv(
        mundwerk_command(),
        port,
        blocking_threads=args.blocking_threads,
        backpressure=args.backpressure,
        workers=args.server_workers,
    )
    session_keys = [
        session["session_key"]
        for session in prepared["sessions"] + prepared.get("feed_sessions", [])
    ]
    try:
        with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
            files = {
                name: write_targets(Path(scratch), name, rows) for name, rows in files_rows.items()
            }
            server = Server(argv, env, port, args.data_dir / "bench-server.log")
            print(f"Starting {' '.join(argv)} ...", flush=True)
            with running(server, READY_PATH):
                preflight(port, targets, prepared["logged_in_mark"])
                scenarios, writes = drive(server, names, files, args, wrk)
                server_info = {
                    "argv": argv,
                    **server.memory(),
                    **granian_settings(server),
                    "log_tail": server.log_tail(10),
                }
    finally:
        forget_sessions(env, session_keys)
    for name, found in scenarios.items():
        counted = queries.get(name.replace(CONCURRENT_READ, "topic_member"), {})
        found.update(
            counted or {"sql_queries_per_request": None, "sql_queries_first_request": None}
        )
    finished = datetime.now(UTC)
    results: dict[str, Any] = {
        "schema": load_report.SCHEMA_VERSION,
        "started_at": load_report.iso(started),
        "finished_at": load_report.iso(finished),
        "dataset": {
            "preset": args.preset,
            "data_dir": str(args.data_dir),
            "counts": prepared["counts"],
            "reference_topic_id": prepared["reference_topic_id"],
            "reference_topic_posts": prepared["reference_topic_posts"],
            **dataset,
        },
        "commit": load_report.git_commit(),
        "machine": load_report.machine(),
        "load": {
            "tool": wrk_version(wrk),
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "connections": args.connections,
            "write_connections": args.write_connections,
            "threads": args.threads,
            "members": len(prepared["sessions"]),
            "topics": len(prepared["topic_paths"]),
            "profiles": len(prepared["profile_paths"]),
            "spaces": len(prepared["space_paths"]),
        },
        "server": server_info,
        "scenarios": scenarios,
        "writes": writes,
        "notes": prepared["notes"],
    }
    load_report.add_ratios(results["scenarios"])
    load_report.add_targets(results)
    note = load_report.starvation_note(results)
    if note:
        results["notes"].append(note)
    path = load_report.write(results, args.results_dir, started)
    print(f"\nResults: {path}\n", flush=True)
    return results


def forget_sessions(env: dict[str, str], session_keys: list[str]) -> None:
    try:
        django_step(env, "forget", {"session_keys": session_keys})
    except SetupError as error:
        print(f"Could not delete the benchmark's sessions: {error}", file=sys.stderr)


def granian_settings(server: Server) -> dict[str, Any]:
    """Read the granian options serve chose from the running process's command line."""
    found: dict[str, Any] = {}
    for pid in server.processes()["granian_main"]:
        words = command_line(pid).split()
        for option in ("--blocking-threads", "--workers", "--backpressure"):
            if option in words:
                found[option.strip("-").replace("-", "_")] = int(words[words.index(option) + 1])
    return found


def wrk_version(wrk: str) -> str:
    done = subprocess.run([wrk, "--version"], capture_output=True, text=True)  # noqa: S603
    return (done.stdout or done.stderr).splitlines()[0].split(" [")[0] if done else "wrk"


def _raise_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.in_process:
        from bench import inprocess

        forwarded = ["--preset", args.preset, "--data-dir", str(args.data_dir)]
        return inprocess.main([*forwarded, "--results-dir", str(args.results_dir)])
    # Ctrl+C and `kill` both stop us through the finally blocks that stop the server
    # (set for SIGINT too: a shell starts background jobs with SIGINT ignored).
    signal.signal(signal.SIGINT, _raise_interrupt)
    signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        results = run(args)
    except KeyboardInterrupt:
        print("\nStopped; the server and wrk are stopped too.", file=sys.stderr)
        return 130
    except (
        SetupError,
        ServerError,
        load_wrk.WrkError,
        subprocess.CalledProcessError,
        subprocess.TimeoutExpired,
    ) as error:
        print(f"bench: {error}", file=sys.stderr)
        return 1
    print(load_report.markdown_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())

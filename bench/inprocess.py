"""Time functions that are not HTTP pages, in this process, over many runs.

    python -m bench.inprocess --preset small      (or: python -m bench.run --in-process)

Uses the same dataset as the load runner (data/bench-<preset>/), reports
p50/p95 per function and writes bench/results/inprocess-<UTC timestamp>.json
and inprocess-latest.json. A new function to watch (the feed query, search)
is one more line in `cases()`.
"""

import argparse
import copy
import gc
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import load_report, search_queries

ROOT = Path(__file__).resolve().parent.parent

# A typical post: two paragraphs, emphasis, a list, a link, a mention, a tag.
TYPICAL_BODY = """\
Ich hatte genau dasselbe Problem mit der **Kette** nach der Wintertour. Nach dem
Reinigen und Ölen lief sie wieder, aber das Knacken kam nach 50 km zurück.

Was ich probiert habe:

- Kettenblatt geprüft, *keine* sichtbaren Schäden
- Schaltauge ausgerichtet
- neue Kette (siehe [Anleitung](https://example.org/kette-wechseln))

@anna hattest du nicht erwähnt, dass bei dir das Tretlager schuld war? Falls ja,
mache ich nächste Woche einen Termin in der Werkstatt. #wartung #kette
"""
KNOWN_USERS = {"anna": "anna"}
# Issue 7, with 1,000,000 posts: one- and two-word searches, and searches with filters.
TARGETS_P95_MS = {"search_simple": 50.0, "search_frequent": 50.0, "search_filtered": 100.0}
SLOWEST_SHOWN = 5


@dataclass
class Rotation:
    """Call `function` with each of `items` in turn, one per call, remembering which."""

    function: Callable[[Any], object]
    items: Sequence[Any]
    position: int = field(default=0)

    def __call__(self) -> object:
        item = self.items[self.position % len(self.items)]
        self.position += 1
        return self.function(item)

    @property
    def last(self) -> str:
        return str(self.items[(self.position - 1) % len(self.items)])


@dataclass
class Fixtures:
    """What the timed calls work on, picked from the dataset once."""

    long_topic: Any
    member: Any
    space: Any
    feed_member: Any  # the member who follows the most
    feed_as_of: Any  # just after the newest post: the data may have been made days ago
    searcher: Any  # an ordinary member, fresh (no remembered rights) for every search
    queries: search_queries.Queries


def searching(viewer: Any) -> Callable[[str], object]:
    """One search as the search page makes it, by a member loaded for this request."""
    from mundwerk.search.queries import search

    def call(text: str) -> object:
        # A copy of a member never used: rights and relations are worked out per call,
        # as for a request, instead of remembered on the object from the last call.
        return search(copy.copy(viewer), text).hits

    return call


def cases(f: Fixtures) -> dict[str, Callable[[], object]]:
    """The functions we time, by name; each call must do the whole work (no lazy results)."""
    from mundwerk.core.markdown import render_markdown
    from mundwerk.feed import queries as feed
    from mundwerk.posts import queries

    last_page = f.long_topic.page_count
    return {
        "topic_posts": lambda: queries.topic_posts(f.long_topic, 1),
        "topic_posts_last_page": lambda: queries.topic_posts(f.long_topic, last_page),
        "space_topics": lambda: list(queries.space_topics(f.space, 1).object_list),
        "space_overview": lambda: queries.space_overview(),
        "latest_topics": lambda: queries.latest_topics(10),
        "render_markdown": lambda: render_markdown(TYPICAL_BODY, known_users=KNOWN_USERS),
        "feed_for_you": lambda: feed.home_feed(f.feed_member, feed.FOR_YOU, None, f.feed_as_of),
        "feed_latest": lambda: feed.home_feed(f.feed_member, feed.LATEST, None, f.feed_as_of),
        "search_simple": Rotation(searching(f.searcher), f.queries.simple),
        "search_frequent": Rotation(searching(f.searcher), f.queries.frequent),
        "search_filtered": Rotation(searching(f.searcher), f.queries.filtered),
    }


def fixtures() -> Fixtures:
    from datetime import timedelta

    from mundwerk.accounts.models import User
    from mundwerk.posts.models import Post, Topic
    from mundwerk.spaces.models import Space

    topic = Topic.objects.visible().select_related("space").order_by("-post_count", "pk").first()
    member = User.objects.filter(is_active=True, is_staff=False).order_by("-post_count").first()
    space = Space.objects.order_by("-topic_count", "pk").first()
    if topic is None or member is None or space is None:
        raise SystemExit("The dataset has no topics, members or spaces.")
    follower = User.objects.filter(is_active=True).order_by("-following_count", "pk").first()
    newest = Post.objects.order_by("-id").values_list("created_at", flat=True).first()
    assert follower is not None and newest is not None
    searcher = search_member()
    return Fixtures(
        long_topic=topic,
        member=member,
        space=space,
        feed_member=follower,
        feed_as_of=newest + timedelta(minutes=1),
        searcher=searcher,
        queries=search_queries.pick(copy.copy(searcher)),
    )


def search_member() -> Any:
    """An ordinary verified member from the middle of the list, as the load runner logs in."""
    from mundwerk.accounts.models import User

    members = User.objects.filter(
        is_active=True, is_staff=False, email_verified_at__isnull=False
    ).order_by("pk")
    ids = list(members.values_list("pk", flat=True))
    if not ids:
        raise SystemExit("The dataset has no verified members to search as.")
    return User.objects.get(pk=ids[len(ids) // 2])


def time_call(call: Callable[[], object], runs: int, max_seconds: float) -> dict[str, Any]:
    """Call `call` a few times to warm up, then up to `runs` times or `max_seconds`."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # A rotation: warm up every item once, and count the SQL of every item.
    items = len(call.items) if isinstance(call, Rotation) else 1
    for _ in range(max(3, items)):
        call()
    queries = []
    for _ in range(items):
        with CaptureQueriesContext(connection) as captured:
            call()
        queries.append(len(captured))
    timings: list[float] = []
    by_item: dict[str, list[float]] = {}
    deadline = time.perf_counter() + max_seconds
    while len(timings) < runs and (len(timings) < 10 or time.perf_counter() < deadline):
        started = time.perf_counter()
        call()
        elapsed = time.perf_counter() - started
        timings.append(elapsed)
        if isinstance(call, Rotation):
            by_item.setdefault(call.last, []).append(elapsed)
    timings.sort()
    found: dict[str, Any] = {
        "runs": len(timings),
        "p50_ms": round(percentile(timings, 50) * 1000, 3),
        "p95_ms": round(percentile(timings, 95) * 1000, 3),
        "mean_ms": round(statistics.fmean(timings) * 1000, 3),
        "min_ms": round(timings[0] * 1000, 3),
        "sql_queries": max(queries),
    }
    if isinstance(call, Rotation):
        found["sql_queries_min"] = min(queries)
        found["items"] = items
        found["slowest"] = slowest(by_item)
    return found


def slowest(by_item: dict[str, list[float]]) -> dict[str, float]:
    """The items with the highest median time (ms), slowest first."""
    medians = {item: statistics.median(times) * 1000 for item, times in by_item.items()}
    ranked = sorted(medians.items(), key=lambda pair: -pair[1])[:SLOWEST_SHOWN]
    return {item: round(median, 3) for item, median in ranked}


def add_targets(functions: dict[str, dict[str, Any]]) -> None:
    """Mark each function with a target (issue 7's search) as meeting it or not."""
    for name, found in functions.items():
        target = TARGETS_P95_MS.get(name)
        if target is not None:
            found["target_p95_ms"] = target
            found["meets_target"] = found["p95_ms"] <= target


def percentile(ordered: list[float], percent: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    rank = max(1, round(percent / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def markdown_table(results: dict[str, Any]) -> str:
    frozen = " (gc.freeze() after start-up)" if results["dataset"].get("gc_freeze") else ""
    lines = [
        f"In-process, preset {results['dataset']['preset']}{frozen}:",
        "",
        "| function | p50 ms | p95 ms | mean ms | runs | SQL queries | load avg | target |",
        "|---|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, found in results["functions"].items():
        queries = str(found["sql_queries"])
        if found.get("sql_queries_min", found["sql_queries"]) != found["sql_queries"]:
            queries = f"{found['sql_queries_min']}-{queries}"
        target = ""
        if "target_p95_ms" in found:
            verdict = "met" if found["meets_target"] else "MISSED"
            target = f"p95 <= {found['target_p95_ms']:g} ms: {verdict}"
        load = "-".join(f"{value:.2f}" for value in found.get("load_average", []))
        lines.append(
            f"| {name} | {found['p50_ms']:.3f} | {found['p95_ms']:.3f} | {found['mean_ms']:.3f} "
            f"| {found['runs']} | {queries} | {load} | {target} |"
        )
    for name, found in results["functions"].items():
        if found.get("slowest"):
            shown = ", ".join(f"{item!r} {ms:.1f}" for item, ms in found["slowest"].items())
            lines.append(f"\n{name}, slowest items (median ms): {shown}")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    from bench.run import PRESETS, RESULTS_DIR

    parser = argparse.ArgumentParser(prog="python -m bench.inprocess", description=__doc__)
    parser.add_argument("--preset", choices=PRESETS, default="large")
    parser.add_argument("--data-dir", type=Path, help="default: data/bench-<preset>/")
    parser.add_argument("--runs", type=int, default=500, help="calls per function at most")
    parser.add_argument("--max-seconds", type=float, default=5.0, help="time per function")
    parser.add_argument("--only", help="comma-separated function names")
    parser.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    parser.add_argument(
        "--database-url",
        help="time against this PostgreSQL database (filled by `DATABASE_URL=... python -m "
        "bench.data`) instead of the SQLite one in the data folder",
    )
    parser.add_argument(
        "--gc-freeze",
        action="store_true",
        help="call gc.freeze() after start-up, as a server could after loading the app",
    )
    args = parser.parse_args(argv)
    if args.data_dir is None:
        args.data_dir = ROOT / "data" / f"bench-{args.preset}"
    args.data_dir = args.data_dir.resolve()
    return args


def main(argv: list[str] | None = None) -> int:
    from bench.run import bench_env, ensure_dataset, ensure_search_index, manage

    args = parse_args(argv)
    started = datetime.now(UTC)
    env = bench_env(args.data_dir)
    if args.database_url:
        env["DATABASE_URL"] = args.database_url
        dataset: dict[str, Any] = {"generated": False, "database": "postgresql"}
    else:
        dataset = ensure_dataset(args.preset, args.data_dir, env)
    manage(env, "migrate", "--no-input", "-v0")
    dataset.update(ensure_search_index(env))
    os.environ.update(env)
    import django

    django.setup()
    picked = fixtures()
    timed = cases(picked)
    if args.gc_freeze:
        # A full collection walks every object the app loaded (~50 ms here); frozen
        # ones are skipped. See docs/performance.md, "The feed".
        gc.collect()
        gc.freeze()
    wanted = args.only.split(",") if args.only else list(timed)
    functions = {}
    for name in wanted:
        load_before = os.getloadavg()[0]
        functions[name] = time_call(timed[name], args.runs, args.max_seconds)
        # Other work on the machine moves these figures: keep the load beside them.
        functions[name]["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        print(f"  {name}: p50 {functions[name]['p50_ms']:.3f} ms", flush=True)
    add_targets(functions)
    results = {
        "schema": load_report.SCHEMA_VERSION,
        "started_at": load_report.iso(started),
        "dataset": {
            "preset": args.preset,
            "data_dir": str(args.data_dir),
            "long_topic_posts": picked.long_topic.post_count,
            "space_topics": picked.space.topic_count,
            "feed_member_follows": picked.feed_member.following_count,
            "gc_freeze": args.gc_freeze,
            "search_member": picked.searcher.username,
            "search_queries": {
                "simple": list(picked.queries.simple),
                "frequent": list(picked.queries.frequent),
                "filtered": list(picked.queries.filtered),
            },
            **dataset,
        },
        "commit": load_report.git_commit(),
        "machine": load_report.machine(),
        "functions": functions,
    }
    write(results, args.results_dir, started)
    print(markdown_table(results))
    return 0


def write(results: dict[str, Any], directory: Path, started: datetime) -> None:
    import json

    directory.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    (directory / f"inprocess-{load_report.timestamp(started)}.json").write_text(text)
    (directory / "inprocess-latest.json").write_text(text)


if __name__ == "__main__":
    sys.exit(main())

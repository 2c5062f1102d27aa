"""The scenarios of the load runner: what each requests, as whom, and what counts as success.

To add a scenario, add one `Scenario` to SCENARIOS: its name, Lua script
(scenarios/get.lua rotates GETs over `path<TAB>cookie` lines), the status that
counts as success, whether it runs logged in, and the rows of its targets
file built from what `bench.load_django prepare` picked.
"""

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.load_server import request


class SetupError(RuntimeError):
    """The dataset or environment is not ready and we cannot make it so."""


Row = tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    """A page under load: its Lua script, the status that counts as success, its targets."""

    name: str
    script: str
    expected_status: int
    member: bool
    targets: Callable[[dict[str, Any]], list[Row]]


def _shuffled(rows: list[Row]) -> list[Row]:
    random.Random(3).shuffle(rows)
    return rows


def _with_members(paths: list[str], prepared: dict[str, Any], *extra: str) -> list[Row]:
    """Pair every path with every member session, in a fixed shuffled order."""
    rows = []
    for path in paths:
        for session in prepared["sessions"]:
            rows.append((path, session["cookie"], *(session[key] for key in extra)))
    return _shuffled(rows)


def _feed_rows(prepared: dict[str, Any]) -> list[Row]:
    """The first page of "For you", as the members who follow the most."""
    sessions = prepared.get("feed_sessions") or prepared["sessions"]
    return _shuffled([("/feed/", session["cookie"]) for session in sessions])


SCENARIOS = [
    Scenario(
        "reference",
        "get.lua",
        200,
        False,
        lambda p: [(f"/bench/reference/{p['reference_topic_id']}/", "")],
    ),
    Scenario("topic_anon", "get.lua", 200, False, lambda p: [(u, "") for u in p["topic_paths"]]),
    Scenario("topic_member", "get.lua", 200, True, lambda p: _with_members(p["topic_paths"], p)),
    Scenario("space_member", "get.lua", 200, True, lambda p: _with_members(p["space_paths"], p)),
    Scenario("home_member", "get.lua", 200, True, lambda p: _with_members(["/"], p)),
    Scenario("feed_member", "get.lua", 200, True, _feed_rows),
    Scenario("search_member", "get.lua", 200, True, lambda p: _with_members(p["search_paths"], p)),
    Scenario(
        "profile_anon", "get.lua", 200, False, lambda p: [(u, "") for u in p["profile_paths"]]
    ),
    Scenario(
        "reply_write",
        "reply_write.lua",
        302,
        True,
        lambda p: _with_members(p["topic_paths"], p, "csrf_token"),
    ),
]
BY_NAME = {scenario.name: scenario for scenario in SCENARIOS}
# reply_write runs beside a topic_member load; that reader's figures get this name.
CONCURRENT_READ = "topic_member_during_writes"
PREFLIGHT_BODY = "Vorab-Test des Lasttests: eine Antwort, damit das Formular geprüft ist."


def write_targets(directory: Path, name: str, rows: list[Row]) -> Path:
    path = directory / f"{name}.tsv"
    path.write_text("".join("\t".join(row) + "\n" for row in rows))
    return path


def query_plan(targets: dict[str, list[Row]], samples: int) -> dict[str, Any]:
    """The requests whose SQL queries bench.load_django counts, per scenario."""
    plan: dict[str, list[dict[str, Any]]] = {}
    run = time.time_ns()
    for name, rows in targets.items():
        scenario = BY_NAME[name]
        plan[name] = [
            {
                "path": row[0],
                "cookie": row[1],
                "method": "POST" if scenario.expected_status == 302 else "GET",
                "status": scenario.expected_status,
                # Each reply new text: the spam rules refuse a member's repeated text.
                "body": f"{PREFLIGHT_BODY} ({run}-{number})",
            }
            for number, row in enumerate(rows[:samples])
        ]
    return {"scenarios": plan}


def preflight(port: int, targets: dict[str, list[Row]], mark: str) -> None:
    """Request each scenario's first target once: right status, logged in or out as meant."""
    for name, rows in targets.items():
        scenario = BY_NAME[name]
        path, cookie, *rest = rows[0]
        headers = {"Cookie": cookie} if cookie else {}
        if scenario.script == "reply_write.lua":
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = f"csrfmiddlewaretoken={rest[0]}&body=Preflight"
            status, text = request(port, "POST", path, headers=headers, body=body)
        else:
            status, text = request(port, "GET", path, headers=headers)
        if status != scenario.expected_status:
            raise SetupError(f"{name}: {path} answered {status}, not {scenario.expected_status}")
        if status == 200 and (mark in text) != scenario.member:
            state = "logged in" if mark in text else "logged out"
            raise SetupError(f"{name}: {path} was served {state}; the sessions are wrong")

"""The runner's steps that need Django, run in a subprocess with the server's environment.

    echo '{"members": 50, "topics": 50, "profiles": 100}' | python -m bench.load_django prepare
    python -m bench.load_django counts < /dev/null
    python -m bench.load_django posts < /dev/null
    python -m bench.load_django search_index < /dev/null
    echo '{"scenarios": {...}}' | python -m bench.load_django queries
    echo '{"session_keys": [...]}' | python -m bench.load_django forget

Each reads its options as JSON on stdin and prints one JSON object on stdout.
`prepare` picks what the scenarios request (long topics, spaces, profiles,
searches),
and logs members in the way
django.contrib.auth.login does: a session row holding the user's id, backend
and session auth hash, plus a CSRF cookie for the reply form.
"""

import json
import os
import sys
import time
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mundwerk.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpRequest  # noqa: E402
from django.middleware.csrf import get_token  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils.module_loading import import_string  # noqa: E402

from bench import search_queries  # noqa: E402
from mundwerk.accounts.models import User  # noqa: E402
from mundwerk.posts.models import POSTS_PER_PAGE, Post, Topic  # noqa: E402
from mundwerk.spaces.models import Space  # noqa: E402

AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"
LOGGED_IN_MARK = reverse("account_logout")


def spread(ids: list[int], count: int) -> list[int]:
    """Pick `count` ids evenly spread over `ids` (deterministic, not just the oldest)."""
    if len(ids) <= count:
        return ids
    step = len(ids) / count
    return [ids[int(index * step)] for index in range(count)]


def log_in(user: User) -> dict[str, str]:
    """Create a session for `user` as django.contrib.auth.login would; return its cookies."""
    store = import_string(f"{settings.SESSION_ENGINE}.SessionStore")()
    store[SESSION_KEY] = user._meta.pk.value_to_string(user)
    store[BACKEND_SESSION_KEY] = AUTH_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    request = HttpRequest()
    token = get_token(request)
    return {
        "username": user.username,
        "session_key": store.session_key or "",
        "csrf_secret": request.META["CSRF_COOKIE"],
        "csrf_token": token,
        "cookie": (
            f"{settings.SESSION_COOKIE_NAME}={store.session_key}; "
            f"{settings.CSRF_COOKIE_NAME}={request.META['CSRF_COOKIE']}"
        ),
    }


def long_topics(count: int) -> tuple[list[Topic], bool]:
    """Topics with a full first page (>= 20 posts), or the longest ones when none have."""
    visible = Topic.objects.filter(deleted_at__isnull=True)
    ids = list(
        visible.filter(post_count__gte=POSTS_PER_PAGE).order_by("pk").values_list("pk", flat=True)
    )
    full = bool(ids)
    if not full:
        ids = list(visible.order_by("-post_count", "pk").values_list("pk", flat=True)[:count])
    chosen = spread(ids, count)
    topics = Topic.objects.in_bulk(chosen)
    return [topics[pk] for pk in chosen], full


def prepare(options: dict[str, Any]) -> dict[str, Any]:
    before = counts()
    topics, full = long_topics(options["topics"])
    if not topics:
        raise SystemExit("The database has no topics; generate a dataset first.")
    members = User.objects.filter(
        is_active=True, is_staff=False, email_verified_at__isnull=False
    ).order_by("pk")
    member_ids = list(members.values_list("pk", flat=True))
    users = User.objects.in_bulk(spread(member_ids, options["members"]))
    sessions = [log_in(users[pk]) for pk in spread(member_ids, options["members"])]
    # The feed is measured as the members who follow the most (bench/data_follows.py).
    followers = members.order_by("-following_count", "pk")[: options["members"]]
    feed_sessions = [log_in(user) for user in followers]
    # Searches as the search scenarios make them, with filters the first member may read.
    searches = search_queries.pick(users[spread(member_ids, options["members"])[0]])
    profile_ids = spread(member_ids, options["profiles"])
    profiles = User.objects.in_bulk(profile_ids)
    spaces = list(Space.objects.order_by("pk"))
    notes = []
    if not full:
        notes.append(
            f"No topic has {POSTS_PER_PAGE}+ posts; topic scenarios use the longest "
            f"{len(topics)} topics (at most {topics[0].post_count} posts)."
        )
    return {
        "reference_topic_id": topics[0].pk,
        "reference_topic_posts": topics[0].post_count,
        "topic_paths": [topic.get_absolute_url() for topic in topics],
        "space_paths": [space.get_absolute_url() for space in spaces],
        "profile_paths": [profiles[pk].get_absolute_url() for pk in profile_ids],
        "search_paths": search_queries.search_paths(searches),
        "sessions": sessions,
        "feed_sessions": feed_sessions,
        "logged_in_mark": LOGGED_IN_MARK,
        "counts": before,
        "notes": notes,
    }


def counts() -> dict[str, int]:
    """Row counts of every model of ours (and sessions, which the runner adds)."""
    found = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.startswith(("accounts.", "spaces.", "posts.", "core.", "sessions.", "search.")):
            found[label] = model._default_manager.count()
    return dict(sorted(found.items()))


def measure_queries(plan: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Count SQL queries per request of each scenario, in this process.

    Each URL is requested once before counting, so caches (sessions, pages)
    are as warm as under load; `first` is the cold first request.
    """
    results = {}
    for name, steps in plan["scenarios"].items():
        cold: list[int] = []
        warm: list[int] = []
        for step in steps:
            client = Client(HTTP_HOST="127.0.0.1")
            if step.get("cookie"):
                client.cookies.load(step["cookie"])
            for attempt in range(2):
                with CaptureQueriesContext(connection) as captured:
                    if step.get("method") == "POST":
                        # A new text each time: the spam rules refuse a repeated one.
                        body = f"{step['body']} [{attempt}]"
                        response = client.post(step["path"], {"body": body})
                    else:
                        response = client.get(step["path"])
                if response.status_code != step["status"]:
                    raise SystemExit(
                        f"{name}: {step['path']} answered {response.status_code} in-process"
                    )
                (cold if attempt == 0 else warm).append(len(captured))
        results[name] = {
            "sql_queries_per_request": round(sum(warm) / len(warm), 2),
            "sql_queries_first_request": round(sum(cold) / len(cold), 2),
        }
    return results


def settled_post_count(settle_s: float) -> int:
    """Count posts; with `settle_s`, again until two counts that far apart agree.

    Replies still in flight when the load stops commit a moment later.
    """
    count = Post.objects.count()
    for _ in range(20):
        if not settle_s:
            break
        time.sleep(settle_s)
        settled = Post.objects.count()
        if settled == count:
            break
        count = settled
    return count


def search_index() -> dict[str, Any]:
    """How many documents the search index holds, and which kinds no reindex has finished."""
    from mundwerk.search.indexing import SOURCES
    from mundwerk.search.models import Document, ReindexRun

    finished = set(
        ReindexRun.objects.filter(finished_at__isnull=False).values_list("kind", flat=True)
    )
    return {
        "documents": Document.objects.count(),
        "unfinished_kinds": [kind for kind in SOURCES if kind not in finished],
    }


def forget(options: dict[str, Any]) -> dict[str, int]:
    """Delete the sessions the runner made, so bench databases do not fill up with them."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(session_key__in=options["session_keys"]).delete()
    return {"deleted": deleted}


def main() -> None:
    command = sys.argv[1]
    options = json.loads(sys.stdin.read() or "{}")
    if command == "prepare":
        answer: Any = prepare(options)
    elif command == "counts":
        answer = counts()
    elif command == "posts":
        answer = {"posts": settled_post_count(options.get("settle_s", 0))}
    elif command == "queries":
        answer = measure_queries(options)
    elif command == "search_index":
        answer = search_index()
    elif command == "forget":
        answer = forget(options)
    else:
        raise SystemExit(f"unknown command {command!r}")
    sys.stdout.write(json.dumps(answer) + "\n")


if __name__ == "__main__":
    main()

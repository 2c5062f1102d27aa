"""The `mundwerk serve` and `mundwerk demo` commands.

Tests marked `slow` start real processes or load the whole demo community;
they take seconds, not milliseconds, and stay in the suite.
"""

import io
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db.models import F, Max
from django.utils import timezone

from mundwerk.accounts.models import User
from mundwerk.core.management.supervisor import ChildSpec, Supervisor
from mundwerk.core.markdown import MENTION_RE
from mundwerk.demo.content import MEMBERS, SPACES, STAFF
from mundwerk.demo.loader import plan_timeline
from mundwerk.demo.pictures import PICTURES
from mundwerk.demo.topics import THREADS
from mundwerk.posts.models import Image, Like, Post, Revision, Topic
from mundwerk.social.models import MemberFollow, Share, SpaceFollow, TagFollow
from mundwerk.spaces.models import Space

PROJECT_ROOT = Path(__file__).resolve().parents[3]
STARTUP_SECONDS = 30
linux_only = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")


# --- demo ------------------------------------------------------------------


@pytest.fixture
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path / "static"
    return settings.STATIC_ROOT


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", "--no-serve", stdout=out)
    return out.getvalue()


def printed_password(output: str) -> str:
    match = re.search(r"Password:\s+(\S+)", output)
    assert match, output
    return match.group(1)


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_loads_a_lively_community_and_prints_the_staff_login(static_root):
    started = time.monotonic()
    output = run_demo()

    assert time.monotonic() - started < 30
    assert Space.objects.count() >= 4
    assert Topic.objects.count() >= 30
    assert Post.objects.count() >= 200
    assert User.objects.filter(is_staff=False, email_verified_at__isnull=False).count() >= 20
    staff = User.objects.get(username=STAFF.username)
    assert staff.is_staff and staff.is_superuser
    assert "http://127.0.0.1:8000/accounts/login/" in output
    assert f"Username:  {STAFF.username}" in output
    assert staff.check_password(printed_password(output))
    assert (static_root / "vendor" / "htmx" / "htmx.min.js").exists()


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_content_has_pictures_likes_edits_and_a_consistent_history(static_root):
    run_demo()

    images = list(Image.objects.all())
    assert len(images) >= 4
    for image in images:
        assert image.post is not None and image.alt_text
        assert image.file.name and default_storage.exists(image.file.name)
        assert image.thumbnail.name and default_storage.exists(image.thumbnail.name)
    assert Like.objects.count() > 100
    assert not Like.objects.filter(user=F("post__author")).exists()
    assert Revision.objects.filter(number=2).count() >= 3
    assert Post.objects.filter(mentions__isnull=False).distinct().count() >= 20
    assert Post.objects.filter(quote_of__isnull=False).exists()

    # A network for the feed: everyone follows someone, counters match the rows.
    members = User.objects.filter(is_staff=False)
    assert not members.filter(following_count=0).exists()
    for person in members:
        assert person.following_count == MemberFollow.objects.filter(follower=person).count()
        assert person.follower_count == MemberFollow.objects.filter(followed=person).count()
    assert SpaceFollow.objects.exists() and TagFollow.objects.exists()
    assert Share.objects.count() >= 6
    assert not Share.objects.filter(sharer=F("post__author")).exists()

    now = timezone.now()
    oldest = Post.objects.earliest("created_at").created_at
    assert now - oldest > timedelta(days=28)
    assert not Post.objects.filter(created_at__gt=now).exists()
    for topic in Topic.objects.annotate(latest=Max("posts__created_at")):
        assert topic.last_post_at == topic.latest
    for space in Space.objects.annotate(latest=Max("topics__last_post_at")):
        assert space.last_post_at == space.latest


@pytest.mark.slow
@pytest.mark.django_db
def test_running_demo_again_keeps_the_data_and_gives_staff_a_new_password(static_root):
    first = printed_password(run_demo())
    counts = (
        User.objects.count(),
        Topic.objects.count(),
        Post.objects.count(),
        Like.objects.count(),
    )

    output = run_demo()

    second = printed_password(output)
    assert "already loaded" in output
    assert counts == (
        User.objects.count(),
        Topic.objects.count(),
        Post.objects.count(),
        Like.objects.count(),
    )
    staff = User.objects.get(username=STAFF.username)
    assert second != first
    assert staff.check_password(second)
    assert not staff.check_password(first)


@pytest.mark.django_db
def test_demo_leaves_a_database_with_other_content_alone(static_root, space, member):
    output = run_demo()

    assert "leaving it as it is" in output
    assert "Password:" not in output
    assert Space.objects.count() == 1
    assert not User.objects.filter(username=STAFF.username).exists()


def test_demo_content_mentions_and_quotes_only_what_exists():
    people = {member.username for member in MEMBERS} | {STAFF.username}
    spaces = {spec.slug for spec in SPACES}
    for thread in THREADS:
        assert thread.space in spaces
        assert thread.picture is None or thread.picture in PICTURES
        posts = [(thread.author, thread.body)] + [(r.author, r.body) for r in thread.replies]
        for author, body in posts:
            assert author is None or author in people, thread.title
            for match in MENTION_RE.finditer(re.sub(r"`[^`]*`", "", body)):
                assert match.group(1).rstrip(".-") in people, (thread.title, match.group(0))
        for number, reply in enumerate(thread.replies, start=2):
            assert reply.quote is None or 1 <= reply.quote < number, thread.title
        for edit in thread.edits:
            assert 1 <= edit.number <= len(posts)


def test_demo_timeline_is_the_same_for_the_same_seed_and_lies_in_the_past():
    import random

    now = timezone.now()
    first = plan_timeline(random.Random(7), now, THREADS)
    again = plan_timeline(random.Random(7), now, THREADS)

    assert [(p.thread, p.number, p.author, p.body, p.at) for p in first] == [
        (p.thread, p.number, p.author, p.body, p.at) for p in again
    ]
    assert all(p.at < now for p in first)
    assert [p.at for p in first] == sorted(p.at for p in first)


# --- serve -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def command_env(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "MUNDWERK_DATA_DIR": str(data_dir), "DEBUG": "0"}
    for name in ("DATABASE_URL", "REDIS_URL", "MUNDWERK_STATIC_ROOT", "SECRET_KEY", "TASK_BACKEND"):
        env.pop(name, None)
    return env


def mundwerk(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mundwerk", *args],
        env=env, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def descendants(pid: int) -> dict[int, str]:
    """Return the processes below `pid`, with their command lines."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: dict[int, str] = {}
    todo = [pid]
    while todo:
        parent = todo.pop()
        for child, its_parent in parents.items():
            if its_parent == parent and child not in found:
                try:
                    found[child] = (
                        (Path("/proc") / str(child) / "cmdline")
                        .read_bytes()
                        .replace(b"\0", b" ")
                        .decode()
                    )
                except OSError:
                    found[child] = ""
                todo.append(child)
    return found


def is_running(pid: int) -> bool:
    try:
        stat = (Path("/proc") / str(pid) / "stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def hold_idle_keep_alive_connections(port: int, count: int) -> list[socket.socket]:
    """Open `count` connections that each fetch a file and then sit idle, as browsers do."""
    held = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port), timeout=5)
        connection.sendall(
            b"GET /robots.txt HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n"
        )
        connection.recv(65536)
        held.append(connection)
    return held


def wait_until_answering(server: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        assert server.poll() is None, f"serve exited early:\n{log.read_text()}"
        try:
            fetch(url)
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"serve did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


@pytest.mark.slow
@linux_only
def test_serve_answers_pages_static_files_and_uploads_and_stops_everything_on_sigterm(tmp_path):
    env = command_env(tmp_path / "data")
    assert mundwerk("migrate", "--noinput", env=env).returncode == 0
    assert mundwerk("collectstatic", "--noinput", env=env).returncode == 0
    upload = tmp_path / "data" / "media" / "images" / "probe.txt"
    upload.parent.mkdir(parents=True)
    upload.write_text("hochgeladen")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "serve.log"

    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mundwerk", "serve", "--port", str(port),
             "--events-port", str(free_port())],
            env=env, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        wait_until_answering(server, f"{base}/robots.txt", log)
        children = descendants(server.pid)

        static = fetch(f"{base}/static/vendor/htmx/htmx.min.js")
        media = fetch(f"{base}/media/images/probe.txt")
        idle = hold_idle_keep_alive_connections(port, 40)
        started = time.monotonic()
        home = fetch(f"{base}/")
        waited = time.monotonic() - started
        for connection in idle:
            connection.close()
    finally:
        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=15)

    assert f"serving at {base}/" in log.read_text()
    assert static[0] == 200 and b"htmx" in static[2]
    assert media[:1] == (200,) and media[2] == b"hochgeladen"
    assert any("granian" in line and "--interface wsgi" in line for line in children.values())
    assert any("db_worker" in line for line in children.values())
    assert any("send_digests --every" in line for line in children.values())
    assert returncode == 0, log.read_text()
    deadline = time.monotonic() + 5
    while any(is_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [children[pid] for pid in children if is_running(pid)]
    assert home[0] == 200, log.read_text()
    assert home[1].startswith("text/html")
    # Browsers keep idle connections open; they must not crowd out the next visitor.
    assert waited < 5


@pytest.mark.slow
def test_serve_refuses_an_unmigrated_database_and_says_how_to_fix_it(tmp_path):
    result = mundwerk("serve", env=command_env(tmp_path / "data"))

    assert result.returncode == 1
    assert "mundwerk migrate" in result.stderr


def test_supervisor_stops_the_other_children_when_one_dies():
    sleeper = ChildSpec("sleeper", [sys.executable, "-c", "import time; time.sleep(60)"])
    quitter = ChildSpec(
        "quitter", [sys.executable, "-c", "import time, sys; time.sleep(0.3); sys.exit(3)"]
    )
    supervisor = Supervisor([sleeper, quitter], dict(os.environ), grace=5, write=lambda line: None)

    outcome = supervisor.run()

    assert (outcome.signum, outcome.name, outcome.code) == (None, "quitter", 3)
    assert supervisor.running() == []


def test_supervisor_kills_a_child_that_ignores_sigterm():
    stubborn = ChildSpec(
        "stubborn",
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(60)",
        ],
    )
    quitter = ChildSpec("quitter", [sys.executable, "-c", "import time; time.sleep(0.5)"])
    messages: list[str] = []
    supervisor = Supervisor([stubborn, quitter], dict(os.environ), grace=0.5, write=messages.append)

    supervisor.run()

    assert messages == ["stubborn did not stop within 0.5 s; killing it."]
    assert supervisor.running() == []


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_notifications_stay_on_the_site_and_send_no_mail(
    static_root, mailoutbox, django_capture_on_commit_callbacks
):
    from mundwerk.notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        run_demo()
    assert Notification.objects.count() > 100
    assert User.objects.filter(unread_notification_count__gt=0).count() > 10
    assert mailoutbox == []


@pytest.mark.django_db
def test_the_digest_scheduler_refuses_to_spin(capsys):
    with pytest.raises(SystemExit) as stopped:
        call_command("send_digests", "--every", "5")
    assert stopped.value.code == 2
    assert "at least 60 seconds" in capsys.readouterr().err

"""`mundwerk serve` runs the events process as one more supervised child."""

import signal
import subprocess
import sys
import time

import pytest

from mundwerk.core.tests.test_commands import (
    PROJECT_ROOT,
    command_env,
    descendants,
    fetch,
    free_port,
    is_running,
    linux_only,
    mundwerk,
    wait_until_answering,
)


def start_serve(tmp_path, *args: str) -> tuple[subprocess.Popen[bytes], int]:
    tmp_path.mkdir(exist_ok=True)
    env = command_env(tmp_path / "data")
    assert mundwerk("migrate", "--noinput", env=env).returncode == 0
    assert mundwerk("collectstatic", "--noinput", env=env).returncode == 0
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "mundwerk", "serve", "--port", str(port), "--no-worker", *args],
            env=env, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
    wait_until_answering(server, f"http://127.0.0.1:{port}/robots.txt", log)
    return server, port


def stop(server: subprocess.Popen[bytes], children: dict[int, str]) -> int:
    server.send_signal(signal.SIGTERM)
    code = server.wait(timeout=15)
    deadline = time.monotonic() + 5
    while any(is_running(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    return code


def events_status(port: int) -> int:
    """Ask the events process for a stream without a session: it answers 403 when it runs."""
    deadline = time.monotonic() + 15
    while True:
        try:
            return fetch(f"http://127.0.0.1:{port}/")[0]
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


@pytest.mark.slow
@linux_only
def test_serve_starts_the_events_process_on_the_next_port_and_stops_it(tmp_path):
    server, port = start_serve(tmp_path)
    try:
        children = descendants(server.pid)
        status = events_status(port + 1)
    finally:
        code = stop(server, descendants(server.pid))

    assert any(
        "--interface asgi" in line and "mundwerk.live.asgi" in line for line in children.values()
    )
    assert status == 403
    assert code == 0
    assert not [children[pid] for pid in children if is_running(pid)]


@pytest.mark.slow
@linux_only
def test_serve_takes_another_events_port_or_none(tmp_path):
    events_port = free_port()
    server, _port = start_serve(tmp_path / "a", "--events-port", str(events_port))
    try:
        status = events_status(events_port)
    finally:
        stop(server, descendants(server.pid))
    server, _port = start_serve(tmp_path / "b", "--no-events")
    try:
        children = descendants(server.pid)
    finally:
        stop(server, children)

    assert status == 403
    assert not any("--interface asgi" in line for line in children.values())

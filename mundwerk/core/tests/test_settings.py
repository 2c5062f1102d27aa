"""Settings come from the environment; bad values stop start-up with a clear message."""

import os
import socket
import subprocess
import sys

import pytest


def run_mundwerk(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MUNDWERK_DATA_DIR": str(tmp_path / "data"), **env}
    environment.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "-m", "mundwerk", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG must be true or false"),
        ("EMAIL_PORT", "smtp", "EMAIL_PORT must be a whole number"),
        ("EMAIL_PORT", "70000", "EMAIL_PORT must be between 1 and 65535"),
        ("DATABASE_URL", "mysql://db/x", "DATABASE_URL must name SQLite"),
        ("REDIS_URL", "localhost:6379", "REDIS_URL must start with redis://"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 32 characters"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL must be one of"),
        ("MUNDWERK_MAX_IMAGE_BYTES", "-5", "MUNDWERK_MAX_IMAGE_BYTES must be between"),
    ],
)
def test_a_bad_setting_stops_start_up_with_a_clear_message(tmp_path, variable, value, message):
    extra = {"EMAIL_HOST": "127.0.0.1"} if variable.startswith("EMAIL") else {}
    result = run_mundwerk(tmp_path, "check", **{variable: value, **extra})
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_secret_key_is_generated_once_into_the_data_dir(tmp_path):
    run_mundwerk(tmp_path, "check")
    key_file = tmp_path / "data" / "secret_key"
    first = key_file.read_text()
    run_mundwerk(tmp_path, "check")
    assert key_file.read_text() == first
    assert len(first) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_processes_starting_at_once_on_a_new_data_dir_agree_on_one_key(tmp_path, monkeypatch):
    # Threads stand in for serve's child processes: the file system calls are the same.
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    from mundwerk.settings import load_secret_key

    monkeypatch.delenv("SECRET_KEY", raising=False)
    for attempt in range(30):
        data_dir = tmp_path / f"data{attempt}"
        barrier = Barrier(8)

        def start(data_dir=data_dir, barrier=barrier) -> str:
            barrier.wait()
            return load_secret_key(data_dir)

        with ThreadPoolExecutor(8) as pool:
            keys = set(pool.map(lambda _: start(), range(8)))
        assert keys == {(data_dir / "secret_key").read_text().strip()}
        assert [path.name for path in data_dir.iterdir()] == ["secret_key"]


def test_sqlite_runs_in_wal_mode_with_immediate_transactions(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
        cursor.execute("PRAGMA busy_timeout")
        timeout = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory".
    assert mode in ("wal", "memory")
    assert timeout == 20_000
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


def test_a_file_database_really_uses_wal_and_syncs_every_commit(tmp_path):
    result = run_mundwerk(
        tmp_path,
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); mode = c.fetchone()[0]; "
        "c.execute('PRAGMA synchronous'); print(mode, c.fetchone()[0])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    # 2 is FULL: an acknowledged write survives a power cut, not only a crash.
    assert result.stdout.strip().splitlines()[-1] == "wal 2", result.stderr


def _redis_reachable() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


def test_redis_url_switches_the_cache_to_redis(tmp_path):
    if not _redis_reachable():
        if os.environ.get("MUNDWERK_REQUIRE_SERVICES"):
            pytest.fail("Redis is not reachable at 127.0.0.1:6379")
        pytest.skip("no Redis at 127.0.0.1:6379")
    script = (
        "from django.core.cache import cache; from django.conf import settings; "
        "cache.set('mundwerk-test', 42); "
        "print(settings.CACHES['default']['BACKEND'], cache.get('mundwerk-test'))"
    )
    result = run_mundwerk(tmp_path, "shell", "-c", script, REDIS_URL="redis://127.0.0.1:6379/15")
    assert result.stdout.strip().endswith("RedisCache 42"), result.stderr


# The zero-set-up case whatever this test run uses: SQLite, no Redis.
ALONE = {"DATABASE_URL": "", "REDIS_URL": ""}


def _session_setup(tmp_path, **env: str) -> str:
    script = (
        "from django.conf import settings; "
        "print(settings.SESSION_ENGINE, settings.CACHES[settings.SESSION_CACHE_ALIAS]['BACKEND'])"
    )
    result = run_mundwerk(tmp_path, "shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_sessions_are_cached_only_in_a_cache_every_process_shares(tmp_path):
    engine, backend = _session_setup(tmp_path, **ALONE).split()
    assert engine.endswith("sessions.backends.cached_db")
    assert backend.endswith("FileBasedCache")  # SQLite: one machine, one directory
    engine, backend = _session_setup(tmp_path, REDIS_URL="redis://127.0.0.1:6379/15").split()
    assert engine.endswith("sessions.backends.cached_db")
    assert backend.endswith("RedisCache")
    postgres = _session_setup(tmp_path, DATABASE_URL="postgresql://nobody@127.0.0.1:1/none")
    assert postgres.split()[0].endswith("sessions.backends.db")  # maybe several machines


def test_a_session_ended_by_one_process_is_gone_for_the_others(tmp_path):
    """A logout on one app process must end the session on every other one at once."""
    start = (
        "from django.core.management import call_command; call_command('migrate', verbosity=0); "
        "from django.contrib.sessions.backends.cached_db import SessionStore; "
        "s = SessionStore(); s['who'] = 'anna'; s.create(); print(s.session_key)"
    )
    created = run_mundwerk(tmp_path, "shell", "-c", start, **ALONE)
    key = created.stdout.strip().splitlines()[-1]
    read = (
        "from django.contrib.sessions.backends.cached_db import SessionStore; "
        f"print(SessionStore('{key}').get('who'))"
    )
    assert run_mundwerk(tmp_path, "shell", "-c", read, **ALONE).stdout.strip().endswith("anna")
    end = (
        "from django.contrib.sessions.backends.cached_db import SessionStore; "
        f"SessionStore('{key}').delete()"
    )
    assert run_mundwerk(tmp_path, "shell", "-c", end, **ALONE).returncode == 0
    assert run_mundwerk(tmp_path, "shell", "-c", read, **ALONE).stdout.strip().endswith("None")

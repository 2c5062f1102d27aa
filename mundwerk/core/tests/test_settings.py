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


def test_a_file_database_really_uses_wal(tmp_path):
    result = run_mundwerk(
        tmp_path,
        "shell",
        "-c",
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0])",
        DATABASE_URL=f"sqlite:///{tmp_path / 'wal.sqlite3'}",
    )
    assert result.stdout.strip().splitlines()[-1] == "wal", result.stderr


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


def test_sessions_are_cached_only_in_a_shared_cache(tmp_path):
    script = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    alone = run_mundwerk(tmp_path, "shell", "-c", script)
    assert alone.stdout.strip().endswith("sessions.backends.db"), alone.stderr
    shared = run_mundwerk(tmp_path, "shell", "-c", script, REDIS_URL="redis://127.0.0.1:6379/15")
    assert shared.stdout.strip().endswith("sessions.backends.cached_db"), shared.stderr

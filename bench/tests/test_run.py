"""The load runner: reading wrk's figures, the results file, the table, and one real run."""

import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from bench import load_report, load_wrk
from bench.load_server import accept_queue
from bench.run import BY_NAME, CONCURRENT_READ, ROOT, parse_args

WRK = shutil.which("wrk")

WRK_STDOUT = """\
Running 20s test @ http://127.0.0.1:40001
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    30.84ms    9.35ms  99.37ms   81.66%
    Req/Sec   162.38     71.05   303.00     59.00%
  6480 requests in 20.01s, 28.80MB read
  Socket errors: connect 0, read 2, write 0, timeout 1
  Non-2xx or 3xx responses: 5
Requests/sec:    323.84
Transfer/sec:      1.44MB
BENCH_RESULT {"requests":6480,"duration_us":20010000,"bytes":30198988,\
"socket_errors":{"connect":0,"read":2,"write":0,"timeout":1},"non_2xx_3xx":5,\
"latency_us":{"p50":29512,"p95":47020,"p99":61234,"mean":30840.5,"max":99370},\
"statuses":{"200":6475,"500":5},"cache_hits":0,"first_unexpected":"500 <html>"}
"""


def test_result_line_gives_rps_and_latencies_in_milliseconds():
    result = load_wrk.parse_result_line(WRK_STDOUT, expected_status=200)

    assert result.requests == 6480
    assert result.rps == 323.8
    assert (result.p50_ms, result.p95_ms, result.p99_ms) == (29.51, 47.02, 61.23)
    assert result.max_ms == 99.37
    assert result.statuses == {"200": 6475, "500": 5}
    assert result.first_unexpected == "500 <html>"


def test_errors_count_unexpected_statuses_and_socket_errors():
    result = load_wrk.parse_result_line(WRK_STDOUT, expected_status=200)

    assert result.errors == 5 + 2 + 1


def test_a_200_counts_as_an_error_where_a_302_is_expected():
    result = load_wrk.parse_result_line(WRK_STDOUT, expected_status=302)

    assert result.errors == 6475 + 5 + 3


def test_output_without_a_result_line_is_an_error():
    with pytest.raises(load_wrk.WrkError, match="BENCH_RESULT"):
        load_wrk.parse_result_line(WRK_STDOUT.split("BENCH_RESULT")[0], expected_status=200)


def test_wrk_summary_is_read_as_a_cross_check():
    summary = load_wrk.parse_summary(WRK_STDOUT)

    assert summary == {"rps": 323.84, "requests": 6480, "non_2xx_3xx": 5, "socket_errors": 3}


def test_wrk_summary_without_errors_reports_none():
    clean = "\n".join(line for line in WRK_STDOUT.splitlines() if "errors" not in line.lower())

    summary = load_wrk.parse_summary(clean.replace("Non-2xx or 3xx responses: 5", ""))

    assert summary["non_2xx_3xx"] == 0
    assert summary["socket_errors"] == 0


def test_durations_are_given_to_wrk_in_whole_seconds():
    assert load_wrk.duration_arg(20) == "20s"
    assert load_wrk.duration_arg(0.5) == "1s"
    assert load_wrk.duration_arg(2.5) == "3s"


def test_wrk_never_gets_more_threads_than_connections(tmp_path):
    run = load_wrk.WrkRun("get.lua", tmp_path / "t.tsv", "http://127.0.0.1:1", 2, connections=1)

    argv = run.argv()

    assert "--threads=1" in argv
    assert argv[-2:] == ["--", str(tmp_path / "t.tsv")]


def test_runner_defaults_follow_the_issue():
    args = parse_args([])

    assert (args.preset, args.duration, args.connections, args.threads) == ("large", 20, 32, 2)
    assert args.data_dir == ROOT / "data" / "bench-large"
    assert args.scenarios.split(",") == [
        "reference",
        "topic_anon",
        "topic_member",
        "space_member",
        "home_member",
        "feed_member",
        "search_member",
        "profile_anon",
        "reply_write",
    ]


def test_member_scenarios_rotate_over_every_member_and_page():
    prepared = {
        "topic_paths": ["/t/a/1/", "/t/b/2/"],
        "sessions": [
            {"cookie": "sessionid=x", "csrf_token": "tx"},
            {"cookie": "sessionid=y", "csrf_token": "ty"},
        ],
    }

    rows = BY_NAME["reply_write"].targets(prepared)

    assert sorted(rows) == [
        ("/t/a/1/", "sessionid=x", "tx"),
        ("/t/a/1/", "sessionid=y", "ty"),
        ("/t/b/2/", "sessionid=x", "tx"),
        ("/t/b/2/", "sessionid=y", "ty"),
    ]
    assert BY_NAME["topic_anon"].targets(prepared) == [("/t/a/1/", ""), ("/t/b/2/", "")]


def scenario(rps: float, **changes) -> dict:
    figures = {
        "requests": int(rps * 20),
        "rps": rps,
        "p50_ms": 20.0,
        "p95_ms": 40.0,
        "p99_ms": 60.0,
        "errors": 0,
        "statuses": {"200": int(rps * 20)},
        "sql_queries_per_request": 5.0,
        "worker_rss_mb": 90.5,
        "db_worker_rss_mb": 70.0,
        "unaccepted_connections_max": 0,
    }
    return figures | changes


def sample_results() -> dict[str, Any]:
    results: dict[str, Any] = {
        "schema": load_report.SCHEMA_VERSION,
        "started_at": "2026-01-01T12:00:00Z",
        "finished_at": "2026-01-01T12:03:00Z",
        "dataset": {"preset": "small", "counts": {"accounts.user": 2000, "posts.post": 20000}},
        "commit": {"sha": "0123456789abcdef", "dirty": False},
        "machine": {"cores": 2, "memory_mb": 4096},
        "load": {"connections": 32, "duration_s": 20.0},
        "server": {"worker_rss_mb": 95.0, "db_worker_rss_mb": 70.0, "blocking_threads": 5},
        "scenarios": {
            "reference": scenario(400.0, sql_queries_per_request=1.0),
            "topic_member": scenario(250.0),
            "topic_anon": scenario(600.0),
            "reply_write": scenario(60.0, statuses={"302": 1200}, p95_ms=200.0),
            CONCURRENT_READ: scenario(100.0),
        },
        "writes": {"acknowledged": 1200, "rows_added": 1203, "lost": 0, "unacknowledged": 3},
        "notes": [],
    }
    load_report.add_ratios(results["scenarios"])
    load_report.add_targets(results)
    return results


def test_results_carry_every_field_the_issue_names():
    assert load_report.validate(sample_results()) == []


def test_results_schema_reports_missing_and_mistyped_fields():
    results = sample_results()
    del results["scenarios"]["topic_member"]["p99_ms"]
    results["scenarios"]["reference"]["errors"] = "none"
    del results["machine"]["cores"]

    assert load_report.validate(results) == [
        "reference: errors is str",
        "topic_member: missing p99_ms",
        "machine: missing cores",
    ]


def test_ratios_are_taken_against_the_reference_of_the_same_run():
    scenarios = sample_results()["scenarios"]

    assert scenarios["reference"]["ratio_to_reference"] == 1.0
    assert scenarios["topic_member"]["ratio_to_reference"] == 0.62
    assert scenarios["topic_anon"]["ratio_to_reference"] == 1.5


def test_targets_are_marked_met_or_missed():
    results = sample_results()
    scenarios = results["scenarios"]

    assert scenarios["topic_member"]["meets_target"] is True
    assert scenarios["topic_anon"]["meets_target"] is False  # needs 2x reference
    assert scenarios["reply_write"]["meets_target"] is False  # p95 200 ms > 150
    assert scenarios["reference"]["meets_target"] is None
    assert results["server"]["meets_rss_target"] is True


def test_a_lost_write_misses_the_write_target():
    results = sample_results()
    results["scenarios"]["reply_write"]["p95_ms"] = 100.0
    load_report.add_targets(results)
    assert results["scenarios"]["reply_write"]["meets_target"] is True

    results["writes"]["lost"] = 1
    load_report.add_targets(results)

    assert results["scenarios"]["reply_write"]["meets_target"] is False


def test_markdown_table_has_a_row_per_scenario_and_the_write_check():
    table = load_report.markdown_table(sample_results())
    lines = table.splitlines()

    assert lines[0].startswith("Preset small (2,000 members, 20,000 posts), commit 0123456789")
    header = next(line for line in lines if line.startswith("| scenario"))
    rows = [line for line in lines if line.startswith("| ") and line is not header]
    assert [row.split(" | ")[0] for row in rows] == [
        "| reference",
        "| topic_member",
        "| topic_anon",
        "| reply_write",
        f"| {CONCURRENT_READ}",
    ]
    assert all(row.count("|") == header.count("|") for row in rows)
    assert "| topic_member | 250.0 | 0.62 | 20.0 | 40.0 | 60.0 | 0 | 0 | 5.0 | 90.5 | met:" in table
    assert "1200 replies acknowledged (302), 1203 post rows added, 0 lost" in table


def test_connections_the_server_never_accepted_are_noted():
    results = sample_results()
    assert load_report.starvation_note(results) is None

    results["scenarios"]["topic_member"]["unaccepted_connections_max"] = 22
    results["server"]["backpressure"] = 10

    note = load_report.starvation_note(results)
    assert note is not None
    assert note.startswith("Up to 22 of the load's connections waited")
    assert "backpressure 10" in note


def test_results_are_written_with_a_timestamp_and_as_latest(tmp_path):
    results = sample_results()

    path = load_report.write(results, tmp_path, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))

    assert path.name == "20260102T030405Z.json"
    assert json.loads(path.read_text()) == results
    assert (tmp_path / "latest.json").read_text() == path.read_text()


class StubHandler(http.server.BaseHTTPRequestHandler):
    """200 for /ok, 404 for anything else, 302 for a POST that carries both form fields."""

    posts: list[str] = []

    def do_GET(self):
        self._answer(200 if self.path == "/ok" else 404)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"])).decode()
        self.posts.append(body)
        good = "csrfmiddlewaretoken=tok" in body and "&body=" in body
        self._answer(302 if good and self.headers["Cookie"] == "sessionid=s" else 403)

    def _answer(self, status):
        self.send_response(status)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


class StubServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # wrk drops its connections mid-request when its time is up


@pytest.fixture
def stub_server():
    if WRK is None:
        pytest.skip("wrk is not installed")
    server = StubServer(("127.0.0.1", 0), StubHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_get_script_counts_every_status(stub_server, tmp_path):
    targets = tmp_path / "targets.tsv"
    targets.write_text("/ok\t\n/ok\tsessionid=s\n/missing\t\n")
    run = load_wrk.WrkRun("get.lua", targets, stub_server, duration_s=1, connections=2)

    result = load_wrk.finish(load_wrk.start(run, str(WRK)), run, expected_status=200)

    assert set(result.statuses) == {"200", "404"}
    assert result.errors == result.statuses["404"] > 0
    assert sum(result.statuses.values()) == result.requests


def test_reply_script_posts_the_form_with_session_and_csrf_token(stub_server, tmp_path):
    StubHandler.posts.clear()
    targets = tmp_path / "targets.tsv"
    targets.write_text("/t/a/1/\tsessionid=s\ttok\n")
    run = load_wrk.WrkRun("reply_write.lua", targets, stub_server, duration_s=1, connections=2)

    result = load_wrk.finish(load_wrk.start(run, str(WRK)), run, expected_status=302)

    assert result.errors == 0
    assert result.statuses["302"] == result.requests > 0
    assert StubHandler.posts[0].startswith("csrfmiddlewaretoken=tok&body=")


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
def test_runner_measures_every_scenario_against_a_tiny_dataset(tmp_path):
    if WRK is None:
        if os.environ.get("MUNDWERK_REQUIRE_SERVICES"):
            pytest.fail("wrk is not installed (apt-get install wrk)")
        pytest.skip("wrk is not installed")
    data_dir = tmp_path / "data"
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    argv = [sys.executable, "-m", "bench.run", "--preset", "tiny", "--data-dir", str(data_dir)]
    argv += ["--duration", "2", "--warmup", "0", "--connections", "4", "--write-connections"]
    argv += ["2", "--members", "5", "--topics", "5", "--profiles", "5", "--query-samples", "2"]
    argv += ["--results-dir", str(tmp_path / "results")]

    done = subprocess.run(argv, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)

    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    results = json.loads((tmp_path / "results" / "latest.json").read_text())
    assert load_report.validate(results) == []
    assert list(results["scenarios"]) == [*BY_NAME, CONCURRENT_READ]
    for name, figures in results["scenarios"].items():
        assert figures["errors"] == 0, (name, figures["statuses"], figures["first_unexpected"])
        assert figures["requests"] > 0, name
        assert figures["worker_rss_mb"] > 0, name
    assert results["scenarios"]["reference"]["sql_queries_per_request"] == 1
    # The generator bypasses the actions that index, so the runner indexed the data.
    assert results["dataset"]["reindexed"] is True
    assert results["dataset"]["reindex_seconds"] > 0
    assert results["dataset"]["counts"]["search.document"] == results["dataset"]["search_documents"]
    assert results["scenarios"]["search_member"]["sql_queries_per_request"] > 0
    assert results["writes"]["lost"] == 0
    assert results["writes"]["acknowledged"] == results["scenarios"]["reply_write"]["requests"]
    assert "| reply_write |" in done.stdout
    port = int(results["server"]["argv"][results["server"]["argv"].index("--port") + 1])
    assert not _port_open(port)


def test_accept_queue_counts_connections_the_server_has_not_taken():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    port = listener.getsockname()[1]
    clients = [socket.create_connection(("127.0.0.1", port)) for _ in range(3)]
    try:
        assert accept_queue(port) == 3
        listener.accept()[0].close()
        assert accept_queue(port) == 2
    finally:
        for client in clients:
            client.close()
        listener.close()
    assert accept_queue(port) is None

"""Run a few child processes together: all stop when one dies or when we are told to.

`mundwerk serve` runs granian and the task worker this way. Each child gets a
process group of its own, so a Ctrl+C in the terminal reaches only us and we
stop the children in order, instead of every process racing on the same
signal; the group also lets us kill a child's own workers if it hangs.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)
PR_SET_PDEATHSIG = 1  # linux/prctl.h


@dataclass
class ChildSpec:
    """What to run: a name for messages and the argument vector."""

    name: str
    argv: list[str]


@dataclass
class ChildExit:
    """Why the supervisor stopped: a signal (`signum`) or a child's exit (`name`, `code`)."""

    signum: int | None = None
    name: str = ""
    code: int = 0


@dataclass
class Supervisor:
    """Start `children`, wait, and stop them all together.

    `grace` is how long a child may take to stop after SIGTERM before its whole
    process group is killed.
    """

    children: Sequence[ChildSpec]
    env: Mapping[str, str]
    grace: float = 10.0
    write: Callable[[str], None] = field(default=lambda line: print(line, flush=True))
    _processes: list[tuple[ChildSpec, subprocess.Popen[bytes]]] = field(
        default_factory=list, init=False
    )
    _stop: threading.Event = field(default_factory=threading.Event, init=False)
    _signum: int | None = field(default=None, init=False)

    def run(self) -> ChildExit:
        """Run until a stop signal arrives or a child exits; every child is gone on return."""
        previous = {signum: signal.getsignal(signum) for signum in STOP_SIGNALS}
        for signum in STOP_SIGNALS:
            signal.signal(signum, self._on_signal)
        try:
            for spec in self.children:
                self._processes.append((spec, self._start(spec)))
            return self._wait()
        finally:
            self.stop_all()
            for signum, handler in previous.items():
                signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self._signum = signum
        self._stop.set()

    def _start(self, spec: ChildSpec) -> subprocess.Popen[bytes]:
        return subprocess.Popen(  # noqa: S603 - our own interpreter and fixed arguments
            spec.argv,
            env=dict(self.env),
            stdin=subprocess.DEVNULL,
            process_group=0,
            preexec_fn=_die_with_parent(os.getpid()),
        )

    def _wait(self) -> ChildExit:
        while not self._stop.is_set():
            for spec, process in self._processes:
                code = process.poll()
                if code is not None:
                    return ChildExit(name=spec.name, code=code)
            self._stop.wait(0.25)
        return ChildExit(signum=self._signum)

    def running(self) -> list[str]:
        """Return the names of the children that are still running."""
        return [spec.name for spec, process in self._processes if process.poll() is None]

    def stop_all(self) -> None:
        """Ask every running child to stop, then kill what is left after the grace time."""
        for _spec, process in self._processes:
            if process.poll() is None:
                _send(process, signal.SIGTERM)
        deadline = time.monotonic() + self.grace
        for spec, process in self._processes:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.write(f"{spec.name} did not stop within {self.grace:g} s; killing it.")
                # The child is not reaped yet, so its group id cannot belong to anyone else.
                _send_group(process, signal.SIGKILL)
                process.wait()


def _send(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signum)


def _send_group(process: subprocess.Popen[bytes], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signum)


def _die_with_parent(parent_pid: int) -> Callable[[], None] | None:
    """Return a pre-exec hook so a child gets SIGTERM if we die without stopping it (Linux)."""
    if not sys.platform.startswith("linux"):
        return None
    # Looked up before the fork: loading a library in the forked child could deadlock.
    prctl = ctypes.CDLL(None, use_errno=True).prctl

    def hook() -> None:
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent_pid:  # we died before prctl took effect
            os._exit(1)

    return hook

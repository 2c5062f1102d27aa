"""Real servers on loopback for tests: a free port, an SMTP mailbox."""

import re
import socket
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Mailbox:
    messages: list[str] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        body = message.get_body(preferencelist=("plain",))
        self.messages.append(body.get_content() if body else "")
        return "250 Message accepted for delivery"

    def wait_for_link(self, pattern: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for text in self.messages:
                match = re.search(pattern, text)
                if match:
                    return match.group(0)
            time.sleep(0.1)
        raise AssertionError(f"no mail with {pattern!r} arrived; got {self.messages!r}")

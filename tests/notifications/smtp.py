"""A real SMTP server on this machine (aiosmtpd) for the tests of the SMTP settings."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

from aiosmtpd.controller import Controller


@dataclass
class SmtpSink:
    """Accepts every message, or answers ``refusal`` (e.g. "550 …") to every recipient."""

    refusal: str | None = None
    messages: list[Message] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: Any
    ) -> str:
        if self.refusal:
            return self.refusal
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(refusal: str | None = None) -> Iterator[tuple[SmtpSink, int]]:
    sink = SmtpSink(refusal=refusal)
    controller = Controller(sink, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield sink, controller.port
    finally:
        controller.stop()


def smtp_mailers(port: int, host: str | None = "127.0.0.1") -> dict[str, Any]:
    """``MAILERS`` as the settings build them from EMAIL_HOST and EMAIL_PORT."""
    options: dict[str, Any] = {"port": port, "timeout": 5}
    if host:
        options["host"] = host
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }

"""An email backend for worker processes: one file per message, countable by the test.

When the file ``hold`` exists in the outbox, a send announces itself (writes
``sending.pid``) and waits until ``hold`` is removed: the test can kill the worker
while it is in the middle of sending.
"""

import os
import time
import uuid
from pathlib import Path

from django.core.mail.backends.base import BaseEmailBackend

HOLD_SECONDS = 60


def outbox_dir() -> Path:
    return Path(os.environ["TRUST_OUTBOX"])


def sent_to(address: str) -> list[str]:
    """Subjects of the messages written to ``address`` so far."""
    found = []
    for path in sorted(outbox_dir().glob("*.eml")):
        to, subject = path.read_text().split("\n", 2)[:2]
        if to == address:
            found.append(subject)
    return found


class FileOutbox(BaseEmailBackend):
    def send_messages(self, email_messages):
        outbox = outbox_dir()
        hold = outbox / "hold"
        if hold.exists():
            (outbox / "sending.pid").write_text(str(os.getpid()))
            deadline = time.monotonic() + HOLD_SECONDS
            while hold.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        for message in email_messages:
            for address in message.to:
                (outbox / f"{uuid.uuid4().hex}.eml").write_text(
                    f"{address}\n{message.subject}\n{message.body}"
                )
        return len(email_messages)

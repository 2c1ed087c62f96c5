"""Email when no mail server is configured: a safe line on the console, the message in a file.

Django's console backend prints every email whole, links and all: a panel
confirmation, a person's event place, a "save and come back" link, each of which lets
whoever holds it see or change that person's data. Console output ends up in terminal
scrollback, shared screens and CI logs. With ``EMAIL_URL`` unset the portal uses this
backend instead: the console says who it was for (the address masked), its subject,
and the file the whole message was written to (``EMAIL_FILE_PATH``, ``outbox/`` by
default, one file per connection), where a developer can follow its links.
"""

from __future__ import annotations

import sys

from django.core.mail.backends.filebased import EmailBackend as FileBackend


def masked_address(address: str) -> str:
    """``a***@example.org`` for ``asha@example.org``: enough to tell emails apart."""
    local, at, domain = str(address).rpartition("@")
    if not at:
        return "***"
    return f"{local[:1]}***@{domain}"


class DevOutboxBackend(FileBackend):
    def __init__(self, *args, summary_stream=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.summary_stream = summary_stream or sys.stdout

    def send_messages(self, email_messages):
        sent = super().send_messages(email_messages)
        for message in email_messages or []:
            recipients = ", ".join(masked_address(a) for a in message.recipients()) or "nobody"
            self.summary_stream.write(
                f'Email not sent (no EMAIL_URL): to {recipients}, subject "{message.subject}"; '
                f"the whole message is in {self._fname}\n"
            )
        self.summary_stream.flush()
        return sent

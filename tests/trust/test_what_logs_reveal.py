"""Whoever reads the logs does not get the secret links (#14).

A link to a person's event place, a "save and come back" draft, an invitation or an
account confirmation carries its secret in the path. gunicorn's access log, Django's
request log ("Not Found: /path") and runserver's request lines kept those paths whole,
so anyone with the logs (an operator, a log service, a leaked file) could open the
person's data. The dev console email backend printed whole emails, links included.
Now every log line masks the secret, and with no mail server the console shows a
summary while the whole message goes to a file.
"""

import http.client
import io
import logging
import subprocess
import sys
import time

import pytest
from django.core import mail

from portal.dev_email import DevOutboxBackend
from portal.logmasking import mask_tokens
from tests.integration.test_image import BASE_DIR, production_server  # noqa: F401 - fixture

SECRET = "5f2d0c7be4a94e1f8d6b3a2c1e0f9a8b7c6d5e4f3a2b1c0d"
TOKEN_LINKS = [
    f"/en/events/place/{SECRET}/",
    f"/en/events/place/{SECRET}/cancel/",
    f"/en/events/place/{SECRET}/event.ics",
    f"/pl/consultations/merging/resume/{SECRET}/",
    f"/en/panel/invitation/{SECRET}/",
    f"/en/events/drop-in/invitation/{SECRET}/",
    f"/en/panel/confirm/{SECRET}/",
    f"/en/accounts/confirm-email/MQ:{SECRET}/",
    f"/en/accounts/password/reset/key/1-{SECRET}/",
    f"/admin/password_reset/confirm/MQ/{SECRET}/",
    f"/en/search/?token={SECRET}",
]


@pytest.mark.parametrize("link", TOKEN_LINKS)
def test_every_kind_of_token_link_is_masked(link):
    masked = mask_tokens(f'"GET {link} HTTP/1.1" 200 1234')
    assert SECRET not in masked
    assert "***" in masked


def test_links_without_a_secret_are_left_alone():
    for line in ("GET /en/consultations/merging/respond/step/2/ HTTP/1.1", "/admin/pages/3/"):
        assert mask_tokens(line) == line


@pytest.fixture
def console_output():
    """What the handlers configured by settings.LOGGING write (streams swapped for a buffer)."""
    handlers = [
        *logging.getLogger().handlers,
        *logging.getLogger("django.server").handlers,
    ]
    handlers = [h for h in handlers if type(h) is logging.StreamHandler]  # not pytest's
    assert handlers, "settings.LOGGING configures no console handler"
    buffer = io.StringIO()
    previous = [h.setStream(buffer) for h in handlers]
    yield buffer
    for handler, stream in zip(handlers, previous, strict=True):
        handler.setStream(stream)


@pytest.mark.django_db
def test_django_request_log_masks_the_token_of_a_link_that_failed(client, console_output):
    client.get(f"/en/events/place/{SECRET}/")
    client.get(f"/en/panel/confirm/{SECRET}/")
    logging.getLogger("django.request").warning("Not Found: %s", f"/en/events/place/{SECRET}/")
    output = console_output.getvalue()
    assert "/en/events/place/***/" in output
    assert SECRET not in output


def test_runserver_request_lines_mask_the_token(console_output):
    # What django.core.servers.basehttp.WSGIRequestHandler.log_message sends.
    logging.getLogger("django.server").info(
        '"%s" %s %s',
        f"GET /en/events/place/{SECRET}/ HTTP/1.1",
        "200",
        "5120",
        extra={"status_code": 200, "server_time": "02/Dec/2026 06:00:00"},
    )
    output = console_output.getvalue()
    assert "GET /en/events/place/***/ HTTP/1.1" in output
    assert SECRET not in output


def test_production_access_log_masks_tokens(production_server, tmp_path):  # noqa: F811
    for link in TOKEN_LINKS[:4]:
        connection = http.client.HTTPConnection("127.0.0.1", production_server["PORT"], timeout=30)
        connection.request(
            "GET",
            link,
            headers={
                "Host": "engage.example.nhs.uk",
                "Referer": f"https://engage.example.nhs.uk/en/events/place/{SECRET}/",
            },
        )
        connection.getresponse().read()  # a redirect to https (its Location holds the link)
        connection.close()
    log_path = tmp_path / "gunicorn.log"
    deadline = time.monotonic() + 10
    while log_path.read_text().count("/events/place/***/") < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    log = log_path.read_text()
    assert "/en/events/place/***/" in log
    assert SECRET not in log


def test_dev_email_shows_a_summary_and_keeps_the_message_in_a_file(settings, tmp_path):
    settings.EMAIL_FILE_PATH = str(tmp_path)
    console = io.StringIO()
    backend = DevOutboxBackend(summary_stream=console)
    message = mail.EmailMessage(
        "Your place at the drop-in",
        f"Manage your place: https://engage.example.nhs.uk/en/events/place/{SECRET}/",
        to=["asha.patel@example.org"],
    )
    assert backend.send_messages([message]) == 1
    summary = console.getvalue()
    assert "a***@example.org" in summary and "Your place at the drop-in" in summary
    assert SECRET not in summary and "asha.patel" not in summary
    [written] = list(tmp_path.iterdir())
    assert str(written) in summary
    assert SECRET in written.read_text()  # the developer can still follow the link


def test_without_a_mail_server_the_dev_settings_do_not_print_whole_emails(tmp_path):
    program = (
        "import django, os; os.environ.pop('EMAIL_URL', None); "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'portal.settings.dev'; "
        "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and settings
        [sys.executable, "-c", program],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PYTHONPATH": str(BASE_DIR)},
    )
    assert result.stdout.strip() == "portal.dev_email.DevOutboxBackend"

"""Security headers: a nonce-based Content-Security-Policy on public pages, a looser one
scoped to the Wagtail admin, and the cookie/HSTS/framing settings production runs with."""

import re
import subprocess
import sys

import pytest

from tests.portal.test_settings import BASE_DIR, complete_env

pytestmark = pytest.mark.django_db

SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def nonce_of(header: str) -> str:
    sources = directives(header)["script-src"]
    nonces = [s[len("'nonce-") : -1] for s in sources if s.startswith("'nonce-")]
    assert len(nonces) == 1, sources
    return nonces[0]


def test_public_page_has_a_csp_with_a_nonce_and_no_unsafe_inline_scripts(client, consultation):
    response = client.get(consultation.url + "respond/step/1/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in policy["script-src"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    nonce = nonce_of(response["Content-Security-Policy"])
    assert len(nonce) >= 16


def test_every_script_on_public_pages_carries_the_nonce_or_comes_from_this_site(
    client, consultation
):
    for path in ["/en/", consultation.url, consultation.url + "respond/step/1/", "/en/search/"]:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        nonce = nonce_of(response["Content-Security-Policy"])
        html = response.content.decode()
        tags = SCRIPT_TAG.findall(html)
        assert tags, f"{path}: expected the page's module script"
        for attributes in tags:
            src = re.search(r'\bsrc="([^"]*)"', attributes)
            has_nonce = f'nonce="{nonce}"' in attributes
            from_self = src is not None and src.group(1).startswith("/")
            assert has_nonce or from_self, f"{path}: inline script without the nonce: {attributes}"
            if src is None:
                assert has_nonce, f"{path}: inline script without the nonce"
        assert " style=" not in html, f"{path}: inline style attribute is blocked by the CSP"
        assert "<style" not in html, f"{path}: inline <style> is blocked by the CSP"


def test_each_response_gets_a_fresh_nonce(client, home_page):
    first = nonce_of(client.get("/en/")["Content-Security-Policy"])
    second = nonce_of(client.get("/en/")["Content-Security-Policy"])
    assert first != second


def test_admin_gets_its_own_looser_policy_without_a_nonce(client, home_page):
    from tests.consultations.factories import SuperuserFactory

    client.force_login(SuperuserFactory())
    response = client.get("/admin/")
    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    # Wagtail's admin uses inline scripts and styles; a nonce would disable 'unsafe-inline'.
    assert "'unsafe-inline'" in policy["script-src"]
    assert not any(source.startswith("'nonce-") for source in policy["script-src"])
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["default-src"] == ["'self'"]


def test_the_admin_sends_staff_email_hashes_to_no_avatar_service(client, home_page):
    from tests.consultations.factories import SuperuserFactory

    client.force_login(SuperuserFactory(email="lead@example.nhs.uk"))
    page = client.get("/admin/").content.decode()
    assert "gravatar" not in page.lower()


def test_public_pages_send_the_other_security_headers(client, home_page):
    response = client.get("/en/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def test_report_only_mode_sends_the_policy_without_enforcing_it(client, home_page, settings):
    settings.PORTAL_CSP_REPORT_ONLY = True
    response = client.get("/en/")
    assert "Content-Security-Policy" not in response
    assert "'nonce-" in response["Content-Security-Policy-Report-Only"]


PRODUCTION_HEADERS = """
import django
django.setup()
from django.conf import settings
from django.test import Client
s = settings
print("cookies", s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)
print("hsts", s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT)
response = Client().get("/healthz", secure=True, HTTP_HOST="engage.example.nhs.uk")
print("header", response.get("Strict-Transport-Security"))
print("csp", "'nonce-" in response.get("Content-Security-Policy", ""))
redirect = Client().get("/en/", HTTP_HOST="engage.example.nhs.uk")
print("redirect", redirect.status_code, redirect.get("Location"))
"""


def test_production_sends_hsts_secure_cookies_and_redirects_to_https(tmp_path):
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", PRODUCTION_HEADERS],
        cwd=BASE_DIR,
        env=complete_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["cookies"] == "True True True"
    assert lines["hsts"] == "31536000 True True"
    assert lines["header"] == "max-age=31536000; includeSubDomains; preload"
    assert lines["csp"] == "True"
    assert lines["redirect"] == "301 https://engage.example.nhs.uk/en/"

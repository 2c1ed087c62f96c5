"""Editors work on consultations in the Wagtail admin."""

import pytest

pytestmark = pytest.mark.django_db


def test_consultation_editor_has_content_survey_promote_and_settings_tabs(
    client, consultation, superuser
):
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{consultation.pk}/edit/")
    assert response.status_code == 200
    html = response.content.decode()
    for tab in ("Content", "Survey", "Promote", "Settings"):
        assert f">{tab}<" in html or f"{tab}\n" in html
    assert "How do you usually travel to hospital?" in html

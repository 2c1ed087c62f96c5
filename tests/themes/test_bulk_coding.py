"""Coding every answer a feedback-explorer search finds, after confirming the count."""

from django.urls import reverse
from django.utils.http import urlencode

from search.models import SubmissionDocument
from themes import coding
from themes.models import Coding


def test_bulk_coding_shows_the_count_then_codes_every_match(
    client, analyst, consultation, themes, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        bus = answer("The bus to the hospital is slow.")
        bus2 = answer("Another bus complaint: the bus never comes.")
        answer("Staff were kind.")
    already = Coding.objects.create(theme=themes["transport"], answer=bus2, coder=analyst)
    client.force_login(analyst)
    query = urlencode({"q": "bus", "consultation": consultation.pk})
    bulk = reverse("themes:bulk_code")
    choose = client.get(f"{bulk}?{query}").content.decode()
    assert "finds 2 answers" in choose and "Transport" in choose
    confirm = client.get(f"{bulk}?{query}&apply_theme={themes['transport'].pk}").content.decode()
    assert "1 item will be coded" in confirm and "1 is already coded" in confirm
    assert not Coding.objects.filter(answer=bus).exists()  # nothing until confirmed

    response = client.post(f"{bulk}?{query}", {"apply_theme": themes["transport"].pk})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("feedback_explorer:explore"))
    coded = Coding.objects.filter(theme=themes["transport"])
    assert set(coded.values_list("answer_id", flat=True)) == {bus.pk, bus2.pk}
    assert coded.get(answer=bus).coder == analyst
    assert coded.get(answer=bus2) == already

    # The index can tell a document's themes, for filtering by theme.
    doc = SubmissionDocument.objects.get(response_id=bus.response_id)
    assert coding.theme_ids_for_document(doc) == [themes["transport"].pk]


def test_bulk_coding_needs_coding_and_explorer_permissions(client, staff_user, themes):
    client.force_login(staff_user)
    response = client.post(
        reverse("themes:bulk_code") + "?q=bus", {"apply_theme": themes["waits"].pk}
    )
    assert response.status_code == 302
    assert not Coding.objects.exists()


def test_bulk_coding_keeps_the_explorers_own_theme_filter(
    client, analyst, consultation, themes, answer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        slow = answer("The bus is slow and I waited weeks.")
        answer("The bus is fine but I waited weeks.")
    Coding.objects.create(theme=themes["transport"], answer=slow)
    client.force_login(analyst)
    query = urlencode({"q": "waited", "theme": themes["transport"].pk})
    bulk = reverse("themes:bulk_code")
    confirm = client.get(f"{bulk}?{query}&apply_theme={themes['waits'].pk}").content.decode()
    assert "1 item will be coded" in confirm
    client.post(f"{bulk}?{query}", {"apply_theme": themes["waits"].pk})
    assert list(
        Coding.objects.filter(theme=themes["waits"]).values_list("answer_id", flat=True)
    ) == [slow.pk]

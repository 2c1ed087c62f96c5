"""Reading a policy draft: when comments close, commenting on a section, what changed."""

from datetime import timedelta

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from tests.consultations.test_drafts import draft, publish_version_two, section_id  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_draft_shows_when_comments_close_uk_style(client, draft):  # noqa: F811
    draft.comments_close_at = timezone.make_aware(timezone.datetime(2031, 11, 27, 17, 0))
    draft.save_revision().publish()
    text = BeautifulSoup(client.get(draft.url).content, "html.parser").get_text(" ")
    assert "Comments close on 27 November 2031" in " ".join(text.split())


def test_a_closed_draft_says_when_comments_closed(client, draft):  # noqa: F811
    draft.comments_close_at = timezone.now() - timedelta(days=3)
    draft.save_revision().publish()
    assert "Comments closed on" in client.get(draft.url).content.decode()


def test_each_section_has_a_comment_link_that_chooses_that_section(client, draft):  # noqa: F811
    soup = BeautifulSoup(client.get(draft.url).content, "html.parser")
    links = [a for a in soup.find_all("a") if a.get_text().startswith("Comment on this section")]
    assert len(links) == 4
    third = links[2]
    assert third["href"] == f"?section={section_id(draft, 3)}#comment-form"
    assert "3. When surgery is funded" in third.get_text()  # for screen readers, in the link
    form_page = BeautifulSoup(
        client.get(draft.url + third["href"].split("#")[0]).content, "html.parser"
    )
    selected = form_page.select_one("#id_section option[selected]")
    assert selected is not None and selected["value"] == section_id(draft, 3)


def test_an_unknown_section_in_the_link_selects_nothing_and_does_not_fail(client, draft):  # noqa: F811
    response = client.get(draft.url + "?section=<script>")
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert [o["value"] for o in soup.select("#id_section option[selected]")] in ([], [""])


def test_what_changed_says_added_and_removed_to_screen_readers(client, draft):  # noqa: F811
    publish_version_two(draft)
    soup = BeautifulSoup(client.get(draft.url + "changes/1/").content, "html.parser")
    removed, added = soup.select(".portal-diff del"), soup.select(".portal-diff ins")
    assert removed and added
    for mark, word in [(removed[0], "removed"), (added[0], "added")]:
        hidden = [s.get_text() for s in mark.select(".nhsuk-u-visually-hidden")]
        assert hidden[0].strip() == f"{word}:" and hidden[1].strip() == f"end of {word} text"

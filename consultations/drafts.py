"""Policy-draft versions, the readable diff between them, and comment rules."""

from __future__ import annotations

import difflib
import hashlib
import re
from html import escape, unescape

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from consultations.models import DraftComment, DraftVersion, PolicyDraftPage

DUPLICATE_WINDOW_SECONDS = 600


def snapshot(page: PolicyDraftPage) -> list[dict]:
    return [
        {
            "id": str(block.id),
            "heading": block.value["heading"],
            "body": block.value["body"].source,
        }
        for block in page.sections
    ]


@transaction.atomic
def record_version(page: PolicyDraftPage, revision=None) -> DraftVersion | None:
    """On publish: a new version when the label changed, else refresh the current one.

    Only the source-language page keeps versions; translations show its sections.
    """
    source = page.source_page_for_comments()
    if source.pk != page.pk:
        return None
    latest = DraftVersion.objects.select_for_update().filter(page=page).order_by("-number").first()
    sections = snapshot(page)
    if latest is not None and latest.label == page.version_label:
        latest.sections = sections
        latest.revision = revision or latest.revision
        latest.save(update_fields=["sections", "revision"])
        return latest
    return DraftVersion.objects.create(
        page=page,
        number=(latest.number + 1) if latest else 1,
        label=page.version_label,
        sections=sections,
        revision=revision,
        published_at=timezone.now(),
    )


def current_version(page: PolicyDraftPage) -> DraftVersion | None:
    source = page.source_page_for_comments()
    return DraftVersion.objects.filter(page=source).order_by("-number").first()


def visible_comments(version: DraftVersion, moderation: str):
    """Comments the public may see: approved ones, and pending ones when post-moderated."""
    statuses = [DraftComment.Status.APPROVED]
    if moderation == PolicyDraftPage.Moderation.POST:
        statuses.append(DraftComment.Status.PENDING)
    return version.comments.filter(status__in=statuses).order_by("created_at")


def _plain(html: str) -> str:
    text = strip_tags(re.sub(r"</(p|li|h\d)>", "\n", html))
    return unescape(re.sub(r"[ \t]+", " ", text)).strip()


def _marked(tag: str, words: list[str]) -> str:
    """``<del>``/``<ins>`` with words a screen reader says at its start and end, as the
    strike-through, underline and colour are seen, not heard."""
    if tag == "del":
        start, end = _("removed:"), _("end of removed text")
    else:
        start, end = _("added:"), _("end of added text")
    hidden = '<span class="nhsuk-u-visually-hidden">{}</span>'
    return (
        f"<{tag}>{hidden.format(escape(str(start)) + ' ')}{escape(' '.join(words))}"
        f"{hidden.format(' ' + escape(str(end)))}</{tag}>"
    )


def word_diff(old: str, new: str) -> str:
    """HTML with <del> and <ins> marking words removed and added (escaped otherwise)."""
    old_words, new_words = _plain(old).split(" "), _plain(new).split(" ")
    out = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(" ".join(old_words[a1:a2])))
            continue
        if op in ("delete", "replace"):
            out.append(_marked("del", old_words[a1:a2]))
        if op in ("insert", "replace"):
            out.append(_marked("ins", new_words[b1:b2]))
    return " ".join(part for part in out if part).replace("\n", "<br>")


def changes_between(old: DraftVersion, new: DraftVersion) -> list[dict]:
    """Per section, in the new version's order plus removed ones: what changed."""
    old_by_id = {s["id"]: s for s in old.sections}
    rows = []
    for number, section in enumerate(new.sections, start=1):
        before = old_by_id.pop(section["id"], None)
        if before is None:
            state = "added"
            diff = word_diff("", section["body"])
        elif before["heading"] == section["heading"] and before["body"] == section["body"]:
            state, diff = "unchanged", ""
        else:
            state = "changed"
            diff = word_diff(before["body"], section["body"])
        rows.append(
            {
                "number": number,
                "heading": section["heading"],
                "old_heading": before["heading"] if before else "",
                "state": state,
                "diff": diff,
            }
        )
    for removed in old_by_id.values():
        rows.append(
            {
                "number": None,
                "heading": removed["heading"],
                "old_heading": removed["heading"],
                "state": "removed",
                "diff": word_diff(removed["body"], ""),
            }
        )
    return rows


def comment_hash(version: DraftVersion, section_id: str, text: str) -> str:
    normalised = " ".join(text.split()).casefold()
    return hashlib.sha256(f"{version.pk}:{section_id}:{normalised}".encode()).hexdigest()


def is_duplicate(version: DraftVersion, fingerprint: str, sent_before=()) -> bool:
    """The same comment sent moments ago from this browser (``sent_before``: the
    fingerprints of the comments it sent, kept in its session). Two people making
    the same comment are two comments."""
    if fingerprint not in sent_before:
        return False
    since = timezone.now() - timezone.timedelta(seconds=DUPLICATE_WINDOW_SECONDS)
    return DraftComment.objects.filter(
        version=version, content_hash=fingerprint, created_at__gte=since
    ).exists()

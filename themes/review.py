"""Starting suggestion runs, and an analyst's decisions on what they suggest.

Accepting a suggested theme makes a theme (or adds to an existing one of the same
name) and codes the suggestion's answers with it, marked "suggested" until a person
confirms them in the coding screen. Merging joins suggestions before accepting;
discarding sets one aside. Nothing is coded without an analyst's decision.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from portal.dispatch import send_after_commit
from themes import coding
from themes.models import Coding, SuggestedTheme, SuggestionRun, Theme, ThemeFrame


def start_run(frame: ThemeFrame, question_id: str, *, user=None, method: str = "") -> SuggestionRun:
    """Save a run for ``question_id`` and queue it after the commit (the row is saved
    first, so a dead broker leaves a run that can be started again)."""
    from themes.tasks import suggest_themes

    run = SuggestionRun.objects.create(
        frame=frame,
        question_id=question_id,
        question_label=coding.question_label(frame, question_id)[:500],
        requested_method=method,
        total=coding.answers_for(frame, question_id).count(),
        created_by=user,
    )
    send_after_commit(suggest_themes, run.pk)
    return run


def restart_run(run: SuggestionRun) -> None:
    """Queue a run again that never started, failed, or stalled (its worker died)."""
    from themes.tasks import suggest_themes

    if run.status in (SuggestionRun.Status.QUEUED, SuggestionRun.Status.FAILED) or run.is_stalled:
        SuggestionRun.objects.filter(pk=run.pk).update(
            status=SuggestionRun.Status.QUEUED, error="", progress=0
        )
        send_after_commit(suggest_themes, run.pk)


@transaction.atomic
def accept(
    suggestion: SuggestedTheme, *, user, name: str = "", parent: Theme | None = None
) -> Theme:
    """Make ``suggestion`` a theme (named ``name`` if given) and code its answers with it."""
    suggestion = SuggestedTheme.objects.select_for_update().get(pk=suggestion.pk)
    frame = suggestion.run.frame
    name = (name or suggestion.name).strip()[:120]
    theme = Theme.objects.filter(frame=frame, name=name).first()
    if theme is None:
        theme = Theme.objects.create(
            frame=frame,
            name=name,
            description=", ".join(suggestion.terms),
            parent=parent,
            colour=frame.next_colour(),
            sort_order=frame.themes.count(),
            origin=Theme.Origin.SUGGESTED,
        )
    coding.apply_theme(
        theme,
        answer_ids=suggestion.member_answer_ids,
        user=user,
        origin=Coding.Origin.SUGGESTED,
        suggestion=suggestion,
    )
    suggestion.name = name
    suggestion.status = SuggestedTheme.Status.ACCEPTED
    suggestion.theme = theme
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["name", "status", "theme", "decided_by", "decided_at"])
    return theme


@transaction.atomic
def merge(suggestions: list[SuggestedTheme], *, user, name: str = "") -> SuggestedTheme:
    """Join ``suggestions`` into the first (largest) one, still waiting for a decision."""
    if len(suggestions) < 2:
        raise ValueError("Choose two or more suggestions to merge.")
    ordered = sorted(suggestions, key=lambda s: -s.size)
    target, others = ordered[0], ordered[1:]
    members = list(dict.fromkeys([*target.member_answer_ids]))
    seen = set(members)
    representatives = list(target.representative_ids)
    terms = list(target.terms)
    for other in others:
        for pk in other.member_answer_ids:
            if pk not in seen:
                seen.add(pk)
                members.append(pk)
        representatives += other.representative_ids[:1]
        terms += [t for t in other.terms[:1] if t not in terms]
        other.status = SuggestedTheme.Status.MERGED
        other.merged_into = target
        other.decided_by = user
        other.decided_at = timezone.now()
        other.save(update_fields=["status", "merged_into", "decided_by", "decided_at"])
    target.member_answer_ids = members
    target.size = len(members)
    target.representative_ids = representatives[:5]
    target.terms = terms
    if name.strip():
        target.name = name.strip()[:120]
    target.save(update_fields=["member_answer_ids", "size", "representative_ids", "terms", "name"])
    return target


def discard(suggestion: SuggestedTheme, *, user) -> None:
    suggestion.status = SuggestedTheme.Status.DISCARDED
    suggestion.decided_by = user
    suggestion.decided_at = timezone.now()
    suggestion.save(update_fields=["status", "decided_by", "decided_at"])


def rename(suggestion: SuggestedTheme, name: str) -> None:
    if name.strip():
        suggestion.name = name.strip()[:120]
        suggestion.save(update_fields=["name"])


def forget_words(words) -> int:
    """Remove ``words`` (a person's names being erased) from suggested themes' names and
    distinctive terms, which are built from what people wrote; returns themes changed."""
    import re

    from themes import suggest

    words = {w.lower() for w in words if w}
    if not words:
        return 0
    pattern = re.compile(
        "|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in sorted(words, key=len, reverse=True)),
        re.IGNORECASE,
    )
    changed = 0
    for theme in SuggestedTheme.objects.all().only("pk", "name", "terms"):
        terms = [t for t in theme.terms or [] if not pattern.search(str(t))]
        if terms == (theme.terms or []) and not pattern.search(theme.name):
            continue
        automatic = theme.name == suggest.name_from_terms(theme.terms or [], theme.name)
        theme.name = (
            suggest.name_from_terms(terms, "[erased]")
            if automatic
            else pattern.sub("[erased]", theme.name)
        )
        theme.terms = terms
        theme.save(update_fields=["name", "terms"])
        changed += 1
    return changed

"""Theme frames, two-level themes, and the rules a coding row must follow."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from themes.models import Coding, Theme, ThemeFrame


def test_a_translation_shares_the_frame_of_its_source_page(consultation, polish_consultation):
    frame = ThemeFrame.for_page(polish_consultation)
    assert frame.page_id == consultation.pk
    assert ThemeFrame.for_page(consultation) == frame
    assert ThemeFrame.objects.count() == 1


def test_themes_go_two_levels_deep_at_most(frame, themes):
    with pytest.raises(ValidationError):
        Theme.objects.create(frame=frame, name="Blue badges", parent=themes["parking"])
    # A theme with sub-themes cannot itself move under another theme.
    transport = themes["transport"]
    transport.parent = themes["waits"]
    with pytest.raises(ValidationError):
        transport.save()


def test_a_parent_must_be_in_the_same_frame(frame, themes, consultation_index):
    from tests.consultations.factories import make_consultation

    other = ThemeFrame.for_page(make_consultation(consultation_index, slug="other"))
    with pytest.raises(ValidationError):
        Theme.objects.create(frame=other, name="Buses", parent=themes["transport"])


def test_a_coding_needs_exactly_one_of_answer_or_comment(themes, answer):
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(theme=themes["waits"])
    Coding.objects.create(theme=themes["waits"], answer=answer("The wait was long."))


def test_an_answer_is_coded_with_a_theme_once_per_pass(themes, answer):
    given = answer("Too far to travel.")
    Coding.objects.create(theme=themes["transport"], answer=given)
    with pytest.raises(IntegrityError), transaction.atomic():
        Coding.objects.create(theme=themes["transport"], answer=given)
    # The second analyst's check is a separate pass.
    Coding.objects.create(theme=themes["transport"], answer=given, pass_kind="check")
    assert Coding.objects.primary().count() == 1


def test_primary_counts_manual_codings_and_accepted_suggestions_not_checks(themes, answer):
    one, two = answer("Bus takes ages."), answer("No parking.")
    Coding.objects.create(theme=themes["transport"], answer=one)
    Coding.objects.create(theme=themes["parking"], answer=two, origin="suggested")
    Coding.objects.create(theme=themes["parking"], answer=one, pass_kind="check")
    assert Coding.objects.primary().count() == 2
    assert list(
        Coding.objects.primary().unconfirmed_suggestions().values_list("answer", flat=True)
    ) == [two.pk]


def test_a_frame_copied_to_another_consultation_keeps_its_tree(frame, themes, consultation_index):
    from tests.consultations.factories import make_consultation

    other_page = make_consultation(consultation_index, slug="next-year")
    copy = frame.copy_to(other_page)
    assert copy.copied_from == frame
    names = {(t.name, t.parent.name if t.parent else None) for t in copy.themes.all()}
    assert names == {("Transport", None), ("Parking", "Transport"), ("Waiting times", None)}
    assert set(frame.themes.values_list("pk", flat=True)).isdisjoint(
        copy.themes.values_list("pk", flat=True)
    )

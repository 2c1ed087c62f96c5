"""Factories for the Citizens' Panel tests."""

from __future__ import annotations

import factory
from django.utils import timezone

from citizens_panel.models import Member


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    status = Member.Status.ACTIVE
    name = factory.Sequence(lambda n: f"Member {n}")
    email = factory.Sequence(lambda n: f"member{n}@example.org")
    postcode = "TW3 1AA"
    age_band = "45-54"
    sex = "female"
    ethnic_group = "white_british"
    ways_to_take_part = factory.LazyFunction(lambda: ["online"])
    consent_wording = "I agree."
    consented_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)


def make_members(count: int, **fields) -> list[Member]:
    """Many members at once, with bulk_create."""
    members = [MemberFactory.build(**fields) for _ in range(count)]
    return Member.objects.bulk_create(members)

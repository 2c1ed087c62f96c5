"""Build the demo consultations (see package docstring)."""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from consultations import equality
from consultations.answers import rows_for
from consultations.models import (
    Answer,
    ConsultationIndexPage,
    ConsultationPage,
    DraftComment,
    DraftVersion,
    EqualityMonitoring,
    FeedbackPage,
    OutcomeIndexPage,
    PolicyDraftPage,
    Response,
    YouSaidWeDidPage,
)
from portal.demo.localize import translate_tree
from portal.models import Area, Topic

from . import documents, home_links, policies, surveys
from .seeded_text import IMPROVE

SEEDED_RESPONSES = 400
SEED = 2026


def _child(parent, model, slug, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific, False
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    return page, True


def _file(page, area_slugs=None, topic_slugs=()):
    areas = Area.objects.all() if area_slugs is None else Area.objects.filter(slug__in=area_slugs)
    page.areas.set(areas)
    page.topics.set(Topic.objects.filter(slug__in=topic_slugs, locale=page.locale))
    page.save_revision().publish()


def _seed_responses(page, rng, stdout):
    if page.responses.exists():
        stdout.write(f"      {page.title}: {page.responses.count()} responses already there")
        return
    definition = page.survey_definition
    by_ref = {q.reference: q for q in definition.questions if q.reference}
    areas = list(Area.objects.all())
    languages = ["en"] * 6 + ["pl", "pl", "ar", "bn", "pt"]
    channels = [Response.Channel.ONLINE] * 8 + [
        Response.Channel.PAPER,
        Response.Channel.PHONE,
        Response.Channel.EVENT,
    ]
    closes = page.closes_at
    responses = []
    for _ in range(SEEDED_RESPONSES):
        submitted = closes - timedelta(minutes=rng.randint(60, 60 * 24 * 55))
        organisation = rng.random() < 0.05
        responses.append(
            Response(
                consultation=page,
                language=rng.choice(languages),
                channel=rng.choice(channels),
                status=Response.Status.SUBMITTED,
                respondent_type=(
                    Response.RespondentType.ORGANISATION
                    if organisation
                    else Response.RespondentType.INDIVIDUAL
                ),
                organisation_name=(
                    rng.choice(["Healthwatch Ealing", "Harrow Carers", "Brent Patient Voice"])
                    if organisation
                    else ""
                ),
                organisation_size=rng.choice([40, 250, 1200]) if organisation else None,
                area=rng.choice(areas) if areas else None,
                created_at=submitted - timedelta(minutes=12),
                submitted_at=submitted,
            )
        )
    # Unique references come from the model default; make sure each got one.
    Response.objects.bulk_create(responses, batch_size=500)
    saved = list(page.responses.order_by("pk"))
    answers, equality_rows = [], []
    booking, easy = by_ref["booking"], by_ref["easy-access"]
    improve = by_ref["improve"]
    for response in saved:
        values = {
            booking.id: rng.choices([o.id for o in booking.options], weights=[50, 25, 10, 15])[0],
            easy.id: rng.choices([5, 4, 3, 2, 1, 0], weights=[8, 17, 15, 30, 25, 5])[0],
        }
        if rng.random() < 0.7:
            values[improve.id] = rng.choice(IMPROVE.get(response.language, IMPROVE["en"]))
        for question in (booking, easy, improve):
            for row in rows_for(question, values.get(question.id)):
                row.response = response
                answers.append(row)
        if rng.random() < 0.6:
            equality_rows.append(
                EqualityMonitoring(
                    response=response,
                    age_band=rng.choices(
                        [key for key, _ in equality.AGE_BANDS[1:-1]],
                        weights=[6, 12, 15, 17, 18, 17, 15],
                    )[0],
                    sex=rng.choices(["female", "male", "prefer_not_to_say"], weights=[60, 37, 3])[
                        0
                    ],
                    ethnicity=rng.choice([key for key, _ in equality.ETHNIC_GROUPS[:-1]]),
                )
            )
    Answer.objects.bulk_create(answers, batch_size=2000)
    EqualityMonitoring.objects.bulk_create(equality_rows, batch_size=2000)
    Response.objects.filter(consultation=page, content_hash="").update(content_hash="seeded")
    stdout.write(f"      {page.title}: seeded {len(saved)} responses, {len(answers)} answers")


def _section_stream(texts):
    return [
        {"type": "section", "value": {"heading": heading, "body": f"<p>{body}</p>"}}
        for heading, body in texts
    ]


def _policy_drafts(index, now, stdout):
    created_count = 0
    for slug, title, subject in policies.POLICIES:
        draft, created = _child(
            index,
            PolicyDraftPage,
            slug,
            title=f"Draft policy: {title}",
            intro=(
                f"A draft London-wide commissioning policy on {subject}, shared for a "
                "sense check before it is finalised. Comment on any section."
            ),
            version_label="1",
            sections=_section_stream(policies.sections(subject)),
            comments_open_at=now - timedelta(days=10),
            comments_close_at=now + timedelta(days=35),
            moderation=PolicyDraftPage.Moderation.PRE,
        )
        if not created:
            continue
        created_count += 1
        version_one = DraftVersion.objects.get(page=draft, number=1)
        section_ids = [s["id"] for s in version_one.sections]
        for n, (kind, organisation, text) in enumerate(policies.COMMENTS):
            DraftComment.objects.create(
                version=version_one,
                section_id=section_ids[n % len(section_ids)] if n % 3 else "",
                text=text,
                respondent_type=kind,
                organisation_name=organisation,
                status=DraftComment.Status.APPROVED,
                created_at=now - timedelta(days=9 - n),
            )
        DraftComment.objects.create(
            version=version_one,
            section_id=section_ids[0],
            text="Waiting for moderation: a comment staff have not checked yet.",
            status=DraftComment.Status.PENDING,
        )
        if slug in policies.SECOND_VERSION:
            raw = list(draft.sections.raw_data)
            raw[2]["value"]["body"] = f"<p>{policies.SECOND_VERSION_CHANGE}</p>"
            draft.sections = raw
            draft.version_label = "2"
            draft.save_revision().publish()
    stdout.write(f"      policy drafts: {created_count} created, with comments")


def _outcome(home, gp, now, stdout):
    outcomes, _ = _child(
        home,
        OutcomeIndexPage,
        "you-said-we-did",
        title="You said, we did",
        intro="What we changed because of what people told us.",
    )
    page, created = _child(
        outcomes,
        YouSaidWeDidPage,
        "gp-access",
        title="Improving access to GP appointments: what we did",
        intro="Thank you to everyone who told us about getting a GP appointment.",
        consultation=gp,
        decision_body="Primary Care Commissioning Committee",
        decision_date=(now - timedelta(days=20)).date(),
        items=[
            {
                "type": "item",
                "value": {
                    "you_said": "The phone line is always busy at 8am.",
                    "we_did": "Practices are moving to phone systems that offer a call-back.",
                    "status": "in_progress",
                    "reason": "",
                    "theme": "Booking by phone",
                },
            },
            {
                "type": "item",
                "value": {
                    "you_said": "Let me book online.",
                    "we_did": "Every practice now offers online booking for routine appointments.",
                    "status": "done",
                    "reason": "",
                    "theme": "Online booking",
                },
            },
            {
                "type": "item",
                "value": {
                    "you_said": "Open every practice on Sundays.",
                    "we_did": "We did not do this.",
                    "status": "not_taken_forward",
                    "reason": (
                        "Evening and weekend appointments are offered by hubs in every "
                        "borough instead, which uses staff more safely."
                    ),
                    "theme": "Opening hours",
                },
            },
        ],
    )
    if created:
        page.areas.set(gp.areas.all())
        page.save_revision().publish()
    stdout.write(f"      you said, we did: {'created' if created else 'already there'}")
    return outcomes


@transaction.atomic
def load_demo(stdout):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        stdout.write("      no default site: run the portal demo steps first")
        return
    home = site.root_page.specific
    now = timezone.now().replace(second=0, microsecond=0)
    index, _ = _child(
        home,
        ConsultationIndexPage,
        "consultations",
        title="Consultations and surveys",
        intro="Have your say on our plans for health services in North West London.",
    )

    merger, created = _child(
        index,
        ConsultationPage,
        "single-commissioner",
        title="A single commissioning organisation for North West London",
        intro=(
            "We are asking for your views on merging the eight clinical commissioning groups "
            "in North West London into one organisation."
        ),
        opens_at=now - timedelta(days=20),
        closes_at=now + timedelta(days=40),
        survey=surveys.single_commissioner_survey(),
        other_ways_to_respond=(
            "<p>You can also respond by post to the Engagement Team, or ask for a paper copy, "
            "Easy Read or large print version by emailing engagement@example.nhs.uk.</p>"
        ),
        privacy_notice=(
            "<p>We use your answers to understand what people think of the proposal. Your "
            "contact details are kept separately and deleted 12 months after the consultation "
            "closes.</p>"
        ),
        confirmation_text=(
            "<p>When the consultation closes we will read every response, publish a summary "
            "of what we heard, and explain what we decided and why.</p>"
        ),
    )
    if created:
        _file(merger, None, ["primary-care", "community-services"])
        documents.add_to(merger)
        home_links.link_survey(home, merger)

    young, created = _child(
        index,
        ConsultationPage,
        "young-peoples-health",
        title="Children and young people's health survey (ages 13 to 24)",
        intro="Tell us what helps you stay healthy and what gets in the way.",
        opens_at=now - timedelta(days=5),
        closes_at=now + timedelta(days=60),
        survey=surveys.young_people_survey(),
    )
    if created:
        _file(young, None, ["children-and-young-people", "mental-health"])

    gp, created = _child(
        index,
        ConsultationPage,
        "gp-access",
        title="Improving access to GP appointments",
        intro="Tell us how easy it is to get a GP appointment, and what would make it better.",
        opens_at=now - timedelta(days=120),
        closes_at=now - timedelta(days=60),
        survey=surveys.gp_access_survey(),
    )
    if created:
        _file(gp, None, ["primary-care"])

    _child(
        index,
        FeedbackPage,
        "share-your-feedback",
        title="Share your feedback about a service",
        intro=(
            "Tell us about your experience of a local NHS service at any time. We read "
            "everything and pass it to the people who run the service."
        ),
        survey=surveys.feedback_survey(),
    )

    _seed_responses(gp, random.Random(SEED), stdout)  # noqa: S311 - demo data, not secrets
    _policy_drafts(index, now, stdout)
    outcomes = _outcome(home, gp, now, stdout)
    # Every page in every language where the home page is translated (portal.demo).
    counts = {"created": 0, "updated": 0}
    for top in (index, outcomes):
        for status, number in translate_tree(top).items():
            counts[status] = counts.get(status, 0) + number
    stdout.write(
        f"      translations: {counts['created']} pages published, "
        f"{counts['updated']} brought up to date"
    )
    stdout.write(
        f"      consultations: {ConsultationPage.objects.filter(locale=home.locale).count()} "
        f"(open: {merger.url}, closed with responses: {gp.url})"
    )

"""Demo Citizens' Panel: a few thousand synthetic members, a panel survey, a drawn sample.

The members are made up (seeded, so every run gives the same panel) and are
deliberately *not* like the population: older, whiter and more often women, as
volunteer panels tend to be, so the representativeness dashboard shows real gaps
and recruitment targets. Idempotent: does nothing if the demo panel exists.
"""

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from citizens_panel import benchmarks, choices, invitations, sampling
from citizens_panel.models import Member, PanelSurveyPage, Sample
from consultations.answers import rows_for
from consultations.demo import surveys
from consultations.models import Answer, Response
from portal.models import Area

SEED = 2021
MEMBERS = 3000
DEMO_DOMAIN = "panel.example.org"
# How much more (or less) likely each group is to have joined than the population.
AGE_SKEW = {
    "16-24": 0.35,
    "25-34": 0.55,
    "35-44": 0.8,
    "45-54": 1.0,
    "55-64": 1.5,
    "65-74": 2.2,
    "75+": 1.6,
}
SEX_SKEW = {"female": 1.6, "male": 1.0}
ETHNIC_SKEW = {"white": 1.9, "asian": 0.8, "black": 0.6, "mixed": 0.9, "other": 0.6}
# Postcode districts where most postcodes lie in each borough (OS Code-Point Open, see
# consultations/data/postcode_districts_nwl.SOURCE.md), so postcodes.area_for agrees.
DISTRICTS = {
    "E09000005": ["HA9", "NW10", "NW2"],
    "E09000009": ["W5", "W13", "UB1"],
    "E09000013": ["W6", "W12", "SW6"],
    "E09000015": ["HA1", "HA2", "HA3"],
    "E09000017": ["UB8", "UB10", "HA4"],
    "E09000018": ["TW3", "TW4", "TW5"],
    "E09000020": ["W8", "W10", "SW3"],
    "E09000033": ["W1U", "SW1V", "W2"],
}
WAYS = [key for key, _label in choices.WAYS_TO_TAKE_PART]


def _pick(rng, weights: dict) -> str:
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def _maybe(rng, value, unknown=0.04):
    return choices.PREFER_NOT_TO_SAY[0] if rng.random() < unknown else value


def _members(rng, areas, population) -> list[Member]:
    sizes = {a.ons_code: sum(population[a.ons_code]["age_band"].values()) for a in areas}
    area_by_code = {a.ons_code: a for a in areas}
    now = timezone.now()
    members = []
    for number in range(MEMBERS):
        code = _pick(rng, sizes)
        counts = population[code]
        age = _pick(rng, {k: v * AGE_SKEW[k] for k, v in counts["age_band"].items()})
        sex = _pick(rng, {k: v * SEX_SKEW[k] for k, v in counts["sex"].items()})
        group = _pick(rng, {k: v * ETHNIC_SKEW[k] for k, v in counts["ethnic_group"].items()})
        detailed = _pick(
            rng,
            {
                k: v
                for k, v in counts.get("ethnic_group_detailed", {}).items()
                if k.startswith(f"{group}_")
            }
            or {f"{group}_other": 1},
        )
        joined = now - timedelta(days=rng.randint(1, 700))
        members.append(
            Member(
                status=Member.Status.PAUSED if rng.random() < 0.03 else Member.Status.ACTIVE,
                channel=Member.Channel.ONLINE if rng.random() < 0.8 else Member.Channel.OFFLINE,
                name=f"Demo member {number + 1}",
                email=f"member{number + 1}@{DEMO_DOMAIN}",
                postcode=f"{rng.choice(DISTRICTS.get(code, ['W2']))} {rng.randint(1, 9)}"
                f"{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
                area=area_by_code[code],
                age_band=_maybe(rng, age),
                sex=_maybe(rng, sex, 0.02),
                ethnic_group=_maybe(rng, detailed),
                disability=_maybe(
                    rng, rng.choices(["no", "yes_a_little", "yes_a_lot"], [75, 15, 10])[0]
                ),
                carer=_maybe(
                    rng, rng.choices(["no", "yes_under_20", "yes_20_or_more"], [80, 13, 7])[0]
                ),
                ways_to_take_part=sorted(rng.sample(WAYS, rng.randint(1, 3))),
                consent_wording=str(choices.CONSENT_WORDING),
                consented_at=joined,
                created_at=joined,
                confirmed_at=joined + timedelta(hours=2),
            )
        )
    return members


def _survey(home, now):
    page = PanelSurveyPage.objects.filter(slug="panel-gp-access").first()
    if page is not None:
        return page
    page = PanelSurveyPage(
        title="Citizens' Panel: getting a GP appointment",
        slug="panel-gp-access",
        intro="A short survey for invited Citizens' Panel members about booking GP appointments.",
        opens_at=now - timedelta(days=14),
        closes_at=now + timedelta(days=21),
        survey=surveys.gp_access_survey(),
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _responses(rng, page, sample, now):
    definition = page.survey_definition
    booking = next(q for q in definition.questions if q.reference == "booking")
    easy = next(q for q in definition.questions if q.reference == "easy-access")
    answers = []
    invited = list(sample.invitations.select_related("member").order_by("pk"))
    for invitation in invited:
        # Older members answer more often, which the response-rate table then shows.
        chance = 0.25 + 0.06 * AGE_SKEW.get(invitation.member.age_band, 1.0) * 2
        if rng.random() > chance:
            continue
        submitted = now - timedelta(hours=rng.randint(1, 24 * 10))
        response = Response.objects.create(
            consultation=page,
            status=Response.Status.SUBMITTED,
            area=invitation.member.area,
            created_at=submitted - timedelta(minutes=9),
            submitted_at=submitted,
            content_hash="seeded",
        )
        invitation.response = response
        invitation.used_at = submitted - timedelta(minutes=10)
        invitation.save(update_fields=["response", "used_at"])
        values = {
            booking.id: rng.choices([o.id for o in booking.options], weights=[50, 25, 10, 15])[0],
            easy.id: rng.choices([5, 4, 3, 2, 1, 0], weights=[8, 17, 15, 30, 25, 5])[0],
        }
        for question in (booking, easy):
            for row in rows_for(question, values[question.id]):
                row.response = response
                answers.append(row)
    Answer.objects.bulk_create(answers, batch_size=2000)


def load_demo(stdout):
    loaded = benchmarks.load_default()
    stdout.write(f"      population benchmarks: {loaded.rows} Census 2021 figures")
    if Member.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").exists():
        stdout.write("      demo panel already there")
        return
    site = Site.objects.filter(is_default_site=True).first()
    areas = [a for a in Area.objects.exclude(ons_code="") if a.ons_code in DISTRICTS]
    if site is None or not areas:
        stdout.write("      no site or areas: run the portal demo steps first")
        return
    rng = random.Random(SEED)  # noqa: S311 - synthetic demo data
    population = benchmarks.population_counts(a.ons_code for a in areas)
    now = timezone.now().replace(second=0, microsecond=0)
    with transaction.atomic():
        Member.objects.bulk_create(_members(rng, areas, population), batch_size=1000)
        page = _survey(site.root_page.specific, now)
        draw = sampling.draw_stratified(400, ["area", "age_band"], seed=SEED)
        sample = invitations.create_sample(page, draw, method=Sample.Method.STRATIFIED)
        sent = now - timedelta(days=10)
        sample.invitations.update(sent_at=sent)
        Sample.objects.filter(pk=sample.pk).update(sent_at=sent)
        _responses(rng, page, sample, now)
    responded = sample.invitations.responded().count()
    stdout.write(
        f"      panel: {MEMBERS} synthetic members; sample of {draw.drawn} invited "
        f"(shortfall {draw.shortfall}), {responded} responses"
    )

"""Demo events from the engagement record: four focus groups (carers, parents, young
women, head teachers), the parents' one full with a waiting list; the governing body
meeting in public; and a past stakeholder workshop with its attendance recorded.

Idempotent: does nothing when the events page exists. People are made up.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from wagtail.models import Site

from consultations.models import ConsultationPage
from events import signups
from events.choices import CONSENT_WORDING, Audience, EventType, Format
from events.models import EventIndexPage, EventPage, EventSignup
from portal.demo.localize import translate_tree
from portal.models import Area

LONDON = ZoneInfo("Europe/London")
SLUG = "events"
DEMO_DOMAIN = "events.example.org"
STEP_FREE = (
    "Step-free entrance from the car park, accessible toilet on the same floor, hearing loop "
    "in the meeting room. Nearest station is step-free."
)

EVENTS = [
    {
        "slug": "carers-focus-group",
        "title": "Focus group: unpaid carers",
        "event_type": EventType.FOCUS_GROUP,
        "intro": "Tell us how the proposed single commissioner could make things easier for "
        "people who look after a family member or friend.",
        "days": 9,
        "hour": 11,
        "area": "harrow",
        "venue_name": "Harrow Carers Centre",
        "venue_address": "376 Station Road\nHarrow\nHA1 2DE",
        "capacity": 12,
        "signed_up": 7,
        "languages": "In English, with Gujarati and Tamil interpreters. Tell us if you need "
        "another language.",
    },
    {
        "slug": "parents-focus-group",
        "title": "Focus group: parents of young children",
        "event_type": EventType.FOCUS_GROUP,
        "intro": "What matters to parents about children's health services across North West "
        "London? Creche provided.",
        "days": 12,
        "hour": 10,
        "area": "brent",
        "venue_name": "Willesden Green Library",
        "venue_address": "95 High Road\nLondon\nNW10 2SF",
        "capacity": 10,
        "signed_up": 14,  # full, with 4 on the waiting list
        "languages": "In English, with Somali and Arabic interpreters.",
    },
    {
        "slug": "young-women-focus-group",
        "title": "Focus group: young women aged 16 to 24",
        "event_type": EventType.FOCUS_GROUP,
        "intro": "An online conversation about sexual health, mental health and GP services, "
        "run with a youth charity.",
        "days": 15,
        "hour": 18,
        "area": None,
        "format": Format.ONLINE,
        "online_link": "https://meet.example.org/nwl-young-women",
        "capacity": 15,
        "signed_up": 6,
        "audience": Audience.PANEL,
        "languages": "In English. Live captions are on.",
    },
    {
        "slug": "head-teachers-focus-group",
        "title": "Focus group: head teachers",
        "event_type": EventType.FOCUS_GROUP,
        "intro": "How health services and schools can work together for children's health and "
        "wellbeing.",
        "days": 20,
        "hour": 16,
        "area": "ealing",
        "venue_name": "Ealing Town Hall",
        "venue_address": "New Broadway\nLondon\nW5 2BY",
        "capacity": 8,
        "signed_up": 3,
        "audience": Audience.INVITE,
        "languages": "In English.",
    },
    {
        "slug": "governing-body-meeting-in-public",
        "title": "Governing body meeting in public (Hounslow)",
        "event_type": EventType.PUBLIC_MEETING,
        "intro": "The governing body meets in public, in a different borough each time. "
        "Members of the public may attend and ask questions submitted in advance.",
        "days": 27,
        "hour": 14,
        "area": "hounslow",
        "venue_name": "Hounslow House",
        "venue_address": "7 Bath Road\nHounslow\nTW3 3EB",
        "capacity": 60,
        "signed_up": 11,
        "languages": "In English. A BSL interpreter is booked.",
    },
    {
        "slug": "stakeholder-prioritisation-workshop",
        "title": "Stakeholder workshop: setting priorities",
        "event_type": EventType.WORKSHOP,
        "intro": "Patients, carers, voluntary groups and clinicians ranked what a single "
        "commissioner should do first, in a prioritisation exercise.",
        "days": -10,
        "hour": 13,
        "area": "hammersmith-and-fulham",
        "venue_name": "Hammersmith Town Hall",
        "venue_address": "King Street\nLondon\nW6 9JU",
        "capacity": 30,
        "signed_up": 26,
        "languages": "In English, with Polish and Arabic interpreters.",
    },
]
FIRST = ["Amina", "Ben", "Chloe", "Dev", "Ewa", "Farah", "Grace", "Hassan", "Ivy", "Jon"]
LAST = ["Ali", "Brown", "Costa", "Das", "Evans", "Farouk", "Gill", "Hughes", "Ionescu", "Jones"]
NEEDS = [[], [], [], ["step_free"], ["hearing_loop"], ["language"], ["dietary"], ["bsl"]]


def _moment(days: int, hour: int) -> datetime:
    day = (timezone.localtime(timezone.now(), LONDON) + timedelta(days=days)).date()
    return datetime.combine(day, time(hour, 0), tzinfo=LONDON)


def _people(event: EventPage, count: int, starts: datetime) -> None:
    """Sign-ups written directly (no emails go out from the demo), in arrival order."""
    rows = []
    for number in range(count):
        first, last = FIRST[number % 10], LAST[(number * 3 + event.pk) % 10]
        needs = NEEDS[number % len(NEEDS)]
        details = {"language": "Arabic", "dietary": "Halal"}.get(needs[0], "") if needs else ""
        signed_up = starts - timedelta(days=20) + timedelta(hours=number * 5)
        status = (
            EventSignup.Status.CONFIRMED if number < event.capacity else EventSignup.Status.WAITING
        )
        rows.append(
            EventSignup(
                event=event,
                sequence=number + 1,
                status=status,
                notified_status=status,  # as if their emails went out
                name=f"{first} {last}",
                email=f"{first.lower()}.{last.lower()}.{number}@{DEMO_DOMAIN}",
                access_needs=needs,
                access_details=details,
                consent_wording=str(CONSENT_WORDING),
                consented_at=signed_up,
                created_at=signed_up,
            )
        )
    EventSignup.objects.bulk_create(rows)


def _event(index, spec, consultation, areas):
    starts = _moment(spec["days"], spec["hour"])
    page = EventPage(
        slug=spec["slug"],
        title=spec["title"],
        event_type=spec["event_type"],
        intro=spec["intro"],
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        format=spec.get("format", Format.IN_PERSON),
        venue_name=spec.get("venue_name", ""),
        venue_address=spec.get("venue_address", ""),
        venue_accessibility="" if spec.get("format") == Format.ONLINE else STEP_FREE,
        online_link=spec.get("online_link", ""),
        area=areas.get(spec["area"]),
        capacity=spec["capacity"],
        audience=spec.get("audience", Audience.OPEN),
        languages=spec["languages"],
        related_consultation=consultation,
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def load_demo(stdout):
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        stdout.write("      no default site: run the portal demo steps first")
        return
    home = site.root_page.specific
    if home.get_children().filter(slug=SLUG).exists():
        stdout.write("      demo events already there")
        return
    consultation = ConsultationPage.objects.filter(slug="single-commissioner").first()
    areas = {area.slug: area for area in Area.objects.all()}
    with transaction.atomic():
        index = EventIndexPage(
            slug=SLUG,
            title="Events and focus groups",
            intro="Come and talk to us in person or online. Places are free; we pay travel "
            "and care costs for focus groups.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        for spec in EVENTS:
            event = _event(index, spec, consultation, areas)
            _people(event, spec["signed_up"], event.starts_at)
            if spec["days"] < 0:
                marks = {
                    pk: ("no_show" if number % 6 == 5 else "attended")
                    for number, pk in enumerate(
                        event.signups.confirmed().values_list("pk", flat=True)
                    )
                }
                signups.record_attendance(event, marks)
        # Into every language the home page is in (texts in portal/demo/strings/).
        translated = translate_tree(index)["created"]
    waiting = EventSignup.objects.filter(event__slug="parents-focus-group").waiting().count()
    stdout.write(
        f"      events: {len(EVENTS)} events, {EventSignup.objects.count()} sign-ups "
        f"({waiting} waiting for the parents' focus group); {translated} translated pages"
    )

"""Synthetic submissions for load testing and demos: seeded, skewed like real data.

    manage.py generate_responses [--responses 10000] [--seed 1] [--consultation <page id>]
                                 [--days 90] [--batch 5000]

Bulk-inserts responses with free-text answers of one to four sentences in ten
languages to every open consultation's free-text questions (or the one given).
Real data is skewed, and so is this: most people answer in English and online, a
few boroughs, a few common complaints and the first and last weeks of a consultation
dominate, most answers are short, many leave free text blank, a few responses are
unfinished drafts or withdrawn. Sentences are made from templates with places,
services, groups of people and durations filled in, so the vocabulary is wide like
real answers rather than a handful of fixed sentences. The same seed always gives
the same rows.

Rows are inserted without signals (bulk inserts; on PostgreSQL the answers go in
with COPY): run ``manage.py reindex_submissions`` afterwards (the search sweeper
would also pick them up).
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Answer, ConsultationPage, Response
from portal.models import Area

BATCH = 5000

SLOTS = {
    "en": {
        "service": [
            "GP surgery",
            "walk-in centre",
            "pharmacy",
            "A&E",
            "hospital",
            "dentist",
            "mental health team",
            "district nurse",
            "physiotherapy clinic",
            "maternity unit",
            "urgent treatment centre",
            "community clinic",
        ],
        "place": [
            "Northwick Park",
            "St Mary's",
            "Ealing Hospital",
            "Hillingdon Hospital",
            "Charing Cross",
            "West Middlesex",
            "Central Middlesex",
            "Alexandra Avenue",
            "Hammersmith",
            "Harrow town centre",
        ],
        "group": [
            "older people",
            "carers",
            "young people",
            "people who work shifts",
            "disabled people",
            "parents of small children",
            "people who do not speak English",
            "homeless people",
            "people with learning disabilities",
        ],
        "time": ["two weeks", "three weeks", "a month", "six weeks", "two months", "ten days"],
    },
}
TEMPLATES = {
    "en": [
        "I could not get an appointment at my {service} for {time}.",
        "The bus to {place} takes over an hour.",
        "Please keep the {service} open at weekends.",
        "My mother needs an interpreter at every appointment.",
        "Parking at {place} is expensive and there is never a space.",
        "Staff at the {service} were kind but the wait was very long.",
        "I would like to see the same doctor each time.",
        "Information about the changes was hard to find.",
        "Merging the boards should not mean losing local decisions.",
        "Mental health services for {group} need more money.",
        "The {service} closes too early for people who work shifts.",
        "Online booking is fine for me but not for {group}.",
        "Carers are never asked what they think.",
        "Waiting lists for knee operations are far too long.",
        "Nobody answers the phone at the {service} in the morning.",
        "I waited {time} for test results from {place}.",
        "Moving services to {place} would be a disaster for {group}.",
        "The consultation documents should be available in easy read.",
        "Why was the {service} in my area closed without asking us?",
        "Please think about {group} before making these decisions.",
        "Transport to {place} is impossible without a car.",
        "The receptionist at the {service} was rude and unhelpful.",
        "I support one commissioning body if the money stays local.",
        "Community pharmacies could do much more than they do now.",
        "Discharge from {place} took all day and nobody explained why.",
        "My son waited {time} to be seen by the mental health team.",
        "Video appointments saved me a long journey.",
        "There are not enough dentists taking NHS patients.",
        "Interpreting services at {place} are often cancelled at short notice.",
        "I am worried that the merger will mean cuts.",
    ],
    "pl": [
        "Na wizytę u lekarza czekałam trzy tygodnie.",
        "Potrzebuję tłumacza podczas każdej wizyty.",
        "Autobus do szpitala jedzie ponad godzinę.",
        "Proszę nie zamykać przychodni w weekendy.",
        "Informacje o zmianach były trudne do znalezienia.",
        "Rejestracja telefoniczna w przychodni nigdy nie odpowiada.",
        "Moja matka nie rozumie listów ze szpitala.",
        "Kolejki do specjalistów są za długie.",
    ],
    "pt": [
        "As consultas no hospital demoram muito.",
        "Preciso de um intérprete em todas as consultas.",
        "O centro de saúde devia abrir ao fim de semana.",
        "Esperei três semanas por uma consulta com o médico de família.",
        "A farmácia fecha muito cedo.",
        "Ninguém atende o telefone no centro de saúde.",
    ],
    "es": [
        "La espera para ver al médico es demasiado larga.",
        "Necesito un intérprete en cada cita.",
        "El autobús al hospital tarda más de una hora.",
        "Las citas por internet no funcionan para las personas mayores.",
        "La farmacia cierra demasiado temprano.",
    ],
    "ro": [
        "Am așteptat trei săptămâni pentru o programare la medic.",
        "Am nevoie de un interpret la fiecare programare.",
        "Informațiile despre schimbări au fost greu de găsit.",
        "Nimeni nu răspunde la telefon la cabinetul medicului de familie.",
        "Spitalul este prea departe de casa mea.",
    ],
    "ar": [
        "انتظرت ثلاثة أسابيع لموعد مع الطبيب.",
        "أحتاج إلى مترجم في كل موعد.",
        "المستشفى بعيد جدا عن منزلي.",
        "الصيدلية تغلق مبكرا جدا.",
    ],
    "ur": [
        "مجھے ڈاکٹر سے ملنے کے لیے تین ہفتے انتظار کرنا پڑا۔",
        "مجھے ہر ملاقات پر مترجم کی ضرورت ہوتی ہے۔",
        "ہسپتال تک بس میں ایک گھنٹے سے زیادہ لگتا ہے۔",
    ],
    "so": [
        "Waxaan sugayay saddex toddobaad si aan u arko dhakhtarka.",
        "Waxaan u baahanahay turjumaan ballan kasta.",
        "Isbitaalka aad ayuu uga fog yahay gurigayga.",
    ],
    "bn": [
        "ডাক্তারের অ্যাপয়েন্টমেন্টের জন্য তিন সপ্তাহ অপেক্ষা করেছি।",
        "প্রতিটি অ্যাপয়েন্টমেন্টে আমার একজন দোভাষী দরকার।",
    ],
    "gu": [
        "ડૉક્ટરની મુલાકાત માટે મેં ત્રણ અઠવાડિયા રાહ જોઈ.",
        "મને દરેક મુલાકાતમાં દુભાષિયાની જરૂર છે.",
    ],
}
LANGUAGE_WEIGHTS = {
    "en": 80,
    "pl": 6,
    "pt": 3,
    "ro": 3,
    "es": 2,
    "ar": 2,
    "ur": 1.5,
    "so": 1.5,
    "bn": 0.5,
    "gu": 0.5,
}
CHANNEL_WEIGHTS = {"online": 85, "paper": 6, "email": 4, "event": 3, "phone": 1, "post": 1}
STATUS_WEIGHTS = {"submitted": 95, "draft": 4, "withdrawn": 1}
ORGANISATIONS = [
    "Healthwatch Brent",
    "Healthwatch Harrow",
    "Age UK Harrow",
    "Mind in Ealing",
    "Carers Network",
    "Hounslow Parents Forum",
    "Somali Community Association",
    "Polish Social and Cultural Association",
]


def _zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


class Command(BaseCommand):
    help = "Insert seeded synthetic responses with free-text answers (load tests, demos)."

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--consultation", type=int, help="Id of one consultation page.")
        parser.add_argument("--days", type=int, default=90, help="Spread over this many days.")
        parser.add_argument("--batch", type=int, default=BATCH, help="Rows per transaction.")

    def handle(self, *args, responses, seed, consultation, days, batch, **options):
        rng = random.Random(seed)
        targets = self._targets(consultation)
        areas = list(Area.objects.order_by("pk").values_list("pk", flat=True)) or [None]
        area_weights = _zipf_weights(len(areas))
        page_weights = _zipf_weights(len(targets))
        languages, language_weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
        channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        statuses, status_weights = zip(*STATUS_WEIGHTS.items(), strict=True)
        template_weights = {code: _zipf_weights(len(t)) for code, t in TEMPLATES.items()}
        now = timezone.now()
        # References are unique: random ones collide now and then in a million rows, so
        # number them after whatever is already there ("G-" marks generated data).
        first = (Response.objects.aggregate(last=Max("pk"))["last"] or 0) + 1
        made = 0
        while made < responses:
            size = min(batch, responses - made)
            rows = []
            for _i in range(size):
                page_id, questions = rng.choices(targets, page_weights)[0]
                is_org = rng.random() < 0.03
                status = rng.choices(statuses, status_weights)[0]
                submitted = now - timedelta(seconds=self._age(rng, days))
                language = rng.choices(languages, language_weights)[0]
                rows.append(
                    (
                        Response(
                            consultation_id=page_id,
                            language=language,
                            channel=rng.choices(channels, channel_weights)[0],
                            status=status,
                            respondent_type="organisation" if is_org else "individual",
                            organisation_name=rng.choice(ORGANISATIONS) if is_org else "",
                            organisation_size=rng.choice([12, 40, 150, 900]) if is_org else None,
                            area_id=rng.choices(areas, area_weights)[0]
                            if rng.random() < 0.9
                            else None,
                            created_at=submitted,
                            submitted_at=None if status == "draft" else submitted,
                            reference=f"G-{first + made + _i:012d}",
                        ),
                        questions,
                    )
                )
            with transaction.atomic():
                created = Response.objects.bulk_create([r for r, _q in rows])
                answers = []
                for response, (_r, questions) in zip(created, rows, strict=True):
                    for question in questions:
                        if rng.random() < 0.35:  # many leave free text blank
                            continue
                        answers.append(
                            Answer(
                                response_id=response.pk,
                                question_id=question,
                                question_type="long_text",
                                value_text=self._text(rng, response.language, template_weights),
                            )
                        )
                _insert(Answer, answers)
            made += size
            self.stdout.write(f"{made}/{responses}")
        self.stdout.write(self.style.SUCCESS(_("%(count)d responses inserted") % {"count": made}))

    def _targets(self, consultation):
        pages = ConsultationPage.objects.live()
        if consultation:
            pages = pages.filter(pk=consultation)
        targets = []
        for page in pages:
            source = page.source_page
            questions = [
                q.id
                for q in source.specific.survey_definition.questions
                if q.type in ("short_text", "long_text")
            ]
            if questions:
                targets.append((source.pk, questions))
        if not targets:
            raise CommandError(_("No live consultation with a free-text question."))
        return targets

    @staticmethod
    def _age(rng, days: int) -> int:
        """Seconds before now: a rush in the first and last weeks, a trickle between."""
        span = days * 86400
        week = min(span, 7 * 86400)
        roll = rng.random()
        if roll < 0.3:
            return span - rng.randrange(week)  # the first week after opening
        if roll < 0.5:
            return rng.randrange(week)  # the last week before closing
        return rng.randrange(span)

    @staticmethod
    def _text(rng, language: str, weights: dict) -> str:
        count = rng.choices([1, 2, 3, 4], [50, 30, 15, 5])[0]
        chosen = rng.choices(TEMPLATES[language], weights[language], k=count)
        slots = SLOTS.get(language, {})
        return " ".join(
            template.format(**{name: rng.choice(values) for name, values in slots.items()})
            if slots
            else template
            for template in chosen
        )


def _insert(model, objects: list) -> None:
    """Insert rows without reading ids back: COPY on PostgreSQL, bulk_create elsewhere."""
    if not objects:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects, batch_size=2000)
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        raw = cursor.cursor  # the psycopg cursor: Django's wrapper has no copy()
        sql = f"COPY {table} ({columns}) FROM STDIN"  # noqa: S608 - names from _meta
        with raw.copy(sql) as copy:
            for obj in objects:
                copy.write_row(
                    [
                        field.get_db_prep_save(field.pre_save(obj, add=True), connection)
                        for field in fields
                    ]
                )

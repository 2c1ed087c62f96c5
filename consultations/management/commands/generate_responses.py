"""Synthetic submissions for load testing and demos: seeded, skewed like real data.

    manage.py generate_responses [--responses 10000] [--seed 1] [--consultation <page id>]

Bulk-inserts submitted responses with free-text answers of one to four sentences in
several languages to every open consultation's free-text questions (or the one
given). Real data is skewed: most people answer in English and online, a few
boroughs and a few common complaints dominate, most answers are short. Rows are
bulk-inserted without signals; run ``manage.py reindex_submissions`` afterwards
(the search sweeper would also pick them up).
"""

import random
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from consultations.models import Answer, ConsultationPage, Response
from portal.models import Area

BATCH = 2000

SENTENCES = {
    "en": [
        "The bus to the hospital takes over an hour.",
        "I could not get a GP appointment for three weeks.",
        "Please keep the walk-in centre open at weekends.",
        "My mother needs an interpreter at every appointment.",
        "Parking is expensive and there is never a space.",
        "Staff were kind but the wait was very long.",
        "I would like to see the same doctor each time.",
        "Information about the changes was hard to find.",
        "Merging the boards should not mean losing local decisions.",
        "Mental health services for young people need more money.",
        "The pharmacy closes too early for people who work shifts.",
        "Online booking is fine for me but not for my grandparents.",
        "Carers are never asked what they think.",
        "Waiting lists for knee operations are far too long.",
    ],
    "pl": [
        "Na wizytę u lekarza czekałam trzy tygodnie.",
        "Potrzebuję tłumacza podczas każdej wizyty.",
        "Autobus do szpitala jedzie ponad godzinę.",
        "Proszę nie zamykać przychodni w weekendy.",
        "Informacje o zmianach były trudne do znalezienia.",
    ],
    "pt": [
        "As consultas no hospital demoram muito.",
        "Preciso de um intérprete em todas as consultas.",
        "O centro de saúde devia abrir ao fim de semana.",
        "Esperei três semanas por uma consulta com o médico de família.",
    ],
    "es": [
        "La espera para ver al médico es demasiado larga.",
        "Necesito un intérprete en cada cita.",
        "El autobús al hospital tarda más de una hora.",
    ],
    "ro": [
        "Am așteptat trei săptămâni pentru o programare la medic.",
        "Am nevoie de un interpret la fiecare programare.",
        "Informațiile despre schimbări au fost greu de găsit.",
    ],
}
LANGUAGE_WEIGHTS = {"en": 82, "pl": 7, "pt": 4, "ro": 4, "es": 3}
CHANNEL_WEIGHTS = {"online": 85, "paper": 6, "email": 4, "event": 3, "phone": 1, "post": 1}
ORGANISATIONS = ["Healthwatch Brent", "Age UK Harrow", "Mind in Ealing", "Carers Network"]


def _zipf_weights(n: int) -> list[float]:
    return [1 / (rank + 1) for rank in range(n)]


class Command(BaseCommand):
    help = "Insert seeded synthetic responses with free-text answers (load tests, demos)."

    def add_arguments(self, parser):
        parser.add_argument("--responses", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--consultation", type=int, help="Id of one consultation page.")
        parser.add_argument("--days", type=int, default=90, help="Spread over this many days.")

    def handle(self, *args, responses, seed, consultation, days, **options):
        rng = random.Random(seed)
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
        areas = list(Area.objects.values_list("pk", flat=True)) or [None]
        area_weights = _zipf_weights(len(areas))
        page_weights = _zipf_weights(len(targets))
        languages, language_weights = zip(*LANGUAGE_WEIGHTS.items(), strict=True)
        channels, channel_weights = zip(*CHANNEL_WEIGHTS.items(), strict=True)
        sentence_weights = {code: _zipf_weights(len(s)) for code, s in SENTENCES.items()}
        now = timezone.now()
        made = 0
        while made < responses:
            size = min(BATCH, responses - made)
            batch = []
            for _i in range(size):
                page_id, questions = rng.choices(targets, page_weights)[0]
                is_org = rng.random() < 0.03
                submitted = now - timedelta(seconds=rng.randrange(days * 86400))
                batch.append(
                    (
                        Response(
                            consultation_id=page_id,
                            language=rng.choices(languages, language_weights)[0],
                            channel=rng.choices(channels, channel_weights)[0],
                            status=Response.Status.SUBMITTED,
                            respondent_type="organisation" if is_org else "individual",
                            organisation_name=rng.choice(ORGANISATIONS) if is_org else "",
                            area_id=rng.choices(areas, area_weights)[0]
                            if rng.random() < 0.9
                            else None,
                            created_at=submitted,
                            submitted_at=submitted,
                        ),
                        questions,
                    )
                )
            with transaction.atomic():
                created = Response.objects.bulk_create([r for r, _q in batch])
                answers = []
                for response, (_r, questions) in zip(created, batch, strict=True):
                    pool = SENTENCES[response.language]
                    for question in questions:
                        if rng.random() < 0.35:  # many leave free text blank
                            continue
                        count = rng.choices([1, 2, 3, 4], [50, 30, 15, 5])[0]
                        text = " ".join(
                            rng.choices(pool, sentence_weights[response.language], k=count)
                        )
                        answers.append(
                            Answer(
                                response=response,
                                question_id=question,
                                question_type="long_text",
                                value_text=text,
                            )
                        )
                Answer.objects.bulk_create(answers)
            made += size
            self.stdout.write(f"{made}/{responses}")
        self.stdout.write(self.style.SUCCESS(_("%(count)d responses inserted") % {"count": made}))

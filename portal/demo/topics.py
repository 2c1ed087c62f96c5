"""Topics used to file and filter consultations, in English, Polish and Arabic."""

from django.utils.text import slugify

from portal.models import Topic

from .localize import translate

# English name, Polish, Arabic.
TOPICS = [
    ("Planned care", "Opieka planowa", "الرعاية المخطط لها"),
    ("Mental health", "Zdrowie psychiczne", "الصحة النفسية"),
    ("Children and young people", "Dzieci i młodzież", "الأطفال والشباب"),
    ("Primary care", "Podstawowa opieka zdrowotna", "الرعاية الصحية الأولية"),
    ("Urgent and emergency care", "Pomoc doraźna i ratunkowa", "الرعاية العاجلة والطارئة"),
    ("Community services", "Opieka środowiskowa", "الخدمات الصحية المجتمعية"),
    ("Maternity", "Opieka okołoporodowa", "رعاية الأمومة"),
    ("Carers", "Opiekunowie", "مقدمو الرعاية"),
]


def load(context) -> str:
    english = context.locales["en"]
    created = translated = 0
    for name, polish, arabic in TOPICS:
        topic, was_created = Topic.objects.get_or_create(
            slug=slugify(name), locale=english, defaults={"name": name}
        )
        created += was_created
        for code, text in (("pl", polish), ("ar", arabic)):
            _, was_translated = translate(topic, context.locales[code], {name: text})
            translated += was_translated
    return (
        f"{created} topics created, {len(TOPICS) - created} already there; "
        f"{translated} translations into Polish and Arabic added"
    )

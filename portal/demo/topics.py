"""Topics used to file and filter consultations, in every site language."""

from django.utils.text import slugify

from portal.models import Topic

from .localize import translate

# English name, then its name in each other site language.
TOPICS = {
    "Planned care": {
        "pl": "Opieka planowa",
        "ro": "Îngrijire programată",
        "es": "Atención programada",
        "pt": "Cuidados programados",
        "bn": "পরিকল্পিত চিকিৎসা",
        "gu": "આયોજિત સારવાર",
        "ur": "منصوبہ بند نگہداشت",
        "ar": "الرعاية المخطط لها",
        "so": "Daryeelka la qorsheeyay",
    },
    "Mental health": {
        "pl": "Zdrowie psychiczne",
        "ro": "Sănătate mintală",
        "es": "Salud mental",
        "pt": "Saúde mental",
        "bn": "মানসিক স্বাস্থ্য",
        "gu": "માનસિક સ્વાસ્થ્ય",
        "ur": "ذہنی صحت",
        "ar": "الصحة النفسية",
        "so": "Caafimaadka maskaxda",
    },
    "Children and young people": {
        "pl": "Dzieci i młodzież",
        "ro": "Copii și tineri",
        "es": "Niños y jóvenes",
        "pt": "Crianças e jovens",
        "bn": "শিশু ও তরুণ",
        "gu": "બાળકો અને યુવાનો",
        "ur": "بچے اور نوجوان",
        "ar": "الأطفال والشباب",
        "so": "Carruurta iyo dhallinyarada",
    },
    "Primary care": {
        "pl": "Podstawowa opieka zdrowotna",
        "ro": "Asistență medicală primară",
        "es": "Atención primaria",
        "pt": "Cuidados de saúde primários",
        "bn": "প্রাথমিক চিকিৎসা",
        "gu": "પ્રાથમિક સારવાર",
        "ur": "بنیادی نگہداشت",
        "ar": "الرعاية الصحية الأولية",
        "so": "Daryeelka aasaasiga ah",
    },
    "Urgent and emergency care": {
        "pl": "Pomoc doraźna i ratunkowa",
        "ro": "Îngrijiri urgente și de urgență",
        "es": "Atención urgente y de emergencia",
        "pt": "Cuidados urgentes e de emergência",
        "bn": "জরুরি ও অতি জরুরি চিকিৎসা",
        "gu": "તાત્કાલિક અને કટોકટીની સારવાર",
        "ur": "فوری اور ہنگامی نگہداشت",
        "ar": "الرعاية العاجلة والطارئة",
        "so": "Daryeelka degdegga ah iyo xaaladaha gurmadka",
    },
    "Community services": {
        "pl": "Opieka środowiskowa",
        "ro": "Servicii medicale în comunitate",
        "es": "Servicios comunitarios",
        "pt": "Serviços comunitários",
        "bn": "কমিউনিটি স্বাস্থ্যসেবা",
        "gu": "સામુદાયિક સેવાઓ",
        "ur": "کمیونٹی خدمات",
        "ar": "الخدمات الصحية المجتمعية",
        "so": "Adeegyada bulshada",
    },
    "Maternity": {
        "pl": "Opieka okołoporodowa",
        "ro": "Maternitate",
        "es": "Maternidad",
        "pt": "Maternidade",
        "bn": "মাতৃত্বকালীন সেবা",
        "gu": "પ્રસૂતિ સેવાઓ",
        "ur": "زچگی کی نگہداشت",
        "ar": "رعاية الأمومة",
        "so": "Daryeelka hooyada",
    },
    "Carers": {
        "pl": "Opiekunowie",
        "ro": "Îngrijitori",
        "es": "Cuidadores",
        "pt": "Cuidadores",
        "bn": "পরিচর্যাকারী",
        "gu": "સંભાળ રાખનારા",
        "ur": "نگہداشت کرنے والے",
        "ar": "مقدمو الرعاية",
        "so": "Daryeelayaasha",
    },
}


def load(context) -> str:
    english = context.locales["en"]
    created = translated = 0
    for name, names in TOPICS.items():
        topic, was_created = Topic.objects.get_or_create(
            slug=slugify(name), locale=english, defaults={"name": name}
        )
        created += was_created
        for code, text in names.items():
            if code not in context.locales:
                continue
            _, was_translated = translate(topic, context.locales[code], {name: text})
            translated += was_translated
    return (
        f"{created} topics created, {len(TOPICS) - created} already there; "
        f"{translated} translations added"
    )

"""The feedback explorer gives the same answers on the search engine as on PostgreSQL.

One fixed corpus in six languages is indexed once (into the ``SubmissionDocument``
rows, whose stored tsvector PostgreSQL searches, and into the engine); each search
then runs both ways over the same rows and must give the same hits, the same count,
the same counts beside every filter, the same pages in date order, the same words
highlighted (a phrase is marked word by word on PostgreSQL, at once on the engine)
and the same CSV export.

Each language's analyser: PostgreSQL stems a passage with its own language's
configuration (English, Portuguese, Spanish, Romanian, Arabic; the others as word
forms); the engine matches the same stems, made by the same configurations when the
passage is indexed (the ``stems`` field, search/languages.py), and each query word
widened with its stems. So "consultas" finds the Portuguese "consulta" and
"appointment" the English "appointments" on both.

Documented differences, each tested below:

- order by relevance: PostgreSQL ranks with ts_rank, the engine with BM25, so only
  the hits (not their order) are compared for relevance-sorted searches;
- a query made only of an English stop word ("the"): PostgreSQL drops stop words
  from English passages, the engine keeps every word, so the engine finds English
  passages containing it where PostgreSQL finds none;
- a phrase in another inflection ("walk-in centres" for "walk-in centre"): a phrase
  matches stemmed words in order on PostgreSQL, the exact word forms on the engine.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from search import explorer, exports, postgres
from search.config import DATABASE_BACKEND
from tests.consultations.factories import AreaFactory
from tests.search.conftest import needs_engine

pytestmark = [
    *needs_engine,
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="compares the engine with PostgreSQL's full-text search: set DATABASE_URL "
        "to a PostgreSQL database as well as ELASTICSEARCH_URL",
    ),
]

# (language, area, channel, respondent type, text): one passage each.
CORPUS = [
    ("en", "harrow", "online", "individual", "I could not get an appointment at the GP surgery."),
    ("en", "brent", "online", "individual", "Appointments are always booked weeks ahead."),
    ("en", "harrow", "phone", "individual", "The walk-in centre closed and the bus takes an hour."),
    ("en", "ealing", "paper", "organisation", "Walk-in centres are closing across the borough."),
    ("en", "brent", "online", "individual", "Parking at the hospital is impossible and expensive."),
    ("en", "ealing", "event", "individual", "The pharmacy closes too early on Saturdays."),
    ("en", "harrow", "online", "organisation", "Carers need an interpreter at every appointment."),
    ("en", "brent", "email", "individual", "The bus stop moved and nobody told us."),
    (
        "en",
        "ealing",
        "online",
        "individual",
        "Waiting times for mental health support are too long.",
    ),
    ("en", "harrow", "online", "individual", "Please keep the maternity unit open at night."),
    ("pl", "brent", "online", "individual", "Nie mogłem umówić wizyty u lekarza przez telefon."),
    ("pl", "harrow", "paper", "individual", "Autobus do szpitala jeździ za rzadko."),
    ("pl", "ealing", "online", "individual", "Potrzebuję tłumacza podczas wizyty u lekarza."),
    ("pt", "brent", "online", "individual", "Gostaria de marcar consultas pela internet."),
    ("pt", "harrow", "phone", "individual", "A consulta demorou três semanas."),
    ("es", "ealing", "online", "individual", "Las esperas para una cita son demasiado largas."),
    ("es", "brent", "event", "individual", "Necesito un intérprete en la farmacia."),
    ("ar", "harrow", "online", "individual", "أحتاج إلى مترجم في كل موعد."),
    ("ar", "brent", "paper", "individual", "الانتظار طويل جدا في المستشفى."),
    ("bn", "ealing", "online", "individual", "আমার দোভাষী দরকার, কিন্তু তা পেতে কয়েক সপ্তাহ লেগে যায়।"),
    ("bn", "harrow", "online", "individual", "ফার্মেসি শনিবার তাড়াতাড়ি বন্ধ হয়।"),
    ("en", "brent", "online", "individual", "The GP never answers the phone in the morning."),
    ("en", "harrow", "post", "individual", "Bus routes to Northwick Park hospital were cut."),
    ("en", "ealing", "online", "individual", "An interpreter was never booked for my mother."),
]

# Searches whose hits, counts, filters, pages and highlights must be identical.
SEARCHES = [
    {"q": "appointment"},
    {"q": "appointments", "sort": "newest"},
    {"q": "bus hospital"},
    {"q": '"bus stop"'},
    {"q": '"wizyty u lekarza"'},
    {"q": "parking OR pharmacy"},
    {"q": "bus -stop"},
    {"q": "bus NOT stop", "sort": "oldest"},
    {"q": "interpreter OR tłumacza OR intérprete"},
    {"q": "consultas"},
    {"q": "consulta"},
    {"q": "lekarza"},
    {"q": "wizyty", "language": "pl"},
    {"q": "مترجم"},
    {"q": "দোভাষী"},
    {"q": "esperas"},
    {"q": "appointment", "area": "harrow"},
    {"q": "interpreter", "respondent_type": "organisation"},
    {"q": "hospital", "channel": "post"},
    {"q": "GP AND phone"},
    {"q": "closing", "sort": "newest"},
    {"area": "brent"},
    {"language": "en", "sort": "oldest"},
    {"channel": "online", "date_from": "recent"},
    {},
]


@pytest.fixture
def corpus(search_engine, answer, django_capture_on_commit_callbacks):
    """The corpus, indexed after commit like real submissions; areas by slug."""
    areas = {
        slug: AreaFactory(name=slug.title(), slug=slug) for slug in ("harrow", "brent", "ealing")
    }
    start = timezone.now() - timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        for n, (language, area, channel, respondent, text) in enumerate(CORPUS):
            answer(
                text,
                language=language,
                area=areas[area],
                channel=channel,
                respondent_type=respondent,
                organisation_name="Harrow Carers" if respondent == "organisation" else "",
                submitted_at=start + timedelta(hours=7 * n),  # distinct: date order is total
            )
    return areas


def resolved(filters, areas):
    filters = dict(filters)
    if "area" in filters:
        filters["area"] = areas[filters["area"]].pk
    if filters.get("date_from") == "recent":
        filters["date_from"] = (timezone.now() - timedelta(days=27)).date()
    return filters


def both_ways(settings, filters):
    """(engine, PostgreSQL) snapshots of one search over the same rows."""
    engine_backends = settings.WAGTAILSEARCH_BACKENDS
    on_engine = snapshot(filters)
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": DATABASE_BACKEND}}
    assert postgres.enabled()
    try:
        on_postgres = snapshot(filters)
    finally:
        settings.WAGTAILSEARCH_BACKENDS = engine_backends
    assert not postgres.enabled()
    return on_engine, on_postgres


def snapshot(filters):
    search = explorer.run(dict(filters))
    count = search.count()
    everything = list(search.pageable()[0:count])
    ids = [doc.pk for doc in everything]
    return {
        "count": count,
        "ids": sorted(ids) if search.sort == "relevance" else ids,
        "facets": {
            name: {value: n for value, _label, n in values}
            for name, values in search.facets().items()
        },
        # paging: the second page of five, in the search's order
        "page": [doc.pk for doc in search.pageable()[5:10]] if search.sort != "relevance" else None,
        "marked": {doc.pk: marked_words(search.passage(doc)) for doc in everything},
        "export": sorted(exports.rows(search))
        if search.sort == "relevance"
        else list(exports.rows(search)),
    }


def marked_words(html) -> list[str]:
    import re

    """The words inside <mark>: PostgreSQL marks a phrase word by word, the engine's
    passages (search.query.highlight) the phrase at once; the same words either way."""
    spans = re.findall(r"<mark>(.*?)</mark>", str(html))
    return sorted(word.lower() for span in spans for word in span.split())


def test_explorer_gives_the_same_results_on_the_engine_as_on_postgresql(corpus, settings):
    differences = []
    for filters in SEARCHES:
        on_engine, on_postgres = both_ways(settings, resolved(filters, corpus))
        assert on_engine["count"] > 0, f"{filters} finds nothing: a comparison of nothing"
        differences += [
            f"{filters}: {part}: engine {on_engine[part]!r}, PostgreSQL {on_postgres[part]!r}"
            for part in on_engine
            if on_engine[part] != on_postgres[part]
        ]
    assert not differences, "\n".join(differences)


def test_relevance_order_differs_but_not_the_hits(corpus, settings):
    on_engine, on_postgres = both_ways(settings, {"q": "appointment OR interpreter"})
    assert on_engine["ids"] == on_postgres["ids"] and on_engine["count"] >= 5


def test_a_stop_word_alone_finds_english_passages_only_on_the_engine(corpus, settings):
    on_engine, on_postgres = both_ways(settings, {"q": "the", "language": "en"})
    assert on_postgres["count"] == 0
    assert on_engine["count"] > 0


def test_a_phrase_in_another_inflection_matches_only_on_postgresql(corpus, settings):
    on_engine, on_postgres = both_ways(settings, {"q": '"walk-in centres"'})
    assert on_postgres["count"] == 2  # "walk-in centre" and "walk-in centres"
    assert on_engine["count"] == 1  # "walk-in centres" only


def test_filters_list_every_value_not_only_the_commonest_ten(
    search_engine, answer, settings, django_capture_on_commit_callbacks
):
    boroughs = [AreaFactory(name=f"Borough {n:02d}", slug=f"borough-{n:02d}") for n in range(14)]
    with django_capture_on_commit_callbacks(execute=True):
        for n, area in enumerate(boroughs):
            for _ in range(1 + n % 3):
                answer(f"The clinic in borough {n} closed.", area=area)
    on_engine, on_postgres = both_ways(settings, {"q": "clinic"})
    assert len(on_engine["facets"]["area_id"]) == 14
    assert on_engine["facets"] == on_postgres["facets"]

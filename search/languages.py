"""Language-aware matching of submissions, as far as the database allows.

On PostgreSQL each passage is also indexed with the stems of its words made by
PostgreSQL's snowball dictionary for the language it was written in, and each query
word is widened with its stems in every such language, so "esperas" finds "espera"
and "consultas" finds "consulta". PostgreSQL ships stemmers for English, Portuguese,
Spanish, Romanian and Arabic, but none for Polish, Bengali, Gujarati, Urdu or Somali:
those use the 'simple' configuration (lower-casing, no stemming), so a Polish answer
is found by the word forms it contains (and by fuzzy matching where the backend
offers it), not by other inflections. On SQLite nothing is stemmed.
"""

from django.db import connection

# Portal language code -> PostgreSQL text search configuration.
PG_CONFIGS = {
    "en": "english",
    "pt": "portuguese",
    "es": "spanish",
    "ro": "romanian",
    "ar": "arabic",
}
SIMPLE = "simple"


def _enabled() -> bool:
    return connection.vendor == "postgresql"


def config_for(language: str) -> str:
    return PG_CONFIGS.get((language or "").split("-")[0], SIMPLE)


def stems_for_texts(items: list[tuple[str, str]]) -> list[str]:
    """For each (language, text), a space-separated string of its stems ('' if none)."""
    if not _enabled() or not items:
        return ["" for _ in items]
    languages = [config_for(language) for language, _ in items]
    texts = [text for _, text in items]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT array_to_string(tsvector_to_array(to_tsvector(c::regconfig, t)), ' ') "
            "FROM unnest(%s::text[], %s::text[]) WITH ORDINALITY AS x(c, t, n) ORDER BY n",
            [languages, texts],
        )
        return [row[0] or "" for row in cursor.fetchall()]


def query_stems(word: str) -> list[str]:
    """Stems of one query word in every language that has a stemmer (PostgreSQL only)."""
    if not _enabled() or not word:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT unnest(tsvector_to_array(to_tsvector(c::regconfig, %s))) "
            "FROM unnest(%s::text[]) AS c",
            [word, sorted(set(PG_CONFIGS.values()))],
        )
        return sorted({row[0] for row in cursor.fetchall()} - {word.lower()})


def config_sql(column: str = "language") -> str:
    """SQL choosing each row's text search configuration from its language column.

    The same mapping (frozen) generates the ``search_vector`` column, see migration
    0003; ts_headline uses this so highlighting stems exactly as matching did.
    """
    whens = " ".join(
        f"WHEN '{code}' THEN '{config}'::regconfig" for code, config in PG_CONFIGS.items()
    )
    return f"CASE split_part({column}, '-', 1) {whens} ELSE '{SIMPLE}'::regconfig END"


def query_configs() -> list[str]:
    """Every configuration a query word is read in: each stemmer, then no stemming."""
    return [*sorted(set(PG_CONFIGS.values())), SIMPLE]

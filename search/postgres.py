"""The feedback explorer on PostgreSQL when no separate search engine is configured.

Each indexed passage has a stored ``search_vector`` column (migration 0003): the
passage's words as PostgreSQL's text search configuration for its language makes
them (stemmed for English, Portuguese, Spanish, Romanian and Arabic; lower-cased
word forms otherwise), with a GIN index. A query word is read in every
configuration and the readings OR-ed, so "consultas" finds the Portuguese
"consulta" and "lekarza" finds the Polish word form it is.

One search is two statements, whatever the number of facets:

1. the count and every facet, as one ``GROUP BY GROUPING SETS`` over the rows that
   match (the full-text match runs once);
2. the visible page, ordered by rank or date with ``LIMIT``/``OFFSET``, and
   ``ts_headline`` for those rows only.

Only this module (and migration 0003) knows the column exists; ``search.explorer``
chooses it when ``enabled()``.
"""

from __future__ import annotations

import html
from contextlib import contextmanager
from datetime import datetime, time

from django.db import OperationalError, connection, transaction
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backend
from wagtail.search.query import And, Not, Or, Phrase, PlainText

from search import languages
from search.models import SubmissionDocument

# Marks ts_headline puts round a match; private-use characters, escaped to <mark> later.
START, STOP = "\ue000", "\ue001"
HEADLINE_OPTIONS = f"StartSel={START}, StopSel={STOP}, MaxWords=45, MinWords=20"
GIN_INDEX = "portal_search_doc_vector_gin"  # made by migration 0003
# For the explorer's statements: no JIT (it costs more than it saves on these), enough
# memory for exact bitmaps of large matches, and how long an exact count may take when
# a sample's estimate can stand in for it.
QUERY_SETTINGS = {"jit": "off", "work_mem": "32MB"}
EXACT_TIMEOUT_MS = 250
# Estimate counts from a sample of about SAMPLE_ROWS rows once the index holds more
# than SAMPLE_ABOVE_ROWS, if the sample finds at least TRUST_SAMPLE_HITS matches
# (otherwise the matches are few enough to count exactly). A facet value the sample
# saw fewer than FEW_SAMPLE_HITS times is shown as "fewer than" a bound.
SAMPLE_ROWS = 20_000
SAMPLE_ABOVE_ROWS = 100_000
TRUST_SAMPLE_HITS = 100
FEW_SAMPLE_HITS = 10
# Rows fetched per round trip when a whole result set is read (CSV export).
STREAM_CHUNK = 2000


def enabled() -> bool:
    """True on PostgreSQL with the database search backend (no Elasticsearch)."""
    return connection.vendor == "postgresql" and getattr(get_search_backend(), "es", None) is None


def _table() -> str:
    return connection.ops.quote_name(SubmissionDocument._meta.db_table)


def _column(field: str) -> str:
    return "d." + connection.ops.quote_name(SubmissionDocument._meta.get_field(field).column)


# --- the query ----------------------------------------------------------------------
def tsquery(node) -> tuple[str, list]:
    """SQL (and parameters) for a ``wagtail.search.query`` tree as a ``tsquery``."""
    if isinstance(node, PlainText | Phrase):
        function = "phraseto_tsquery" if isinstance(node, Phrase) else "plainto_tsquery"
        readings = [
            f"{function}('{config}'::regconfig, %s)" for config in languages.query_configs()
        ]
        return "(" + " || ".join(readings) + ")", [node.query_string] * len(readings)
    if isinstance(node, And | Or):
        joiner = " && " if isinstance(node, And) else " || "
        parts = [tsquery(sub) for sub in node.subqueries]
        return "(" + joiner.join(sql for sql, _p in parts) + ")", [
            p for _sql, params in parts for p in params
        ]
    if isinstance(node, Not):
        sql, params = tsquery(node.subquery)
        return f"(!! {sql})", params
    raise TypeError(f"Cannot search PostgreSQL for {node!r}")


def where(filters: dict, exact: dict[str, str], query, *, extra=()) -> tuple[str, list]:
    """The WHERE clause for the explorer's filters and (optional) query tree."""
    clauses, params = [], []
    for name, field in exact.items():
        if name in filters:
            clauses.append(f"{_column(field)} = %s")
            params.append(filters[name])
    tz = timezone.get_current_timezone()
    if "date_from" in filters:
        clauses.append(f"{_column('submitted_at')} >= %s")
        params.append(datetime.combine(filters["date_from"], time.min, tzinfo=tz))
    if "date_to" in filters:
        clauses.append(f"{_column('submitted_at')} <= %s")
        params.append(datetime.combine(filters["date_to"], time.max, tzinfo=tz))
    for sql, more in extra:
        clauses.append(sql)
        params.extend(more)
    if query is not None:
        sql, more = tsquery(query)
        clauses.append(f"d.search_vector @@ {sql}")
        params.extend(more)
    return (" AND ".join(clauses) or "TRUE"), params


def _coded_sql(theme_filter: str) -> str:
    """Passages (id, theme id) coded in the first analyst's pass, driven from the codings:
    answers through (response, question), comments through the comment."""
    from django.apps import apps

    from consultations.models import Answer

    q = connection.ops.quote_name
    coding = q(apps.get_model("themes", "Coding")._meta.db_table)
    answer = q(Answer._meta.db_table)
    return (
        f"SELECT x.id, c.theme_id FROM {coding} c JOIN {answer} a ON a.id = c.answer_id "  # noqa: S608 - names from _meta
        f"JOIN {_table()} x ON x.response_id = a.response_id AND x.question_id = a.question_id "
        f"WHERE c.pass_kind = 'primary' AND x.kind = 'answer' {theme_filter} "
        f"UNION ALL SELECT x.id, c.theme_id FROM {coding} c "
        f"JOIN {_table()} x ON x.comment_id = c.comment_id "
        f"WHERE c.pass_kind = 'primary' AND x.kind = 'comment' {theme_filter}"
    )


def coded_with(theme_ids: list[int]) -> tuple[str, list]:
    """A WHERE clause: the passage is coded with one of these themes."""
    sql = _coded_sql("AND c.theme_id = ANY(%s)")
    return f"d.id IN (SELECT id FROM ({sql}) coded)", [theme_ids, theme_ids]  # noqa: S608


class PostgresResults:
    """A lazy, sliceable result set (what Django's Paginator needs) with facets.

    Counts are exact unless the index is large and the search matches a large part
    of it: then the count and facets are estimated from a fixed sample of the table's
    pages (``TABLESAMPLE SYSTEM ... REPEATABLE``, so the same search gives the same
    figures), ``estimated`` is set, and each figure says so (``describe``). Ranking
    every one of hundreds of thousands of matches by relevance is also skipped then:
    the newest come first and ``relevance_skipped`` is set so the page can say why.
    """

    def __init__(
        self,
        *,
        filters: dict,
        exact: dict,
        query,
        sort: str,
        facet_fields: list,
        theme_ids: list[int] | None = None,
    ):
        self.query = query
        self.sort = sort
        self.facet_fields = facet_fields
        extra = [coded_with(theme_ids)] if theme_ids is not None else []
        self.where_sql, self.where_params = where(filters, exact, query, extra=extra)
        self._facets: dict | None = None
        self._hits: dict | None = None
        self._count: int | None = None
        self.estimated = False
        self.relevance_skipped = False
        self.sample_fraction: float | None = None

    # counts ------------------------------------------------------------------------
    def _grouped(self, source: str, params: list) -> dict[str, dict]:
        columns = [_column(name) for name in self.facet_fields]
        sets = ", ".join(f"({c})" for c in columns)
        sql = (
            f"SELECT GROUPING({', '.join(columns)}), {', '.join(columns)}, count(*) "  # noqa: S608 - table and column names from _meta; values bound
            f"FROM {source} WHERE {self.where_sql} GROUP BY GROUPING SETS ({sets})"
        )
        width = len(columns)
        facets: dict[str, dict] = {name: {} for name in self.facet_fields}
        with connection.cursor() as cursor:
            cursor.execute(sql, params + self.where_params)
            for row in cursor.fetchall():
                mask, values, n = row[0], row[1 : width + 1], row[-1]
                for i, name in enumerate(self.facet_fields):
                    if not mask & (1 << (width - 1 - i)):
                        facets[name][values[i]] = n
        return facets

    def _sample_fraction(self) -> float | None:
        """The share of the table to sample, or None when counting it all is cheap."""
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [SubmissionDocument._meta.db_table],
            )
            row = cursor.fetchone()
        rows = row[0] if row else 0
        if rows <= SAMPLE_ABOVE_ROWS:
            return None
        return SAMPLE_ROWS / rows

    def facet_counts(self) -> dict[str, dict]:
        """{field: {value: count}} for every facet field, in one statement (or two)."""
        if self._facets is None:
            fraction = self._sample_fraction()
            hits = None
            if fraction is not None and "kind" in self.facet_fields:
                with _local_settings(QUERY_SETTINGS):
                    hits = self._grouped(
                        f"{_table()} d TABLESAMPLE SYSTEM (%s) REPEATABLE (7)", [100 * fraction]
                    )
                if sum(hits["kind"].values()) >= TRUST_SAMPLE_HITS:
                    self._estimate(hits, fraction)
            if self._facets is None:
                try:
                    # With a sample to fall back on, counting exactly may not take long.
                    timeout = {"statement_timeout": str(EXACT_TIMEOUT_MS)} if hits else {}
                    with _local_settings({**QUERY_SETTINGS, **timeout}):
                        self._facets = self._grouped(f"{_table()} d", [])
                except OperationalError:
                    # Few matches, but finding them means reading much of the index (a
                    # filter no index narrows): the sample's estimate, said to be one.
                    self._estimate(hits, fraction)
            # Every passage has a kind, so the kind counts add up to the total.
            if "kind" in self._facets:
                self._count = sum(self._facets["kind"].values())
            if self.estimated and self.sort == "relevance":
                self.sort = "newest"
                self.relevance_skipped = True
        return self._facets

    def _estimate(self, hits: dict, fraction: float) -> None:
        self.estimated = True
        self.sample_fraction = fraction
        self._hits = hits
        self._facets = {
            name: {value: _round(n / fraction) for value, n in values.items()}
            for name, values in hits.items()
        }

    def describe(self, name: str | None, value, n: int) -> str:
        """``n`` as shown: exact, "about n", or "fewer than n" when the sample saw too few."""
        self.facet_counts()
        if not self.estimated or (name is not None and name not in self._hits):
            return f"{n:,}"
        seen = sum(self._hits["kind"].values()) if name is None else self._hits[name].get(value, 0)
        if seen < FEW_SAMPLE_HITS:
            return _("fewer than %(n)s") % {
                "n": f"{_round(FEW_SAMPLE_HITS / self.sample_fraction):,}"
            }
        return _("about %(n)s") % {"n": f"{n:,}"}

    def theme_counts(self) -> dict[int, int]:
        """{theme id: passages} within these results, counted exactly (coded ones only)."""
        sql = (
            f"SELECT coded.theme_id, count(*) FROM ({_coded_sql('')}) coded "  # noqa: S608
            f"JOIN {_table()} d ON d.id = coded.id WHERE {self.where_sql} GROUP BY 1"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, self.where_params)
            return dict(cursor.fetchall())

    def facet(self, name: str) -> dict:
        return self.facet_counts()[name]

    def count(self) -> int:
        if self._count is None:
            if "kind" in self.facet_fields:
                self.facet_counts()
            else:
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"SELECT count(*) FROM {_table()} d WHERE {self.where_sql}",  # noqa: S608
                        self.where_params,
                    )
                    self._count = cursor.fetchone()[0]
        return self._count

    def __len__(self) -> int:
        return self.count()

    # rows ----------------------------------------------------------------------------
    def _fields(self) -> list[str]:
        return [f.attname for f in SubmissionDocument._meta.concrete_fields]

    def _select(self) -> tuple[str, list, str]:
        """(SELECT ... FROM ... WHERE, params, ORDER BY) for the rows in order."""
        self.facet_counts()  # decides whether ranking by relevance is affordable
        columns = ", ".join(_column(name) for name in self._fields())
        params = list(self.where_params)
        rank = ""
        if self.sort == "relevance" and self.query is not None:
            sql, extra = tsquery(self.query)
            rank = f", ts_rank(d.search_vector, {sql}) AS rank"
            params = extra + params
            order = "rank DESC, submitted_at DESC, id DESC"
        elif self.sort == "oldest":
            order = "submitted_at ASC, id ASC"
        else:
            order = "submitted_at DESC, id DESC"
        select = f"SELECT {columns}{rank} FROM {_table()} d WHERE {self.where_sql}"  # noqa: S608
        return select, params, order

    def _documents(self, rows) -> list[SubmissionDocument]:
        fields = self._fields()
        docs = []
        for row in rows:
            doc = SubmissionDocument.from_db(connection.alias, fields, row[: len(fields)])
            doc.headline = row[-1] if len(row) > len(fields) + 1 else None
            docs.append(doc)
        return docs

    def page(self, offset: int, limit: int) -> list[SubmissionDocument]:
        """``limit`` documents from ``offset``, each with its ``headline`` (matches marked)."""
        if limit <= 0:
            return []
        select, params, order = self._select()
        if self._count is not None and offset >= self._count and not self.estimated:
            return []  # counted already: nothing there
        fields = ", ".join(f"p.{connection.ops.quote_name(n)}" for n in self._fields())
        extra = ", p.rank" if "rank DESC" in order else ", NULL"
        headline = ", NULL"
        headline_params: list = []
        if self.query is not None:
            sql, qparams = tsquery(self.query)
            # Escaped before ts_headline, which would drop anything that looks like a tag.
            escaped = "replace(replace(replace(p.text, '&', '&amp;'), '<', '&lt;'), '>', '&gt;')"
            headline = f", ts_headline({languages.config_sql('p.language')}, {escaped}, {sql}, %s)"
            headline_params = [*qparams, HEADLINE_OPTIONS]
        outer = (
            f"SELECT {fields}{extra}{headline} FROM "  # noqa: S608 - table and column names from _meta; values bound
            f"({select} ORDER BY {order} LIMIT %s OFFSET %s) p ORDER BY {order}"
        )
        settings = dict(QUERY_SETTINGS)
        if self.estimated and "rank DESC" not in order:
            # Many matches, in date order: walking the date index until a page is found
            # beats fetching every match to sort them (the planner cannot tell for a phrase).
            settings["enable_bitmapscan"] = "off"
        with _local_settings(settings), connection.cursor() as cursor:
            cursor.execute(outer, headline_params + params + [limit, offset])
            return self._documents(cursor.fetchall())

    def __getitem__(self, key):
        if isinstance(key, slice):
            if key.step not in (None, 1):
                raise ValueError("Steps are not supported")
            start = key.start or 0
            stop = key.stop if key.stop is not None else self.count()
            return self.page(start, stop - start)
        docs = self.page(key, 1)
        if not docs:
            raise IndexError(key)
        return docs[0]

    def __iter__(self):
        """Every matching document in order, read through a server-side cursor."""
        select, params, order = self._select()
        fields = self._fields()
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"{select} ORDER BY {order}", params)
            while rows := cursor.fetchmany(STREAM_CHUNK):
                for row in rows:
                    yield SubmissionDocument.from_db(connection.alias, fields, row[: len(fields)])


def headline_html(doc):
    """The passage ts_headline chose for ``doc`` (HTML-escaped in the database), with
    the matches in <mark>."""
    headline = getattr(doc, "headline", None)
    if headline is None:
        return None
    text = html.escape(doc.text, quote=False)
    plain = headline.replace(START, "").replace(STOP, "")
    prefix = "" if text.startswith(plain) else "… "
    suffix = "" if text.endswith(plain) else " …"
    marked = headline.replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(prefix + marked + suffix)  # noqa: S308 - escaped by the query (page())


# --- indexing ---
@contextmanager
def full_text_index_dropped():
    """Drop the GIN index for a bulk load and build it again afterwards (much faster
    than updating it row by row). Built again even if the load fails."""
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX IF EXISTS {GIN_INDEX}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {GIN_INDEX} ON {_table()} USING gin (search_vector)"
            )
            cursor.execute(f"ANALYZE {_table()}")


def sync_responses(ids: list[int], *, free_text_types, redact) -> int:
    """Rebuild the passages of these responses in four statements (one transaction).

    The same passages ``search.indexing`` builds row by row elsewhere: the trimmed
    free text of each submitted response's short/long text answers and "other"
    texts, never contact details, as ``redact`` gives it (what analysts may see:
    ``search.indexing.redacted_answer_texts``), so the original text is never written
    to the index. The database fills ``search_vector`` itself. Returns the passages
    written.
    """
    from django.db import transaction

    from consultations.models import Answer, Response
    from search.models import IndexedSource

    q = connection.ops.quote_name
    doc = q(SubmissionDocument._meta.db_table)
    answer = q(Answer._meta.db_table)
    response = q(Response._meta.db_table)
    source = q(IndexedSource._meta.db_table)
    whitespace = " \t\n\r\f\v"
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {doc} WHERE response_id = ANY(%s)", [ids])  # noqa: S608
        cursor.execute(
            f"SELECT a.id, a.response_id, btrim(a.value_text, %s) "  # noqa: S608 - table names from _meta; values bound
            f"FROM {answer} a JOIN {response} r ON r.id = a.response_id "
            "WHERE r.id = ANY(%s) AND r.status = %s "
            "AND (a.question_type = ANY(%s) OR (a.question_type = 'multiple_choice' "
            "AND a.option_id = 'other')) AND btrim(a.value_text, %s) <> '' ORDER BY a.id",
            [whitespace, ids, Response.Status.SUBMITTED, list(free_text_types), whitespace],
        )
        texts = redact(cursor.fetchall())
        answer_ids = [pk for pk, text in texts.items() if text]
        cursor.execute(
            f"INSERT INTO {doc} (kind, response_id, comment_id, reference, consultation_id, "  # noqa: S608 - table and column names from _meta; values bound
            "question_id, area_id, respondent_type, organisation, language, channel, status, "
            "submitted_at, text, stems, indexed_at) "
            "SELECT %s, r.id, NULL, r.reference, r.consultation_id, a.question_id, r.area_id, "
            "r.respondent_type, r.organisation_name, r.language, r.channel, r.status, "
            "COALESCE(r.submitted_at, r.created_at), t.text, '', now() "
            "FROM unnest(%s::bigint[], %s::text[]) AS t(answer_id, text) "
            f"JOIN {answer} a ON a.id = t.answer_id JOIN {response} r ON r.id = a.response_id "
            "ORDER BY a.id",
            [
                SubmissionDocument.Kind.ANSWER,
                answer_ids,
                [texts[pk] for pk in answer_ids],
            ],
        )
        written = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {source} (kind, source_id, source_version, indexed_at) "  # noqa: S608 - table and column names from _meta; values bound
            f"SELECT %s, r.id, r.updated_at, now() FROM {response} r WHERE r.id = ANY(%s) "
            "ON CONFLICT (kind, source_id) DO UPDATE SET "
            "source_version = EXCLUDED.source_version, indexed_at = EXCLUDED.indexed_at",
            [IndexedSource.Kind.RESPONSE, ids],
        )
        cursor.execute(f"SELECT id FROM {response} WHERE id = ANY(%s)", [ids])  # noqa: S608
        gone = set(ids) - {row[0] for row in cursor.fetchall()}
        if gone:  # responses deleted since: forget their recorded version
            cursor.execute(
                f"DELETE FROM {source} WHERE kind = %s AND source_id = ANY(%s)",  # noqa: S608
                [IndexedSource.Kind.RESPONSE, sorted(gone)],
            )
    return written


@contextmanager
def _local_settings(settings: dict):
    """PostgreSQL settings for the statements inside, undone afterwards (or by the
    rollback when a statement fails, e.g. on statement_timeout)."""
    with transaction.atomic(), connection.cursor() as cursor:
        previous = {}
        for name, value in settings.items():
            cursor.execute(
                "SELECT current_setting(%s), set_config(%s, %s, true)", [name, name, value]
            )
            previous[name] = cursor.fetchone()[0]
        yield
        for name, value in previous.items():
            cursor.execute("SELECT set_config(%s, %s, true)", [name, value])


def _round(n: float) -> int:
    """An estimate to two significant figures (an estimate is not exact to the unit)."""
    n = int(round(n))
    if n < 100:
        return n
    digits = len(str(n)) - 2
    return int(round(n, -digits))

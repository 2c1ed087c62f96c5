"""What a consultation's respondents said, counted in the database for staff.

``summarise(page)`` returns, per question of the source-language survey, how many
people answered, counts and percentages per option (choices, agreement scales,
ratings, yes/no), the mean rank of each option (rankings), the mean (numbers) and
a few of the latest free-text answers; overall totals by channel, language,
respondent type and area; and a cross-tab of every choice question by area and by
respondent type.

The answer counts come from running tallies kept per option, area and respondent
type (``consultations.tallies``), so the page reads a few thousand tally rows
however many responses there are (who responded is tallied the same way), and no
Answer row is loaded except the handful of free-text examples. Only submitted
responses count (including those the retention job has since anonymised).
Responses point at the source-language page, so answers given on every
translation count together, under the source labels.

This is the unsuppressed staff view: small numbers are shown as they are.
Anything shown to the public or a governing body must suppress them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Count, F, Q, Subquery, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _

from consultations import tallies
from consultations.answers import likert_choices
from consultations.models import Answer, Response
from consultations.survey import Question, SurveyDefinition
from portal.models import Area

logger = logging.getLogger(__name__)

EXAMPLES_PER_QUESTION = 3
# Free-text examples are looked for among this many latest submissions first.
RECENT_RESPONSES = 500
# Types answered with one of a fixed set of options: counted and cross-tabulated.
OPTION_TYPES = {"single_choice", "multiple_choice", "likert", "rating", "yes_no", "consent"}
TEXT_TYPES = {"short_text", "long_text"}
OTHER = "other"
NOT_KNOWN = None  # the area key of responses with no area


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


@dataclass
class Tally:
    """One row of a count table: a key, its label, the count and its share."""

    key: str | None
    label: str
    count: int
    percent: float = 0.0
    mean_rank: float | None = None


DIMENSION_TITLES = {"area": _("By area"), "respondent_type": _("By who responded")}


@dataclass
class CrossTab:
    """Option counts of one question split by a dimension (area, respondent type)."""

    dimension: str
    columns: list[Tally]  # each column's label and how many answered in it
    rows: list[tuple[Tally, list[Tally]]]  # (option, a cell per column)

    @property
    def title(self) -> str:
        return str(DIMENSION_TITLES[self.dimension])


@dataclass
class QuestionResult:
    question: Question
    step_title: str
    answered: int = 0
    options: list[Tally] = field(default_factory=list)
    other_count: int = 0
    text_count: int = 0
    examples: list[str] = field(default_factory=list)
    mean: float | None = None
    crosstabs: list[CrossTab] = field(default_factory=list)

    @property
    def type(self) -> str:
        return self.question.type

    @property
    def several_answers_allowed(self) -> bool:
        return self.question.type == "multiple_choice"

    @property
    def is_ranking(self) -> bool:
        return self.question.type == "ranking"


@dataclass
class Summary:
    page: object
    total: int
    by_channel: list[Tally]
    by_language: list[Tally]
    by_respondent_type: list[Tally]
    by_area: list[Tally]
    questions: list[QuestionResult]


def option_labels(question: Question) -> list[tuple[str, str]]:
    """(option id as stored in Answer.option_id, label) for every countable answer."""
    kind = question.type
    if kind in ("single_choice", "multiple_choice", "ranking"):
        return [(o.id, o.label) for o in question.options]
    if kind == "likert":
        include = bool(question.value.get("include_dont_know"))
        return [(str(value), str(label)) for value, label in likert_choices(include)]
    if kind == "rating":
        scale = question.value.get("scale") or 5
        return [(str(n), str(n)) for n in range(scale, 0, -1)]
    if kind == "yes_no":
        return [("yes", str(_("Yes"))), ("no", str(_("No")))]
    if kind == "consent":
        return [("yes", str(_("Agreed")))]
    return []


def language_label(code: str) -> str:
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


def _table(counts: dict, labels: dict, total: int) -> list[Tally]:
    """Count rows in the order of ``labels``, then any key it does not name, largest first."""
    rows = [Tally(key, str(label), counts.get(key, 0)) for key, label in labels.items()]
    extra = sorted((k for k in counts if k not in labels), key=lambda k: -counts[k])
    rows += [Tally(key, str(key), counts[key]) for key in extra]
    for row in rows:
        row.percent = percent(row.count, total)
    return rows


def submitted_responses(source_page):
    """The responses that count: submitted, including since-anonymised ones."""
    return Response.objects.counted().filter(consultation_id=source_page.pk)


def summarise(page, examples: int = EXAMPLES_PER_QUESTION) -> Summary:
    """The staff results summary of ``page`` (any translation of the consultation).

    Who responded and the answer counts come from the running tallies
    (``consultations.tallies``), brought up to date with whatever changed since they
    were last counted; the free-text examples are read afresh.
    """
    source = page.source_page
    definition = SurveyDefinition.from_stream(source.survey)

    # 1-3. Who responded and the answer counts, from the running tallies (brought
    # up to date first).
    per_question, respondents = count_answers(source, definition)
    by = {dim: defaultdict(int) for dim in ("channel", "language", "respondent_type", "area")}
    total = 0
    for cell in tallies.who_responded(source.pk):
        total += cell["n"]
        by["channel"][cell["channel"]] += cell["n"]
        by["language"][cell["language"]] += cell["n"]
        by["respondent_type"][cell["rtype"]] += cell["n"]
        by["area"][cell["area"]] += cell["n"]
    area_names: dict[int | None, str] = {NOT_KNOWN: str(_("Not known"))}
    area_names.update(
        Area.objects.filter(pk__in=[key for key in by["area"] if key is not None]).values_list(
            "pk", "name"
        )
    )

    # 4. The latest few free-text answers per question, ranked in the database.
    answers = Answer.objects.filter(
        response__consultation_id=source.pk, response__status__in=Response.COUNTED
    ).order_by()
    latest = latest_texts(source, definition, answers, examples, per_question)

    respondent_types = dict(Response.RespondentType.choices)
    results = []
    for step in definition.steps:
        for question in step.questions:
            if not question.takes_answer:
                continue
            results.append(
                _question_result(
                    question,
                    step.title,
                    per_question.get(question.id, []),
                    respondents.get(question.id),
                    latest.get(question.id, []),
                    area_names,
                    respondent_types,
                )
            )

    return Summary(
        page=source,
        total=total,
        by_channel=_table(by["channel"], dict(Response.Channel.choices), total),
        by_language=_table(
            by["language"], {code: language_label(code) for code in sorted(by["language"])}, total
        ),
        by_respondent_type=_table(by["respondent_type"], respondent_types, total),
        by_area=_table(
            by["area"],
            {key: area_names[key] for key in sorted(by["area"], key=_area_order(area_names))},
            total,
        ),
        questions=results,
    )


def count_answers(source, definition) -> tuple[dict, dict]:
    """({question id: [cells]}, {question id: [respondent cells]}) from the tallies.

    A cell counts the answers giving one option in one area from one kind of
    respondent. A ranking's rank-1 rows count its respondents (one each); a
    multiple choice has a row per ticked box, so its respondents are counted apart.
    """
    tallies.bring_up_to_date(source.pk)
    per_question: dict[str, list[dict]] = defaultdict(list)
    respondents: dict[str, list[dict]] = defaultdict(list)
    for cell in tallies.cells(source.pk):
        if cell["option_id"] == tallies.ANSWERED:
            respondents[cell["question_id"]].append(cell)
        else:
            per_question[cell["question_id"]].append(cell)
    return dict(per_question), dict(respondents)


def count_answers_afresh(source, definition) -> tuple[dict, dict]:
    """The same cells as ``count_answers``, counted from every answer (slow; a check)."""
    cells = (
        Answer.objects.filter(
            response__consultation_id=source.pk, response__status__in=Response.COUNTED
        )
        .order_by()
        .values(
            "question_id",
            "option_id",
            area=F("response__area_id"),
            rtype=F("response__respondent_type"),
        )
        .annotate(
            n=Count("id"),
            total=Sum("value_number"),
            firsts=Count("id", filter=Q(value_number=1)),
        )
    )
    per_question: dict[str, list[dict]] = defaultdict(list)
    for cell in cells:
        per_question[cell["question_id"]].append(cell)
    multiple_ids = [q.id for q in definition.questions if q.type == "multiple_choice"]
    return dict(per_question), dict(multiple_choice_respondents(source, multiple_ids))


def multiple_choice_respondents(source, question_ids) -> dict[str, list[dict]]:
    """{question id: [{area, rtype, n}]}: people who ticked at least one box.

    Counting distinct (question, response) pairs first lets the database read them
    from the (question_id, response_id) index and skip sorting every row.
    """
    found: dict[str, list[dict]] = defaultdict(list)
    if not question_ids:
        return found
    answer_table = Answer._meta.db_table
    response_table = Response._meta.db_table
    placeholders = ", ".join(["%s"] * len(question_ids))
    # Table names come from the models; every value is a query parameter.
    sql = (
        f"SELECT pairs.question_id, r.area_id, r.respondent_type, COUNT(*) "  # noqa: S608
        f"FROM (SELECT DISTINCT question_id, response_id FROM {answer_table} "
        f"WHERE question_id IN ({placeholders})) pairs "
        f"JOIN {response_table} r ON r.id = pairs.response_id "
        f"WHERE r.consultation_id = %s AND r.status IN (%s, %s) "
        f"GROUP BY pairs.question_id, r.area_id, r.respondent_type"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*question_ids, source.pk, *Response.COUNTED])
        for question_id, area, rtype, n in cursor.fetchall():
            found[question_id].append({"area": area, "rtype": rtype, "n": n})
    return found


def latest_texts(source, definition, answers, examples, per_question) -> dict[str, list[str]]:
    """{question id: the latest few free-text (and "other") answers, newest first}.

    Looks among the latest submissions first, which is quick however many there are;
    only questions that found too few there (rarely answered ones) look further back.
    """
    text_ids = {q.id for q in definition.questions if q.type in TEXT_TYPES}
    other_ids = {
        q.id
        for q in definition.questions
        if q.type == "multiple_choice" and q.value.get("allow_other")
    }
    latest: dict[str, list[str]] = defaultdict(list)
    if not (text_ids or other_ids) or not examples:
        return latest
    recent = (
        submitted_responses(source).order_by("-submitted_at", "-id").values("id")[:RECENT_RESPONSES]
    )

    def fetch(queryset, text_ids, other_ids):
        ranked = (
            queryset.filter(question_id__in=text_ids | other_ids)
            .filter(Q(question_type__in=TEXT_TYPES) | Q(option_id=OTHER))
            .annotate(
                position=Window(
                    RowNumber(),
                    partition_by=[F("question_id")],
                    order_by=[F("response__submitted_at").desc(), F("id").desc()],
                )
            )
            .filter(position__lte=examples)
            .values_list("question_id", "id", "response_id", "value_text", "position")
        )
        rows = sorted(ranked, key=lambda r: r[4])
        # Staff without the personal-data permission read this summary (and it is
        # cached for all): examples go through the redaction reports and the explorer use.
        from reports.quotes import redacted_answers

        redacted = redacted_answers((a, r, text) for _q, a, r, text, _p in rows)
        for question_id, answer_id, _r, _text, _position in rows:
            latest[question_id].append(redacted[answer_id])

    # The recent ids already say which consultation and status: filtering on them
    # alone lets the database start from those few responses.
    fetch(Answer.objects.filter(response_id__in=Subquery(recent)), text_ids, other_ids)

    def given(question_id):
        rows = per_question.get(question_id, [])
        if question_id in other_ids:
            return sum(c["n"] for c in rows if c["option_id"] == OTHER)
        return sum(c["n"] for c in rows)

    short = {qid for qid in text_ids | other_ids if len(latest[qid]) < min(examples, given(qid))}
    if short:
        for qid in short:
            latest[qid] = []
        fetch(answers, text_ids & short, other_ids & short)
    return latest


def _area_order(area_names):
    # Named areas alphabetically, "not known" last.
    return lambda key: (key is NOT_KNOWN, area_names.get(key, ""))


def _question_result(
    question, step_title, cells, respondent_cells, examples, area_names, respondent_types
):
    result = QuestionResult(question=question, step_title=step_title, examples=examples)
    kind = question.type
    counts: dict[str, int] = defaultdict(int)
    sums: dict[str, Decimal] = defaultdict(Decimal)
    # answered per (area, respondent type): one row per person for most types
    answered_cells: dict[tuple, int] = defaultdict(int)
    option_cells: dict[tuple, int] = defaultdict(int)  # (option, dimension, key) -> count
    for cell in cells:
        option, n = cell["option_id"], cell["n"]
        counts[option] += n
        if cell["total"] is not None:
            sums[option] += cell["total"]
        if kind == "ranking":
            answered_cells[(cell["area"], cell["rtype"])] += cell["firsts"]
        elif kind != "multiple_choice":
            answered_cells[(cell["area"], cell["rtype"])] += n
        option_cells[(option, "area", cell["area"])] += n
        option_cells[(option, "respondent_type", cell["rtype"])] += n
    if kind == "multiple_choice":
        for row in respondent_cells or []:
            answered_cells[(row["area"], row["rtype"])] += row["n"]
    result.answered = sum(answered_cells.values())

    if kind in TEXT_TYPES or kind == "postcode" or kind == "date":
        result.text_count = result.answered
    elif kind == "number" and result.answered:
        result.mean = round(float(sums[""] / result.answered), 2)
    if kind == "rating" and result.answered:
        result.mean = round(float(sum(sums.values()) / result.answered), 2)

    labels = option_labels(question)
    result.options = [
        Tally(
            option_id,
            label,
            counts.get(option_id, 0),
            percent(counts.get(option_id, 0), result.answered),
        )
        for option_id, label in labels
    ]
    if kind == "ranking":
        for row in result.options:
            if row.count:
                row.mean_rank = round(float(sums[row.key] / row.count), 2)
    if kind == "multiple_choice":
        result.other_count = counts.get(OTHER, 0)
        if question.value.get("allow_other"):
            result.options.append(
                Tally(
                    OTHER,
                    str(_("Other")),
                    result.other_count,
                    percent(result.other_count, result.answered),
                )
            )

    if kind in OPTION_TYPES:
        area_totals: dict = defaultdict(int)
        type_totals: dict = defaultdict(int)
        for (area, rtype), n in answered_cells.items():
            area_totals[area] += n
            type_totals[rtype] += n
        result.crosstabs = [
            _crosstab(
                "area",
                result.options,
                option_cells,
                {
                    k: area_names.get(k, str(k))
                    for k in sorted(area_totals, key=_area_order(area_names))
                },
                area_totals,
            ),
            _crosstab(
                "respondent_type",
                result.options,
                option_cells,
                {k: v for k, v in respondent_types.items() if k in type_totals},
                type_totals,
            ),
        ]
    return result


def _crosstab(dimension, options, option_cells, column_labels, column_totals) -> CrossTab:
    columns = [
        Tally(key, str(label), column_totals.get(key, 0)) for key, label in column_labels.items()
    ]
    rows = []
    for option in options:
        cells = []
        for column in columns:
            n = option_cells.get((option.key, dimension, column.key), 0)
            cells.append(Tally(column.key, column.label, n, percent(n, column.count)))
        rows.append((option, cells))
    return CrossTab(dimension=dimension, columns=columns, rows=rows)


def response_counts(pages) -> dict[int, int]:
    """{source page id: submitted responses} for the listing of consultations, in one query."""
    ids = [page.pk for page in pages]
    rows = (
        Response.objects.counted()
        .filter(consultation_id__in=ids)
        .order_by()
        .values("consultation_id")
        .annotate(n=Count("id"))
    )
    return {row["consultation_id"]: row["n"] for row in rows}

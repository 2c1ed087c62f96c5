"""Keep a consultation's answer counts up to date as responses come and go.

``bring_up_to_date(consultation_id)`` finds the responses saved since it last ran
(by ``Response.updated_at``, with a safety margin for transactions that committed
late), works out what each now adds to the counts, takes away what it added
before, and stores the difference. It runs after every submission (a Celery task,
see ``consultations.tasks.tally_responses``), from the beat job, and before the
staff summary reads the counts, so the summary reads a few thousand tally rows
instead of every answer. Only this module writes the tally tables.

Changes made without saving the response (a queryset ``update()``, a bulk delete)
carry no new ``updated_at``; they are caught by comparing how many responses count
with how many are tallied, which sends it through every response once.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from itertools import islice

from django.db import IntegrityError, transaction
from django.utils import timezone

from consultations.models import Answer, Response
from consultations.models.tallies import NO_AREA, AnswerTally, ResponseTally, TallyState

logger = logging.getLogger(__name__)

# A response saved this long before the last run is looked at again: a transaction
# that took its timestamp before the run but committed after it is not missed.
SAFETY_MARGIN = timedelta(seconds=90)
BATCH = 2000
ANSWERED = "*"  # option id of the "ticked at least one box" cell of multiple choice
WHO = "@who"  # question id of the cells counting responses by channel and language

Key = tuple[str, str, int, str]  # question id, option id, area id, respondent type


def bring_up_to_date(consultation_id: int) -> int:
    """Count what changed since the last run; returns how many responses changed."""
    with transaction.atomic():
        state = _lock(consultation_id)
        started = timezone.now()
        responses = Response.objects.filter(consultation_id=consultation_id)
        if state.mark is not None:
            responses = responses.filter(updated_at__gte=state.mark - SAFETY_MARGIN)
        changed = _apply(state, responses)
        if state.tallied != _counted(consultation_id).count():
            # Something changed without a save: go through every response once.
            everything = Response.objects.filter(consultation_id=consultation_id)
            changed += _apply(state, everything)
            changed += _forget_missing(state)
            state.tallied = ResponseTally.objects.filter(consultation_id=consultation_id).count()
        state.mark = started
        state.updated_at = timezone.now()
        state.save(update_fields=["mark", "tallied", "updated_at"])
    return changed


def who_responded(consultation_id: int) -> list[dict]:
    """[{channel, language, area, rtype, n}] of the counted responses (bring up to date first)."""
    found = []
    for cell in cells(consultation_id, who=True):
        channel, _, language = cell["option_id"].partition("|")
        found.append({**cell, "channel": channel, "language": language})
    return found


def cells(consultation_id: int, who: bool = False) -> list[dict]:
    """Every non-empty cell as a dict: question_id, option_id, area (None when not
    known), rtype, n, total and firsts."""
    rows = AnswerTally.objects.filter(consultation_id=consultation_id, n__gt=0).order_by()
    rows = rows.filter(question_id=WHO) if who else rows.exclude(question_id=WHO)
    return [
        {
            "question_id": row.question_id,
            "option_id": row.option_id,
            "area": None if row.area_id == NO_AREA else row.area_id,
            "rtype": row.respondent_type,
            "n": row.n,
            "total": row.total,
            "firsts": row.firsts,
        }
        for row in rows
    ]


# --- inside the lock -----------------------------------------------------------------------


def _lock(consultation_id: int) -> TallyState:
    """The consultation's state row, locked until the transaction ends (PostgreSQL)."""
    try:
        with transaction.atomic():
            TallyState.objects.get_or_create(consultation_id=consultation_id)
    except IntegrityError:  # created at the same moment by another run
        pass
    return TallyState.objects.select_for_update().get(consultation_id=consultation_id)


def _counted(consultation_id: int):
    return Response.objects.counted().filter(consultation_id=consultation_id)


def _apply(state: TallyState, responses) -> int:
    """Bring the tallies in line with ``responses``, batch by batch."""
    rows = responses.order_by().values_list(
        "id", "status", "area_id", "respondent_type", "updated_at", "channel", "language"
    )
    delta = _new_delta()
    changed = 0
    iterator = rows.iterator(chunk_size=BATCH)
    while batch := list(islice(iterator, BATCH)):
        changed += _apply_batch(state, batch, delta)
    _store(state.consultation_id, delta)
    return changed


def _apply_batch(state: TallyState, batch, delta) -> int:
    consultation_id = state.consultation_id
    ids = [row[0] for row in batch]
    # When each was last counted (if ever): cheap to read, unlike the cells.
    seen = dict(
        ResponseTally.objects.filter(response_id__in=ids).values_list(
            "response_id", "seen_updated_at"
        )
    )
    counted = {Response.Status.SUBMITTED, Response.Status.ANONYMISED}
    # Only look at answers of responses that count and changed since they were counted.
    todo = [
        row
        for row in batch
        if (row[1] in counted and (row[0] not in seen or seen[row[0]] != row[4]))
        or (row[1] not in counted and row[0] in seen)
    ]
    if not todo:
        return 0
    before = {
        t.response_id: t
        for t in ResponseTally.objects.filter(
            response_id__in=[row[0] for row in todo if row[0] in seen]
        )
    }
    answers = _answer_cells([row[0] for row in todo if row[1] in counted])
    create, update, drop = [], [], []
    for response_id, status, area_id, rtype, updated_at, channel, language in todo:
        old = before.get(response_id)
        if old is not None:
            _add(delta, old.area_id, old.respondent_type, old.cells, -1)
        if status not in counted:
            drop.append(response_id)
            continue
        area = area_id or NO_AREA
        new_cells = [[WHO, f"{channel}|{language}", 1, "0", 0], *answers.get(response_id, [])]
        _add(delta, area, rtype, new_cells, +1)
        tally = ResponseTally(
            response_id=response_id,
            consultation_id=consultation_id,
            area_id=area,
            respondent_type=rtype,
            cells=new_cells,
            seen_updated_at=updated_at,
        )
        (update if old is not None else create).append(tally)
    # One INSERT ... ON CONFLICT statement: far quicker than bulk_update's CASE.
    ResponseTally.objects.bulk_create(
        create + update,
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["response_id"],
        update_fields=["area_id", "respondent_type", "cells", "seen_updated_at"],
    )
    ResponseTally.objects.filter(response_id__in=drop).delete()
    state.tallied += len(create) - len(drop)
    return len(todo)


def _answer_cells(response_ids) -> dict[int, list[list]]:
    """{response id: [[question, option, n, total, firsts], ...]} from its answers."""
    per_response: dict[int, dict[tuple[str, str], list]] = defaultdict(dict)
    answers = (
        Answer.objects.filter(response_id__in=response_ids)
        .order_by()
        .values_list("response_id", "question_id", "question_type", "option_id", "value_number")
    )
    for response_id, question_id, question_type, option_id, number in answers.iterator(
        chunk_size=BATCH * 10
    ):
        mine = per_response[response_id]
        cell = mine.setdefault((question_id, option_id), [0, Decimal(0), 0])
        cell[0] += 1
        if number is not None:
            cell[1] += number
            cell[2] += number == 1
        if question_type == "multiple_choice":
            mine[(question_id, ANSWERED)] = [1, Decimal(0), 0]
    return {
        response_id: [
            [q, o, n, str(total), firsts] for (q, o), (n, total, firsts) in sorted(mine.items())
        ]
        for response_id, mine in per_response.items()
    }


def _add(delta, area_id: int, rtype: str, response_cells, sign: int) -> None:
    for question_id, option_id, n, total, firsts in response_cells:
        cell = delta[(question_id, option_id, area_id, rtype)]
        cell[0] += sign * n
        cell[1] += sign * Decimal(total)
        cell[2] += sign * firsts


def _forget_missing(state: TallyState) -> int:
    """Take out responses that were deleted, or stopped counting without a save."""
    consultation_id = state.consultation_id
    tallied = ResponseTally.objects.filter(consultation_id=consultation_id)
    still_counted = set(_counted(consultation_id).values_list("id", flat=True))
    gone = [t for t in tallied.iterator(chunk_size=BATCH) if t.response_id not in still_counted]
    if not gone:
        return 0
    delta = _new_delta()
    for tally in gone:
        _add(delta, tally.area_id, tally.respondent_type, tally.cells, -1)
    ResponseTally.objects.filter(response_id__in=[t.response_id for t in gone]).delete()
    _store(consultation_id, delta)
    return len(gone)


def _new_delta() -> dict[Key, list]:
    """Changes to apply per cell: [answers, sum of numbers, rank-1 answers]."""
    return defaultdict(lambda: [0, Decimal(0), 0])


def _store(consultation_id: int, delta: dict[Key, list]) -> None:
    delta = {key: value for key, value in delta.items() if any(value)}
    if not delta:
        return
    existing = {
        (row.question_id, row.option_id, row.area_id, row.respondent_type): row
        for row in AnswerTally.objects.filter(consultation_id=consultation_id)
    }
    create, update, empty = [], [], []
    for key, (n, total, firsts) in delta.items():
        row = existing.get(key)
        if row is None:
            question_id, option_id, area_id, rtype = key
            row = AnswerTally(
                consultation_id=consultation_id,
                question_id=question_id,
                option_id=option_id,
                area_id=area_id,
                respondent_type=rtype,
            )
            create.append(row)
        else:
            update.append(row)
        row.n += n
        row.total += total
        row.firsts += firsts
        if row.n < 0:  # never expected: log it and count afresh next time
            logger.error("Tally for %s in consultation %s fell below zero", key, consultation_id)
        if row.n <= 0 and row.pk:
            empty.append(row.pk)
    # New totals written in one INSERT ... ON CONFLICT statement (one run per
    # consultation at a time holds the state row, so nothing else changes them).
    AnswerTally.objects.bulk_create(
        [row for row in create + update if row.n > 0],
        batch_size=BATCH,
        update_conflicts=True,
        unique_fields=["consultation_id", "question_id", "option_id", "area_id", "respondent_type"],
        update_fields=["n", "total", "firsts"],
    )
    AnswerTally.objects.filter(pk__in=empty).delete()

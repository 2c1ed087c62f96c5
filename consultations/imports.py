"""Responses received offline: saving one, and importing many from CSV or Excel.

A file has one response per row. The first row names the columns:

- a question's reference (or its block id), holding the answer as written on the
  source-language form: an option's text (or id); several options separated by
  ";" for multiple choice; options in order of importance separated by ";" for
  rankings; "yes"/"no"; a number; a date (14/03/2025); text;
- ``<reference>_other`` for the "Other, please specify" text of a multiple choice;
- ``channel``, ``language``, ``respondent_type``, ``organisation_name``, ``area``
  (name or ONS code) and ``submitted_at`` (date, or date and time, received);
- optionally the "about you" columns (``age_band``, ``sex``, ``ethnicity``...)
  holding the category keys or labels.

Every row is cleaned by the same form fields as the public survey. If any cell of
any row is wrong, nothing is imported and every problem is reported by row and
column; otherwise every row is created in one transaction.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from consultations import postcodes, services
from consultations.admin_forms import (
    ResponseDetailsForm,
    StaffSurveyDefinition,
    answer_values,
    has_answers,
    staff_step_forms,
)
from consultations.answers import likert_choices, replace_answers
from consultations.forms import EQUALITY_FIELDS, EqualityForm, field_name
from consultations.models import EqualityMonitoring, Response, ResponseImport
from consultations.survey import Question
from portal.models import Area
from search.exports import unneutralise

DETAIL_COLUMNS = (
    "channel",
    "language",
    "respondent_type",
    "organisation_name",
    "area",
    "submitted_at",
)
LIST_SEPARATOR = ";"
OTHER_SUFFIX = "_other"
YES = {"yes", "y", "true", "1", "tak"}
NO = {"no", "n", "false", "0", "nie"}
MAX_ROWS = 50_000


# --- saving one response ---------------------------------------------------------


def save_offline_response(
    page,
    questions: Iterable[Question],
    values: dict[str, Any],
    details: dict[str, Any],
    *,
    entered_by=None,
    equality: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    """Store a submitted response that staff entered or imported.

    Written as a draft, then submitted by ``services.submit`` like an online one, in
    one transaction: the search index (and the counts) are sent for after the
    commit, when the answers are there (indexing the bare row found no free text).
    """
    questions = list(questions)
    area = details.get("area") or _area_from_postcode_answers(questions, values)
    with transaction.atomic():
        response = Response.objects.create(
            consultation=page.source_page,
            status=Response.Status.DRAFT,
            channel=details["channel"],
            language=details.get("language") or "en",
            respondent_type=details.get("respondent_type") or Response.RespondentType.INDIVIDUAL,
            organisation_name=details.get("organisation_name") or "",
            area=area,
            entered_by=entered_by,
            submitted_at=details.get("submitted_at") or timezone.now(),
            **(extra or {}),
        )
        replace_answers(response, questions, values)
        if equality and any(equality.values()):
            EqualityMonitoring.objects.create(response=response, **equality)
        services.submit(response)
    return response


def _area_from_postcode_answers(questions, values) -> Area | None:
    for question in questions:
        if question.type == "postcode" and values.get(question.id):
            area = postcodes.area_for(values[question.id])
            if area is not None:
                return area
    return None


# --- reading files -----------------------------------------------------------------


class UnreadableFile(Exception):
    """The file is not a CSV or workbook we can read."""


def read_table(upload, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """(headers, [(spreadsheet row number, cells)]) with wholly blank rows left out."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(upload)
    else:
        rows = _csv_rows(upload)
    try:
        headers = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        raise UnreadableFile(_("The file is empty.")) from None
    body = []
    for number, cells in enumerate(rows, start=2):
        if any(cell_text(cell) for cell in cells):
            body.append((number, list(cells)))
        if len(body) > MAX_ROWS:
            raise UnreadableFile(
                _("The file has more than %(max)s rows; split it up.") % {"max": MAX_ROWS}
            )
    return headers, body


def _csv_rows(upload):
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFile(_("Save the CSV file as UTF-8 and try again.")) from None
    dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        pass
    try:
        return iter(list(csv.reader(io.StringIO(text), dialect)))
    except csv.Error as problem:
        if "field larger than field limit" in str(problem):
            message = _(
                "A cell in this file is too long (more than %(max)s characters). "
                "Check the file is the one you meant, or shorten the cell."
            ) % {"max": f"{csv.field_size_limit():,}"}
        else:
            message = _(
                "This CSV file cannot be read (its quotes may not match). "
                "Save it again from your spreadsheet program and try again."
            )
        raise UnreadableFile(message) from None


def _xlsx_rows(upload):
    """The first sheet's rows, read as they are needed (a damaged sheet may fail part
    of the way through: that, too, is an unreadable file)."""
    import openpyxl

    workbook = None
    try:
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield list(row)
    except Exception:  # noqa: BLE001 - any parser failure on an uploaded file is "unreadable"
        raise UnreadableFile(_("This is not an Excel workbook (.xlsx) we can read.")) from None
    finally:
        if workbook is not None:
            workbook.close()


def cell_text(value: Any) -> str:
    """A cell's value as the text it shows (a whole-number float without ".0")."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).strip()


def _key(value: Any) -> str:
    return " ".join(cell_text(value).split()).casefold()


# --- columns ----------------------------------------------------------------------


@dataclass(frozen=True)
class CellError:
    row: int  # spreadsheet row number: the header is row 1
    column: str
    message: str
    value: str = ""  # what the cell held, as typed
    expected: str = ""  # what the column takes (``expected``)


def problem_rows(result) -> list[list]:
    """The error report as a table (header first), for the CSV download."""
    rows = [
        [_("Row"), _("Column"), _("What the cell holds"), _("What it should hold"), _("Problem")]
    ]
    rows += [
        [error.row or "", error.column, error.value, error.expected, error.message]
        for error in result.errors
    ]
    return rows


@dataclass
class ImportResult:
    rows: int = 0
    created: list[Response] = field(default_factory=list)
    errors: list[CellError] = field(default_factory=list)
    # Rows already imported from another file: imported only when staff confirm.
    repeated_rows: list[int] = field(default_factory=list)
    batch: ResponseImport | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def errors_by_row(self) -> list[tuple[int, list[CellError]]]:
        grouped: dict[int, list[CellError]] = {}
        for error in self.errors:
            grouped.setdefault(error.row, []).append(error)
        return sorted(grouped.items())


@dataclass
class Column:
    index: int
    header: str
    kind: str  # "question", "other", "detail", "equality"
    name: str  # form field name
    question: Question | None = None


def map_columns(headers: list[str], definition: StaffSurveyDefinition):
    """Columns by what they fill, and a CellError for each header we do not know."""
    targets: dict[str, tuple[str, str, Question | None]] = {}
    for question in definition.questions:
        if not question.takes_answer:
            continue
        name = field_name(question)
        for label in filter(None, {question.reference, question.id}):
            targets[label.casefold()] = ("question", name, question)
            if question.type == "multiple_choice" and question.value.get("allow_other"):
                targets[(label + OTHER_SUFFIX).casefold()] = ("other", f"{name}_other", question)
    for name in DETAIL_COLUMNS:
        targets[name] = ("detail", name, None)
    if definition.has_about_you:
        for name in EQUALITY_FIELDS:
            targets[name] = ("equality", name, None)

    columns, errors, seen = [], [], set()
    for index, header in enumerate(headers):
        key = _key(unneutralise(header))  # the template's headers are neutralised
        if not key:
            continue
        if key not in targets:
            errors.append(
                CellError(1, header, _("There is no question or field with this reference."))
            )
            continue
        if key in seen:
            errors.append(CellError(1, header, _("This column appears more than once.")))
            continue
        seen.add(key)
        kind, name, question = targets[key]
        columns.append(Column(index, header, kind, name, question))
    return columns, errors


# --- what a column takes ---------------------------------------------------------------


def _options(question: Question) -> str:
    return "; ".join(option.label for option in question.options)


def expected(question: Question | None = None, *, name: str = "") -> str:
    """What to write in a question's column, or in a detail or "about you" column
    (``name``): shown on the import page and beside each problem in the error report."""
    if question is None:
        details = {
            "channel": _("post, email, phone, event or paper; empty uses the choice above"),
            "language": _(
                "The language it was written in: a code like pl, or its name; empty means English"
            ),
            "respondent_type": _("individual or organisation"),
            "organisation_name": _("Needed when responding as an organisation"),
            "area": _("The area's name or ONS code; empty takes it from a postcode answer"),
            "submitted_at": _(
                "When it was received, like 14/03/2025 or 14/03/2025 10:30; empty means now"
            ),
        }
        if name in details:
            return str(details[name])
        if name.endswith(OTHER_SUFFIX):
            return str(_("Text"))
        field = EqualityForm.base_fields.get(name)
        if field is not None and getattr(field, "choices", None):
            return " ".join(
                [_("One of:"), "; ".join(str(label) for key, label in field.choices if key)]
            )
        return ""
    kind = question.type
    if kind == "single_choice":
        return " ".join([_("One of:"), _options(question)])
    if kind == "multiple_choice":
        return " ".join([_("Any of, separated by ‘;’:"), _options(question)])
    if kind == "ranking":
        return " ".join(
            [_("The options in order of importance, separated by ‘;’:"), _options(question)]
        )
    if kind == "likert":
        return str(
            _(
                "5 strongly agree, 4 agree, 3 neither, 2 disagree, 1 strongly disagree, "
                "0 don't know (or the words)"
            )
        )
    if kind == "rating":
        return _("A whole number from 1 to %(scale)s") % {"scale": question.value.get("scale")}
    if kind in ("yes_no", "consent"):
        return str(_("yes or no"))
    if kind == "date":
        return str(_("A date, like 14/03/2025"))
    if kind == "number":
        return str(_("A number"))
    if kind == "postcode":
        return str(_("A UK postcode"))
    return str(_("Text"))


def column_expected(column) -> str:
    if column.kind == "question":
        return expected(column.question)
    return expected(name=column.name)


# --- cells to form data -------------------------------------------------------------


class BadCell(ValueError):
    pass


def _option_id(question: Question, value: str) -> str:
    wanted = _key(value)
    for option in question.options:
        if wanted in (_key(option.label), option.id.casefold()):
            return option.id
    return value  # the form field rejects it with its own message


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace("\n", LIST_SEPARATOR).split(LIST_SEPARATOR)]


def _parse_date(value: Any) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(cell_text(value), fmt).date()
        except ValueError:
            continue
    return None


def question_data(question: Question, name: str, value: Any) -> dict[str, Any]:
    """Form data for one question's cell, as the public form would have posted it."""
    text = cell_text(value)
    kind = question.type
    if not text:
        return {}
    if kind == "single_choice":
        return {name: _option_id(question, text)}
    if kind == "multiple_choice":
        return {name: [_option_id(question, part) for part in _split(text) if part]}
    if kind == "ranking":
        ranks = {}
        for rank, part in enumerate((p for p in _split(text) if p), start=1):
            option_id = _option_id(question, part)
            if option_id not in {o.id for o in question.options}:
                raise BadCell(
                    _("‘%(value)s’ is not one of the options: %(options)s")
                    % {"value": part, "options": "; ".join(o.label for o in question.options)}
                )
            ranks[option_id] = str(rank)
        return {f"{name}_{i}": ranks.get(o.id, "") for i, o in enumerate(question.options)}
    if kind == "likert":
        by_label = {_key(label): str(number) for number, label in likert_choices(True)}
        return {name: by_label.get(_key(text), text)}
    if kind == "yes_no":
        return {name: "yes" if _key(text) in YES else "no" if _key(text) in NO else text}
    if kind == "consent":
        if _key(text) in YES:
            return {name: "on"}
        if _key(text) in NO:
            return {}
        raise BadCell(_("Write ‘yes’ if the person agreed, or leave the cell empty."))
    if kind == "date":
        date = _parse_date(value)
        if date is None:
            return {f"{name}_0": text, f"{name}_1": "", f"{name}_2": ""}
        return {f"{name}_0": date.day, f"{name}_1": date.month, f"{name}_2": date.year}
    return {name: text}


def _choice_key(value: str, choices) -> str:
    wanted = _key(value)
    for key, label in choices:
        if wanted in (str(key).casefold(), _key(label)):
            return key
    return value


def _language_key(value: str) -> str:
    wanted = _key(value)
    for code, name in settings.LANGUAGES:
        names = {code, _key(name)}
        try:
            names.add(_key(get_language_info(code)["name"]))
        except KeyError:
            pass
        if wanted in names:
            return code
    return value


class AreaLookup:
    """Areas by name, ONS code or slug, read once per import."""

    def __init__(self):
        self.by_key: dict[str, Area] = {}
        for area in Area.objects.all():
            for key in (area.name, area.ons_code, area.slug):
                if key:
                    self.by_key.setdefault(_key(key), area)

    def __call__(self, value: str) -> Area | None:
        return self.by_key.get(_key(value))


def detail_data(name: str, value: Any, areas: AreaLookup) -> dict[str, Any]:
    text = cell_text(value)
    if not text:
        return {}
    if name == "channel":
        return {name: _choice_key(text, Response.Channel.choices)}
    if name == "language":
        return {name: _language_key(text)}
    if name == "respondent_type":
        aliases = {"organization": Response.RespondentType.ORGANISATION}
        return {name: aliases.get(_key(text)) or _choice_key(text, Response.RespondentType.choices)}
    if name == "area":
        area = areas(text)
        if area is None:
            raise BadCell(_("There is no area called ‘%(value)s’.") % {"value": text})
        return {name: area.pk}
    if name == "submitted_at" and isinstance(value, datetime.datetime | datetime.date):
        if not isinstance(value, datetime.datetime):
            value = datetime.datetime.combine(value, datetime.time(12))
        return {name: value.strftime("%Y-%m-%d %H:%M:%S")}
    return {name: text}


# --- the import ----------------------------------------------------------------------


@dataclass
class CleanRow:
    values: dict[str, Any]
    details: dict[str, Any]
    equality: dict[str, Any] | None


def _columns_by_field(columns: list[Column]) -> dict[str, Column]:
    """Columns by the form field their cell fills (a date question's field is ``name``,
    the form's sub-fields ``name_0``.. come back under it)."""
    return {column.name: column for column in columns}


def clean_row(
    number: int,
    cells: list[Any],
    columns: list[Column],
    definition: StaffSurveyDefinition,
    areas: AreaLookup,
    default_channel: str,
) -> tuple[CleanRow | None, list[CellError]]:
    errors: list[CellError] = []
    answers: dict[str, Any] = {}
    details: dict[str, Any] = {"channel": default_channel}
    equality: dict[str, Any] = {}
    for column in columns:
        value = cells[column.index] if column.index < len(cells) else None
        try:
            if column.kind == "question":
                answers.update(question_data(column.question, column.name, value))
            elif column.kind == "other":
                if cell_text(value):
                    answers[column.name] = cell_text(value)
            elif column.kind == "detail":
                details.update(detail_data(column.name, value, areas))
            elif column.kind == "equality":
                if cell_text(value):
                    field = EqualityForm.base_fields[column.name]
                    equality[column.name] = _choice_key(cell_text(value), field.choices)
        except BadCell as problem:
            errors.append(
                CellError(
                    number,
                    column.header,
                    str(problem),
                    value=cell_text(value),
                    expected=column_expected(column),
                )
            )

    step_forms = staff_step_forms(definition, answers, prefixed=False)
    details_form = ResponseDetailsForm(details)
    equality_form = EqualityForm(equality) if equality else None
    by_name = _columns_by_field(columns)
    for form in [*step_forms, details_form, *([equality_form] if equality_form else [])]:
        if form.is_valid():
            continue
        for name, messages in form.errors.items():
            column = by_name.get(name)
            header = column.header if column else ("" if name == "__all__" else name)
            typed = ""
            if column is not None and column.index < len(cells):
                typed = cell_text(cells[column.index])
            errors.extend(
                CellError(
                    number,
                    header,
                    str(message),
                    value=typed,
                    expected=column_expected(column) if column else "",
                )
                for message in messages
            )
    if errors:
        return None, errors
    values = answer_values(step_forms)
    equality_values = equality_form.cleaned_data if equality_form else None
    if not has_answers(values) and not (equality_form and equality_form.has_answers()):
        return None, [CellError(number, "", _("This row has no answers."))]
    return CleanRow(values, details_form.cleaned_data, equality_values), []


# --- the same file, or the same rows, imported again -----------------------------------


def file_hash(upload) -> str:
    """SHA-256 of the uploaded file's bytes (the file is left at its start)."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(1 << 20), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def row_keys(source_id: int, columns: list[Column], rows) -> list[str]:
    """A key per row: its cells by column, and how many rows above it had the same
    cells (two people may give the same answers in one file; the same file again
    gives the same keys)."""
    seen: dict[str, int] = {}
    keys = []
    for _number, cells in rows:
        content = sorted(
            (column.name, _key(cells[column.index] if column.index < len(cells) else None))
            for column in columns
        )
        payload = json.dumps([source_id, content], ensure_ascii=False)
        occurrence = seen.get(payload, 0)
        seen[payload] = occurrence + 1
        keys.append(hashlib.sha256(f"{payload}#{occurrence}".encode()).hexdigest())
    return keys


def describe_import(batch: ResponseImport) -> str:
    """ "responses.csv, imported on 2 December 2026, 09:40 by Sam Lead (12 rows)"."""
    who = ""
    if batch.imported_by is not None:
        who = batch.imported_by.get_full_name() or batch.imported_by.get_username()
    when = date_format(timezone.localtime(batch.imported_at), "DATETIME_FORMAT")
    if who:
        return _("%(file)s, imported on %(date)s by %(who)s (%(rows)s rows)") % {
            "file": batch.file_name,
            "date": when,
            "who": who,
            "rows": batch.rows,
        }
    return _("%(file)s, imported on %(date)s (%(rows)s rows)") % {
        "file": batch.file_name,
        "date": when,
        "rows": batch.rows,
    }


def _repeats(source_id, rows, keys, result: ImportResult) -> None:
    """Name, as errors, the rows already imported from another file."""
    earlier = dict(
        Response.objects.filter(consultation_id=source_id, import_row_key__in=keys)
        .exclude(import_row_key="")
        .values_list("import_row_key", "imported_from_id")
    )
    if not earlier:
        return
    by_import: dict[int | None, list[int]] = {}
    for (number, _cells), key in zip(rows, keys, strict=True):
        if key in earlier:
            by_import.setdefault(earlier[key], []).append(number)
            result.repeated_rows.append(number)
    batches = ResponseImport.objects.select_related("imported_by").in_bulk(
        [pk for pk in by_import if pk is not None]
    )
    for pk, numbers in by_import.items():
        listed = ", ".join(str(n) for n in numbers)
        batch = batches.get(pk)
        message = _(
            "Rows %(rows)s are already imported, from %(import)s. Nothing was imported. "
            "If they are different responses that happen to be the same, tick "
            "‘Import these rows again’ and upload the file again."
        ) % {"rows": listed, "import": describe_import(batch) if batch else _("an earlier file")}
        result.errors.append(CellError(0, "", message))


def import_responses(
    page,
    upload,
    filename: str,
    *,
    entered_by=None,
    default_channel: str = Response.Channel.PAPER,
    import_repeated_rows: bool = False,
) -> ImportResult:
    """Check every row; create them all in one transaction only if none has a problem.

    The same file imported again into the same consultation is refused, naming the
    earlier import; rows already imported from another file are refused unless
    ``import_repeated_rows`` (staff confirmed they are different responses).
    """
    result = ImportResult()
    source = page.source_page
    digest = file_hash(upload)
    earlier = (
        ResponseImport.objects.filter(consultation_id=source.pk, file_hash=digest)
        .select_related("imported_by")
        .first()
    )
    if earlier is not None:
        result.errors.append(
            CellError(
                0,
                "",
                _("This file was imported before: %(import)s. Nothing was imported.")
                % {"import": describe_import(earlier)},
            )
        )
        return result
    try:
        headers, rows = read_table(upload, filename)
    except UnreadableFile as problem:
        result.errors.append(CellError(0, "", str(problem)))
        return result
    result.rows = len(rows)
    definition = StaffSurveyDefinition.for_page(page)
    columns, header_errors = map_columns(headers, definition)
    result.errors.extend(header_errors)
    if not any(column.kind in ("question", "other") for column in columns):
        result.errors.append(CellError(1, "", _("No column names a question of this survey.")))
    if not rows:
        result.errors.append(CellError(0, "", _("The file has no rows under the header.")))
    if result.errors:
        return result

    areas = AreaLookup()
    clean_rows = []
    for number, cells in rows:
        clean, errors = clean_row(number, cells, columns, definition, areas, default_channel)
        result.errors.extend(errors)
        if clean is not None:
            clean_rows.append(clean)
    if result.errors:
        return result
    keys = row_keys(source.pk, columns, rows)
    if not import_repeated_rows:
        _repeats(source.pk, rows, keys, result)
        if result.errors:
            return result

    questions = [q for q in definition.questions if q.takes_answer]
    with transaction.atomic():
        result.batch = ResponseImport.objects.create(
            consultation=source,
            file_name=filename[:255],
            file_hash=digest,
            rows=len(rows),
            imported_by=entered_by,
        )
        for row, key in zip(clean_rows, keys, strict=True):
            result.created.append(
                save_offline_response(
                    page,
                    questions,
                    row.values,
                    row.details,
                    entered_by=entered_by,
                    equality=row.equality,
                    extra={"imported_from": result.batch, "import_row_key": key},
                )
            )
    return result


def template_headers(page) -> list[str]:
    """The columns a blank import file for ``page`` should have, in survey order."""
    definition = StaffSurveyDefinition.for_page(page)
    headers = []
    for question in definition.questions:
        if not question.takes_answer:
            continue
        label = question.reference or question.id
        headers.append(label)
        if question.type == "multiple_choice" and question.value.get("allow_other"):
            headers.append(label + OTHER_SUFFIX)
    return [*headers, *DETAIL_COLUMNS]


__all__ = [
    "CellError",
    "ImportResult",
    "UnreadableFile",
    "cell_text",
    "import_responses",
    "read_table",
    "save_offline_response",
    "template_headers",
]

"""Build the JSON snapshot a feedback report version shows, from the database.

``build(page, progress)`` returns ``(data, coded)``:

- ``data``: who responded (by channel, respondent type, organisation type, area and
  language), who responded compared with the population (Census benchmarks, when
  loaded), each theme with its count, share, trend over the consultation period,
  breakdowns by area and respondent type and up to three redacted quotes, the
  closed-question results, and the notes on method and limitations;
- ``coded``: one row per coded answer or comment (question, themes, redacted text)
  for the spreadsheet.

Counts are stored as they are; every output suppresses small numbers when it
shows them (``reports.presentation``), so the page, the PDF and the spreadsheet
agree. Texts are redacted here, so personal data never reaches the snapshot.

Queries are grouped: a 100 000-response consultation costs a handful of queries
plus one pass over its codings (see ``bench/report_build.py``).
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import timedelta

from django.db.models import Count, F, Max, Min, Q, Subquery
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from consultations import results
from consultations.models import DraftComment, PolicyDraftPage, Response
from portal.dates import format_date, format_datetime, format_month
from portal.models import Area, PartnerOrganisation
from reports import quotes
from reports.models import ManualRedaction

SCHEMA = 1
QUOTES_PER_THEME = 3
QUOTE_CANDIDATES = 25
QUOTE_MIN_LENGTH = 20
QUOTE_MAX_LENGTH = 400
# The trend is counted per week, or per month when the period is longer than this.
WEEKLY_UP_TO_DAYS = 20 * 7
NOT_KNOWN = "unknown"


def _noop(_percent, _stage):
    return None


def build(page, progress=_noop) -> tuple[dict, list[dict]]:
    page = page.specific
    if isinstance(page, PolicyDraftPage):
        return DraftBuilder(page.source_page_for_comments(), progress).build()
    return ConsultationBuilder(page.source_page, progress).build()


def fingerprint(page) -> str:
    """Changes whenever what a report of ``page`` counts or quotes changes."""
    page = page.specific
    if isinstance(page, PolicyDraftPage):
        return DraftBuilder(page.source_page_for_comments()).fingerprint()
    return ConsultationBuilder(page.source_page).fingerprint()


def _rows(counts: dict, labels: dict) -> list[dict]:
    """[{key, label, count}] in the order of ``labels``, then other keys, largest first."""
    rows = [{"key": str(k), "label": str(v), "count": counts.get(k, 0)} for k, v in labels.items()]
    extra = sorted((k for k in counts if k not in labels), key=lambda k: -counts[k])
    rows += [{"key": str(k), "label": str(k), "count": counts[k]} for k in extra]
    return rows


def _tally_rows(tallies) -> list[dict]:
    return [{"key": str(t.key), "label": str(t.label), "count": t.count} for t in tallies]


def _cut(key, title, heading, rows, total, note="") -> dict:
    return {
        "key": key,
        "title": title,
        "heading": heading,
        "rows": rows,
        "total": total,
        "note": note,
    }


class Builder:
    """What consultations and policy drafts share: themes, quotes, trend, method."""

    kind = ""
    has_areas = False

    def __init__(self, source, progress=_noop):
        self.source = source
        self.progress = progress
        self.frame = None
        self.themes = []

    # -- to provide --------------------------------------------------------------
    def items(self):
        """Responses (or comments) that count."""
        raise NotImplementedError

    def period(self):
        raise NotImplementedError

    def codings(self):
        """[(theme id, item id, area id, respondent type, when, coded object id)]."""
        raise NotImplementedError

    # -- shared ------------------------------------------------------------------
    def load_frame(self):
        from themes.models import ThemeFrame

        self.frame = ThemeFrame.objects.filter(page_id=self.source.pk).first()
        self.themes = self.frame.ordered_themes() if self.frame else []

    def theme_labels(self) -> dict[int, str]:
        """{theme id: its name, under its parent's name for a sub-theme}."""
        return {
            t.pk: (f"{t.parent.name} › {t.name}" if t.parent_id else t.name) for t in self.themes
        }

    def primary_codings(self):
        from themes.models import Coding

        return Coding.objects.primary().filter(theme__frame=self.frame)

    def themes_by_item(self, codings, item: str, fields: list[str]) -> dict:
        """{coded item's id: (its ``fields``' values, its themes' labels)}, one entry per
        answer or comment, in id order, themes in the frame's order."""
        labels = self.theme_labels()
        grouped: dict[int, tuple[list, list[str]]] = {}
        for item_id, theme_id, *values in codings.order_by(
            item, "theme__sort_order", "theme__name"
        ).values_list(item, "theme_id", *fields):
            grouped.setdefault(item_id, (values, []))[1].append(labels.get(theme_id, ""))
        return grouped

    def theme_sections(self, total, area_labels, type_labels, start, end) -> tuple[list, int]:
        rows = self.codings()
        direct: dict[int, set] = defaultdict(set)
        info: dict[int, tuple] = {}
        for theme_id, item_id, area_id, rtype, when in rows:
            direct[theme_id].add(item_id)
            info[item_id] = (area_id, rtype, when)
        children: dict[int, list[int]] = defaultdict(list)
        for theme in self.themes:
            if theme.parent_id:
                children[theme.parent_id].append(theme.pk)
        buckets = trend_buckets(start, end)
        sections = []
        for theme in self.themes:
            members = set(direct.get(theme.pk, set()))
            for child in children.get(theme.pk, []):
                members |= direct.get(child, set())
            by_area: dict = defaultdict(int)
            by_type: dict = defaultdict(int)
            trend = [0] * len(buckets)
            for item in members:
                area_id, rtype, when = info[item]
                by_area[area_id if area_id is not None else NOT_KNOWN] += 1
                by_type[rtype] += 1
                trend[bucket_index(buckets, when)] += 1
            sections.append(
                {
                    "id": theme.pk,
                    "name": theme.name,
                    "description": theme.description,
                    "parent": theme.parent.name if theme.parent_id else "",
                    "level": 2 if theme.parent_id else 1,
                    "colour": theme.colour,
                    "count": len(members),
                    "total": total,
                    "trend": [
                        {"label": label, "count": n}
                        for (label, _s, _e), n in zip(buckets, trend, strict=True)
                    ],
                    "by_area": _rows(by_area, area_labels) if self.has_areas else [],
                    "by_respondent_type": _rows(by_type, type_labels),
                    "quotes": [],
                }
            )
        coded_items = len(info)
        return sections, coded_items

    def method(self, data) -> list[str]:
        notes = [
            _(
                "This report counts %(noun)s received between %(start)s and %(end)s, in every "
                "language the page was published in. It was built from the database on "
                "%(built)s; if more %(noun)s or codings arrive later, a new version is built "
                "and this one stays as it was presented."
            )
            % {
                "noun": data["noun"],
                "start": data["period"]["start_label"],
                "end": data["period"]["end_label"],
                "built": format_datetime(timezone.now()),
            },
            _(
                "To protect people's privacy, any count from 1 to 4 is shown as \"fewer "
                'than 5" in every table, chart and download, and its percentage is not '
                "shown. Totals are shown in full; where only one count in a table is under 5, "
                "the next smallest is withheld as well, so it cannot be worked out from the "
                "total."
            ),
        ]
        themes = data["themes"]
        if themes["items"]:
            notes.append(
                _(
                    "Themes: analysts read the free text and coded it against a frame of "
                    "%(themes)s themes. Themes suggested by the system count only once an "
                    "analyst accepted and applied them. %(coded)s of %(total)s %(noun)s "
                    "were coded to at least one theme. One %(one)s can mention several "
                    "themes, so the shares add up to more than 100%%. A theme's share is "
                    "the %(noun)s mentioning it divided by all %(noun)s; a broad theme "
                    "counts its sub-themes' %(noun)s once each."
                )
                % {
                    "themes": len(themes["items"]),
                    "coded": f"{themes['coded']:,}",
                    "total": f"{data['total']:,}",
                    "noun": data["noun"],
                    "one": data["noun_one"],
                }
            )
            notes.append(
                _(
                    "Quotes are chosen from coded text (confirmed codings first). Email "
                    "addresses, phone numbers, NHS numbers, postcodes, dates of birth, the "
                    "person's own name and any words an analyst marked have been removed. "
                    "The spreadsheet's coded data carries no reference number, area or "
                    "other detail about the person."
                )
            )
        else:
            notes.append(_("No free text has been coded against themes yet."))
        notes.append(
            _(
                "People chose to respond: they are not a random sample of the population, "
                "and organisations may speak for many people. Read the numbers as what "
                "respondents told us, not as the view of everyone who lives here."
            )
        )
        if data["population"]["available"]:
            notes.append(
                _(
                    "Who responded is compared with %(source)s, for people aged 16 and over. "
                    "Only respondents who answered the optional equality questions (or gave an "
                    "area) are in that comparison."
                )
                % {"source": data["population"]["source"]}
            )
        else:
            notes.append(
                _(
                    "No population figures are loaded, so who responded is not compared with "
                    "who lives here."
                )
            )
        if past := data.get("past_retention"):
            notes.append(
                ngettext(
                    "%(count)s response reached the end of its retention period before this "
                    "version was built, so its contact details and answers to the equality "
                    "questions were removed: it counts in every total and theme, but not in "
                    "the comparison with who lives here.",
                    "%(count)s responses reached the end of their retention period before "
                    "this version was built, so their contact details and answers to the "
                    "equality questions were removed: they count in every total and theme, "
                    "but not in the comparison with who lives here.",
                    past,
                )
                % {"count": f"{past:,}"}
            )
        return notes

    def choose_quotes(self, sections):
        """Up to three redacted quotes per theme, confirmed codings first."""
        by_theme = {s["id"]: s for s in sections}
        children: dict[int, list[int]] = defaultdict(list)
        for theme in self.themes:
            if theme.parent_id:
                children[theme.parent_id].append(theme.pk)
        for theme in self.themes:
            ids = [theme.pk, *children.get(theme.pk, [])]
            candidates = self.quote_candidates(ids)
            chosen, seen = [], set()
            for candidate in candidates:
                text = candidate["text"].strip()
                key = text.casefold()
                if not text or key in seen:
                    continue
                seen.add(key)
                chosen.append(candidate)
                if len(chosen) == QUOTES_PER_THEME:
                    break
            by_theme[theme.pk]["quotes"] = chosen

    def build(self) -> tuple[dict, list[dict]]:
        raise NotImplementedError


def trend_buckets(start, end) -> list[tuple[str, object, object]]:
    """[(label, start, end)] weeks (or months, for long periods) covering the period."""
    start = timezone.localtime(start)
    end = timezone.localtime(end)
    if end <= start:
        end = start + timedelta(days=1)
    buckets = []
    if (end - start).days <= WEEKLY_UP_TO_DAYS:
        day = start.replace(hour=0, minute=0, second=0, microsecond=0)
        day -= timedelta(days=day.weekday())
        while day < end:
            nxt = day + timedelta(days=7)
            buckets.append((_("Week of %(date)s") % {"date": format_date(day)}, day, nxt))
            day = nxt
    else:
        month = start.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
        while month < end:
            nxt = (month + timedelta(days=32)).replace(day=1)
            buckets.append((format_month(month), month, nxt))
            month = nxt
    return buckets


def bucket_index(buckets, when) -> int:
    if when is None:
        return len(buckets) - 1
    for index, (_label, start, end) in enumerate(buckets):
        if start <= when < end:
            return index
    return 0 if when < buckets[0][1] else len(buckets) - 1


def _bounds(opens, closes, first, last):
    """The period the report covers: the page's dates, stretched to every item counted."""
    now = timezone.now()
    start = min(filter(None, [opens, first]), default=now)
    end = max(filter(None, [min(closes, now) if closes else None, last]), default=now)
    return start, max(start, end)


def _period(start, end):
    return {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "start_label": format_date(start),
        "end_label": format_date(end),
    }


class ConsultationBuilder(Builder):
    kind = "consultation"
    has_areas = True

    def items(self):
        return results.submitted_responses(self.source)

    def period(self):
        found = self.items().aggregate(first=Min("submitted_at"), last=Max("submitted_at"))
        return _bounds(
            getattr(self.source, "opens_at", None),
            getattr(self.source, "closes_at", None),
            found["first"],
            found["last"],
        )

    def codings(self):
        response_ids = Subquery(self.items().values("id"))
        return (
            self.primary_codings()
            .filter(answer__response_id__in=response_ids)
            .values_list(
                "theme_id",
                "answer__response_id",
                "answer__response__area_id",
                "answer__response__respondent_type",
                "answer__response__submitted_at",
            )
            .order_by()
        )

    def fingerprint(self) -> str:
        from themes.models import Coding, ThemeFrame

        responses = self.items().aggregate(n=Count("id"), changed=Max("updated_at"))
        frame = ThemeFrame.objects.filter(page_id=self.source.pk).first()
        coding = (
            Coding.objects.primary()
            .filter(theme__frame=frame)
            .aggregate(n=Count("id"), newest=Max("id"), confirmed=Max("confirmed_at"))
            if frame
            else {}
        )
        themes = (
            list(frame.themes.order_by("pk").values_list("pk", "name", "parent_id"))
            if frame
            else []
        )
        redactions = ManualRedaction.objects.filter(
            answer__response__consultation_id=self.source.pk
        ).aggregate(n=Count("id"), newest=Max("id"))
        raw = f"{self.source.pk}|{responses}|{coding}|{themes}|{redactions}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def quote_candidates(self, theme_ids):
        response_ids = Subquery(self.items().values("id"))
        rows = list(
            self.primary_codings()
            .filter(theme_id__in=theme_ids, answer__response_id__in=response_ids)
            .annotate(length=Length("answer__value_text"))
            .filter(length__gte=QUOTE_MIN_LENGTH, length__lte=QUOTE_MAX_LENGTH)
            .order_by(F("confirmed_at").desc(nulls_last=True), "answer_id")
            .values_list(
                "answer_id",
                "answer__response_id",
                "answer__value_text",
                "answer__response__language",
            )[:QUOTE_CANDIDATES]
        )
        texts = quotes.redacted_answers((a, r, t) for a, r, t, _l in rows)
        return [
            {"text": texts[a], "answer_id": a, "comment_id": None, "language": lang}
            for a, _r, _t, lang in rows
        ]

    def coded_rows(self, question_labels) -> list[dict]:
        response_ids = Subquery(self.items().values("id"))
        grouped = self.themes_by_item(
            self.primary_codings().filter(answer__response_id__in=response_ids),
            "answer_id",
            [
                "answer__response_id",
                "answer__value_text",
                "answer__question_id",
                "answer__response__language",
            ],
        )
        redacted = quotes.redacted_answers(
            (answer_id, response_id, text)
            for answer_id, ((response_id, text, _q, _l), _t) in grouped.items()
        )
        return [
            {
                "answer_id": answer_id,
                "question": question_labels.get(question_id, ""),
                "themes": themes,
                "language": language,
                "text": redacted[answer_id],
            }
            for answer_id, ((_r, _t, question_id, language), themes) in grouped.items()
        ]

    def organisation_types(self, responses) -> list[dict]:
        counts: dict = defaultdict(int)
        for kind, n in (
            responses.filter(respondent_type=Response.RespondentType.ORGANISATION)
            .order_by()
            .values_list("user__organisation__kind")
            .annotate(n=Count("id"))
        ):
            counts[kind or NOT_KNOWN] += n
        labels = dict(PartnerOrganisation.Kind.choices)
        labels[NOT_KNOWN] = _("Not a partner organisation, or not known")
        return _rows(counts, labels) if counts else []

    def population(self, responses, by_area) -> dict:
        from citizens_panel import benchmarks, choices
        from citizens_panel.models import PopulationBenchmark
        from consultations.equality import high_level_ethnic_group
        from consultations.models import EqualityMonitoring

        if not PopulationBenchmark.objects.exists():
            return {"available": False, "source": "", "comparisons": []}
        areas = {a.pk: a for a in Area.objects.exclude(ons_code="")}
        codes = {a.ons_code for a in areas.values()}
        source = (
            PopulationBenchmark.objects.filter(area_code__in=codes)
            .values_list("source", flat=True)
            .first()
        )
        if not source:
            return {"available": False, "source": "", "comparisons": []}
        comparisons = []
        # Where respondents live, against where people live (the Census total rows).
        totals = dict(
            PopulationBenchmark.objects.filter(area_code__in=codes, characteristic="total")
            .values_list("area_code")
            .annotate(n=Max("count"))
        )
        area_rows = []
        known = sum(row["count"] for row in by_area if row["key"] not in ("None", NOT_KNOWN))
        population_total = sum(totals.values())
        for row in by_area:
            area = areas.get(int(row["key"])) if row["key"].isdigit() else None
            if area is None or area.ons_code not in totals:
                continue
            area_rows.append(
                {
                    "label": row["label"],
                    "count": row["count"],
                    "base": known,
                    "population_share": round(100 * totals[area.ons_code] / population_total, 1),
                }
            )
        if area_rows:
            comparisons.append(
                {
                    "title": _("Where respondents live"),
                    "heading": _("Area"),
                    "rows": area_rows,
                    "answered": known,
                }
            )
        # Age, sex and ethnic group of those who answered the equality questions.
        population = benchmarks.population_counts(codes)
        summed: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for per_area in population.values():
            for characteristic, categories in per_area.items():
                for category, n in categories.items():
                    summed[characteristic][category] += n
        equality = EqualityMonitoring.objects.filter(
            response_id__in=Subquery(responses.values("id"))
        ).order_by()
        fields = {"age_band": "age_band", "sex": "sex", "ethnic_group": "ethnicity"}
        for name, (label, category_choices) in choices.BENCHMARKED.items():
            pop = summed.get(name)
            if not pop:
                continue
            counts: dict[str, int] = defaultdict(int)
            for value, n in equality.values_list(fields[name]).annotate(n=Count("id")):
                key = high_level_ethnic_group(value) if name == "ethnic_group" else value
                if key in pop:
                    counts[key] += n
            answered = sum(counts.values())
            shares = benchmarks.shares(pop)
            comparisons.append(
                {
                    "title": str(label),
                    "heading": str(label),
                    "answered": answered,
                    "rows": [
                        {
                            "label": str(category_label),
                            "count": counts.get(key, 0),
                            "base": answered,
                            "population_share": round(100 * shares[key], 1),
                        }
                        for key, category_label in category_choices
                        if key in pop
                    ],
                }
            )
        return {"available": True, "source": source, "comparisons": comparisons}

    def build(self) -> tuple[dict, list[dict]]:
        self.progress(5, _("Counting who responded"))
        stamp = self.fingerprint()
        summary = results.summarise(self.source, examples=0)
        responses = self.items()
        total = summary.total
        by_area = _tally_rows(summary.by_area)
        who = [
            _cut(
                "channel",
                _("Responses by channel"),
                _("Channel"),
                _tally_rows(summary.by_channel),
                total,
            ),
            _cut(
                "respondent_type",
                _("Responses by who responded"),
                _("Responding as"),
                _tally_rows(summary.by_respondent_type),
                total,
            ),
        ]
        organisations = self.organisation_types(responses)
        if organisations:
            who.append(
                _cut(
                    "organisation_type",
                    _("Organisations by type"),
                    _("Type of organisation"),
                    organisations,
                    sum(r["count"] for r in organisations),
                    _("Partner organisations as recorded on the responder's account."),
                )
            )
        who += [
            _cut("area", _("Responses by area"), _("Area"), by_area, total),
            _cut(
                "language",
                _("Responses by language"),
                _("Language"),
                _tally_rows(summary.by_language),
                total,
            ),
        ]
        self.progress(20, _("Comparing who responded with who lives here"))
        population = self.population(responses, by_area)

        self.progress(35, _("Counting themes"))
        self.load_frame()
        start, end = self.period()
        area_labels = {row["key"]: row["label"] for row in by_area}
        area_labels = {(int(k) if k.isdigit() else NOT_KNOWN): v for k, v in area_labels.items()}
        area_labels.setdefault(NOT_KNOWN, _("Not known"))
        type_labels = dict(Response.RespondentType.choices)
        sections, coded = self.theme_sections(total, area_labels, type_labels, start, end)
        self.progress(55, _("Choosing quotes and removing personal data"))
        self.choose_quotes(sections)

        self.progress(70, _("Counting answers to closed questions"))
        questions = closed_questions(summary)
        labels = {r.question.id: r.question.text for r in summary.questions}

        self.progress(80, _("Preparing the coded data"))
        coded_rows = self.coded_rows(labels)
        data = {
            "schema": SCHEMA,
            "kind": self.kind,
            "title": self.source.title,
            "page_id": self.source.pk,
            "built_at": timezone.now().isoformat(),
            "fingerprint": stamp,
            "noun": _("responses"),
            "noun_one": _("response"),
            "total": total,
            "period": _period(start, end),
            "who": who,
            "population": population,
            "themes": {
                "frame": self.frame.name if self.frame else "",
                "coded": coded,
                "items": sections,
            },
            "questions": questions,
            "past_retention": self.past_retention(responses),
        }
        data["method"] = self.method(data)
        self.progress(95, _("Saving"))
        return data, coded_rows

    def past_retention(self, responses) -> int:
        """How many of the responses lost their equality answers and contact details
        when their retention period ended (privacy.retention)."""
        from privacy.models import AnonymisedResponse

        return AnonymisedResponse.objects.filter(
            reason=AnonymisedResponse.Reason.RETENTION,
            response_id__in=Subquery(responses.values("id")),
        ).count()


def closed_questions(summary) -> list[dict]:
    found = []
    for result in summary.questions:
        kind = result.type
        if kind not in results.OPTION_TYPES and kind not in ("ranking", "number"):
            continue
        found.append(
            {
                "text": result.question.text,
                "type": kind,
                "answered": result.answered,
                "several": result.several_answers_allowed,
                "mean": result.mean,
                "options": [
                    {"label": str(t.label), "count": t.count, "mean_rank": t.mean_rank}
                    for t in result.options
                ],
            }
        )
    return found


class DraftBuilder(Builder):
    kind = "draft"

    def items(self):
        return DraftComment.objects.filter(version__page=self.source).exclude(
            status=DraftComment.Status.REJECTED
        )

    def period(self):
        found = self.items().aggregate(first=Min("created_at"), last=Max("created_at"))
        return _bounds(
            self.source.comments_open_at,
            self.source.comments_close_at,
            found["first"],
            found["last"],
        )

    def codings(self):
        comment_ids = Subquery(self.items().values("id"))
        return (
            self.primary_codings()
            .filter(comment_id__in=comment_ids)
            .values_list(
                "theme_id",
                "comment_id",
                "comment__section_id",
                "comment__respondent_type",
                "comment__created_at",
            )
            .order_by()
        )

    def fingerprint(self) -> str:
        from themes.models import Coding, ThemeFrame

        comments = self.items().aggregate(
            n=Count("id"), newest=Max("id"), hidden=Count("id", filter=Q(status="hidden"))
        )
        frame = ThemeFrame.objects.filter(page_id=self.source.pk).first()
        coding = (
            Coding.objects.primary()
            .filter(theme__frame=frame)
            .aggregate(n=Count("id"), newest=Max("id"), confirmed=Max("confirmed_at"))
            if frame
            else {}
        )
        themes = (
            list(frame.themes.order_by("pk").values_list("pk", "name", "parent_id"))
            if frame
            else []
        )
        redactions = ManualRedaction.objects.filter(comment__version__page=self.source).aggregate(
            n=Count("id"), newest=Max("id")
        )
        raw = f"{self.source.pk}|{comments}|{coding}|{themes}|{redactions}"
        return hashlib.sha256(raw.encode()).hexdigest()

    def quote_candidates(self, theme_ids):
        comment_ids = Subquery(self.items().values("id"))
        rows = list(
            self.primary_codings()
            .filter(theme_id__in=theme_ids, comment_id__in=comment_ids)
            .annotate(length=Length("comment__text"))
            .filter(length__gte=QUOTE_MIN_LENGTH, length__lte=QUOTE_MAX_LENGTH)
            .order_by(F("confirmed_at").desc(nulls_last=True), "comment_id")
            .values_list(
                "comment_id", "comment__display_name", "comment__text", "comment__language"
            )[:QUOTE_CANDIDATES]
        )
        texts = quotes.redacted_comments((c, n, t) for c, n, t, _l in rows)
        return [
            {"text": texts[c], "answer_id": None, "comment_id": c, "language": lang}
            for c, _n, _t, lang in rows
        ]

    def coded_rows(self) -> list[dict]:
        comment_ids = Subquery(self.items().values("id"))
        grouped = self.themes_by_item(
            self.primary_codings().filter(comment_id__in=comment_ids),
            "comment_id",
            ["comment__display_name", "comment__text", "comment__section_id", "comment__language"],
        )
        redacted = quotes.redacted_comments(
            (comment_id, name, text) for comment_id, ((name, text, _s, _l), _t) in grouped.items()
        )
        return [
            {
                "comment_id": comment_id,
                "question": section or _("The whole draft"),
                "themes": themes,
                "language": language,
                "text": redacted[comment_id],
            }
            for comment_id, ((_n, _t, section, language), themes) in grouped.items()
        ]

    def build(self) -> tuple[dict, list[dict]]:
        self.progress(5, _("Counting comments"))
        stamp = self.fingerprint()
        comments = self.items()
        total = comments.count()
        by_type = dict(comments.order_by().values_list("respondent_type").annotate(n=Count("id")))
        by_language = dict(comments.order_by().values_list("language").annotate(n=Count("id")))
        who = [
            _cut(
                "respondent_type",
                _("Comments by who sent them"),
                _("Commenting as"),
                _rows(by_type, dict(DraftComment.RespondentType.choices)),
                total,
            ),
            _cut(
                "language",
                _("Comments by language"),
                _("Language"),
                _rows(by_language, {c: results.language_label(c) for c in sorted(by_language)}),
                total,
            ),
        ]
        self.progress(35, _("Counting themes"))
        self.load_frame()
        start, end = self.period()
        sections, coded = self.theme_sections(
            total, {}, dict(DraftComment.RespondentType.choices), start, end
        )
        self.progress(55, _("Choosing quotes and removing personal data"))
        self.choose_quotes(sections)
        self.progress(80, _("Preparing the coded data"))
        coded_rows = self.coded_rows()
        data = {
            "schema": SCHEMA,
            "kind": self.kind,
            "title": self.source.title,
            "page_id": self.source.pk,
            "built_at": timezone.now().isoformat(),
            "fingerprint": stamp,
            "noun": _("comments"),
            "noun_one": _("comment"),
            "total": total,
            "period": _period(start, end),
            "who": who,
            "population": {"available": False, "source": "", "comparisons": []},
            "themes": {
                "frame": self.frame.name if self.frame else "",
                "coded": coded,
                "items": sections,
            },
            "questions": [],
        }
        data["method"] = self.method(data)
        self.progress(95, _("Saving"))
        return data, coded_rows

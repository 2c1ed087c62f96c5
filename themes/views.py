"""Wagtail admin views for theme frames, coding, suggestions, checks and bulk coding.

URLs live under /admin/themes/ (namespace ``themes``), registered in
``wagtail_hooks.py``. Seeing frames needs ``themes.view_theme``; editing themes
``themes.add_theme``/``themes.change_theme``; coding ``themes.add_coding``; the
agreement figures ``themes.view_coding``. Bulk coding from the feedback explorer
(``themes:bulk_code``) also needs ``portal_search.explore_feedback``, as it re-runs
the explorer's search.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Locale, Page

from consultations.models import ConsultationPage, FeedbackPage, PolicyDraftPage
from reports import quotes
from themes import agreement, assist, coding, review, suggest
from themes.forms import CopyFrameForm, SampleForm, SuggestForm, ThemeForm
from themes.models import (
    AssistSample,
    CheckedItem,
    Coding,
    SuggestedTheme,
    SuggestionRun,
    Theme,
    ThemeFrame,
)

VIEW_THEMES = "themes.view_theme"
ADD_THEME = "themes.add_theme"
CHANGE_THEME = "themes.change_theme"
DELETE_THEME = "themes.delete_theme"
CODE = "themes.add_coding"
VIEW_CODING = "themes.view_coding"
EXPLORE = "portal_search.explore_feedback"

# Quick keys for the themes in the coding screen, in order.
QUICK_KEYS = "1234567890qwertyuiopasdfghjklzxcvbnm"


def coded_pages():
    """Consultations, feedback forms and policy drafts once each (source language)."""
    pages = Page.objects.type(ConsultationPage, FeedbackPage, PolicyDraftPage).filter(
        alias_of__isnull=True
    )
    default = Locale.get_default()
    chosen: dict = {}
    for page in pages.order_by("title"):
        current = chosen.get(page.translation_key)
        if current is None or (page.locale_id == default.pk and current.locale_id != default.pk):
            chosen[page.translation_key] = page
    return sorted(chosen.values(), key=lambda p: p.title.casefold())


def person(user) -> str:
    """How a member of staff is named on screen ('' for nobody)."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def frame_or_404(page_id) -> ThemeFrame:
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not issubclass(
        page.specific_class or object, ConsultationPage | FeedbackPage | PolicyDraftPage
    ):
        raise Http404
    return ThemeFrame.for_page(page)


class ThemesView(WagtailAdminTemplateMixin, TemplateView):
    permission_required = VIEW_THEMES
    header_icon = "tag"

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission(request.user):
            raise PermissionDenied
        self.load(**kwargs)
        return super().dispatch(request, *args, **kwargs)

    def has_permission(self, user) -> bool:
        return user.has_perm(self.permission_required) or user.has_perm(CODE)

    def load(self, **kwargs):
        """Look up what the URL names, once the user may see it."""

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("themes:index"), "label": _("Themes")}]
        frame = getattr(self, "frame", None)
        if frame is not None:
            items.append(
                {"url": reverse("themes:frame", args=[frame.page_id]), "label": frame.page.title}
            )
        return [*items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_edit"] = user.has_perm(ADD_THEME) and user.has_perm(CHANGE_THEME)
        context["can_code"] = user.has_perm(CODE)
        context["can_view_coding"] = user.has_perm(VIEW_CODING)
        context["frame"] = getattr(self, "frame", None)
        return context


class FrameView(ThemesView):
    def load(self, page_id, **kwargs):
        self.frame = frame_or_404(page_id)

    def get_page_subtitle(self):
        return self.frame.page.title


# --- list and frame ---------------------------------------------------------------------
class IndexView(ThemesView):
    template_name = "themes/index.html"
    page_title = gettext_lazy("Themes")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frames = {
            f.page_id: f
            for f in ThemeFrame.objects.all().prefetch_related("themes").select_related("page")
        }
        context["rows"] = [(page, frames.get(page.pk)) for page in coded_pages()]
        return context


class FrameDetailView(FrameView):
    template_name = "themes/frame.html"
    page_title = gettext_lazy("Theme frame")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frame = self.frame
        counts = {}
        for theme_id, origin, confirmed in (
            Coding.objects.primary()
            .for_frame(frame)
            .values_list("theme_id", "origin", "confirmed_at")
        ):
            row = counts.setdefault(theme_id, {"total": 0, "unconfirmed": 0})
            row["total"] += 1
            if origin == Coding.Origin.SUGGESTED and confirmed is None:
                row["unconfirmed"] += 1
        context["themes"] = [
            (theme, counts.get(theme.pk, {"total": 0, "unconfirmed": 0}))
            for theme in frame.ordered_themes()
        ]
        questions = coding.questions(frame)
        for question in questions:
            question.update(coding.progress(frame, question["id"]))
        context["questions"] = questions
        context["is_draft"] = coding.is_draft(frame)
        context["theme_form"] = kwargs.get("theme_form") or ThemeForm(frame=frame)
        context["copy_form"] = kwargs.get("copy_form") or CopyFrameForm(frame=frame)
        context["suggest_form"] = (
            SuggestForm(questions=[q for q in questions if q["count"]])
            if not context["is_draft"]
            else None
        )
        context["runs"] = frame.suggestion_runs.all()[:10]
        context["embeddings"] = suggest.embeddings_available()
        return context

    def post(self, request, *args, **kwargs):
        """Add a theme, or copy themes from another frame."""
        if not (request.user.has_perm(ADD_THEME) and request.user.has_perm(CHANGE_THEME)):
            raise PermissionDenied
        if request.POST.get("action") == "copy":
            form = CopyFrameForm(request.POST, frame=self.frame)
            if form.is_valid():
                source = form.cleaned_data["source"]
                before = self.frame.themes.count()
                source.copy_to(self.frame.page)
                messages.success(
                    request,
                    _("Copied %(count)s themes from %(title)s.")
                    % {"count": self.frame.themes.count() - before, "title": source.page.title},
                )
                return redirect("themes:frame", page_id=self.frame.page_id)
            return self.render_to_response(self.get_context_data(copy_form=form), status=422)
        form = ThemeForm(request.POST, frame=self.frame)
        if form.is_valid():
            theme = form.save()
            messages.success(request, _("Theme “%(name)s” added.") % {"name": theme.name})
            return redirect("themes:frame", page_id=self.frame.page_id)
        return self.render_to_response(self.get_context_data(theme_form=form), status=422)


class ThemeEditView(ThemesView):
    template_name = "themes/theme_edit.html"
    page_title = gettext_lazy("Edit theme")

    def has_permission(self, user):
        return user.has_perm(CHANGE_THEME)

    def load(self, theme_id, **kwargs):
        self.theme = get_object_or_404(Theme.objects.select_related("frame__page"), pk=theme_id)
        self.frame = self.theme.frame

    def get_page_subtitle(self):
        return self.theme.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["theme"] = self.theme
        context["form"] = kwargs.get("form") or ThemeForm(instance=self.theme, frame=self.frame)
        context["can_delete"] = self.request.user.has_perm(DELETE_THEME)
        context["coding_count"] = self.theme.codings.count()
        context["unconfirmed"] = self.theme.codings.primary().unconfirmed_suggestions().count()
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "delete":
            if not request.user.has_perm(DELETE_THEME):
                raise PermissionDenied
            name = self.theme.name
            self.theme.delete()
            messages.success(request, _("Theme “%(name)s” deleted.") % {"name": name})
            return redirect("themes:frame", page_id=self.frame.page_id)
        if action == "confirm":
            if not request.user.has_perm(CODE):
                raise PermissionDenied
            count = coding.confirm_suggested(self.theme, request.user)
            messages.success(
                request, _("Confirmed %(count)s suggested codings.") % {"count": count}
            )
            return redirect("themes:theme_edit", theme_id=self.theme.pk)
        form = ThemeForm(request.POST, instance=self.theme, frame=self.frame)
        if form.is_valid():
            try:
                form.save()
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Theme saved."))
                return redirect("themes:frame", page_id=self.frame.page_id)
        return self.render_to_response(self.get_context_data(form=form), status=422)


# --- coding one item at a time ------------------------------------------------------------
class CodeView(FrameView):
    """One answer or comment at a time: tick its themes, save and go to the next."""

    template_name = "themes/code.html"
    page_title = gettext_lazy("Code answers")
    pass_kind = Coding.PassKind.PRIMARY
    url_name = "themes:code"

    def has_permission(self, user):
        return user.has_perm(CODE)

    def options(self, data):
        question = data.get("question") or ""
        only_uncoded = data.get("all") != "1"
        return question, only_uncoded

    def least_sure_first(self, data) -> bool:
        """ "Code these next": the answers the assistant is least sure of come first."""
        return data.get("order") == "uncertain" and self.pass_kind == Coding.PassKind.PRIMARY

    def next_key(self, after, question, only_uncoded):
        if self.least_sure_first(self.request.POST or self.request.GET) and only_uncoded:
            rows = assist.least_sure(self.frame, question or None, exclude=[after], limit=1)
            if rows:
                return rows[0]["key"]
        return coding.next_key(
            self.frame, after=after, question_id=question or None, only_uncoded=only_uncoded
        )

    def get(self, request, *args, **kwargs):
        question, only_uncoded = self.options(request.GET)
        key = request.GET.get("item") or self.next_key("", question, only_uncoded)
        item = coding.load_item(self.frame, key, self.pass_kind) if key else None
        if key and item is None:
            raise Http404
        return self.render_to_response(
            self.get_context_data(item=item, question=question, only_uncoded=only_uncoded)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        item = kwargs.get("item")
        question = kwargs.get("question", "")
        themes = self.frame.ordered_themes()
        nearest = {}
        context["assistant"] = []
        context["code_next"] = []
        context["least_sure_first"] = self.least_sure_first(self.request.GET)
        if item is not None and self.pass_kind == Coding.PassKind.PRIMARY:
            # Learnt from this frame's codes when there are enough; else the words of
            # each theme's examples. Offered to the analyst, never applied.
            context["assistant"] = assist.suggestions_for(self.frame, item)
            if context["assistant"]:
                context["assistant_sure"] = context["assistant"][0][1] >= assist.THRESHOLD
                context["code_next"] = assist.least_sure(
                    self.frame, question or None, exclude=[item.key], limit=5
                )
            else:
                nearest = dict(suggest.nearest_themes(self.frame, item.text))
        if item is not None:  # names and numbers people typed: only for those allowed
            item.text = coding.text_for(self.request.user, item)
        context["rows"] = [
            {
                "theme": theme,
                "key": QUICK_KEYS[index] if index < len(QUICK_KEYS) else "",
                "checked": item is not None and theme.pk in item.theme_ids,
                "suggested": item is not None and theme.pk in item.suggested_ids,
                "coding": item.codings.get(theme.pk) if item is not None else None,
                "coder": person(item.codings[theme.pk].coder)
                if item is not None and theme.pk in item.codings
                else "",
                "confirmer": person(item.codings[theme.pk].confirmed_by)
                if item is not None and theme.pk in item.codings
                else "",
                "nearest": nearest.get(theme),
            }
            for index, theme in enumerate(themes)
        ]
        context["nearest"] = [theme for theme in themes if theme in nearest]
        context["item"] = item
        context["question"] = question
        context["question_label"] = (
            coding.question_label(self.frame, item.question_id) if item else ""
        )
        context["only_uncoded"] = kwargs.get("only_uncoded", True)
        context["assistant_percent"] = [
            (theme, round(100 * probability)) for theme, probability in context["assistant"]
        ]
        context["questions"] = coding.questions(self.frame)
        context["progress"] = coding.progress(self.frame, question or None)
        context["mode"] = self.pass_kind
        context["action_url"] = reverse(self.url_name, args=[self.frame.page_id])
        return context

    def post(self, request, *args, **kwargs):
        question, only_uncoded = self.options(request.POST)
        key = request.POST.get("item", "")
        item = coding.load_item(self.frame, key, self.pass_kind)
        if item is None:
            raise Http404
        if request.POST.get("action") != "skip":
            chosen = [int(v) for v in request.POST.getlist("themes") if v.isdigit()]
            coding.set_item_themes(self.frame, item.obj, chosen, request.user, self.pass_kind)
            messages.success(request, _("Saved %(reference)s.") % {"reference": item.reference})
        following = self.next_key(key, question, only_uncoded)
        if following is None or following == key:
            messages.info(request, _("There is nothing left to code here."))
            return redirect("themes:frame", page_id=self.frame.page_id)
        params = {"item": following}
        if question:
            params["question"] = question
        if not only_uncoded:
            params["all"] = "1"
        if self.least_sure_first(request.POST):
            params["order"] = "uncertain"
        return redirect(f"{reverse(self.url_name, args=[self.frame.page_id])}?{urlencode(params)}")


class CheckCodeView(CodeView):
    """The second analyst codes the drawn sample without seeing the first coding."""

    page_title = gettext_lazy("Check the coding")
    pass_kind = Coding.PassKind.CHECK
    url_name = "themes:check_code"

    def next_key(self, after, question, only_uncoded):
        return agreement.next_check_key(self.frame, after=after, user=self.request.user)

    def get(self, request, *args, **kwargs):
        key = request.GET.get("item") or agreement.next_check_key(self.frame, user=request.user)
        if key is None:
            messages.info(
                request,
                _(
                    "Nothing is waiting for you to check. Items you coded yourself are left "
                    "for another analyst."
                ),
            )
            return redirect("themes:check", page_id=self.frame.page_id)
        item = coding.load_item(self.frame, key)
        if item is not None:
            try:
                agreement.ensure_may_check(self.frame, item.obj, request.user)
            except agreement.SameAnalystError as refused:
                messages.error(request, str(refused))
                return redirect("themes:check", page_id=self.frame.page_id)
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            with transaction.atomic():
                return super().post(request, *args, **kwargs)
        except agreement.SameAnalystError as refused:
            messages.error(request, str(refused))
            return redirect("themes:check", page_id=self.frame.page_id)


class CheckView(FrameView):
    """Draw a sample for a second analyst, and see the agreement rate."""

    template_name = "themes/check.html"
    page_title = gettext_lazy("Check and agreement")

    def has_permission(self, user):
        return user.has_perm(VIEW_CODING) or user.has_perm(CODE)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["form"] = kwargs.get("form") or SampleForm()
        context["result"] = agreement.agreement(self.frame)
        context["waiting_for_me"] = agreement.waiting_for(self.frame, self.request.user)
        return context

    def post(self, request, *args, **kwargs):
        if not request.user.has_perm(CODE):
            raise PermissionDenied
        form = SampleForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=422)
        drawn = agreement.draw_sample(self.frame, form.cleaned_data["size"], user=request.user)
        if drawn:
            messages.success(request, _("Drew %(count)s coded items to check.") % {"count": drawn})
        else:
            messages.warning(request, _("There are no coded items left to draw."))
        return redirect("themes:check", page_id=self.frame.page_id)


class DisagreementsView(FrameView):
    """Items where the first coding and a second analyst's check differ; either coder
    or an engagement lead settles each one (the themes reports count)."""

    template_name = "themes/disagreements.html"
    page_title = gettext_lazy("Disagreements to settle")

    def has_permission(self, user):
        return user.has_perm(VIEW_CODING) or user.has_perm(CODE)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        rows = agreement.disagreements(self.frame)
        people = get_user_model().objects.in_bulk(
            {pk for row in rows for pk in row["item"].first_coder_ids or []}
        )
        for row in rows:
            item = coding.load_item(self.frame, row["item"].key)
            row["text"] = coding.text_for(user, item) if item else ""
            row["reference"] = item.reference if item else row["item"].key
            row["question"] = coding.question_label(self.frame, item.question_id) if item else ""
            row["may_settle"] = agreement.may_settle(user, row["item"])
            row["first_coders"] = ", ".join(
                sorted(
                    person(people[pk]) for pk in row["item"].first_coder_ids or [] if pk in people
                )
            )
            row["checker"] = person(row["item"].checked_by)
            row["settler"] = person(row["item"].settled_by)
            first_ids = {t.pk for t in row["first"]}
            check_ids = {t.pk for t in row["check"]}
            settled_ids = set(row["item"].settled_theme_ids or [])
            row["choices"] = [
                {
                    "theme": theme,
                    "first": theme.pk in first_ids,
                    "check": theme.pk in check_ids,
                    "ticked": theme.pk in (settled_ids if row["item"].settled_at else first_ids),
                }
                for theme in self.frame.ordered_themes()
            ]
        context["rows"] = rows
        context["open_count"] = sum(1 for row in rows if row["item"].settled_at is None)
        return context

    def post(self, request, *args, **kwargs):
        checked = get_object_or_404(
            CheckedItem, frame=self.frame, pk=request.POST.get("checked_item") or 0
        )
        if not agreement.may_settle(request.user, checked):
            raise PermissionDenied
        chosen = [int(v) for v in request.POST.getlist("themes") if v.isdigit()]
        agreement.settle(self.frame, checked, chosen, request.user)
        messages.success(request, _("Settled. The themes ticked are the ones reports count."))
        return redirect("themes:disagreements", page_id=self.frame.page_id)


# --- the coding assistant: check a sample, then accept the confident suggestions ------
class AssistView(FrameView):
    """What the assistant would code, a sample for a person to check, and only after
    that, accepting its confident suggestions in bulk (with the sample's agreement)."""

    template_name = "themes/assist.html"
    page_title = gettext_lazy("Confident suggestions")

    def has_permission(self, user):
        return user.has_perm(CODE)

    def question(self, data) -> str:
        question = data.get("question") or ""
        known = {row["id"] for row in coding.questions(self.frame)}
        return question if question in known else ""

    def latest_sample(self, question):
        return AssistSample.objects.filter(frame=self.frame, question_id=question).first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        question = kwargs.get("question", "")
        predictions = assist.uncoded_predictions(self.frame, question or None)
        confident = [r for r in predictions if r["confident"] and r["theme"]]
        by_theme: dict = {}
        for row in confident:
            by_theme[row["theme"]] = by_theme.get(row["theme"], 0) + 1
        sample = self.latest_sample(question)
        entries = []
        if sample is not None:
            answers = {
                a.pk: a
                for a in coding.answers_for(self.frame).filter(
                    pk__in=[e["answer"] for e in sample.items]
                )
            }
            themes = {t.pk: t for t in self.frame.themes.all()}
            texts = quotes.answer_texts_for(
                self.request.user, [(a.pk, a.response_id, a.value_text) for a in answers.values()]
            )
            for entry in sample.items:
                if entry["answer"] in answers and entry["theme"] in themes:
                    entries.append(
                        {
                            **entry,
                            "text": texts[entry["answer"]],
                            "language": answers[entry["answer"]].response.language,
                            "theme_obj": themes[entry["theme"]],
                            "percent": round(100 * entry["confidence"]),
                        }
                    )
        context.update(
            question=question,
            questions=coding.questions(self.frame),
            predictions=len(predictions),
            confident=len(confident),
            by_theme=sorted(by_theme.items(), key=lambda pair: -pair[1]),
            threshold=round(100 * assist.CONFIDENT),
            sample=sample,
            entries=entries,
            agreement=round(100 * sample.agreement)
            if sample and sample.agreement is not None
            else None,
            enough_codes=assist.frame_assistant(self.frame) is not None,
        )
        return context

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(question=self.question(request.GET)))

    def post(self, request, *args, **kwargs):
        question = self.question(request.POST)
        action = request.POST.get("action")
        here = reverse("themes:assist", args=[self.frame.page_id])
        if question:
            here += "?" + urlencode({"question": question})
        sample = self.latest_sample(question)
        if action == "draw":
            sample = assist.draw_sample(self.frame, question, request.user)
            if sample.size:
                messages.success(
                    request,
                    _("Drew %(count)s confident suggestions: check each one below.")
                    % {"count": sample.size},
                )
            else:
                messages.warning(request, _("There are no confident suggestions to check."))
        elif action == "check" and sample is not None and sample.checked_at is None:
            assist.record_check(sample, request.POST.getlist("agreed"), request.user)
            messages.success(
                request,
                _("You agreed with %(agreed)s of %(size)s suggestions.")
                % {"agreed": sample.agreed, "size": sample.size},
            )
        elif action == "accept" and sample is not None and sample.checked_at is not None:
            count = assist.accept_confident(sample, request.user)
            messages.success(request, _("Coded %(count)s answers.") % {"count": count})
        else:
            messages.error(request, _("Check a sample of the suggestions first."))
        return redirect(here)


# --- suggestions ----------------------------------------------------------------------------
class SuggestView(FrameView):
    """Start clustering a question's answers (POST from the frame page)."""

    def has_permission(self, user):
        return user.has_perm(ADD_THEME) and user.has_perm(CODE)

    def get(self, request, *args, **kwargs):
        return redirect("themes:frame", page_id=self.frame.page_id)

    def post(self, request, *args, **kwargs):
        form = SuggestForm(request.POST, questions=coding.questions(self.frame))
        if not form.is_valid() or coding.is_draft(self.frame):
            messages.error(request, _("Choose a question to suggest themes for."))
            return redirect("themes:frame", page_id=self.frame.page_id)
        run = review.start_run(
            self.frame,
            form.cleaned_data["question"],
            user=request.user,
            method=form.cleaned_data["method"],
        )
        return redirect("themes:run", run_id=run.pk)


class RunView(ThemesView):
    """A suggestion run: progress while it runs (the page refreshes itself), then its
    suggested themes, each to accept (under its name or a new one), merge or discard."""

    template_name = "themes/run.html"
    page_title = gettext_lazy("Suggested themes")

    def load(self, run_id, **kwargs):
        self.run = get_object_or_404(SuggestionRun.objects.select_related("frame__page"), pk=run_id)
        self.frame = self.run.frame

    def get_page_subtitle(self):
        return self.run.question_label or self.frame.page.title

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        run = self.run
        suggestions = list(run.suggestions.all())
        ids = {pk for s in suggestions for pk in s.representative_ids}
        ids |= {pk for s in suggestions for pk in s.typical_by_language.values()}
        texts = quotes.answer_texts_for(
            self.request.user,
            coding.answers_for(self.frame)
            .filter(pk__in=ids)
            .values_list("pk", "response_id", "value_text"),
        )
        context["run"] = run
        context["suggestions"] = [
            {
                "suggestion": s,
                "examples": [texts[pk] for pk in s.representative_ids if pk in texts],
                # The most typical answer in each language, when there is more than one.
                "by_language": [
                    (language, s.languages.get(language, 0), texts[pk])
                    for language, pk in sorted(
                        s.typical_by_language.items(), key=lambda pair: -s.languages.get(pair[0], 0)
                    )
                    if pk in texts
                ]
                if len(s.typical_by_language) > 1
                else [],
                "distinct_percent": round(100 * s.distinctness)
                if s.distinctness is not None
                else None,
            }
            for s in suggestions
        ]
        context["pending"] = [s for s in suggestions if s.status == SuggestedTheme.Status.PENDING]
        context["refresh"] = not run.is_finished
        context["can_decide"] = self.request.user.has_perm(
            ADD_THEME
        ) and self.request.user.has_perm(CODE)
        return context

    def post(self, request, *args, **kwargs):
        if not (request.user.has_perm(ADD_THEME) and request.user.has_perm(CODE)):
            raise PermissionDenied
        action = request.POST.get("action", "")
        if action == "restart":
            review.restart_run(self.run)
            return redirect("themes:run", run_id=self.run.pk)
        verb, _sep, target = action.partition(":")
        pending = {
            s.pk: s for s in self.run.suggestions.filter(status=SuggestedTheme.Status.PENDING)
        }
        if verb == "merge":
            chosen = [
                pending[int(v)]
                for v in request.POST.getlist("selected")
                if v.isdigit() and int(v) in pending
            ]
            if len(chosen) < 2:
                messages.error(request, _("Tick two or more suggestions to merge them."))
            else:
                merged = review.merge(chosen, user=request.user)
                messages.success(
                    request,
                    _("Merged %(count)s suggestions into “%(name)s”.")
                    % {"count": len(chosen), "name": merged.name},
                )
            return redirect("themes:run", run_id=self.run.pk)
        if not target.isdigit() or int(target) not in pending:
            messages.error(request, _("That suggestion has already been decided."))
            return redirect("themes:run", run_id=self.run.pk)
        suggestion = pending[int(target)]
        name = request.POST.get(f"name-{suggestion.pk}", "").strip()
        if verb == "accept":
            try:
                with transaction.atomic():
                    theme = review.accept(suggestion, user=request.user, name=name)
            except (ValidationError, IntegrityError):
                messages.error(request, _("That theme could not be made: try another name."))
            else:
                messages.success(
                    request,
                    _(
                        "Theme “%(name)s” accepted: %(count)s answers coded, marked as "
                        "suggested until a person confirms them."
                    )
                    % {"name": theme.name, "count": suggestion.size},
                )
        elif verb == "rename":
            review.rename(suggestion, name)
            messages.success(request, _("Suggestion renamed."))
        elif verb == "discard":
            review.discard(suggestion, user=request.user)
            messages.success(
                request, _("Suggestion “%(name)s” discarded.") % {"name": suggestion.name}
            )
        return redirect("themes:run", run_id=self.run.pk)


# --- bulk coding from the feedback explorer -------------------------------------------------
class BulkCodeView(ThemesView):
    """Apply one theme to every answer and comment an explorer search finds.

    Takes the explorer's query string, re-runs the same search (search.explorer), and
    asks for confirmation showing how many items will be coded before coding them.
    """

    template_name = "themes/bulk_code.html"
    page_title = gettext_lazy("Code search results")

    def has_permission(self, user):
        return user.has_perm(CODE) and user.has_perm(EXPLORE)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("themes:index"), "label": _("Themes")},
            {"url": "", "label": self.page_title},
        ]

    def search(self, data):
        from search import explorer

        params = data.copy()
        # "theme" is the explorer's own filter; the theme to apply is "apply_theme".
        for key in ("apply_theme", "page", "csrfmiddlewaretoken"):
            params.pop(key, None)
        form = explorer.ExplorerForm(params or None)
        filters = explorer.cleaned_filters(form) if params else {}
        docs = list(explorer.run(filters).results)
        return params, filters, docs

    def summary(self, data):
        params, filters, docs = self.search(data)
        answer_ids, comment_ids = coding.documents_to_items(docs)
        consultation_ids = {d.consultation_id for d in docs}
        frames = list(
            ThemeFrame.objects.filter(page_id__in=consultation_ids)
            .select_related("page")
            .prefetch_related("themes")
        )
        theme = None
        counts = None
        if (data.get("apply_theme") or "").isdigit():
            theme = Theme.objects.filter(pk=int(data["apply_theme"]), frame__in=frames).first()
        if theme is not None:
            in_frame_answers = set(
                coding.answers_for(theme.frame)
                .filter(pk__in=answer_ids)
                .values_list("pk", flat=True)
            )
            in_frame_comments = set(
                coding.comments_for(theme.frame)
                .filter(pk__in=comment_ids)
                .values_list("pk", flat=True)
            )
            already = Coding.objects.primary().filter(theme=theme)
            already_count = (
                already.filter(answer_id__in=in_frame_answers).count()
                + already.filter(comment_id__in=in_frame_comments).count()
            )
            counts = {
                "answers": len(in_frame_answers),
                "comments": len(in_frame_comments),
                "already": already_count,
                "new": len(in_frame_answers) + len(in_frame_comments) - already_count,
                "elsewhere": len(answer_ids)
                + len(comment_ids)
                - len(in_frame_answers)
                - len(in_frame_comments),
            }
        return {
            "querystring": params.urlencode(),
            "query_items": [(key, value) for key in params for value in params.getlist(key)],
            "filters": filters,
            "matches": len(docs),
            "answer_ids": answer_ids,
            "comment_ids": comment_ids,
            "frames": [f for f in frames if f.themes.all()],
            "frames_without_themes": [f for f in frames if not f.themes.all()],
            "consultations_without_frames": Page.objects.filter(
                pk__in=consultation_ids - {f.page_id for f in frames}
            ),
            "theme": theme,
            "counts": counts,
        }

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(**self.summary(request.GET)))

    def post(self, request, *args, **kwargs):
        # The search comes from the query string, as on the explorer; the theme is posted.
        data = request.GET.copy()
        data["apply_theme"] = request.POST.get("apply_theme", "")
        summary = self.summary(data)
        theme = summary["theme"]
        if theme is None:
            messages.error(request, _("Choose a theme."))
            return self.render_to_response(self.get_context_data(**summary), status=422)
        count = coding.apply_theme(
            theme,
            answer_ids=summary["answer_ids"],
            comment_ids=summary["comment_ids"],
            user=request.user,
        )
        messages.success(
            request,
            _("Coded %(count)s more items with “%(name)s”.") % {"count": count, "name": theme.name},
        )
        return redirect(f"{reverse('feedback_explorer:explore')}?{summary['querystring']}")


app_name = "themes"
urlpatterns = [
    path("", IndexView.as_view(), name="index"),
    path("bulk/", BulkCodeView.as_view(), name="bulk_code"),
    path("<int:page_id>/", FrameDetailView.as_view(), name="frame"),
    path("<int:page_id>/code/", CodeView.as_view(), name="code"),
    path("<int:page_id>/suggest/", SuggestView.as_view(), name="suggest"),
    path("<int:page_id>/check/", CheckView.as_view(), name="check"),
    path("<int:page_id>/check/code/", CheckCodeView.as_view(), name="check_code"),
    path(
        "<int:page_id>/check/disagreements/",
        DisagreementsView.as_view(),
        name="disagreements",
    ),
    path("<int:page_id>/assist/", AssistView.as_view(), name="assist"),
    path("theme/<int:theme_id>/", ThemeEditView.as_view(), name="theme_edit"),
    path("suggestions/<int:run_id>/", RunView.as_view(), name="run"),
]

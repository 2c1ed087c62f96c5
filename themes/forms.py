"""Admin forms for theme frames, suggestion runs and check samples."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from themes import suggest
from themes.models import SuggestionRun, Theme, ThemeFrame


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description", "parent", "colour", "sort_order"]
        widgets = {
            "colour": forms.TextInput(attrs={"type": "color"}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "parent": _("Optional. Sub-themes sit under a top-level theme (two levels at most)."),
            "sort_order": _("Lower numbers come first."),
        }

    def __init__(self, *args, frame: ThemeFrame, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.frame = frame
        parents = frame.themes.filter(parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("sort_order", "name")
        self.fields["parent"].empty_label = _("None (a top-level theme)")
        if not self.instance.pk:
            self.initial.setdefault("colour", frame.next_colour())
            self.initial.setdefault("sort_order", frame.themes.count())

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Theme.objects.filter(frame=self.instance.frame, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("There is already a theme with this name in this frame."))
        return name


class CopyFrameForm(forms.Form):
    source = forms.ModelChoiceField(
        label=_("Copy the themes of"),
        queryset=ThemeFrame.objects.none(),
        help_text=_("Themes already here with the same name are kept; the others are added."),
    )

    def __init__(self, *args, frame: ThemeFrame, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = (
            ThemeFrame.objects.exclude(pk=frame.pk)
            .filter(themes__isnull=False)
            .distinct()
            .select_related("page")
            .order_by("name")
        )
        self.fields["source"].label_from_instance = lambda f: f"{f.page.title} ({f.name})"


class SuggestForm(forms.Form):
    question = forms.ChoiceField(label=_("Question"))
    method = forms.ChoiceField(
        label=_("Method"),
        required=False,
        choices=[("", _("Best available"))] + list(SuggestionRun.Method.choices),
        help_text=_(
            "Sentence embeddings group answers by meaning; word frequencies (TF-IDF) "
            "by shared words, and are quicker."
        ),
    )

    def __init__(self, *args, questions: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [
            (q["id"], f"{q['label']} ({q['count']})") for q in questions
        ]
        if not suggest.embeddings_available():
            self.fields["method"].help_text = _(
                "The sentence-embedding model is not installed here, so word frequencies "
                "(TF-IDF) are used."
            )


class SampleForm(forms.Form):
    size = forms.IntegerField(
        label=_("How many coded items to draw for checking"),
        min_value=1,
        max_value=1000,
        initial=20,
    )

"""The survey as the respondent journey sees it: steps, questions, show-if rules.

Built from a page's ``survey`` StreamField. Question and option ids are block ids,
identical on every translation of the page; show-if rules name questions by their
untranslated reference and options by their text in the source language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# Question types whose answer is one of the question's options.
CHOICE_TYPES = {"single_choice", "multiple_choice", "ranking"}
# Blocks that show something but take no answer stored in the Answer table.
NON_ANSWER_TYPES = {"information", "about_you"}


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class ShowIf:
    question_reference: str
    answer: str

    @classmethod
    def from_value(cls, value) -> ShowIf | None:
        if not value:
            return None
        reference = (value.get("question") or "").strip()
        if not reference:
            return None
        return cls(reference, (value.get("answer") or "").strip())


@dataclass
class Question:
    id: str
    type: str
    value: Any
    step_index: int
    options: list[Option] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.value.get("question", "") if self.type not in NON_ANSWER_TYPES else ""

    @property
    def reference(self) -> str:
        return (self.value.get("reference") or "").strip()

    @property
    def required(self) -> bool:
        return bool(self.value.get("required")) and self.type not in NON_ANSWER_TYPES

    @property
    def show_if(self) -> ShowIf | None:
        return ShowIf.from_value(self.value.get("show_if"))

    @property
    def takes_answer(self) -> bool:
        return self.type not in NON_ANSWER_TYPES

    def option_label(self, option_id: str) -> str:
        for option in self.options:
            if option.id == option_id:
                return option.label
        return ""


@dataclass
class Step:
    index: int
    id: str
    title: str
    show_if: ShowIf | None
    questions: list[Question]

    @property
    def number(self) -> int:
        return self.index + 1


@dataclass
class SurveyDefinition:
    steps: list[Step]
    source: SurveyDefinition | None = None

    @classmethod
    def from_stream(cls, stream) -> SurveyDefinition:
        steps = []
        for index, step_block in enumerate(stream or []):
            step_value = step_block.value
            questions = []
            for question_block in step_value["questions"]:
                answer_type = getattr(
                    question_block.block, "answer_type", question_block.block_type
                )
                options = []
                if "options" in question_block.value:
                    options = [
                        Option(item.id, str(item.value))
                        for item in question_block.value["options"].bound_blocks
                    ]
                questions.append(
                    Question(
                        id=str(question_block.id),
                        type=answer_type,
                        value=question_block.value,
                        step_index=index,
                        options=options,
                    )
                )
            steps.append(
                Step(
                    index=index,
                    id=str(step_block.id),
                    title=step_value["title"],
                    show_if=ShowIf.from_value(step_value.get("show_if")),
                    questions=questions,
                )
            )
        return cls(steps=steps)

    @classmethod
    def from_page(cls, page) -> SurveyDefinition:
        definition = cls.from_stream(page.survey)
        source_page = page.source_page
        if source_page.pk != page.pk:
            definition.source = cls.from_stream(source_page.survey)
        return definition

    # --- lookups ------------------------------------------------------------
    @property
    def questions(self) -> list[Question]:
        return [q for step in self.steps for q in step.questions]

    def question(self, question_id: str) -> Question | None:
        for q in self.questions:
            if q.id == question_id:
                return q
        return None

    def question_by_reference(self, reference: str) -> Question | None:
        for q in self.questions:
            if q.reference and q.reference == reference:
                return q
        return None

    def step(self, index: int) -> Step | None:
        return self.steps[index] if 0 <= index < len(self.steps) else None

    @property
    def has_about_you(self) -> bool:
        return any(q.type == "about_you" for q in self.questions)

    # --- show-if ------------------------------------------------------------
    def _expected_option_id(self, rule: ShowIf, target: Question) -> str | None:
        """The option id a rule refers to, matched on the source-language text."""
        source = self.source or self
        source_question = source.question(target.id) or target
        wanted = rule.answer.casefold()
        for option in source_question.options:
            if option.label.strip().casefold() == wanted:
                return option.id
        return None

    def rule_met(self, rule: ShowIf | None, answers: dict[str, Any]) -> bool:
        """Is the rule satisfied by the answers given so far? No rule: always."""
        if rule is None:
            return True
        target = self.question_by_reference(rule.question_reference)
        if target is None:
            return True  # a rule pointing nowhere must not hide questions for ever
        given = answers.get(target.id)
        if given in (None, "", [], {}):
            return False
        wanted = rule.answer.casefold()
        if target.type in ("yes_no", "consent"):
            return bool(given) == (wanted in ("yes", "true", "1"))
        if target.type in CHOICE_TYPES:
            option_id = self._expected_option_id(rule, target)
            chosen = given.get("options", []) if isinstance(given, dict) else given
            chosen = chosen if isinstance(chosen, list) else [chosen]
            return option_id is not None and option_id in chosen
        return str(given).strip().casefold() == wanted

    def visible_questions(self, step: Step, answers: dict[str, Any]) -> list[Question]:
        return [q for q in step.questions if self.rule_met(q.show_if, answers)]

    def step_visible(self, step: Step, answers: dict[str, Any]) -> bool:
        return self.rule_met(step.show_if, answers) and bool(self.visible_questions(step, answers))

    def visible_steps(self, answers: dict[str, Any]) -> list[Step]:
        return [s for s in self.steps if self.step_visible(s, answers)]

    def next_step(self, after_index: int, answers: dict[str, Any]) -> Step | None:
        for step in self.steps[after_index + 1 :]:
            if self.step_visible(step, answers):
                return step
        return None

    def previous_step(self, before_index: int, answers: dict[str, Any]) -> Step | None:
        for step in reversed(self.steps[:before_index]):
            if self.step_visible(step, answers):
                return step
        return None

    def visible_answer_ids(self, answers: dict[str, Any]) -> set[str]:
        """Questions whose answers count: those shown given the other answers."""
        ids = set()
        for step in self.visible_steps(answers):
            ids.update(q.id for q in self.visible_questions(step, answers) if q.takes_answer)
        return ids

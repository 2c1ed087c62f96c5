"""Running answer counts, so the staff summary never recounts every answer.

``AnswerTally`` holds, per consultation, how many counted answers gave each option
of each question, split by area and respondent type (the cells the results summary
and its cross-tabs are made of). ``ResponseTally`` remembers what each response
added, so a changed, withdrawn or deleted response can be taken out again exactly;
``TallyState`` is the per-consultation lock and watermark. Only
``consultations.tallies`` writes these tables.
"""

from django.db import models
from django.utils import timezone

NO_AREA = 0  # AnswerTally.area_id of responses filed under no area


class AnswerTally(models.Model):
    consultation_id = models.IntegerField(db_index=True)
    question_id = models.CharField(max_length=64)
    # "" for answers without an option (free text, numbers); "*" counts the people
    # who ticked at least one box of a multiple-choice question. The pseudo-question
    # "@who" counts responses by "channel|language" (who responded).
    option_id = models.CharField(max_length=64, blank=True)
    area_id = models.IntegerField(default=NO_AREA)
    respondent_type = models.CharField(max_length=14)
    n = models.IntegerField(default=0)
    total = models.DecimalField(max_digits=24, decimal_places=4, default=0)
    firsts = models.IntegerField(default=0)  # rankings: answers ranking the option first

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "consultation_id",
                    "question_id",
                    "option_id",
                    "area_id",
                    "respondent_type",
                ],
                name="answer_tally_cell_unique",
            )
        ]

    def __str__(self):
        return f"{self.question_id}/{self.option_id}: {self.n}"


class ResponseTally(models.Model):
    """What one response added to the tallies (no foreign key: it outlives a deletion)."""

    response_id = models.BigIntegerField(primary_key=True)
    consultation_id = models.IntegerField(db_index=True)
    area_id = models.IntegerField(default=NO_AREA)
    respondent_type = models.CharField(max_length=14)
    # [[question id, option id, n, total as a string, firsts], ...]
    cells = models.JSONField(default=list)
    # The response's updated_at when it was counted: a later save shows up as a change.
    seen_updated_at = models.DateTimeField(null=True)

    def __str__(self):
        return f"response {self.response_id}"


class TallyState(models.Model):
    consultation_id = models.IntegerField(primary_key=True)
    # Changes saved before this moment (less a safety margin) have been counted.
    mark = models.DateTimeField(null=True)
    tallied = models.IntegerField(default=0)  # responses counted (ResponseTally rows)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"tallies of {self.consultation_id}"

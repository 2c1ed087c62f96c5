"""Consultation pages and what people send us.

``pages`` holds the Wagtail page types; ``responses`` the submissions (Response,
Answer) and the personal data kept apart from them (ResponseContact,
EqualityMonitoring); ``tallies`` the running answer counts. Other apps import
from ``consultations.models`` only.
"""

from .drafts import DraftComment, DraftVersion, PolicyDraftPage
from .notifications import OutcomeNotification
from .outcomes import OutcomeIndexPage, YouSaidWeDidPage
from .pages import ConsultationIndexPage, ConsultationPage, FeedbackPage, SurveyPage
from .responses import Answer, EqualityMonitoring, Response, ResponseContact, ResponseImport
from .tallies import AnswerTally, ResponseTally, TallyState

__all__ = [
    "Answer",
    "AnswerTally",
    "DraftComment",
    "DraftVersion",
    "OutcomeIndexPage",
    "OutcomeNotification",
    "PolicyDraftPage",
    "YouSaidWeDidPage",
    "ConsultationIndexPage",
    "ConsultationPage",
    "EqualityMonitoring",
    "FeedbackPage",
    "Response",
    "ResponseContact",
    "ResponseImport",
    "ResponseTally",
    "SurveyPage",
    "TallyState",
]

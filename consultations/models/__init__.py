"""Consultation pages and what people send us.

``pages`` holds the Wagtail page types; ``responses`` the submissions (Response,
Answer) and the personal data kept apart from them (ResponseContact,
EqualityMonitoring). Other apps import from ``consultations.models`` only.
"""

from .pages import ConsultationIndexPage, ConsultationPage, FeedbackPage, SurveyPage
from .responses import Answer, EqualityMonitoring, Response, ResponseContact

__all__ = [
    "Answer",
    "ConsultationIndexPage",
    "ConsultationPage",
    "EqualityMonitoring",
    "FeedbackPage",
    "Response",
    "ResponseContact",
    "SurveyPage",
]

"""Consultations, policy drafts and outcomes: surveys, responses, comments, themes, reports."""

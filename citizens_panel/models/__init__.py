"""Citizens' Panel models.

``members`` (who is on the panel, with their profile), ``benchmarks`` (Census 2021
population counts), ``samples`` (drawn samples and personal invitations) and
``pages`` (the panel survey page). Other apps may import from here; this package
imports from ``portal`` and ``consultations`` only.
"""

from .benchmarks import PopulationBenchmark
from .members import LeaverTally, Member
from .pages import PanelSurveyPage
from .samples import Invitation, Sample

__all__ = [
    "Invitation",
    "LeaverTally",
    "Member",
    "PanelSurveyPage",
    "PopulationBenchmark",
    "Sample",
]

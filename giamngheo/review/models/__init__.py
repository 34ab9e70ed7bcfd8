from giamngheo.review.models.documents import Certificate, DocumentCounter, IssuedDocument
from giamngheo.review.models.facts import YearFact
from giamngheo.review.models.rounds import (
    Complaint,
    ReviewRound,
    RoundHousehold,
    RoundKind,
    RoundStep,
    ScreeningChecklist,
    StandardResult,
    VillageMeeting,
)

__all__ = [
    "Certificate", "Complaint", "DocumentCounter", "IssuedDocument", "ReviewRound", "RoundHousehold", "RoundKind",
    "RoundStep", "ScreeningChecklist", "StandardResult", "VillageMeeting", "YearFact",
]

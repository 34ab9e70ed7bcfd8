from giamngheo.review.models.documents import Certificate, DocumentCounter, IssuedDocument
from giamngheo.review.models.facts import DeprivedCount, FlowCount, YearFact
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
    "Certificate",
    "Complaint",
    "DeprivedCount",
    "DocumentCounter",
    "FlowCount",
    "IssuedDocument",
    "ReviewRound",
    "RoundHousehold",
    "RoundKind",
    "RoundStep",
    "ScreeningChecklist",
    "StandardResult",
    "VillageMeeting",
    "YearFact",
]

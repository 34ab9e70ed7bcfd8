from giamngheo.review.models.documents import Certificate, DocumentCounter, IssuedDocument
from giamngheo.review.models.facts import DeprivedCount, FlowCount, YearFact
from giamngheo.review.models.rounds import (
    Complaint,
    ComplaintOutcome,
    ComplaintRecheck,
    ReviewRound,
    RoundHousehold,
    RoundKind,
    RoundPosting,
    RoundStep,
    ScreeningChecklist,
    StandardResult,
    VillageMeeting,
)

__all__ = [
    "Certificate",
    "Complaint",
    "ComplaintOutcome",
    "ComplaintRecheck",
    "DeprivedCount",
    "DocumentCounter",
    "FlowCount",
    "IssuedDocument",
    "ReviewRound",
    "RoundHousehold",
    "RoundKind",
    "RoundPosting",
    "RoundStep",
    "ScreeningChecklist",
    "StandardResult",
    "VillageMeeting",
    "YearFact",
]

"""The default PQRSD types and their legal terms (business days). Plain data, no Django.

Ley 1755 de 2015 art. 14 (as restored by Ley 2207 de 2022, which ended Decreto 491 de 2020's
longer COVID terms): 15 days in general, 10 for documents and information, 30 for
consultations. Ley 1581 de 2012 arts. 14–15 (habeas data): consultations 10 days extendable
by 5, claims 15 extendable by 8. Art. 14 parágrafo allows an extension of at most the
original term again ("no podrá exceder del doble del inicialmente previsto").
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TypeTerms:
    code: str
    name: str  # English; translated where shown
    term_days: int
    extension_days: int  # the most an extension may add beyond the original deadline
    digit: int  # the type digit at the end of the default radicado
    silence_accepts: bool = False  # documents/information: positive silence (art. 14)


DEFAULT_TYPES: tuple[TypeTerms, ...] = (
    TypeTerms("peticion", "General petition", 15, 15, 1),
    TypeTerms("informacion", "Request for documents or information", 10, 10, 2, True),
    TypeTerms("consulta", "Consultation", 30, 30, 3),
    TypeTerms("queja", "Complaint", 15, 15, 4),
    TypeTerms("reclamo", "Claim", 15, 15, 5),
    TypeTerms("sugerencia", "Suggestion", 15, 15, 6),
    TypeTerms("denuncia", "Report of wrongdoing", 15, 15, 7),
    TypeTerms("habeas_consulta", "Personal data: consultation", 10, 5, 8),
    TypeTerms("habeas_reclamo", "Personal data: claim", 15, 8, 9),
)
DEFAULTS_BY_CODE = {t.code: t for t in DEFAULT_TYPES}

#: Art. 17: the institution asks the citizen to complete within 10 business days of filing.
COMPLETION_REQUEST_DAYS = 10
#: Art. 21: transfer to the competent entity within 5 business days of receipt.
TRANSFER_DAYS = 5
#: Art. 14: information accepted by silence must be delivered within 3 business days.
SILENCE_DELIVERY_DAYS = 3
#: Art. 17: the citizen has one month to complete, extendable once by another month.
CITIZEN_MONTHS = 1

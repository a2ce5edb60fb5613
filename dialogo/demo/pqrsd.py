"""Fictional PQRSD requests for the demo institution, in the words of Colombian citizens.

Filed through the PQRSD services (radicado, legal dates, audit), received over the last
weeks so the queue shows every traffic light; a few go through the workflow.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from dialogo.core.models import Membership, Organization
from dialogo.core.roles import Role
from dialogo.pqrsd import services, workflow
from dialogo.pqrsd.models import Office

OFFICES = [
    ("100", "Atención al Ciudadano"),
    ("200", "Oficina Jurídica"),
    ("300", "Trámites y Servicios"),
]

# (days ago, type, office, intake, name, subject, text)
REQUESTS = [
    (
        2,
        "peticion",
        "300",
        "webform",
        "Yolanda Castaño",
        "Estado de mi trámite de pasaporte",
        "Buenas tardes. Radiqué la solicitud de pasaporte hace tres semanas y en la página sigue "
        "saliendo «en revisión». Les pido el favor de informarme en qué va y si me falta algún "
        "documento.",
    ),
    (
        6,
        "queja",
        "100",
        "phone",
        "Hernán Quintero",
        "Mala atención en la ventanilla",
        "El señor llamó para quejarse porque en la ventanilla 4 le dijeron que volviera otro día "
        "sin explicarle por qué, después de hacer fila desde las siete de la mañana.",
    ),
    (
        9,
        "informacion",
        "200",
        "letter",
        "Corporación Veeduría Ciudadana Río Claro",
        "Copia de contratos de mantenimiento",
        "Solicitamos copia de los contratos de mantenimiento de sedes firmados en el último año, "
        "con sus informes de supervisión.",
    ),
    (
        12,
        "reclamo",
        "300",
        "in_person",
        "Luz Marina Ortiz",
        "Cobro doble del certificado",
        "La ciudadana se acercó a la sede porque le cobraron dos veces el certificado en línea. "
        "Trae el extracto bancario y pide la devolución.",
    ),
    (
        14,
        "sugerencia",
        "100",
        "webform",
        "Andrés Felipe Mora",
        "Horario los sábados",
        "Sería bueno que abrieran la sede los sábados en la mañana, porque los que trabajamos "
        "entre semana no alcanzamos a llegar.",
    ),
    (
        20,
        "consulta",
        "200",
        "webform",
        "Diana Carolina Pérez",
        "¿Aplica la exención para adultos mayores?",
        "Quisiera saber si la exención del pago de la tasa aplica para mi mamá, que tiene 68 años "
        "y vive en zona rural.",
    ),
    (
        25,
        "habeas_reclamo",
        "200",
        "webform",
        "Jhon Jairo Rendón",
        "Corrección de mis datos",
        "En su base de datos aparezco con un número de celular que no es el mío y me están "
        "llegando mensajes de otra persona. Pido que corrijan mis datos.",
    ),
    (
        30,
        "denuncia",
        "200",
        "letter",
        "",
        "Presunto cobro por agilizar trámites",
        "Escribo de forma anónima: afuera de la sede hay una persona que ofrece «agilizar» las "
        "citas a cambio de plata y dice que trabaja con ustedes.",
    ),
]


def load(org: Organization) -> int:
    """File the demo requests; returns how many were filed."""
    offices = {
        code: Office.objects.create(organization=org, code=code, name=name)
        for code, name in OFFICES
    }
    agent = Membership.objects.filter(organization=org, role=Role.AGENT).first()
    now = timezone.now()
    filed = []
    for days, kind, office, intake, name, subject, text in REQUESTS:
        new = services.NewRequest(
            type_code=kind,
            text=text,
            subject=subject,
            received_at=now - dt.timedelta(days=days, hours=3),
            intake=intake,
            office=offices[office],
            citizen_name=name,
            citizen_email=f"{name.split()[0].lower()}@correo.example" if name else "",
        )
        filed.append(services.file_request(organization=org, new=new, now=now).request)
    if agent is not None:
        _walk(filed, agent)
    return len(filed)


def _walk(filed: list, agent: Membership) -> None:
    """A few steps of the workflow, so the detail pages show them."""
    workflow.request_completion(
        request=filed[0],
        membership=agent,
        text="Para darle respuesta necesitamos el número de la solicitud que aparece en el "
        "comprobante de pago. Por favor envíenoslo respondiendo este mensaje.",
    )
    workflow.answer_request(
        request=filed[4],
        membership=agent,
        text="Gracias por su sugerencia. La pasamos a la Secretaría General, que está evaluando "
        "abrir la sede principal el primer sábado de cada mes.",
    )

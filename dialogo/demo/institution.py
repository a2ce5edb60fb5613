"""The demo institution's own settings, written by us: topic keywords, its use policy and
routing rules. (The conversations come from `content`.)"""

TOPIC_KEYWORDS = {
    "pasaportes-consulares": "pasaporte, consulado, cita consular, visa, exterior",
    "apostilla-legalizaciones": "apostilla, apostillar, legalizar, legalización",
    "antecedentes-judiciales": "antecedentes, certificado judicial, pasado judicial",
    "impuestos": "impuesto, rut, declaración, renta, factura, dian",
    "documentos-identidad": "cédula, tarjeta de identidad, duplicado, documento de identidad",
    "portal-gobierno-en-linea": "portal, contraseña, página, clave, usuario, sitio web",
    "registro-civil": "registro civil, nacimiento, matrimonio, defunción, notaría",
    "subsidios": "subsidio, ayuda, beneficio, transferencia, pago",
}

POLICY = [
    (
        "1",
        "Respeto",
        "Se retiran los mensajes con insultos, amenazas o expresiones que inciten al odio o la "
        "violencia contra cualquier persona o grupo.",
    ),
    (
        "2",
        "Datos personales",
        "Para proteger a quien escribe, se ocultan los mensajes públicos que exponen números de "
        "documento, direcciones, teléfonos u otros datos personales (Ley 1581 de 2012). Le "
        "pediremos continuar por un canal privado.",
    ),
    (
        "3",
        "Publicidad y spam",
        "Se retiran la publicidad, las cadenas, los enlaces engañosos y los mensajes automáticos "
        "que no tienen relación con los trámites de la entidad.",
    ),
    (
        "4",
        "Contenido sexual",
        "Se retira el contenido sexual explícito y se reporta a la red social.",
    ),
    (
        "5",
        "Suplantación",
        "Se reportan las cuentas que suplantan a la entidad o a sus servidores públicos.",
    ),
]

ROUTING = [
    ("Trámites consulares al experto", "pasaportes-consulares", ""),
    ("Apostilla al experto", "apostilla-legalizaciones", ""),
    ("Antecedentes al experto", "antecedentes-judiciales", ""),
    ("Registro civil al experto", "registro-civil", ""),
    ("Denuncias a la supervisión", "", "denuncia"),
]

# ruff: noqa: E501  (text fragments are data: one fragment a line, however long)
"""Hand-written text fragments for the demo institution's conversations.

Every fragment here was written for Diálogo's demo: nothing is copied from real
conversations. Fragments are combined by ``content.py``; slots in braces are
filled there: ``{city}`` (Colombian city), ``{abroad}`` (city abroad), ``{n}``
(small number), ``{month}``, ``{link}`` (a page on antd.example), ``{rad}``
(a fictional filing number) and ``{first}`` (the citizen's first name).

Blocks are one fragment per line so that adding variety is adding a line.
"""


def _lines(block: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in block.strip().splitlines() if line.strip())


SITE = "https://antd.example"

# --- Slot values ------------------------------------------------------------

CITIES = _lines("""
Bogotá
Medellín
Cali
Barranquilla
Cartagena
Bucaramanga
Pereira
Manizales
Cúcuta
Ibagué
Santa Marta
Villavicencio
Pasto
Neiva
Armenia
Montería
Popayán
Tunja
Sincelejo
Valledupar
Riohacha
Quibdó
Leticia
Yopal
Florencia
San Andrés
Soacha
Envigado
""")

ABROAD = _lines("""
Madrid
Barcelona
Valencia
Miami
Nueva York
Houston
Orlando
Santiago de Chile
Buenos Aires
Ciudad de México
Lima
Quito
Ciudad de Panamá
Toronto
Montreal
Londres
París
Berlín
Milán
Sídney
San José de Costa Rica
""")

MONTHS = _lines("""
enero
febrero
marzo
abril
mayo
junio
julio
agosto
septiembre
octubre
noviembre
diciembre
""")

# --- People -------------------------------------------------------------------

FIRST_NAMES_F = _lines("""
María Fernanda
Luz Marina
Carolina
Diana
Paola
Andrea
Natalia
Sandra
Claudia
Gloria
Martha
Ana María
Valentina
Daniela
Laura
Camila
Juliana
Marcela
Yuliana
Leidy
Angélica
Liliana
Adriana
Mónica
Patricia
Rosa
Esperanza
Yeimy
Karen
Tatiana
Lina
Viviana
Sara
Mariana
Alejandra
Luisa
Johana
Nidia
Dora
Beatriz
""")

FIRST_NAMES_M = _lines("""
Juan Carlos
Luis Fernando
Andrés
Jorge
Carlos
Diego
Felipe
Santiago
Sebastián
Julián
Camilo
Óscar
Jhon Jairo
Fabio
Hernando
Germán
Édgar
Wilson
Alexander
Mauricio
Ricardo
Álvaro
Jaime
Nicolás
Mateo
Esteban
Cristian
Brayan
Duván
Yesid
Harold
Fredy
Rubén
Gustavo
Héctor
Iván
Miguel Ángel
Juan David
Juan Pablo
Orlando
""")

SURNAMES = _lines("""
Rodríguez
Gómez
González
Martínez
García
López
Hernández
Sánchez
Ramírez
Pérez
Díaz
Muñoz
Rojas
Moreno
Jiménez
Vargas
Castro
Gutiérrez
Álvarez
Ruiz
Ortiz
Torres
Suárez
Romero
Valencia
Quintero
Restrepo
Osorio
Cárdenas
Mejía
Ospina
Zapata
Arango
Londoño
Cardona
Henao
Giraldo
Salazar
Marín
Duque
Parra
Guerrero
Rincón
Beltrán
Bermúdez
Caicedo
Mosquera
Palacios
Córdoba
Cuesta
Pineda
Urrego
Sierra
Vélez
Agudelo
Montoya
Toro
Bedoya
Murillo
Cortés
""")

# (nickname, gender) for social-network display names.
NICKNAMES = (
    ("La Mona", "f"),
    ("Mafe", "f"),
    ("Caro", "f"),
    ("Cami", "f"),
    ("Vale", "f"),
    ("Lulú", "f"),
    ("Tata", "f"),
    ("La Negra", "f"),
    ("Pao", "f"),
    ("Dani", "f"),
    ("Juanpa", "m"),
    ("Pipe", "m"),
    ("Nico", "m"),
    ("Sebas", "m"),
    ("Toño", "m"),
    ("Don Chucho", "m"),
    ("El Paisa", "m"),
    ("Cheo", "m"),
    ("Mono", "m"),
    ("Juanca", "m"),
    ("Profe Hernán", "m"),
    ("Negro", "m"),
)

EMAIL_DOMAINS = ("example.com", "correo.example", "mail.example", "example.net", "example.org")
MASTODON_INSTANCES = ("mastodon.example", "social.example", "colombia.example", "red.example")
NICK_EMOJI = ("", "", "", "", " 🇨🇴", " ✨", " 🌻", " ⚽", " 🎶", " 💚")

SPAM_NAMES = _lines("""
Crypto Señales PRO 💰
Lucía 🔥 18+
Valeria ❤️ solo hoy
Inversiones Rápidas
BTC Ganancias Diarias
Seguidores Baratos
Préstamos YA
Hot Girls 💋
Trader Millonario
Promo Oficial Premios
""")

# --- Citizen openings -------------------------------------------------------

GREET_MORNING = _lines("""
Buenos días
Buen día
Buenos dias
Muy buenos días
""")
GREET_AFTERNOON = _lines("""
Buenas tardes
Buenas tardes
Muy buenas tardes
""")
GREET_NIGHT = _lines("""
Buenas noches
Buenas noches
""")
GREET_ANY = _lines("""
Hola
Buenas
Holaa
Hola, buenas
Saludos
Cordial saludo
Hola ANTD
Qué tal
Señores ANTD
Buen día para todos
""")

OPENERS = _lines("""
Una pregunta:
Tengo una duda.
Una consulta por favor.
Necesito ayuda con algo.
Disculpen la molestia.
Perdón que moleste.
Por favor ayúdenme.
Alguien que me ayude.
Urgente.
Me pueden colaborar?
Quisiera saber algo.
Les escribo porque no encuentro la información.
""")

PLEAS = _lines("""
Les agradezco mucho la ayuda.
Es urgente por favor.
Por favor respondan.
Me urge.
Espero su respuesta.
Ojalá me puedan responder pronto.
Quedo pendiente.
Muchas gracias de antemano.
Dios les pague.
Por favor, es que ya no sé a quién preguntar.
""")

SIGN_OFF_F = _lines("""
Quedo atenta
Muchas gracias
Agradezco su atención
Atentamente
Cordialmente
Gracias
""")
SIGN_OFF_M = _lines("""
Quedo atento
Muchas gracias
Agradezco su atención
Atentamente
Cordialmente
Gracias
""")

EMOJI_NEUTRAL = (" 🙏", " 🙏🏼", " 🤔", " 😅", "", "", "")
EMOJI_ANGRY = (" 😡", " 🤬", " 🙄", " 😤", " 👎", "", "")
EMOJI_HAPPY = (" 🙌", " 👏", " ❤️", " 😊", " 💯", " 🇨🇴", "")

# Generic question shapes around a topic noun phrase ("el pasaporte").
QUESTION_TEMPLATES = _lines("""
¿Cuáles son los requisitos para {noun}?
¿Cuánto se demora {noun}?
¿Cuánto vale {noun}?
¿Se puede hacer {noun} por internet?
¿Dónde puedo hacer {noun}?
¿Me pueden explicar cómo es {noun}?
qué necesito para {noun}?
¿Tiene algún costo {noun}?
¿Me explicas cómo hago {noun}? no entiendo la página
¿Para {noun} toca pedir cita?
¿Alguien sabe cómo es lo de {noun}?
¿Me podría indicar el paso a paso para {noun}?
""")

INFO_TEMPLATES = _lines("""
Solicito información sobre {noun}.
Quisiera información sobre {noun}, por favor.
Me pueden informar los requisitos para {noun}?
Necesito saber los horarios de atención para {noun}.
Me gustaría conocer los costos de {noun} para este año.
Por favor me envían la información de {noun} al correo.
¿Dónde encuentro la información oficial de {noun}?
""")

REQUEST_TEMPLATES = _lines("""
Solicito de manera respetuosa ayuda con {noun}.
Por medio de la presente solicito se me dé trámite a {noun}.
Les pido el favor de revisar mi caso con {noun}.
Necesito que me ayuden con {noun}, ya hice todo lo que dice la página.
Solicito una cita para {noun}.
""")

COMPLAINT_TEMPLATES = _lines("""
Pésimo el servicio con {noun}.
Qué vergüenza cómo manejan {noun}.
Llevo {n} semanas esperando con {noun} y nadie me da razón.
Nadie responde nada sobre {noun}, ni por teléfono ni por correo.
Es increíble que {noun} se demore tanto en pleno siglo XXI.
Ya van {n} veces que escribo por {noun} y nada.
Uno paga impuestos para esto? {noun} es un desastre.
""")

# --- Citizen follow-ups --------------------------------------------------------

THANKS = _lines("""
Mil gracias!
Muchas gracias por la respuesta.
Listo, muchas gracias.
Súper, gracias por la info.
Gracias, muy amables.
ok gracias
Gracias!! ya me salió
Dios les pague 🙏
Perfecto, ya quedó. Gracias.
Excelente, gracias por responder tan rápido.
Vale, gracias.
Ah listo, gracias.
gracias, ya pude hacerlo
Muy amable, gracias.
Listo, ya lo hice. Gracias.
Qué bien, no sabía. Gracias.
Gracias, mañana mismo lo hago.
Uy sí, gracias, ya vi el link.
""")

GENERIC_FOLLOWUPS = _lines("""
¿Y cuánto se demora? || Normalmente se resuelve en 3 a 5 días hábiles; le llega una notificación al correo cuando esté listo.
¿Y eso tiene algún costo? || Ese paso no tiene costo adicional.
¿Y si no tengo cómo imprimir? || No necesita imprimir nada: el documento digital tiene plena validez.
¿Eso se puede hacer desde el celular? || Sí, todo el trámite se puede hacer desde el celular.
¿Y toca ir personalmente? || No es necesario ir a una oficina; todo se hace en línea.
¿Y dónde veo en qué va mi trámite? || El estado de su trámite se consulta en https://antd.example/portal/mis-tramites con el número de solicitud que le llegó al correo.
Una pregunta más: ¿atienden los sábados? || La atención presencial es de lunes a viernes de 7:00 a. m. a 5:00 p. m.; los sábados solo en las oficinas de Bogotá, Medellín y Cali.
¿Y si vivo en una vereda donde casi no hay internet? || Puede acercarse a la alcaldía de su municipio o a un punto de acceso comunitario, donde le ayudan sin costo.
¿Y me llega algo al correo? || Sí, le llega una confirmación al correo registrado; revise también la carpeta de correo no deseado.
¿y el horario de atención cual es? || Atendemos de lunes a viernes de 7:00 a. m. a 5:00 p. m. Por este canal respondemos también en la noche.
¿Lo puedo hacer por otra persona? || Un tercero puede hacerlo con poder simple y copia del documento de identidad del titular.
""")

GENERIC_ERRORS = _lines("""
Ya lo hice y me sale error. || Lamentamos el inconveniente. ¿Nos envía una captura del error por mensaje directo? Así lo revisamos con el equipo técnico.
ese link no abre || Gracias por avisar. Pruebe copiando la dirección completa en el navegador; si sigue sin abrir, intente desde otro dispositivo.
Me sale "usuario o contraseña incorrectos" y ya la cambié dos veces. || Después de cambiar la contraseña, espere unos minutos y cierre las pestañas abiertas del portal antes de volver a ingresar.
La página se queda cargando y no pasa nada. || Hubo una intermitencia en la plataforma que ya fue corregida. ¿Nos confirma si ya le funciona?
me bota de la página cada vez que le doy siguiente || Le sugerimos borrar el caché del navegador o intentar en una ventana privada. Si persiste, nos cuenta.
ya intenté y nada, sigue igual || Gracias por la paciencia. Escalamos su caso al equipo técnico; le escribimos por aquí apenas tengamos respuesta.
No me llega el correo de confirmación. || Revise la carpeta de correo no deseado. Si no está allí, puede pedir que se lo reenvíen desde la misma página.
Lo hice desde el celular y sale todo desconfigurado. || Gracias por avisarnos. Mientras lo corregimos, le recomendamos girar el celular o usar un computador.
Me sale "sesión expirada" a cada rato. || La sesión se cierra tras 15 minutos sin actividad. Si le ocurre antes, intente desde otro navegador y nos cuenta.
""")

PUSHBACK = _lines("""
Siempre lo mandan a uno para otro lado.
Ya radiqué hace un mes y nada.
O sea que no me pueden ayudar por aquí?
Qué pereza, otro formulario.
ok, ojalá esta vez sí respondan
Eso mismo me dijeron la vez pasada y nada.
Bueno, voy a intentar, pero no prometo paciencia.
Y el número de radicado para qué, si nunca contestan.
""")

STILL_WAITING = _lines("""
¿Alguna novedad?
Sigo esperando respuesta.
Hola? ya van varios días.
Les escribí por interno y nada.
Por favor, ¿me pueden dar razón?
Otra vez yo. ¿Ya revisaron?
""")

ADDENDA = _lines("""
?
??
Alguien?
Por favor
Es urgente
Gracias
Gracias de antemano 🙏
Perdón, se me fue el mensaje sin terminar.
Ah, y no tengo impresora.
Lo necesito para esta semana.
Estoy desde el celular, perdón la ortografía.
Y en el teléfono nadie contesta.
""")

STILL_FAILING = _lines("""
ya intenté y nada, sigue igual || Gracias por la paciencia. Escalamos su caso al equipo técnico; le escribimos por aquí apenas tengamos respuesta.
Sigue saliendo lo mismo. || Qué pena con usted. ¿Nos envía por interno su número de documento y una captura? Lo revisamos directamente.
Nada, ya probé en otro navegador y tampoco. || Gracias por intentarlo. El equipo técnico está revisando un fallo con algunos usuarios; le avisamos apenas quede resuelto.
""")

SOLVED = _lines("""
Gracias por la información. Revisamos su caso y ya quedó corregido; por favor intente de nuevo.
Gracias. Con esos datos el equipo técnico desbloqueó su solicitud; ya puede continuar el trámite.
Listo, con esa información encontramos el problema y ya fue solucionado. ¿Nos confirma si le funciona?
""")

ADDENDA_POSITIVE = _lines("""
Gracias!
De verdad, gracias.
Sigan así 👏
Así da gusto.
🙌
""")

CASE_DETAILS = _lines("""
Les mandé los datos por interno.
Ya les escribí por mensaje directo con el número.
Es desde {city}.
El radicado me llegó al correo pero no lo encuentro, ¿sirve la cédula?
Es para mi papá, él no sabe usar el computador.
Fue en la oficina de {city}, el {n} de {month}.
Listo, ya les envié el correo de contacto.
""")

# --- Other kinds of citizen messages ---------------------------------------------

PRAISE = _lines("""
Mil gracias, súper rápida la respuesta.
Creo que son la única entidad del Estado que contesta las preguntas. Felicitaciones.
Excelente la atención de la funcionaria que me ayudó por chat, muy paciente.
Me llegó el documento en 3 días, no lo podía creer. Gracias.
Felicito al equipo de redes, siempre responden y con buena actitud.
Qué buena la nueva página, por fin se entiende algo.
Gracias por la paciencia con mi mamá, le explicaron todo con calma.
Hice todo en línea en 10 minutos. Así debería ser todo en este país.
Les quedó muy bien el video explicando el trámite.
Primera vez que una entidad pública me responde un domingo. Gracias de verdad.
Muy organizada la atención hoy en la oficina de {city}, cero filas.
Pensé que nadie iba a contestar y me resolvieron todo. Mil gracias.
Bravo por el equipo, atención de primera.
Gracias, me salvaron el viaje.
""")

SUGGESTIONS = _lines("""
Deberían poner un chat en la página para las dudas rápidas.
Sería bueno que habilitaran citas los sábados para los que trabajamos.
La página no funciona bien en el celular, deberían arreglar eso.
Pongan las tarifas en la página principal, uno no las encuentra.
Sugiero que manden recordatorio de la cita por WhatsApp o SMS.
Deberían tener una fila preferencial real para adultos mayores en {city}.
¿Por qué no hacen un tutorial en video del paso a paso?
Sería bueno poder pagar con Nequi o Daviplata.
Propongo que publiquen cuántas citas hay disponibles por semana, así uno no pierde el tiempo.
Deberían poner la información también en lenguas indígenas y con intérprete de señas.
Ojalá pudieran mandar el documento a domicilio, así sea pagando el envío.
Que la página avise cuando se va a caer por mantenimiento.
""")

DENUNCIAS = _lines("""
Afuera de la oficina de {city} hay tramitadores cobrando 200 mil por conseguir la cita.
Hay una página falsa cobrando por el certificado de antecedentes, que es gratis. Ojo.
Un señor que dice ser funcionario de ustedes me pidió plata para agilizar el trámite.
Me llegó un correo diciendo que mi pasaporte estaba retenido y que pagara una multa. ¿Es estafa?
En un grupo de Facebook están vendiendo citas de pasaporte, lo denuncio para que hagan algo.
El vigilante de la oficina deja entrar primero a los que le dan propina.
Están llamando a nombre de la ANTD pidiendo datos bancarios para un supuesto subsidio.
Una persona en la fila estaba vendiendo turnos, y nadie dijo nada.
Hay un perfil en redes que se hace pasar por ustedes y cobra por "asesorías".
Un funcionario me trató mal y me dijo que si no le daba algo me demoraba otro mes.
""")

COMMENTS = {
    "positivo": _lines("""
        Buen dato, no sabía.
        Muy bien explicado.
        Por fin algo útil en esta red.
        Yo lo hice la semana pasada y me fue bien.
        Justo estaba buscando esto.
        Comparto para los que viven afuera.
        Qué bueno que ahora se pueda hacer en línea.
    """),
    "neutro": _lines("""
        Interesante lo que publicaron.
        Etiqueto a mi hermana que está en {abroad}.
        Eso mismo pregunté yo la semana pasada.
        Aquí leyendo los comentarios mientras espero mi turno.
        Y para cuándo lo de la cédula digital?
        Comparto para los que viven afuera.
        Guardo el dato por si acaso.
    """),
    "negativo": _lines("""
        Ojalá esto funcione de verdad.
        A ver si es cierto.
        Jajaja la fila de hoy estaba de película.
        Puro cuento, a la hora de la verdad nada funciona.
        Mucha publicación y poca solución.
        Eso dijeron el año pasado y seguimos igual.
    """),
}

ABUSE = _lines("""
Son unos ineptos, no sirven para nada.
Manada de vagos, viviendo de nuestros impuestos.
Ladrones, eso es lo que son.
Qué entidad tan mediocre, da asco.
Responder no les cuesta nada, par de zánganos.
Partida de inútiles, cierren eso.
Ustedes son una mierda de entidad.
Malparidos, llevo un mes esperando.
Hijueputas, me hicieron perder el viaje.
Gonorreas, devuelvan la plata.
Pendejos, ni la página sirve.
Corruptos de mierda, todos son iguales.
Ojalá los echen a todos por vagos.
Bobos hp, aprendan a trabajar.
Que entidad tan hp, nunca contestan.
Lambones del gobierno de turno, no sirven.
""")

ABUSE_TAILS = _lines("""
Ya está bueno.
Cada vez peor.
Qué asco de servicio.
Vergüenza.
Y encima ni contestan.
Siempre es lo mismo.
""")

SPAM = _lines("""
Gana 500 USD diarios con bitcoin desde tu casa 💰 escríbeme al interno
Invierte en la nueva cripto que va a explotar 🚀🚀 https://cripto-rapida.example
Hola guapo, mira mis fotos sin censura 🔥 link en mi perfil
Hot singles in your area 💋 https://citas-calientes.example
Compra seguidores reales y likes baratos, 1000 por 5 dólares. Info al DM
Préstamos sin estudio de crédito, aprobación en 10 minutos. WhatsApp en el perfil
FELICIDADES! Fuiste seleccionado para ganar un iPhone. Reclama aquí https://premios-oficiales.example
Señales de trading con 98% de acierto, únete al grupo VIP
Quieres trabajar desde casa y ganar en dólares? Escríbeme
Free crypto airdrop!!! Connect your wallet https://airdrop-gratis.example
Me aburro sola... ¿alguien quiere hablar? 😘 https://chat-privado.example
Descarga películas gratis y sin anuncios https://pelis-gratis.example
Recupera tu cuenta hackeada con nuestro experto, 100% garantizado
Gana dinero viendo videos, pago diario por Nequi
Subsidio de 800 mil para todos, inscríbase ya antes de que cierren bit.ly/subsidio-ya
Su paquete está retenido en aduana, pague el envío aquí cutt.ly/aduana-pago
Revisa este video donde sales tú 😱 tinyurl.com/video-tuyo
""")

SPAM_TAILS = ("", "", " #crypto #bitcoin", " #ganardinero", " 🔥🔥🔥", " DM", " !!!")

# --- Institution replies ------------------------------------------------------------

REPLY_CLOSINGS = _lines("""
Quedamos atentos.
Cualquier otra inquietud, con gusto le ayudamos.
¡Que tenga un buen día!
Esperamos haberle ayudado.
Si tiene más preguntas, escríbanos por aquí.
Estamos para servirle.
""")

ACK_THANKS = _lines("""
¡Con mucho gusto! 🙂
Con gusto. ¡Que tenga un buen día!
Para eso estamos. Cualquier inquietud, aquí seguimos.
¡Gracias a usted por escribirnos!
Nos alegra haberle ayudado.
¡Con gusto! Éxitos con el trámite.
""")

ASK_GENERIC = _lines("""
Para ayudarle mejor, ¿nos cuenta un poco más del caso? || Es que hice todo lo que dice la página y no me sale nada. || Pues que necesito el documento esta semana y no sé por dónde empezar.
¿Nos comparte por mensaje directo el número de solicitud? Por favor no publique datos personales en los comentarios. || Listo, ya se los mandé por interno. || Ya les escribí por mensaje directo.
¿Desde qué ciudad nos escribe? || Desde {city}. || Estoy en {abroad}.
¿En qué paso del trámite va? Así le indicamos lo que sigue. || Ya me registré pero no sé qué sigue. || Ya pagué, me falta la cita.
""")


ROUTE_PQRSD = _lines("""
Para que su solicitud tenga respuesta formal dentro de los términos de ley, le pedimos radicarla en nuestro canal oficial de PQRSD: https://antd.example/pqrsd. Allí recibirá un número de radicado para hacerle seguimiento.
Su caso requiere revisión de fondo. Por favor radíquelo en https://antd.example/pqrsd adjuntando los soportes; el plazo de respuesta es de 15 días hábiles.
Hemos registrado su mensaje como una petición con el número {rad}. Le daremos respuesta por este mismo medio dentro de los términos de ley.
Este tipo de solicitud se atiende por el canal oficial de PQRSD (https://antd.example/pqrsd), para que quede radicada y con plazo de respuesta. Si necesita ayuda para diligenciarlo, aquí le acompañamos.
""")

COMPLAINT_ACKS = _lines("""
Lamentamos mucho lo ocurrido y le ofrecemos disculpas.
Entendemos su molestia; no es la experiencia que queremos darle.
Tiene razón en reclamar, y le agradecemos que nos lo cuente.
Le ofrecemos disculpas por lo sucedido.
Sentimos mucho el inconveniente.
""")

COMPLAINT_ASKS = _lines("""
¿Nos escribe por mensaje directo su número de cédula y el número de solicitud para revisar el caso?
Para revisarlo, envíenos por mensaje directo el radicado o el número de solicitud (por favor no lo publique aquí).
¿Nos cuenta en qué oficina y en qué fecha ocurrió? Así lo escalamos al área responsable.
¿Nos comparte un correo de contacto por interno? Un asesor le escribirá hoy mismo.
""")

COMPLAINT_RESOLUTIONS = _lines("""
Revisamos su caso con el área responsable, que le escribirá al correo con la solución en los próximos dos días hábiles. Quedó registrado con el número {rad}.
Gracias por los datos. El equipo técnico corrigió el problema en su solicitud y ya puede continuar el trámite. Referencia del caso: {rad}.
Su caso fue priorizado y le contactarán del área encargada en los próximos dos días hábiles. Caso {rad}.
Trasladamos su queja a la oficina correspondiente con el radicado {rad}; recibirá respuesta formal en un máximo de 15 días hábiles.
Gracias por la información. Pasamos su caso a la coordinación de la oficina para que se tomen medidas. Quedó registrado con el número {rad}.
""")

DENUNCIA_REPLIES = _lines("""
Gracias por informarnos. Recuerde que todos nuestros trámites se hacen directamente con la entidad y ninguno requiere intermediarios. Puede presentar la denuncia, incluso de forma anónima, en https://antd.example/denuncias.
Agradecemos la alerta. Trasladamos la información a la Oficina de Control Interno. Para que quede formalmente registrada, le pedimos radicarla en https://antd.example/denuncias, donde su identidad está protegida.
Gracias por avisar. Esa página no es oficial: nuestro único sitio es https://antd.example. Ya reportamos el caso. Si usted pagó algo, radique la denuncia en https://antd.example/denuncias.
Esto es muy grave y le agradecemos que lo cuente. Por favor no publique nombres ni datos aquí; radique la denuncia en https://antd.example/denuncias para que la revise Control Interno.
""")

SUGGESTION_REPLIES = _lines("""
¡Gracias por la sugerencia! La compartimos con el equipo encargado.
Muy buena idea. La registramos en nuestro buzón de mejoras para evaluarla.
Gracias por ayudarnos a mejorar. Trasladamos su propuesta al área de servicio al ciudadano.
Gracias. Ya estamos trabajando en algo parecido y tendremos novedades pronto.
""")

PRAISE_REPLIES = _lines("""
¡Muchas gracias por sus palabras! Se las haremos llegar al equipo. 💙
Nos alegra mucho. ¡Gracias por escribirnos!
Gracias a usted por confiar en nosotros. ¡Éxitos!
Mensajes como este nos animan a seguir mejorando. ¡Gracias!
""")

COMMENT_REPLIES = _lines("""
Gracias por su comentario.
¡Gracias por compartir!
Toda la información oficial está en https://antd.example.
Gracias por estar pendiente. Cualquier duda, aquí estamos.
""")

PUSHBACK_REPLIES = _lines("""
Entendemos su molestia. Radicar el caso nos permite darle una respuesta de fondo con plazo legal, y desde aquí le hacemos seguimiento.
Tiene razón en que debe ser más sencillo. Su caso quedó anotado con el número {rad}; si en 15 días hábiles no tiene respuesta, escríbanos y lo escalamos.
Comprendemos. Si nos comparte por interno el radicado anterior, revisamos por qué no ha tenido respuesta.
""")

FRUSTRATION = _lines("""
Ya llevo {n} días intentando y nada.
Nadie da razón.
Esto es un martirio.
Qué desespero con esa página.
Ya no sé qué más hacer.
Es la tercera vez que pregunto.
""")

LATE_PREFIXES = _lines("""
Disculpe la demora en responder.
Perdone la tardanza.
Ofrecemos disculpas por la demora.
""")

ABUSE_REPLIES = _lines("""
Queremos ayudarle, pero le pedimos mantener un lenguaje respetuoso, según nuestra política de uso: https://antd.example/politica-de-uso. Si tiene un caso pendiente, cuéntenos los detalles.
Entendemos la frustración. Para poder ayudarle, le pedimos un trato respetuoso. ¿Nos cuenta qué trámite tiene pendiente?
Este espacio es para todos. Recuerde nuestra política de uso: https://antd.example/politica-de-uso. Con gusto le ayudamos si nos cuenta su caso.
""")

INSTITUTION_SIGNATURE = "Equipo de Atención al Ciudadano\nAgencia Nacional de Trámites Digitales (ANTD)\nhttps://antd.example"

# --- Subjects for e-mail and web form -------------------------------------------------

KIND_SUBJECTS = {
    "pregunta": _lines("""
        Consulta
        Pregunta
        Duda sobre trámite
        Consulta urgente
        Ayuda por favor
    """),
    "peticion": _lines("""
        Derecho de petición
        Solicitud
        Petición respetuosa
        Solicitud de cita
    """),
    "informacion": _lines("""
        Solicitud de información
        Información
        Requisitos
    """),
    "queja": _lines("""
        Queja
        Queja por mal servicio
        Inconformidad
        Pésima atención
        URGENTE - queja
    """),
    "reclamo": _lines("""
        Reclamo
        Reclamo por cobro
        Reclamo - error en documento
    """),
    "sugerencia": _lines("""
        Sugerencia
        Propuesta de mejora
        Una idea
    """),
    "denuncia": _lines("""
        Denuncia
        Denuncia - posible estafa
        Reporte de irregularidad
    """),
    "felicitacion": _lines("""
        Felicitaciones
        Agradecimiento
        Gracias!
    """),
    "comentario": _lines("""
        Comentario
        Opinión
    """),
    "abuso": _lines("""
        RESPONDAN
        Hasta cuándo
        Vergüenza
    """),
    "spam": _lines("""
        Oportunidad única
        Ganaste!!!
        Re: tu cuenta
        Invitación exclusiva
    """),
}

# --- Topic banks --------------------------------------------------------------------
# One dict per topic slug; ``content.py`` parses the markup once at import:
#   answers      numbered from 0; other lines point at one with a "[k]" prefix, so a
#                question gets the answer that fits it (no prefix: any answer).
#   nouns        the procedure as a noun phrase, for the generic templates.
#   questions, requests, complaints, claims   what citizens open with.
#   details      context a citizen adds.
#   followups    "citizen's next question || the institution's answer".
#   errors       "what went wrong || how the institution helps".
#   asks         "[answers it fits] what the institution asks || a citizen's reply || another".

TOPIC_BANKS: dict[str, dict[str, tuple[str, ...]]] = {
    "pasaportes-consulares": {
        "answers": _lines("""
            Para solicitar el pasaporte primero agende la cita en https://antd.example/pasaportes/citas; las agendas se abren cada lunes a las 7:00 a. m. El día de la cita lleve la cédula original y el comprobante de pago.
            El pasaporte ordinario se entrega en promedio en 5 días hábiles después de la toma de datos. Puede consultar el estado con su número de solicitud en https://antd.example/pasaportes/estado.
            Para menores de edad debe presentarse el menor con uno de los padres y el registro civil de nacimiento. Para el pasaporte basta con uno de los dos; el permiso del otro se pide solo para salir del país.
            En el exterior el trámite se hace en el consulado de su jurisdicción, con cita previa en https://antd.example/consulados. No necesita la cédula nueva si la suya está vigente.
            Si perdió el pasaporte, reporte la pérdida en https://antd.example/pasaportes/perdida antes de solicitar uno nuevo; el reporte es gratuito, en línea y no exige denuncio.
            El pago se puede hacer en línea con PSE o tarjeta de crédito desde https://antd.example/pasaportes/pago, o en los bancos autorizados con el formulario que genera el sistema.
            Las fotos se toman en la oficina el día de la cita; no es necesario llevarlas.
            Para cambiar la fecha de la cita ingrese a https://antd.example/pasaportes/citas con su número de cédula y el código que le llegó al correo; puede reprogramar hasta un día antes.
            La tarifa vigente del pasaporte ordinario, del ejecutivo y del de emergencia está publicada en https://antd.example/pasaportes/tarifas. Los mayores de 65 años tienen descuento.
            La contraseña de la cédula en trámite no sirve para el pasaporte: necesita la cédula física o la digital activada.
            Los consulados atienden solo con cita previa, salvo urgencias comprobadas. Agende en https://antd.example/consulados.
            El pasaporte de emergencia es válido solo para el viaje que lo justifica; consulte con la aerolínea y el país de destino si lo aceptan para su caso.
        """),
        "nouns": _lines("""
            [0] el pasaporte
            [0] la cita para el pasaporte
            [2] el pasaporte de mi hijo
            [3] la renovación del pasaporte en el consulado
            [11] el pasaporte de emergencia
        """),
        "questions": _lines("""
            [0] ¿Cómo saco cita para el pasaporte? En la página no me aparecen fechas disponibles.
            [8] ¿Cuánto cuesta el pasaporte ordinario este año?
            [2] ¿El pasaporte de un menor lo puede tramitar solo la mamá o tienen que ir los dos papás?
            [3] ¿Puedo renovar el pasaporte en el consulado de {abroad} si tengo la cédula vieja?
            [3] Se me venció el pasaporte estando en {abroad}, ¿qué hago para renovarlo?
            [1] ¿Cuántos días se demora en llegar el pasaporte después de la toma de la foto?
            [5] ¿Se puede pagar el pasaporte con tarjeta de crédito o solo en el banco?
            [4] Perdí el pasaporte, ¿tengo que poner denuncio antes de sacar uno nuevo?
            [6] ¿Para el pasaporte hay que llevar fotos o las toman allá?
            [7] ¿Cómo hago para cambiar la fecha de la cita del pasaporte?
            [10] ¿El consulado en {abroad} atiende sin cita?
            [2] ¿Qué documentos necesito para el pasaporte de mi bebé recién nacido?
            [9] Tengo cita para el pasaporte mañana, ¿puedo ir con la contraseña de la cédula?
            [0] ¿Alguien sabe si ya están dando citas para pasaporte en {city}? No aparece nada.
            [11] ¿El pasaporte de emergencia sirve para viajar a Estados Unidos?
        """),
        "details": _lines("""
            Vivo en {abroad} hace {n} años.
            Es para un viaje que tengo en {month}.
            Mi cédula es de las amarillas con hologramas.
            Es para mi mamá, que es adulta mayor y no maneja internet.
            Intenté llamar al consulado y nadie contesta.
            Llevo toda la semana entrando a la página a las 7 de la mañana.
            Mi pasaporte anterior se vence en {n} meses.
        """),
        "requests": _lines("""
            [0] Solicito una cita prioritaria para pasaporte porque tengo una cirugía programada fuera del país.
            [0] Les pido por favor que habiliten más citas para pasaporte en {city}.
            [1] Solicito que me informen el estado de mi pasaporte, la cita fue hace {n} semanas.
            Necesito una constancia de que el pasaporte está en trámite para presentarla en la embajada.
            [7] Solicito reprogramar la cita del pasaporte, me enfermé y no pude ir.
        """),
        "complaints": _lines("""
            [0] Llevo {n} semanas tratando de sacar cita para el pasaporte y nunca hay disponibilidad.
            [10] El consulado en {abroad} no contesta ni el teléfono ni los correos.
            Fui a la cita del pasaporte y me devolvieron porque "se cayó el sistema". Perdí el día de trabajo.
            La fila para reclamar el pasaporte en {city} es de 4 horas, esto es una vergüenza.
            [1] Me dijeron que el pasaporte llegaba en 8 días y ya van {n} semanas.
            Los tramitadores de afuera tienen todas las citas, uno por la página nunca consigue.
        """),
        "claims": _lines("""
            Pagué el pasaporte dos veces por un error de la pasarela y nadie me devuelve la plata.
            Me entregaron el pasaporte con el apellido mal escrito, yo no tengo por qué pagar otra vez.
            Pagué la cita y me la cancelaron sin avisar. Exijo que me devuelvan el dinero o me den otra fecha.
            El pasaporte me llegó con la fecha de nacimiento errada.
        """),
        "followups": _lines("""
            ¿Y cuánto se demora en llegar? || El pasaporte llega entre 5 y 8 días hábiles; le enviaremos un correo cuando esté listo para reclamar.
            ¿Toca ir personalmente a reclamarlo o lo puede reclamar otra persona? || Lo puede reclamar un tercero con poder autenticado y copia de su cédula.
            ¿La cita se puede pedir en otra ciudad? || Sí, la cita se puede pedir en cualquier oficina del país, sin importar dónde viva.
            ¿Y el pago se hace antes o después de la cita? || El pago se hace antes de la cita; el sistema le pide el comprobante para confirmar la agenda.
            ¿Y para los niños es el mismo precio? || Para menores de edad la tarifa es la misma; los mayores de 65 años tienen descuento del 50 %.
            ¿Y si no tengo el pasaporte anterior? || No es necesario presentarlo; si lo perdió, basta con reportar la pérdida en línea antes de la cita.
        """),
        "errors": _lines("""
            Ya lo hice y me sale "no hay citas disponibles" en todas las fechas. || Lamentamos el inconveniente. Las agendas se liberan los lunes a las 7:00 a. m.; si le sigue saliendo sin disponibilidad, intente en esa franja o elija otra oficina cercana.
            Intento pagar y la página se queda cargando. || La pasarela de pagos presentó intermitencia esta mañana. Por favor intente de nuevo; si el cobro le aparece dos veces, no lo repita y escríbanos.
            Me sale error al subir la foto. || La foto se toma en la oficina; si el formulario le pide una, puede omitir ese paso. ¿Nos envía una captura del error por mensaje directo?
            El link que me mandaron me lleva a una página en blanco. || Gracias por avisar. Pruebe con https://antd.example/pasaportes desde otro navegador; si sigue en blanco, envíenos una captura por interno.
        """),
        "asks": _lines("""
            [0,3,10] ¿En qué ciudad o consulado está haciendo el trámite? || Es en {abroad}, en el consulado. || En {city}.
            [0,3,8] ¿Es la primera vez que saca pasaporte o es renovación? || Es renovación, el anterior se me venció en {month}. || Primera vez, nunca he sacado pasaporte.
            [2,8] ¿El pasaporte es para usted o para un menor de edad? || Es para mi hija de {n} años. || Para mí.
            [1] ¿Nos confirma por mensaje directo el número de solicitud? Por favor no publique datos personales. || Ya les mandé el número por interno.
        """),
        "subjects": _lines("""
            Cita pasaporte
            Consulta pasaporte
            Renovación de pasaporte en el exterior
            Pasaporte menor de edad
            Estado de mi pasaporte
        """),
    },
    "apostilla-legalizaciones": {
        "answers": _lines("""
            La apostilla se solicita 100 % en línea en https://antd.example/apostilla: suba el documento en PDF, pague con PSE y en un máximo de 3 días hábiles le llega al correo con código de verificación.
            Primero verifique que la firma del funcionario que expidió el documento esté registrada; si no lo está, el sistema le indica a qué entidad acudir. Luego solicite la apostilla en https://antd.example/apostilla.
            La apostilla sirve para los países del Convenio de La Haya; para los demás se hace legalización. Puede consultar la lista de países en https://antd.example/apostilla/paises.
            Para registrar en el consulado un nacimiento en el exterior necesita el certificado de nacimiento local apostillado, las cédulas de los padres y cita en https://antd.example/consulados/registro-civil.
            La apostilla no vence, pero algunos países piden que el documento tenga menos de 3 meses de expedido. Le recomendamos confirmarlo con la entidad que lo solicita.
            El valor de la apostilla por documento está publicado en https://antd.example/apostilla/tarifas; se paga en línea al final de la solicitud.
            La respuesta llega al correo en un máximo de 3 días hábiles; si el documento tiene observaciones, el plazo corre de nuevo desde que usted las corrige.
            Para documentos de educación básica y media, primero la secretaría de educación debe validar la firma del rector; después solicita la apostilla en línea.
            Para casarse en el exterior normalmente piden el registro civil de nacimiento reciente y apostillado. Puede descargar la copia en línea y apostillarla en https://antd.example/apostilla.
        """),
        "nouns": _lines("""
            [0] la apostilla
            [1] la apostilla del diploma
            [3] la legalización del registro civil en el consulado
            [0] la apostilla de los antecedentes
            [2] la legalización de documentos para el exterior
        """),
        "questions": _lines("""
            [1] ¿Cómo apostillo el diploma de la universidad para estudiar en {abroad}?
            [0] ¿La apostilla se hace en línea o tengo que ir a una oficina?
            [3] Necesito legalizar el registro civil de nacimiento de mi hijo nacido en {abroad}, ¿cómo hago en el consulado?
            [5] ¿Cuánto cuesta apostillar un documento?
            [6] ¿Cuántos días se demora la apostilla?
            [0] ¿Los antecedentes judiciales se pueden apostillar de una vez?
            [8] Me piden el registro civil apostillado para casarme en {abroad}, ¿qué hago?
            [4] ¿La apostilla tiene vencimiento?
            [7] ¿Para apostillar las notas del colegio primero las tiene que firmar la secretaría de educación?
            [2] ¿Qué diferencia hay entre apostilla y legalización?
        """),
        "details": _lines("""
            Es para una visa de estudiante.
            El documento está en inglés, no sé si toca traducirlo.
            Me lo piden antes del {n} de {month}.
            El registro lo hicieron en una notaría de {city}.
            Ya tengo el documento escaneado en PDF.
        """),
        "requests": _lines("""
            [6] Solicito la apostilla de mi título profesional, que ya fue registrado hace {n} semanas.
            [6] Les pido revisar mi solicitud de apostilla, aparece "en validación" hace días.
            [2] Solicito que me indiquen por escrito qué documentos acepta el consulado de {abroad} para la legalización.
        """),
        "complaints": _lines("""
            [6] Llevo {n} semanas con la apostilla "en validación" y nadie me dice nada.
            [1] Me rechazaron la apostilla tres veces y cada vez por una razón distinta.
            El consulado en {abroad} me dice una cosa y la página otra. No hay quién entienda.
        """),
        "claims": _lines("""
            Pagué la apostilla y me llegó con el nombre de la universidad mal escrito.
            Me cobraron la apostilla y el documento sigue sin aparecer.
            [1] Rechazaron mi apostilla por una firma que no está registrada, y eso no es culpa mía.
        """),
        "followups": _lines("""
            ¿Y toca traducir el documento antes o después de apostillar? || La traducción oficial se hace después de apostillar el original, y luego se apostilla la traducción si el país lo exige.
            ¿La apostilla digital sí la aceptan en {abroad}? || Sí, la apostilla electrónica tiene código de verificación y es válida en los países del convenio.
            ¿Puedo apostillar varios documentos en una sola solicitud? || Puede incluir hasta 10 documentos en una sola solicitud, pero cada uno tiene su propio pago.
            ¿Y si la firma del notario no está registrada? || Si la firma no está registrada, la entidad que expidió el documento debe registrarla; ese trámite lo hace ella, no usted.
        """),
        "errors": _lines("""
            Subo el PDF y me dice que el archivo no es válido. || El sistema recibe PDF de máximo 5 MB y sin contraseña. ¿Puede revisar el archivo e intentar de nuevo?
            Me sale "firma no registrada" y el documento es original. || Ese mensaje significa que la entidad que firmó no ha actualizado su registro. Le sugerimos contactarla; si desea, envíenos el número de solicitud por interno.
            Pagué y el estado no cambia. || El pago puede tardar hasta 2 horas en reflejarse. Si mañana sigue igual, escríbanos por interno con el número de solicitud.
        """),
        "asks": _lines("""
            [0,1,2,5] ¿Qué tipo de documento necesita apostillar y para qué país? || Es un diploma de bachiller, para {abroad}. || El registro civil de mi hijo, para {abroad}.
            [2,3] ¿El documento es colombiano o fue expedido en el exterior? || Es colombiano, de una notaría de {city}. || Es de {abroad}.
            [6] ¿Nos comparte por mensaje directo el número de solicitud de la apostilla? || Les mandé el número por interno.
        """),
        "subjects": _lines("""
            Apostilla diploma
            Legalización registro civil
            Apostilla en validación
            Consulta apostilla
        """),
    },
    "antecedentes-judiciales": {
        "answers": _lines("""
            El certificado de antecedentes es gratuito y se descarga en línea en https://antd.example/antecedentes con su número de documento. No pague a terceros: es un trámite sin costo.
            Si le aparece una anotación que no le corresponde, solicite la verificación en https://antd.example/antecedentes/verificacion adjuntando copia de su documento; el caso se revisa en un máximo de 10 días hábiles.
            Desde el exterior puede consultarlo en https://antd.example/antecedentes con cédula o pasaporte colombiano. El certificado tiene código de verificación y no necesita autenticación.
            El certificado refleja la información del día en que se consulta; cada entidad define cuánto tiempo lo acepta. Si lo necesita para el exterior, apostíllelo en https://antd.example/apostilla.
            Si el sistema no reconoce su cédula, es posible que la información de la Registraduría aún no se haya sincronizado; intente en 48 horas o escríbanos con el mensaje exacto.
            Por protección de datos, cada persona consulta su propio certificado. Un tercero puede descargarlo solo si el titular le da su número de documento y autoriza la consulta.
            El certificado se expide en español; si lo necesita en otro idioma, debe hacer traducción oficial y luego apostillarla.
        """),
        "nouns": _lines("""
            [0] el certificado de antecedentes
            [0] los antecedentes judiciales
            [0] el certificado de antecedentes para el trabajo
            [3] el certificado de antecedentes para la visa
        """),
        "questions": _lines("""
            [0] ¿Cómo saco el certificado de antecedentes judiciales por internet?
            [0] ¿El certificado de antecedentes tiene algún costo?
            [1] Me aparece una anotación en los antecedentes que no es mía, ¿qué hago?
            [2] ¿Desde el exterior se puede sacar el certificado de antecedentes?
            [3] ¿Cuánto tiempo es válido el certificado de antecedentes?
            [3] ¿El certificado de antecedentes sirve para la visa de trabajo en {abroad}?
            [4] Pongo mi cédula y me dice que no existe, ¿por qué?
            [5] ¿Se puede sacar el certificado de antecedentes de otra persona?
            [6] ¿El certificado se puede sacar en inglés?
        """),
        "details": _lines("""
            Me lo piden para un trabajo que empiezo el lunes.
            Nunca he tenido problemas con la justicia.
            Mi cédula la expidieron en {city}.
            Estoy en {abroad} y no tengo cómo viajar.
        """),
        "requests": _lines("""
            [1] Solicito la corrección de una anotación que aparece en mis antecedentes y que corresponde a un homónimo.
            [2] Solicito una constancia de que mi certificado de antecedentes es auténtico, la empresa no lo cree.
            [1] Les pido por favor que actualicen mis antecedentes, el proceso ya fue archivado hace {n} meses.
        """),
        "complaints": _lines("""
            La página de antecedentes lleva {n} días caída y necesito el certificado para un trabajo.
            [1] Me sale una anotación que no es mía y ya escribí {n} veces sin respuesta.
            Por culpa del certificado que no carga perdí una oportunidad de empleo.
        """),
        "claims": _lines("""
            [1] Me aparece un proceso que ya fue archivado y eso me está afectando para conseguir trabajo.
            [0] Una página me cobró por el certificado y luego vi que es gratis. Quiero que me devuelvan la plata.
        """),
        "followups": _lines("""
            ¿Y el certificado tiene firma digital o toca autenticarlo? || El certificado tiene firma digital y código de verificación; quien se lo pida lo puede validar en línea.
            ¿Y si estoy en el exterior con pasaporte? || Con pasaporte colombiano también puede consultarlo desde el exterior.
            ¿Cuánto se demora la corrección de la anotación? || La verificación de una anotación se resuelve en un máximo de 10 días hábiles; la respuesta le llega al correo.
        """),
        "errors": _lines("""
            Pongo la cédula y me dice "documento no válido". || Revise que esté escribiendo el número sin puntos ni espacios. Si la cédula es reciente, la información puede tardar 48 horas en sincronizarse.
            El captcha no carga y no deja continuar. || El captcha a veces no carga con bloqueadores de anuncios; pruebe desactivándolos o en otro navegador.
            Me descarga el PDF en blanco. || Si el PDF se descarga en blanco, ábralo con otro lector o desde el computador; en algunos celulares no se ve bien.
        """),
        "asks": _lines("""
            [2,4] ¿Con qué tipo de documento está consultando? || Con la cédula. || Con el pasaporte, estoy en {abroad}.
            [1,4] ¿Nos cuenta qué mensaje le aparece exactamente al consultar? || Me sale "documento no válido". || Me sale una anotación de un juzgado de {city}.
        """),
        "subjects": _lines("""
            Certificado de antecedentes
            Anotación errada en antecedentes
            Antecedentes desde el exterior
        """),
    },
    "impuestos": {
        "answers": _lines("""
            La inscripción en el RUT se hace en línea en https://antd.example/impuestos/rut: diligencie el formulario de preinscripción y valide su identidad con el código que llega al correo. No tiene costo.
            Los plazos para declarar dependen de los dos últimos dígitos de su cédula; puede consultar el calendario tributario en https://antd.example/impuestos/calendario.
            La dirección y los datos de contacto del RUT se actualizan en línea en https://antd.example/impuestos/rut con su usuario y firma electrónica.
            Para recuperar la contraseña ingrese a https://antd.example/impuestos, opción "olvidé mi contraseña"; le llegará un enlace al correo registrado en el RUT.
            Si vive en el exterior pero es residente fiscal en Colombia, debe declarar. En https://antd.example/impuestos/residencia encuentra la guía para saber si es residente.
            Ese correo no es nuestro. La ANTD nunca pide datos bancarios por correo; sus obligaciones se consultan solo en https://antd.example/impuestos con su usuario.
            Quienes no superan los topes de ingresos y patrimonio no están obligados a declarar. Puede revisarlo con el asistente de https://antd.example/impuestos/obligados.
            La firma electrónica se habilita en línea desde su usuario, en la opción "firma electrónica"; llega un código al correo y queda activa de inmediato.
            El formulario de pago se genera al presentar la declaración, en https://antd.example/impuestos/declaracion; puede pagar con PSE o en bancos.
            Para facturar electrónicamente primero debe tener el RUT con la responsabilidad de facturar; luego se habilita en https://antd.example/impuestos/factura.
        """),
        "nouns": _lines("""
            [0] el RUT
            [2] la actualización del RUT
            [1] la declaración de renta
            [7] la firma electrónica para declarar
            [8] el pago del impuesto
            [9] la factura electrónica
        """),
        "questions": _lines("""
            [0] ¿Cómo saco el RUT por primera vez? Soy independiente.
            [6] ¿Tengo que declarar renta si gané menos de lo que dice el tope?
            [2] ¿Cómo actualizo la dirección en el RUT sin ir a una oficina?
            [1] ¿Hasta cuándo hay plazo para declarar renta según los últimos dígitos de la cédula?
            [3] Olvidé la contraseña para declarar, ¿cómo la recupero?
            [7] ¿Cómo saco la firma electrónica para presentar la declaración?
            [4] ¿Si vivo en {abroad} igual tengo que declarar en Colombia?
            [8] ¿Dónde descargo el formulario para pagar la declaración?
            [9] ¿Cómo me inscribo para facturar electrónicamente?
            [5] Me llegó un correo diciendo que tengo una deuda de impuestos, ¿es real?
        """),
        "details": _lines("""
            Trabajo como contratista por prestación de servicios.
            Soy pensionado.
            Mi cédula termina en {n}.
            El año pasado no declaré porque no me tocaba.
            Tengo un apartamento en {city} a mi nombre.
        """),
        "requests": _lines("""
            Solicito el certificado de ingresos y retenciones que debía generarse en la plataforma.
            [2] Solicito la corrección de mi actividad económica en el RUT, quedó mal registrada.
            [2] Les pido una cita presencial para actualizar el RUT, no tengo cómo hacerlo en línea.
        """),
        "complaints": _lines("""
            La plataforma para declarar se cae justo la semana de vencimientos, como siempre.
            [2] Llevo {n} días intentando actualizar el RUT y el sistema no deja.
            Me pusieron una sanción por no declarar a tiempo cuando la página no funcionaba.
        """),
        "claims": _lines("""
            Pagué la declaración y el sistema dice que no aparece el pago.
            Me cobraron intereses de mora por un día en que la página estuvo caída.
            Me aparece un saldo a pagar que ya cancelé el año pasado.
        """),
        "followups": _lines("""
            ¿Y si me pasé del plazo qué pasa? || Si presenta la declaración fuera de plazo, el sistema calcula la sanción mínima al momento de presentarla.
            ¿La firma electrónica la puedo sacar desde el celular? || Sí, la firma electrónica se habilita desde el celular con el código que llega al correo.
            ¿El RUT tiene que estar impreso o sirve el PDF? || El RUT en PDF tiene plena validez; no necesita imprimirlo.
        """),
        "errors": _lines("""
            Me dice "usuario bloqueado" cuando intento entrar. || El usuario se bloquea tras tres intentos fallidos; se desbloquea solo en 30 minutos o de inmediato desde "olvidé mi contraseña".
            El formulario no me deja firmar, sale un error de certificado. || El error de certificado suele resolverse actualizando el navegador. Si persiste, escríbanos el código de error que aparece.
            Actualizo los datos y al guardar se borra todo. || La sesión expira a los 15 minutos sin actividad. Le sugerimos tener los datos a mano y guardar cada sección antes de seguir.
        """),
        "asks": _lines("""
            [0,6,9] ¿Es persona natural o jurídica? || Persona natural, independiente. || Natural, soy empleada.
            [3,7] ¿Qué mensaje le aparece exactamente al ingresar? || Me sale "usuario bloqueado". || Dice "error de autenticación".
            [1] ¿Nos confirma los dos últimos dígitos de su documento para indicarle el plazo? || Termina en {n}{n}.
        """),
        "subjects": _lines("""
            RUT
            Actualización RUT
            Declaración de renta
            Consulta tributaria
        """),
    },
    "documentos-identidad": {
        "answers": _lines("""
            El duplicado de la cédula se solicita en línea en https://antd.example/identidad/duplicado o en cualquier oficina; no necesita denuncio. Le entregan una contraseña que sirve como documento mientras tanto.
            La cédula digital tiene la misma validez que la física. Para activarla, agende la cita en https://antd.example/identidad/cedula-digital y descargue la aplicación oficial.
            Para la primera cédula debe presentar el registro civil de nacimiento y la tarjeta de identidad, si la tiene. El trámite es gratuito la primera vez; puede agendarlo en https://antd.example/identidad/primera-vez.
            Puede consultar si su cédula ya está lista para reclamar en https://antd.example/identidad/estado, con su número de documento.
            Si su cédula salió con un error, la corrección es gratuita cuando el error es de la entidad. Solicítela en https://antd.example/identidad/rectificacion adjuntando su registro civil.
            El valor del duplicado está publicado en https://antd.example/identidad/tarifas; se puede pagar en línea al hacer la solicitud.
            La contraseña sirve para identificarse en trámites, en el banco y para votar durante 6 meses; la entidad que se niegue puede consultar su validez en https://antd.example/identidad/verificar.
            La tarjeta de identidad es válida hasta que el menor cumple 18 años, siempre que la foto permita identificarlo; a los 7 años se recomienda actualizarla.
            Los colombianos en el exterior solicitan el duplicado en el consulado con cita en https://antd.example/consulados; la cédula se entrega allí mismo.
        """),
        "nouns": _lines("""
            [0] el duplicado de la cédula
            [1] la cédula digital
            [7] la tarjeta de identidad
            [4] la rectificación de la cédula
            [2] la primera cédula de mi hija
        """),
        "questions": _lines("""
            [0] Se me perdió la cédula, ¿cómo pido el duplicado?
            [5] ¿Cuánto vale el duplicado de la cédula?
            [1] ¿La cédula digital reemplaza a la física?
            [1] ¿Cómo saco la cédula digital desde el celular?
            [6] ¿La contraseña sirve para votar o para hacer trámites en el banco?
            [2] Mi hija cumplió 18, ¿qué necesita para sacar la primera cédula?
            [3] ¿Dónde reclamo la cédula en {city}? ya me llegó el mensaje
            [8] ¿Se puede sacar el duplicado de la cédula estando en {abroad}?
            [4] Me salió la cédula con un error en el nombre, ¿cómo lo corrijo?
            [7] ¿La tarjeta de identidad de mi hijo de {n} años todavía sirve?
        """),
        "details": _lines("""
            Me robaron la billetera en el bus.
            La cédula la saqué en {city} hace muchos años.
            No tengo el denuncio porque no me la robaron, se me perdió.
            Ya tengo la contraseña pero no me la reciben en el banco.
        """),
        "requests": _lines("""
            [3] Solicito información sobre el estado de mi cédula, la solicité hace {n} semanas.
            [4] Solicito la corrección de mi segundo apellido en la cédula.
            Les pido una jornada de cedulación en mi vereda, estamos lejos de {city}.
        """),
        "complaints": _lines("""
            [3] Llevo {n} meses esperando la cédula y cada vez que voy me dicen que no ha llegado.
            La oficina de {city} cierra a las 3 y no atiende a los que estamos en la fila.
            [6] Sin cédula no puedo cobrar el sueldo, y en el banco no me reciben la contraseña.
        """),
        "claims": _lines("""
            [4] Me llegó la cédula con la fecha de nacimiento mal y me quieren cobrar la corrección.
            Pagué el duplicado y nunca me llegó la cédula.
        """),
        "followups": _lines("""
            ¿Y la contraseña cuánto tiempo me sirve? || La contraseña es válida durante 6 meses para identificarse en trámites y en el banco.
            ¿Y si no me llega el mensaje de que ya está lista? || Si no le llega el mensaje, consulte el estado en línea con su número de documento; suele estar lista en 15 a 30 días.
            ¿Tengo que llevar foto? || No necesita llevar foto; se la toman en la oficina.
        """),
        "errors": _lines("""
            La app de la cédula digital no me reconoce la cara. || La validación facial funciona mejor con buena luz y sin gafas. Si falla tres veces, puede terminar la activación en una oficina.
            Me dice que el código QR ya fue usado. || Cada código QR es de un solo uso. Solicite uno nuevo desde la aplicación e intente de nuevo.
            El pago del duplicado me aparece rechazado. || Si el banco rechazó el pago, no se hizo ningún cobro. Puede intentar con otro medio o pagar en la oficina el día de la cita.
        """),
        "asks": _lines("""
            [0,4,5] ¿Es un duplicado por pérdida o una rectificación de datos? || Es duplicado, se me perdió. || Es rectificación, salió mal el apellido.
            [3] ¿En qué ciudad y en qué fecha hizo la solicitud? || La hice en {city} en {month}. || En {city}, hace como {n} semanas.
        """),
        "subjects": _lines("""
            Duplicado de cédula
            Cédula digital
            Estado de mi cédula
            Corrección de datos
        """),
    },
    "portal-gobierno-en-linea": {
        "answers": _lines("""
            El registro se hace en https://antd.example/portal/registro con su número de documento y un correo. Si no le llega la activación, revise la carpeta de spam; el enlace vence en 24 horas.
            Si ya no tiene acceso al correo registrado, puede recuperar la cuenta en https://antd.example/portal/recuperar validando su identidad con las preguntas de seguridad.
            En la sección "Mis trámites" de https://antd.example/portal/mis-tramites verá el estado de todas sus solicitudes y los documentos descargados.
            El portal funciona en celular y computador. Le recomendamos usar la versión más reciente del navegador.
            El portal tuvo una interrupción por mantenimiento. Ya está disponible de nuevo; puede consultar el estado del servicio en https://antd.example/portal/estado-del-servicio.
            El correo se cambia en "Mi perfil", después de confirmar un código que llega al correo actual. Si ya no tiene acceso a él, use https://antd.example/portal/recuperar.
            Las preguntas de validación protegen su cuenta de suplantaciones. Si no las supera, puede validar su identidad en cualquier oficina con su cédula.
        """),
        "nouns": _lines("""
            [0] el registro en el portal
            [0] la cuenta del portal de trámites
            [2] la carpeta ciudadana
            [1] la recuperación de la cuenta del portal
        """),
        "questions": _lines("""
            [0] ¿Cómo me registro en el portal de trámites? No me llega el correo de activación.
            [1] Olvidé la contraseña del portal y el correo que registré ya no existe, ¿qué hago?
            [2] ¿En el portal puedo ver todos mis trámites en un solo lugar?
            [3] ¿El portal funciona desde el celular o toca computador?
            [2] ¿Dónde encuentro en el portal los documentos que ya he descargado?
            [5] ¿Cómo cambio el correo registrado en el portal?
            [6] ¿Por qué el portal me pide validar identidad con preguntas de mi historial financiero?
            [4] ¿El portal está caído? No carga desde hace rato.
        """),
        "details": _lines("""
            Lo intenté en Chrome y en el celular.
            Me registré hace {n} años con otro correo.
            Desde ayer no puedo entrar.
            Estoy en {abroad} y no sé si eso influye.
        """),
        "requests": _lines("""
            [1] Solicito el desbloqueo de mi cuenta en el portal, ya validé mi identidad.
            [5] Solicito el cambio del correo asociado a mi cuenta, ya no tengo acceso al anterior.
            Les pido eliminar mi cuenta del portal y mis datos personales.
        """),
        "complaints": _lines("""
            [4] El portal lleva todo el día caído y tengo que pagar hoy.
            Cada vez que entro al portal me saca a los 5 minutos, así no se puede hacer nada.
            [6] Las preguntas de validación del portal son absurdas, nadie se acuerda de esas cosas.
            [4] Llevo {n} días sin poder entrar al portal y nadie responde.
        """),
        "claims": _lines("""
            Por la caída del portal no pude radicar a tiempo y me pusieron una multa.
            El portal me cobró el trámite dos veces.
        """),
        "followups": _lines("""
            ¿Y si no tengo acceso al correo viejo? || Sin acceso al correo viejo, use la opción de recuperación con validación de identidad; al final le pide un correo nuevo.
            ¿Cada cuánto tengo que cambiar la contraseña? || La contraseña no vence, pero le recomendamos cambiarla si sospecha que alguien más la conoce.
            ¿Y cuándo vuelve a funcionar? || El servicio ya fue restablecido. Gracias por su paciencia.
        """),
        "errors": _lines("""
            Me sale "error 503 servicio no disponible". || El error 503 indica que el portal estuvo en mantenimiento. Ya quedó restablecido; intente de nuevo y nos cuenta.
            No me llega el código de verificación al celular. || El código puede tardar hasta 5 minutos. Si no llega, use la opción de recibirlo por correo.
            Me dice que mi cuenta está bloqueada por seguridad. || La cuenta se bloquea 30 minutos tras varios intentos fallidos. Pasado ese tiempo, use "olvidé mi contraseña".
            Pongo la contraseña nueva y me dice que no cumple los requisitos, pero sí los cumple. || La contraseña debe tener al menos 10 caracteres, una mayúscula y un número, y no puede contener su número de documento.
        """),
        "asks": _lines("""
            [0,3,4] ¿Qué navegador y qué dispositivo está usando? || Chrome en el celular, Android. || En el computador de la casa, con Firefox.
            [1,4] ¿Nos dice a qué hora intentó ingresar y qué mensaje le salió? || Como a las {n} de la tarde, sale "error 503". || Esta mañana, dice "sesión expirada".
        """),
        "subjects": _lines("""
            No puedo ingresar al portal
            Problema con mi cuenta
            Portal caído
            Cambio de correo
        """),
    },
    "registro-civil": {
        "answers": _lines("""
            Puede descargar la copia del registro civil en línea en https://antd.example/registro-civil/copias si su registro está digitalizado; si es de los antiguos, la copia se pide en la notaría o registraduría donde se inscribió.
            Para registrar como colombiano a un hijo nacido en el exterior necesita el certificado de nacimiento local apostillado y la cédula de uno de los padres; el trámite se hace en el consulado con cita en https://antd.example/consulados/registro-civil.
            La corrección de errores de digitación se hace en la misma oficina donde se hizo el registro, con el documento que prueba el dato correcto. Más información en https://antd.example/registro-civil/correccion.
            El registro de un matrimonio celebrado en el exterior se hace en el consulado o en una notaría en Colombia con el acta apostillada. Guía completa en https://antd.example/registro-civil/matrimonio.
            La copia digital con código de verificación tiene plena validez y la puede presentar en colegios, bancos y demás entidades.
            La copia digital es gratuita; la copia auténtica en oficina tiene el valor publicado en https://antd.example/registro-civil/tarifas.
            El registro de defunción lo expide la notaría o registraduría donde se inscribió la defunción; la copia también se puede pedir en línea en https://antd.example/registro-civil/copias.
        """),
        "nouns": _lines("""
            [0] el registro civil de nacimiento
            [0] la copia del registro civil
            [3] el registro civil de matrimonio
            [2] la corrección del registro civil
            [6] el registro de defunción
        """),
        "questions": _lines("""
            [0] ¿Cómo saco una copia del registro civil de nacimiento si nací en {city}?
            [0] ¿El registro civil se puede descargar en línea o tengo que ir a la notaría?
            [1] Mi hijo nació en {abroad}, ¿cómo lo registro como colombiano?
            [5] ¿Cuánto cuesta la copia auténtica del registro civil?
            [2] En mi registro civil aparece mal el nombre de mi mamá, ¿cómo lo corrijo?
            [4] ¿El registro civil tiene que ser reciente para el pasaporte?
            [3] ¿Cómo registro un matrimonio hecho en {abroad}?
            [6] ¿Dónde saco el registro de defunción de mi papá?
        """),
        "details": _lines("""
            Me registraron en una notaría que ya no existe.
            El registro es de los antiguos, escrito a mano.
            Nací en un pueblo cerca de {city}.
            Lo necesito para la pensión de mi mamá.
        """),
        "requests": _lines("""
            [0] Solicito copia del registro civil de nacimiento de mi hijo para trámites escolares.
            [2] Solicito la corrección del lugar de nacimiento en mi registro civil.
            Les pido que me digan en qué oficina quedó el archivo de la notaría de mi pueblo.
        """),
        "complaints": _lines("""
            [0] La notaría me dice que el registro no aparece y la página dice que sí existe. Nadie responde.
            [2] Llevo {n} semanas esperando la corrección del registro civil.
            [1] En el consulado de {abroad} nunca hay citas para registrar a los niños.
        """),
        "claims": _lines("""
            Pagué la copia del registro y me llegó la de otra persona.
            [2] Me cobraron la corrección cuando el error fue de la notaría.
        """),
        "followups": _lines("""
            ¿Y si la notaría ya cerró? || Si la notaría cerró, su archivo lo conserva la registraduría del municipio; puede pedir la copia allí.
            ¿La copia digital sirve para el colegio? || Sí, la copia digital con código de verificación sirve para el colegio.
            ¿Y tienen que ir los dos papás? || Basta con que asista uno de los padres con su documento y los soportes.
        """),
        "errors": _lines("""
            Busco con el número de serial y dice "registro no encontrado". || Algunos registros antiguos aún no están digitalizados. Con el serial y la notaría de origen podemos verificarlo; envíenos esos datos por interno.
            Me descarga el registro pero sin el código de verificación. || El código de verificación aparece al pie de la segunda página del PDF. Si no lo ve, vuelva a descargarlo.
        """),
        "asks": _lines("""
            [0,2,5] ¿En qué notaría o registraduría se hizo el registro? || En la Notaría Segunda de {city}. || En la registraduría del pueblo, no me acuerdo bien.
            [0,5] ¿El registro es de nacimiento, matrimonio o defunción? || Es de nacimiento. || De defunción, de mi papá.
        """),
        "subjects": _lines("""
            Copia registro civil
            Corrección registro civil
            Registro de hijo nacido en el exterior
        """),
    },
    "subsidios": {
        "answers": _lines("""
            Puede consultar si es beneficiario en https://antd.example/subsidios/consulta con su número de documento. Allí aparecen también las fechas de pago de cada ciclo.
            La inscripción al programa de adulto mayor se hace en la alcaldía de su municipio; el listado de priorizados se publica en https://antd.example/subsidios/consulta.
            El pago se puede recibir en cuenta bancaria, billetera digital o giro. Para cambiar el medio de pago, ingrese a https://antd.example/subsidios/pagos.
            La suspensión ocurre cuando cambia la clasificación del Sisbén o hay datos inconsistentes. Puede pedir la revisión de su caso en https://antd.example/subsidios/revision.
            El subsidio de vivienda tiene modalidades para compra, construcción en sitio propio y mejoramiento. Requisitos en https://antd.example/subsidios/vivienda.
            El calendario de pagos de cada ciclo se publica en https://antd.example/subsidios/pagos una semana antes.
            Cada programa tiene sus propios grupos del Sisbén habilitados; el detalle está en https://antd.example/subsidios/requisitos.
            El cambio de la persona que cobra se solicita en la alcaldía con el documento de ambos; queda activo para el siguiente ciclo.
        """),
        "nouns": _lines("""
            [0] el subsidio
            [5] el pago del subsidio
            [1] la inscripción al subsidio de adulto mayor
            [4] el subsidio de vivienda
        """),
        "questions": _lines("""
            [0] ¿Cómo sé si soy beneficiario del subsidio?
            [5] ¿Cuándo pagan el próximo ciclo del subsidio?
            [1] ¿Cómo inscribo a mi mamá al subsidio de adulto mayor?
            [4] ¿El subsidio de vivienda aplica si ya tengo un lote?
            [3] Me sacaron del programa sin explicación, ¿por qué?
            [2] ¿Se puede cobrar el subsidio por billetera digital o solo en el banco?
            [6] ¿Qué grupo del Sisbén necesito para el subsidio?
            [7] ¿Puedo cambiar la persona que cobra el subsidio?
        """),
        "details": _lines("""
            Vivimos en el área rural de {city}.
            Mi mamá tiene más de 70 años.
            Estoy en el Sisbén hace años.
            El último pago que recibí fue en {month}.
        """),
        "requests": _lines("""
            [3] Solicito que revisen mi caso, me suspendieron el subsidio sin notificarme.
            [1] Solicito la inclusión de mi mamá en el programa de adulto mayor.
            Solicito el certificado de que no recibo subsidios, me lo piden en el trabajo.
        """),
        "complaints": _lines("""
            [5] Van {n} meses sin pago del subsidio y nadie explica nada.
            En el punto de pago de {city} nunca hay plata, toca ir tres veces.
            Le dan subsidio a gente que no lo necesita y a los que sí, nada.
        """),
        "claims": _lines("""
            Aparece que cobré el subsidio pero yo nunca lo recibí.
            [3] Me descontaron el subsidio sin explicación.
        """),
        "followups": _lines("""
            ¿Y cuándo sale el próximo pago? || El calendario de pagos de cada ciclo se publica en https://antd.example/subsidios/pagos una semana antes.
            ¿Y si no tengo celular para recibir el mensaje? || Si no tiene celular, puede cobrar por giro con su cédula en el punto de pago.
            ¿Tengo que actualizar el Sisbén primero? || Sí, primero debe tener el Sisbén actualizado; la solicitud se hace en la alcaldía.
        """),
        "errors": _lines("""
            Consulto con la cédula y me dice "no registra". || "No registra" significa que su documento no está en el listado del ciclo actual. Le sugerimos verificar su Sisbén y pedir la revisión en https://antd.example/subsidios/revision.
            Me llegó el mensaje de pago pero en el banco dicen que no hay nada. || A veces el banco tarda hasta 48 horas en reflejar el pago. Si pasado ese tiempo no aparece, envíenos su número de documento por interno.
        """),
        "asks": _lines("""
            [0,3,5,6] ¿A qué programa está inscrito? || Al de adulto mayor. || Al de vivienda.
            [3,5] ¿Nos confirma por interno su municipio y el último ciclo que recibió? || En {city}, el último fue en {month}. || Les mandé los datos por interno.
        """),
        "subjects": _lines("""
            Consulta subsidio
            Suspensión del subsidio
            Pago no recibido
        """),
    },
}

"""Hand-written parts of the false-alarm set (bench/data/false_alarms.jsonl).

Written for this project by the triage helper, in its own words, to the briefs of issue
#17 ("Triage a public institution can trust") and its lead's note: legitimate citizen
messages the way Colombians write to institutions on X, Facebook, Bluesky, e-mail and the
web form — links, photos, hashtags, mentions, abbreviations ("xq", "q", "pa", "x favor"),
anger, swearing at the situation, criticism of officials, ALL CAPS, voice-note
transcriptions, typos, regional expressions — and real-looking spam and abuse. Nothing
here comes from ../shared/data or from the training corpus (scripts/corpus,
dialogo/triage/data); it is never trained on. Names of people and places are invented or
generic; domains ending in .example or invented shop names stand for spammers' sites.
"""

from __future__ import annotations

# --- legitimate: whole messages ---------------------------------------------------------------

LEGIT_WHOLE = """
Buenas tardes, el hueco de la calle 45 con carrera 20 ya se tragó dos motos esta semana. ¿Cuándo lo van a tapar?
QUÉ MIERDA DE SERVICIO, tres días sin agua en Bosa y nadie dice nada
Alcalde, usted prometió arreglar la vía a Usme y lleva dos años sin hacer nada. Cumpla.
Jueputa otra vez se fue la luz en Manrique y el transformador sigue echando chispas, manden a alguien
marica que trancón tan hp en la autopista sur, 2 horas pa llegar a la casa, el semáforo de la 68 está apagado
Señores de la Alcaldía, les escribo porque el parque del barrio se volvió un basurero. Adjunto fotos.
el alcalde no sirve pa nada, 4 meses pidiendo que poden el árbol que se está cayendo sobre la casa
Buenos días. Solicito copia del contrato de la obra del colegio de la vereda El Salitre. Gracias.
Hola, ¿dónde puedo sacar el certificado de residencia? En la página no aparece el link
xq no contestan el teléfono de la línea de atención? llevo toda la mañana marcando
Felicitaciones a los de la brigada de salud que vinieron al barrio, muy amables y puntuales 👏👏
Esto es una vergüenza, el centro de salud sin médico desde el lunes y mi mamá con la presión alta
ya estamos mamados de los atracos en el paradero de la 30, ni un policía en todo el día
Se inundó otra vez la calle, el alcantarillado no da abasto. Miren el video.
Concejales: ¿para cuándo el debate de control a la empresa de aseo? La gente está cansada
Buenas noches, el bus del SITP de la ruta 18 no pasa desde las 8 y estamos varados en el paradero
Qué vergüenza con el PAE, a los niños les dieron pan con agua de panela y ya. ¿Dónde está la plata?
Los del acueducto vinieron, rompieron el andén y lo dejaron así hace un mes. Es el colmo.
Exijo que me devuelvan el cobro doble del predial, ya pagué y me volvieron a cobrar
Sugiero poner un reductor de velocidad frente a la escuela, los carros pasan volando
¿Cuáles son los requisitos para inscribirse a Renta Ciudadana? mi abuela no tiene internet
que putas pasa con la recolección de basura en Rebolo, una semana sin pasar el carro
Gracias a la alcaldía por arreglar por fin el puente peatonal, se demoraron pero quedó bien
Denuncio que en la obra de la calle 10 están cobrando plata por dejar parquear en el andén
buenas x favor alguien q me diga si el sisben ya está actualizando en el barrio
Oigan, el semáforo de la 80 con Boyacá lleva 3 días dañado y los accidentes no paran
OTRA VEZ SIN AGUA. OTRA VEZ. ¿HASTA CUÁNDO? #SinAguaEnSoacha
Respetados señores, mediante el presente solicito información sobre el estado de mi radicado 2024-55123.
Este gobierno local es un desastre, ni un hueco han tapado en todo el año
el gobernador tan preocupado por salir en fotos y las vías terciarias destruidas
Me atendieron súper bien en la ventanilla de catastro, la señora Marleny muy querida ❤️
uy no qué boleta, el CAI cerrado y los ladrones haciendo fiesta en el parque
Ayúdenme por favor, a mi papá le negaron la cita con el especialista y la EPS no responde
Llevo 2 meses esperando respuesta a un derecho de petición, esto es una burla
¿Es verdad que van a cerrar el comedor comunitario del barrio? Nadie nos ha dicho nada
La ciclovía del domingo estuvo muy bien organizada, felicitaciones al IDRD
esa obra lleva 3 años y nada, se robaron la plata o qué
El alcalde Ramírez vive en campaña, que se ponga a trabajar en vez de tuitear
Vecinos del conjunto denunciamos ruido de un bar hasta las 4 am todos los fines de semana
¿A qué hora abren la oficina de tránsito el sábado?
Buenas, mi hijo no quedó en el colegio que pedimos y queda a 40 minutos en bus, ¿se puede cambiar?
Qué chimba el festival de la semana pasada, ojalá lo hagan cada año
la vía a la vereda está intransitable, el carro de la leche no pudo pasar, perdimos la producción
Los funcionarios de la secretaría son unos incompetentes, me mandaron de ventanilla en ventanilla
A ver si la alcaldesa se baja de la camioneta y camina por Ciudad Bolívar un día
hp vida, me pusieron fotomulta y el semáforo estaba en amarillo, quiero impugnarla
Señor secretario de movilidad, renuncie, no ha hecho nada por el tráfico de la ciudad
esta mierda de vía no aguanta un aguacero más, se va a caer la banca
Por favor revisen el poste de la esquina, está inclinado y tiene cables sueltos
Muchas gracias por la respuesta tan rápida, ya me llegó el certificado al correo 🙏
hace 15 días reporté el robo de la tapa de la alcantarilla y sigue destapada, un niño casi se cae
Que alguien me explique por qué el predial subió 40% este año. Es un robo.
Me parece una falta de respeto que nos hagan hacer fila desde las 4 am para un turno
Cordial saludo. Quisiera saber si el auxilio para adulto mayor ya fue consignado este mes.
Bloquearon la vía los de la obra y no pusieron ni un letrero, un caos total
el man del carro de la basura nos cobra aparte pa llevarse los escombros, eso es legal?
PILAS con el hueco de la entrada a Chía, está tapado con agua y no se ve 🚧
Los del ESMAD le pegaron a un muchacho que no estaba haciendo nada, exigimos investigación
Quiero felicitar a la profe Luz Dary del colegio distrital, hace un trabajo increíble con los niños
La alcaldía anterior se robó todo y esta no hace nada. Pobre ciudad.
Buenos días, ¿el puesto de vacunación del parque sigue funcionando los domingos?
me robaron el celular en el TransMilenio y los policías ni me miraron, qué país
¿Por qué cortaron el agua sin avisar? Tengo un bebé de 3 meses
Nos tienen jodidos con ese puente, 5 años en obra y sin terminar
Señores @Enel el barrio entero sin luz desde anoche, la comida se está dañando
necesito hablar con alguien de gestión del riesgo, la montaña detrás de la casa se está moviendo
Estoy indignada, la funcionaria me gritó y me tiró los papeles en la ventanilla
¿Cuándo pagan el subsidio de Colombia Mayor? Mi abuelo lleva 3 meses sin recibirlo
Hermoso el nuevo parque de la 26, gracias!!! los niños felices
ALCALDE DESPIERTE, LA CIUDAD SE ESTÁ CAYENDO A PEDAZOS
me cago en la EPS, cuarta vez que me cancelan la cirugía
Mi solicitud es que instalen luminarias en el sendero del parque, es muy oscuro y atracan
qué rabia, pagamos impuestos para esto? la calle parece un potrero
Presento reclamo porque me cobraron una multa que ya estaba pagada, adjunto el recibo
Alguien sabe si hay que pedir cita para la licencia de conducción o se puede ir directo?
Estos políticos solo aparecen cada 4 años a pedir el voto, después ni los vemos
el parque está lleno de jíbaros y nadie hace nada, denuncio pública
la EPS de mi mamá me tiene loca, ni una autorización sale, ayuda por favor
Buenas tardes señores alcaldía, el muro de contención del colegio se está agrietando, es un peligro
Gracias @SecretariaSalud por la jornada de vacunación, rápida y organizada
ese concejal lo único que hace es salir en fotos, cero gestión
Propongo que habiliten un punto de reciclaje en cada barrio, mucha gente quiere reciclar y no sabe dónde
¿Dónde denuncio a un taxista que me cobró el triple? Tengo la placa
Hace un mes se cayó el árbol en la cuadra y nadie lo ha recogido, ya hay ratas
Qué pesar los perritos abandonados en el parque, ¿la alcaldía no tiene un programa de adopción?
Las ratas del caño ya se están metiendo a las casas, necesitamos fumigación urgente
Hay basura por todas partes en el mercado, los olores son insoportables
QUE ALGUIEN HAGA ALGO CON LOS MOTOCICLISTAS EN LOS ANDENES!!!
Llevamos 3 años pidiendo el alcantarillado en la vereda y los politiqueros solo prometen
Ojalá el nuevo secretario sí arregle algo, el anterior fue un fiasco
Cuál es el correo para radicar una queja formal? el formulario de la web no carga
El contratista dejó la obra tirada y nadie responde, hay huecos de 2 metros sin señalizar
Increíble que el hospital no tenga ni gasas, qué vergüenza de sistema de salud
parce el bus del MIO se quedó varado en plena avenida y nos bajaron a todos, qué falta de respeto
se están robando los cables de la iluminación del parque cada semana, pongan vigilancia
Buenas, estoy intentando pagar el impuesto vehicular y la página bota error, ayuda
Nosotros los vendedores informales también tenemos derecho a trabajar, no nos traten como delincuentes
El servicio de la ventanilla única es lentísimo, 3 horas para un papel
Gracias por la información, muy clara. Ya hice el trámite en línea.
Ese puente peatonal es una trampa mortal, no tiene barandas
A la policía del cuadrante la llamamos y dijo que no tenía patrulla. Entonces pa qué
La alcaldía de Rodríguez pasará a la historia como la más corrupta, se lo digo yo
Esta semana cumplimos 20 días sin recolección en el barrio La Esperanza. Adjunto foto
Por favor informen cuándo vuelve el agua, en el barrio hay adultos mayores y niños
¿Qué pasó con la convocatoria de empleo? me inscribí y nunca me respondieron
La rectora del colegio no deja entrar a los niños sin el uniforme completo, muchos no tienen plata
¿Cuánto cuesta el paz y salvo de valorización?
""".strip().splitlines()

# Voice notes transcribed (WhatsApp-like run-on speech, no punctuation).
VOICE_NOTES = """
hola buenas tardes mire le hablo del barrio san fernando es que aquí el agua no llega desde el martes y ya llamamos y nada entonces quería saber qué pasa gracias
buenas buenas mire yo soy la señora de la tienda de la esquina y es que el hueco que hay al frente ya está muy grande y los carros se meten ahí y salpican todo me ayudan por fa
eh sí hola es para poner una queja porque el bus no para en el paradero el conductor pasa derecho y uno ahí parado media hora
buenos días le habla don Ernesto de la vereda la palma la carretera está pésima ya no pasan ni las motos necesitamos que manden la máquina
hola mija mire es que mi mamá tiene 80 años y no le han dado la cita del corazón y la EPS dice que no hay agenda qué hacemos
oiga sí mire el parque está todo oscuro las lámparas no sirven y ahí se hacen unos muchachos a fumar vicio y uno con miedo de pasar
buenas tardes es que yo pagué el impuesto y me sigue saliendo en mora entonces no sé qué pasa yo tengo el recibo
hola quería preguntar que si para lo del subsidio de vivienda hay que ir en persona o se puede por internet porque yo trabajo todo el día
eh buenas noches es que aquí en el conjunto hay un vecino que tiene un perro que ladra toda la noche y no deja dormir a nadie ya hablamos con él y nada
mire señorita yo llevo tres veces yendo a la oficina y cada vez me piden un papel distinto eso es una burla con uno
hola sí es para denunciar que en el lote de la esquina están botando escombros por la noche unos volqueteros
buenas mire qué pena molestar es que no entiendo cómo se hace lo del certificado en la página me puede explicar paso a paso
aló sí buenas es que se cayó un cable de la luz en la calle y está echando chispas vengan rápido que hay niños jugando
buenos días la llamo porque la ruta escolar no pasó hoy y los niños se quedaron sin ir a estudiar otra vez
hola ehh qué más mire es que en la cuadra hay una fuga de agua hace como una semana y se está perdiendo el agua todo el día
""".strip().splitlines()

# E-mails and web-form messages (longer, formal, sometimes with a signature).
FORMAL = """
Respetados señores: Por medio de la presente me permito solicitar la reparación de la malla vial de la carrera 12 entre calles 5 y 7, que presenta huecos de gran tamaño. Agradezco su atención. Atentamente, Carmen Rojas
Cordial saludo. En ejercicio del derecho de petición consagrado en el artículo 23 de la Constitución, solicito copia del acta de la última reunión del comité de obras. Quedo atento.
Señores Secretaría de Ambiente. Por medio de este correo denuncio la tala de árboles en el humedal sin ningún permiso visible. Adjunto fotografías y ubicación.
Buenas tardes. Solicito amablemente información sobre los requisitos para obtener la licencia de funcionamiento de un establecimiento comercial. Gracias de antemano.
Estimados, escribo para presentar una queja por la atención recibida el día de ayer en la sede norte. Esperé 4 horas y al final no me atendieron.
Señores Alcaldía Municipal: Solicito se revise el cobro del impuesto predial de mi predio con ficha catastral 01-02-0345. El avalúo no corresponde a la realidad.
Buen día. Quiero sugerir que la atención al público se extienda hasta las 6 pm, muchos trabajamos y no podemos ir en horario de oficina.
Asunto: reclamo por cobro indebido. Me cobraron dos veces el servicio de alcantarillado en la factura de marzo. Solicito la devolución. Adjunto factura.
Respetuosamente solicito se me informe el estado del proceso de reubicación de las familias de la zona de alto riesgo del barrio El Mirador.
Buenas noches. Deseo felicitar al equipo de la Secretaría de Cultura por la organización del festival. Fue un evento seguro y muy bien coordinado.
Señores, por este medio pongo en su conocimiento que el contratista de la obra del parque no usa elementos de seguridad y hay niños que entran a la obra.
Hola, escribo desde el formulario porque no he podido comunicarme por teléfono. Necesito saber si mi solicitud de subsidio fue aprobada. Cédula terminada en 4521.
Solicito información sobre los contratos firmados por la secretaría de infraestructura en el último año, con valores y contratistas, en formato abierto.
A quien corresponda: el alumbrado de la vía principal del corregimiento lleva dos meses apagado. Solicitamos su pronta reparación. Junta de Acción Comunal.
Buenas tardes. Quisiera saber qué documentos debo presentar para el permiso de uso del espacio público para una feria del barrio.
""".strip().splitlines()

# --- legitimate: templated ----------------------------------------------------------------------

GREETINGS = [
    "",
    "",
    "",
    "Buenas, ",
    "Buenos días, ",
    "Buenas tardes. ",
    "Hola, ",
    "Señores alcaldía, ",
    "Oigan, ",
    "Por favor, ",
    "Respetados señores, ",
    "Buenas noches señores, ",
    "Qué tal, ",
    "Alcalde, ",
    "Señora alcaldesa, ",
]
PLACES = [
    "en el barrio Kennedy",
    "en la calle 13 con 68",
    "en Ciudad Bolívar",
    "en Suba Rincón",
    "en el barrio Manrique",
    "en Robledo",
    "en Aranjuez",
    "en Siloé",
    "en el barrio El Prado",
    "en Rebolo",
    "en La Boquilla",
    "en Usme",
    "en la vereda La Esperanza",
    "frente al colegio distrital",
    "en la avenida Boyacá",
    "en la autopista sur",
    "en la carrera 7 con 45",
    "en el parque principal",
    "en el barrio 20 de Julio",
    "en Bosa El Recreo",
    "en la comuna 13",
    "en el barrio Olaya",
    "en la entrada del hospital",
    "en la plaza de mercado",
    "en el barrio Las Palmas",
    "en la transversal 93",
    "cerca a la estación de la 72",
    "en el corregimiento de San Cristóbal",
]
ISSUES = [
    ("queja", "hay un hueco enorme {place} que ya causó varios accidentes"),
    ("queja", "no hay agua {place} desde hace {days} días"),
    ("queja", "las luminarias {place} llevan {days} días apagadas"),
    ("queja", "no ha pasado el carro de la basura {place} en {days} días"),
    ("queja", "el semáforo {place} está dañado"),
    ("denuncia", "están atracando todas las noches {place}"),
    ("queja", "hay un bar {place} con música a todo volumen hasta las 3 am"),
    ("queja", "se rebosó el alcantarillado {place} y el olor es insoportable"),
    ("peticion", "se necesita un reductor de velocidad {place}"),
    ("queja", "las motos se suben al andén {place} y casi atropellan a los niños"),
    ("queja", "hay un árbol a punto de caerse {place}"),
    ("denuncia", "están botando escombros en el lote {place}"),
    ("queja", "la obra {place} lleva meses parada y sin señalizar"),
    ("queja", "el paradero {place} no tiene techo y nos mojamos todos"),
    ("queja", "hay cables de luz caídos {place}"),
    ("queja", "el caño {place} está lleno de basura y hay ratas"),
    ("queja", "se inundan las casas {place} cada vez que llueve"),
    ("denuncia", "están vendiendo droga en el parque {place}"),
    ("queja", "la vía {place} está destruida"),
    ("queja", "el puente peatonal {place} no tiene barandas"),
    ("queja", "el centro de salud {place} no tiene médico"),
    ("queja", "los buses no paran {place}"),
    ("queja", "hay perros callejeros heridos {place}"),
    ("queja", "la tapa de la alcantarilla {place} se la robaron"),
]
DAYS = ["3", "4", "5", "8", "10", "15", "20", "tres", "cinco", "ocho", "quince"]
ASKS = [
    "",
    " ¿Cuándo lo van a arreglar?",
    " Por favor manden a alguien.",
    " Necesitamos una solución ya.",
    " ¿A quién le toca esto?",
    " Llevamos semanas reportándolo.",
    " x favor ayúdennos",
    " pa cuándo?",
    " ¿Hasta cuándo?",
    " Exigimos respuesta.",
    " Ojalá esta vez sí respondan.",
    " Gracias por su atención.",
    " Adjunto foto.",
    " Miren la foto.",
    " Ya radiqué la queja y nada.",
    " ¿Alguien de la alcaldía lee esto?",
]
# Anger and swearing at the situation (never at a person).
ANGER = [
    "",
    "",
    "",
    "Qué mierda de servicio. ",
    "Es una vergüenza. ",
    "Ya estamos mamados. ",
    "Qué falta de respeto. ",
    "Jueputa, otra vez. ",
    "Carajo, ",
    "Maldita sea, ",
    "Esto es el colmo. ",
    "Qué rabia. ",
    "Nos tienen jodidos. ",
    "Qué porquería. ",
    "Uy no, qué boleta. ",
    "Esto está hp. ",
    "Marica, ",
    "Qué gonorrea esto. ",
    "Qué vida tan hp. ",
    "Me tienen hasta la coronilla. ",
    "Pura mierda lo que hacen con esta ciudad. ",
]
# Criticism of officials, by title or by (invented) name: speech to answer, not abuse.
CRITICISM = [
    "",
    "",
    "",
    " El alcalde Ramírez prometió y no cumplió.",
    " La alcaldesa solo aparece en campaña.",
    " Este gobierno es un desastre.",
    " Los concejales no hacen nada.",
    " El secretario de obras debería renunciar.",
    " Alcalde, deje de tuitear y trabaje.",
    " Qué administración tan incompetente.",
    " Gobernador, ¿dónde está la plata?",
    " Funcionarios ineptos, ni contestan.",
    " Se robaron la plata de las obras, eso es claro.",
    " Esta alcaldía es la peor que hemos tenido.",
    " Son unos mentirosos, prometen y prometen.",
    " El alcalde Gómez vive de la foto.",
    " Concejal Pérez, usted votó el presupuesto y ahora se hace el loco.",
]
HASHTAGS = [
    "#SinAgua",
    "#Huecos",
    "#Inseguridad",
    "#MovilidadBogotá",
    "#Medellín",
    "#Cali",
    "#Barranquilla",
    "#AlcaldíaResponda",
    "#NoMásHuecos",
    "#ServiciosPúblicos",
    "#Denuncia",
    "#SOS",
    "#Colombia",
]
MENTIONS = [
    "@AlcaldiaCiudad",
    "@SecMovilidad",
    "@PoliciaCiudad",
    "@AcueductoCiudad",
    "@SecSalud",
    "@GobernacionDpto",
    "@ConcejoCiudad",
    "@EmpresaAseo",
    "@alcaldesa_oficial",
    "@NoticiasCiudad",
]
EMOJI = ["😡", "🤬", "😤", "🙏", "😢", "👎", "🚧", "💧", "⚠️", "😠😠", "🤦‍♀️", "🙄", "📸"]
PRAISE = [
    "Gracias {mention} por arreglar la vía {place}, quedó muy bien 👏",
    "Felicitaciones al equipo que vino a podar los árboles {place}, muy juiciosos",
    "Por fin pusieron el semáforo {place}, gracias!!",
    "Muy buena la jornada de salud {place}, atención excelente",
    "Gracias por responder tan rápido, ya volvió el agua {place} 🙏",
    "Qué bueno ver el parque {place} tan limpio, gracias a los de aseo",
]
QUESTIONS = [
    "¿Cómo saco el certificado de {thing}?",
    "¿Dónde se pide la cita para {thing}?",
    "¿Qué papeles necesito para {thing}?",
    "¿Hasta cuándo hay plazo para {thing}?",
    "¿Se puede hacer en línea lo de {thing}?",
    "q toca hacer pa {thing}?",
    "alguien sabe xq no sale lo de {thing}?",
    "¿Cuánto se demora {thing}?",
]
THINGS = [
    "el Sisbén",
    "la licencia de construcción",
    "el paz y salvo del predial",
    "Renta Ciudadana",
    "el subsidio de vivienda",
    "la inscripción al colegio",
    "el certificado de residencia",
    "Colombia Mayor",
    "la licencia de conducción",
    "el permiso de espacio público",
    "la matrícula del carro",
    "la devolución del predial",
    "el auxilio de transporte",
    "la vacuna del niño",
    "el registro de la mascota",
]
# Links a citizen puts in a post, as (text form, target the network gives or None).
CITIZEN_LINKS = [
    ("https://t.co/{code}", "https://x.com/{user}/status/17{num}/photo/1"),
    ("https://t.co/{code}", "https://pbs.twimg.com/media/F{code}.jpg"),
    ("https://t.co/{code}", None),
    ("https://t.co/{code}", None),
    ("https://t.co/{code}", "https://www.eltiempo.com/bogota/obras-{num}"),
    ("https://t.co/{code}", "https://www.alcaldia.gov.co/noticias/{num}"),
    ("https://t.co/{code}", "https://www.youtube.com/watch?v={code}"),
    ("https://t.co/{code}", "https://maps.app.goo.gl/{code}"),
    ("https://t.co/{code}", "https://www.elespectador.com/bogota/{num}"),
    ("https://t.co/{code}", "https://www.instagram.com/p/{code}/"),
    ("https://t.co/{code}", "https://www.change.org/p/arreglen-la-via-{num}"),
    ("https://www.facebook.com/photo/?fbid={num}", None),
    ("https://photos.app.goo.gl/{code}", None),
    ("https://imgur.com/{code}", None),
    ("https://bsky.app/profile/{user}.bsky.social/post/3k{code}", None),
    ("https://www.ciudad.gov.co/tramites/{num}", None),
    ("https://bit.ly/{code}", "https://www.ciudad.gov.co/pqrs/{num}"),
    ("https://www.tiktok.com/@{user}/video/7{num}", None),
    ("https://drive.google.com/file/d/{code}/view", None),
    ("https://caracol.com.co/{num}", None),
    ("https://www.semana.com/nacion/{num}", None),
    ("https://www.ciudad-informa.co/noticia/{num}", None),  # a local news site not listed
    ("https://twitter.com/{user}/status/16{num}", None),
    ("https://bit.ly/{code}", None),
]
USERS = [
    "vecinaKennedy",
    "juanc_88",
    "dayana.m",
    "el_profe_rolo",
    "mafe_r",
    "don_chepe",
    "barrioactivo",
]
# Abbreviations and spellings of fast typing.
ABBREVIATIONS = [
    (" que ", " q "),
    ("¿Qué", "q"),
    (" porque ", " xq "),
    (" por qué ", " xq "),
    (" para ", " pa "),
    ("Por favor", "x favor"),
    ("por favor", "porfa"),
    (" también ", " tmb "),
    (" días", " dias"),
    (" está ", " esta "),
    (" usted", " ud"),
    (" ustedes", " uds"),
    (" de ", " d "),
    (" nada", " nd"),
    (" todo ", " tdo "),
]
# Citizens who quote a scam to ask if it is real, or warn others: not spam.
SCAM_REPORTS = [
    "Me llegó un mensaje que dice 'has sido seleccionado para el subsidio, reclama tu premio en este link' ¿eso es de ustedes? https://t.co/{code}",
    "Cuidado vecinos, están llamando a ofrecer préstamos sin fiador a nombre de la alcaldía, es estafa",
    "Denuncio una página que dice ser de la alcaldía y pide datos bancarios para un bono de 500 mil",
    "¿Es real lo del bono de 800.000 que están pasando por WhatsApp? Me escribieron al privado",
    "Alerta: circula un mensaje de 'gana dinero desde tu casa' con el logo de la gobernación, no caigan",
    "A mi mamá le llegó un SMS que su cuenta será suspendida si no actualiza los datos. ¿Es falso?",
    "Están suplantando a la secretaría de salud con un link para 'verificar tu cuenta'. Reporten esa cuenta",
    "me ofrecieron un cupo en el colegio a cambio de plata, eso se puede denunciar?",
]

# --- spam ---------------------------------------------------------------------------------------

SPAM_WHOLE = """
💰 Gana hasta $300.000 diarios desde tu celular, sin experiencia. Escríbeme al WhatsApp 310 555 1234
Invierte en USDT y recibe 20% semanal garantizado 👉 https://t.me/ganancias_seguras_co
Préstamos sin fiador para reportados en Datacrédito, desembolso inmediato. Info al 3205551234
Hola guapo 😘 mira mis fotos hot en mi perfil 🔞
Compra seguidores reales y likes baratos 👉 https://bit.ly/seguidores-ya
🎉 Felicidades! Has sido seleccionado para recibir un bono de $500.000, reclama tu premio aquí: https://bit.ly/bono-col
Amarres de amor y regreso de tu pareja en 3 días, maestro espiritual, resultados garantizados WhatsApp 3115551122
Tu cuenta será suspendida. Verifica tus datos aquí para evitar el bloqueo: https://seguridad-cuenta.example/login
Trabaja desde casa 2 horas al día y gana en dólares 💵 link en mi bio
Sígueme y te sigo 🔁 sdv 100%
chicas solteras cerca de ti quieren conocerte 💋 entra ya https://citas-hot.example
Ganaste un iPhone 15!! reclama tu premio antes de 24 horas 👉 https://premios-col.example
Vendo packs 🔥 escríbeme al DM
Multiplica tu dinero con trading automático, 30% mensual. Únete a mi grupo de Telegram https://t.me/senales_vip
Crédito inmediato sin papeleo, aprobación al instante, escríbenos al WhatsApp https://wa.me/573001112233
contenido exclusivo solo para mayores, link en mi bio 🍑
Ofrecemos el mejor servicio de fumigación al por mayor, escríbenos al WhatsApp 3015550000
Dinero fácil y rápido sin salir de casa, pregúntame cómo 💸 https://bit.ly/dinero-facil
Aumenta tus seguidores en Instagram y TikTok, paquetes desde 10.000 pesos. Info al DM
Tarot y videncia, amarres efectivos, consulta gratis por WhatsApp
Tenemos los mejores precios en llantas, envíos a todo el país, pedidos por WhatsApp 3124445566
Ingresos pasivos con criptomonedas, te enseño el método secreto 👉 https://curso-cripto.example
BONO DE REGALO ESPERÁNDOTE 🎁 haz clic aquí https://bit.ly/regalo-navidad
Préstamos gota a gota sin fiador, pagas diario, escríbeme 3174441122
Mira mi página, videos hot nuevos todos los días 🔥 https://onlyfans.com/nena_col
Gana plata fácil respondiendo encuestas, registrate aquí https://encuestas-pagas.example
Hola! te interesa generar ingresos extra desde casa? escríbeme al privado
Vendo seguidores organicos para tu negocio, resultados en 24 horas, contáctame por DM
Sorteo de 1.000.000 entre quienes den like y compartan, entra a mi perfil
Señales de forex gratis, rentabilidad garantizada del 40% mensual, únete https://t.me/forexco
""".strip().splitlines()

# Link-only posts from new, bare accounts: (text, target).
SPAM_LINK_ONLY = [
    "👉 {link}",
    "{link}",
    "mira esto jajaja {link}",
    "😱😱 {link}",
    "increíble!! {link}",
    "no lo vas a creer {link}",
    "{mention} {link}",
    "ver aquí 👇 {link}",
    "🔥🔥🔥 {link}",
    "checa esto {link}",
]
SPAM_LINK_TARGETS = [
    "https://bit.ly/{code}",
    "https://t.co/{code}",
    "https://promo-{code}.example",
    "https://cutt.ly/{code}",
    "https://tinyurl.com/{code}",
    "https://t.me/{code}",
    "https://descuentos-{code}.shop",
]
# Same text from several accounts, with a campaign's signs (links, new accounts).
SPAM_COPIES = [
    "Apoya la mejor opción para la ciudad, conoce las propuestas aquí 👉 {link}",
    "Entérate de la verdad que los medios no te cuentan {link}",
    "Descuentos increíbles solo por hoy en {link} no te lo pierdas",
    "La app que te paga por caminar, descárgala ya {link}",
    "Comparte y gana datos gratis para tu celular {link}",
]

# --- abuse --------------------------------------------------------------------------------------

ABUSE_WHOLE = """
@AlcaldiaCiudad son unos hijueputas ladrones, se robaron todo
Alcalde gonorrea, renuncie ya
ese concejal es un malparido
cállese vieja estúpida, nadie le preguntó
venecos de mierda, sáquenlos del barrio
te vamos a matar sapo hp
ojalá se mueran todos esos politiqueros
los policías del cuadrante son unas ratas
usted es un imbécil, señor secretario
funcionaria idiota, no sabe ni leer
hay que matarlos a todos esos corruptos
alcaldesa perra, ni para eso sirve
ustedes son una partida de hijueputas
@SecMovilidad par de pendejos, arreglen esa mierda
sabemos dónde vive alcalde, cuídese
los de la alcaldía son unos malparidos
el secretario es un hp lambón
ese gobernador es una basura
gonorreas, contesten
plomo es lo que necesitan esos tombos
muerte a los sapos
el concejal Pérez es un hijo de puta
usted es una mierda de funcionario
esa vieja de la ventanilla es una malparida
mamaguevos, devuelvan la plata
indios hp, váyanse a su tierra
te voy a partir la cara cuando salgas
estúpidos, ni una respuesta
los empleados de la EPS son unos cerdos
""".strip().splitlines()
ABUSE_TARGETS = [
    "alcalde",
    "alcaldesa",
    "concejales",
    "señor secretario",
    "funcionarios",
    "policías",
    "gobernador",
    "@AlcaldiaCiudad",
    "ustedes",
    "usted",
    "señora",
    "presidente",
    "los de la alcaldía",
    "esos manes",
]
ABUSE_INSULTS = [
    "hijueputa",
    "gonorrea",
    "malparido",
    "hp",
    "imbécil",
    "idiota",
    "estúpido",
    "pendejo",
    "hijo de puta",
    "basura",
    "rata",
    "pirobo",
    "malnacido",
    "desgraciado",
    "careverga",
]
ABUSE_FRAMES = [
    "{target} {insult}",
    "{target} es un {insult}",
    "{target} son unos {insult}s",
    "{target}, {insult}, ¿no le da vergüenza?",
    "{insult} {target}, renuncie",
    "Oiga {target}, usted es un {insult}",
    "qué {target} tan {insult}",
    "{target} {insult} de mierda",
]
THREATS = [
    "te vamos a matar {target}",
    "{target}, sabemos dónde vive",
    "ojalá se muera {target}",
    "los vamos a quemar a todos, {target}",
    "{target} le llegó la hora, plomo pa esos",
    "te voy a reventar {target}",
    "muerte a {target}",
]

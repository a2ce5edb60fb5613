"""Build dialogo/triage/data/examples_type.jsonl from the hand-written core + fragments."""
import json, random, re, sys, unicodedata
from pathlib import Path
sys.path.insert(0, "/work/main")
from dialogo.triage.ml.normalize import normalize

HERE = Path(__file__).parent
rng = random.Random(20251129)
TYPES = "pregunta peticion informacion queja reclamo sugerencia denuncia felicitacion comentario abuso spam".split()
SENT = dict(pregunta="neutro", peticion="neutro", informacion="neutro", queja="negativo", reclamo="negativo",
            sugerencia="neutro", denuncia="negativo", felicitacion="positivo", comentario="neutro", abuso="negativo", spam="neutro")

TRAMITES = ["el pasaporte", "la apostilla", "los antecedentes judiciales", "la cédula", "el duplicado de la cédula",
    "el registro civil de nacimiento", "la licencia de conducción", "el RUT", "la declaración de renta", "el Sisbén",
    "la libreta militar", "el certificado de residencia", "la visa", "el subsidio de vivienda", "la tarjeta de identidad",
    "el traspaso del carro", "el paz y salvo del predial", "la legalización del diploma", "el registro de matrimonio",
    "la nacionalidad de mi hijo", "el certificado de discapacidad", "el permiso de salida del menor",
    "la inscripción de la cédula", "el impuesto vehicular", "el comparendo", "la cita del consulado",
    "el certificado de antecedentes disciplinarios", "la pensión", "la convalidación del título", "el Renta Ciudadana"]
LUGARES = ["Bogotá", "Medellín", "Cali", "Barranquilla", "Cartagena", "Bucaramanga", "Pasto", "Cúcuta", "Pereira",
    "Ibagué", "Villavicencio", "Montería", "Neiva", "Popayán", "Tunja", "Santa Marta", "Valledupar", "Quibdó",
    "Leticia", "Riohacha", "Sincelejo", "Yopal", "Florencia", "Armenia", "Manizales", "Madrid", "Miami", "Santiago de Chile",
    "Quito", "Panamá", "Nueva York", "Barcelona", "Ciudad de México", "Buenos Aires", "Toronto", "Soacha", "Bello", "Envigado"]
OFICINAS = ["la oficina de pasaportes", "la registraduría", "el consulado", "la secretaría de tránsito", "la alcaldía",
    "el punto de atención", "la sede principal", "la oficina de la DIAN", "el centro de servicios", "la notaría",
    "la secretaría de hacienda", "el hospital", "la gobernación", "la personería"]
SALUDOS = ["", "", "", "Buenos días, ", "Buenas tardes, ", "Buenas noches. ", "Hola, ", "Hola buenas, ", "Señores, ",
    "Cordial saludo. ", "Buen día. ", "Holaaa ", "Disculpen, ", "Buenas sumercé, ", "Estimados señores: ", "@Entidad ",
    "Oigan, ", "Qué tal, ", "Respetados funcionarios, ", "Ey, "]
CIERRES = ["", "", "", " Gracias.", " Quedo atento.", " Quedo atenta a su respuesta.", " Muchas gracias", " Atentamente, Luz Dary",
    " Cordialmente, Jhon Jairo P.", " Gracias de antemano", " Dios les pague", " Feliz día", " Espero respuesta pronto",
    " Gracias, quedo pendiente", " Saludos desde {lugar}", " 🙏", " Mil gracias!!"]

FRAGMENTS = {
 "pregunta": [
  "¿Cómo hago para sacar {tramite} si vivo en {lugar}?", "¿Cuánto cuesta {tramite}?", "¿Cuánto se demora {tramite}?",
  "¿Qué requisitos piden para {tramite}?", "¿Dónde puedo hacer {tramite} en {lugar}?", "q documentos necesito para {tramite}?",
  "¿{tramite} se puede hacer en línea o toca presencial?", "Alguien sabe si {oficina} de {lugar} atiende sin cita?",
  "¿A qué hora abre {oficina} de {lugar}?", "una pregunta, ¿{tramite} tiene algún costo para mayores de 60?",
  "¿Me pueden decir en qué va {tramite}? lo solicité hace {n} días", "¿Se puede hacer {tramite} con un poder?",
  "Quisiera saber si {tramite} lo puedo pedir desde {lugar}", "como se paga {tramite}?? no encuentro el botón",
  "¿Qué pasa si no hago {tramite} a tiempo?", "¿Hasta qué fecha hay plazo para {tramite}?",
  "¿Es obligatorio pedir cita para {tramite}?", "tengo una duda con {tramite}, ¿la foto puede ser con gafas?",
  "¿Por dónde hago seguimiento a {tramite}?", "Cuál es el link oficial para {tramite}?"],
 "peticion": [
  "Solicito que me asignen cita para {tramite} en {oficina} de {lugar}", "Les pido el favor de agilizar {tramite}, ya llevo {n} días",
  "Por favor revisen mi caso de {tramite}, radicado {radicado}", "Solicito respetuosamente que se corrija el error en {tramite}",
  "Necesito que me habiliten {tramite} en la plataforma, sale bloqueado", "Pido que {oficina} de {lugar} amplíe el horario",
  "Derecho de petición: solicito que se dé trámite a {tramite} radicado con número {radicado}",
  "Por favor envíen a alguien a revisar el hueco de la calle {n} en {lugar}", "Solicito reprogramar la cita de {tramite}",
  "Pedimos que en {lugar} hagan una jornada para {tramite}", "Solicito atención prioritaria para {tramite}, soy adulto mayor",
  "Requiero que me den una respuesta de fondo sobre {tramite}", "Necesito que me devuelvan la llamada por {tramite}, radicado {radicado}",
  "Les solicito habilitar {tramite} para colombianos en {lugar}"],
 "informacion": [
  "Solicito copia del documento de {tramite} que reposa en {oficina}", "Necesito un certificado de {tramite} para presentar en {lugar}",
  "Solicito información sobre cuántas solicitudes de {tramite} se atendieron en {lugar} este año",
  "Por favor envíen a mi correo la constancia de {tramite}, radicado {radicado}", "Requiero copia de la resolución que resolvió {tramite}",
  "Solicito el listado de contratos firmados por {oficina} de {lugar} en {anio}",
  "Solicito información pública sobre el presupuesto de {oficina} de {lugar} para {anio}",
  "Necesito la certificación de que hice {tramite}, la piden en el trabajo", "Solicito copia del acta de la reunión del {n} de marzo en {lugar}",
  "Requiero los soportes de pago de {tramite}", "Me pueden expedir constancia de {tramite}? la necesito para la embajada",
  "Solicito copia de mi expediente completo, radicado {radicado}"],
 "queja": [
  "Pésima atención en {oficina} de {lugar}, {n} horas esperando", "Quiero poner una queja por el trato en {oficina} de {lugar}",
  "Nadie contesta en {oficina} de {lugar}, llevo {n} días llamando", "Es una vergüenza cómo atienden en {oficina} de {lugar}",
  "La plataforma de {tramite} no funciona y nadie da razón", "Me cancelaron la cita de {tramite} sin avisar, qué falta de respeto",
  "Me devolvieron {n} veces por un papel que no estaba en la lista de {tramite}", "En {oficina} de {lugar} solo dan {n} turnos y ya",
  "La funcionaria de {oficina} me habló de muy mala manera", "Mandé correo por {tramite} hace {n} días y ni un acuse de recibo",
  "Qué mal servicio el de {oficina}, todo el día sin sistema", "La fila de {oficina} en {lugar} da la vuelta a la manzana y atienden dos personas"],
 "reclamo": [
  "Pagué {tramite} hace {n} días y el sistema dice que no hay pago, exijo solución", "Me cobraron dos veces {tramite}, pido la devolución",
  "Me cobraron {monto} por {tramite} y era gratis, quiero el reembolso", "Pagué {tramite} y nunca me lo entregaron, devuélvanme la plata",
  "Reclamo: me descontaron {monto} por {tramite} sin autorización", "El documento de {tramite} salió con un error de ustedes, exijo reposición sin costo",
  "Me aplicaron una multa de {monto} que ya había pagado, anexo recibo", "Me quitaron el beneficio de {tramite} sin notificarme, reclamo que me lo devuelvan",
  "Ya pagué {monto} por {tramite}, tengo el comprobante, y me lo siguen cobrando", "Me deben el reintegro de {monto} desde hace {n} meses"],
 "sugerencia": [
  "Sugiero que {tramite} se pueda hacer desde el celular", "Deberían abrir más citas para {tramite} en {lugar}",
  "Sería bueno que {oficina} de {lugar} atendiera los sábados", "Propongo que avisen por mensaje de texto cuando {tramite} esté listo",
  "Podrían hacer un tutorial en video de {tramite}", "Recomiendo que en {oficina} pongan sillas para los que esperan",
  "Ojalá pusieran un chat en vivo para dudas de {tramite}", "Sugerencia: publiquen los requisitos de {tramite} en una sola página clara",
  "Sería útil poder pagar {tramite} con Nequi", "Deberían hacer jornadas de {tramite} en los municipios cerca de {lugar}"],
 "denuncia": [
  "Denuncio que en {oficina} de {lugar} cobran {monto} por agilizar {tramite}", "Un funcionario de {oficina} me pidió {monto} para darme {tramite} más rápido",
  "Hay tramitadores en la puerta de {oficina} de {lugar} vendiendo citas de {tramite}", "Quiero denunciar corrupción en el contrato de {obra} de {lugar}",
  "En {lugar} están cobrando por los formularios de {tramite} que son gratis", "Denuncio que el contrato de {obra} se lo dieron a un familiar del alcalde de {lugar}",
  "Me ofrecieron {tramite} sin requisitos a cambio de {monto}, eso es soborno", "La plata de {obra} en {lugar} se la robaron, la obra nunca se hizo",
  "Denuncio una página falsa que cobra {monto} por {tramite}"],
 "felicitacion": [
  "Gracias a {oficina} de {lugar}, excelente atención", "Felicito al equipo de {oficina}, me resolvieron {tramite} en un día",
  "Mil gracias, ya me llegó {tramite} 🙌", "Muy buena atención en {oficina} de {lugar}, rápidos y amables",
  "Agradezco la ayuda con {tramite}, fueron muy pacientes", "Felicitaciones por la plataforma de {tramite}, súper fácil",
  "Gracias por responder tan rápido lo de {tramite}", "Excelente servicio en {oficina} de {lugar}, los felicito"],
 "comentario": [
  "Hoy estaba lleno {oficina} de {lugar}", "Yo hice {tramite} el año pasado en {lugar}", "En {lugar} está lloviendo desde temprano",
  "Saludos desde {lugar} 🇨🇴", "Comparto por si a alguien en {lugar} le sirve", "A mi hermano le tocó hacer {tramite} en {lugar} también",
  "Leyendo los comentarios sobre {tramite}", "Ayer pasé por {oficina} de {lugar} y estaba tranquilo", "Interesante lo de {tramite}"],
 "abuso": [
  "{oficina} de {lugar} está llena de {insulto}", "Ustedes son unos {insulto}, arreglen {tramite}", "{insulto_s} el que atiende en {oficina}",
  "Partida de {insulto}, ¿dónde está {tramite}?", "Qué {insulto_s} el funcionario de {oficina} de {lugar}", "Respondan, {insulto}"],
 "spam": [
  "Gana {monto} diarios desde {lugar} con tu celular 💰 escríbeme", "Chicas de {lugar} buscan amistad 😘 mira mi perfil",
  "Compra seguidores reales desde {monto}, escribe al {telefono}", "Invierte {monto} en bitcoin y recibe el triple 🚀",
  "Te hago {tramite} sin filas, 100% garantizado, WhatsApp {telefono}", "🔞 Contenido exclusivo, link en mi bio 🔥 {link}",
  "Ganaste un bono de {monto}, reclámalo aquí {link}", "Préstamos en {lugar} sin papeleo, llama al {telefono}",
  "Sígueme y te sigo 💯 {lugar} presente", "Gana dinero fácil desde casa {link}"],
}
OBRAS = ["la vía terciaria", "el puente peatonal", "el parque del barrio", "el acueducto", "el polideportivo", "la PTAR",
    "la alimentación escolar", "el alumbrado navideño", "el colegio nuevo", "la pavimentación de la calle 10"]
INSULTOS = ["gonorreas", "malparidos", "hijueputas", "ratas", "inútiles", "pirobos", "idiotas", "huevones", "ineptos", "lambones"]
INSULTOS_S = ["gonorrea", "malparido", "hp", "rata", "inútil", "pirobo", "idiota", "guevón", "careverga", "imbécil"]

EXTERIOR = ["Madrid", "Miami", "Santiago de Chile", "Quito", "Panamá", "Nueva York", "Barcelona", "Ciudad de México", "Buenos Aires", "Toronto"]
NACIONAL = [l for l in LUGARES if l not in EXTERIOR]
BENEFICIOS = ["el subsidio de adulto mayor", "Renta Ciudadana", "el subsidio de arriendo", "la beca", "el bono escolar", "el descuento del predial"]

def sede():
    office = rng.choice(OFICINAS)
    place = rng.choice(EXTERIOR if office == "el consulado" else NACIONAL)
    return f"{office} de {place}"

def fill(frame):
    frame = frame.replace("{oficina} de {lugar}", "{sede}").replace("el beneficio de {tramite}", "{beneficio}")
    out = re.sub(r"\{(\w+)\}", lambda m: slot(m.group(1)), frame)
    return out.replace(" de el ", " del ").replace(" a el ", " al ").replace(" De el ", " Del ")

def slot(name):
    if name == "sede": return sede()
    if name == "beneficio": return rng.choice(BENEFICIOS)
    if name == "tramite": return rng.choice(TRAMITES)
    if name == "lugar": return rng.choice(LUGARES)
    if name == "oficina": return rng.choice(OFICINAS)
    if name == "n": return str(rng.choice([2, 3, 4, 5, 8, 10, 12, 15, 20, 30, 45, 60]))
    if name == "radicado": return f"{rng.choice([2023, 2024, 2025])}-{rng.randint(1000, 999999)}"
    if name == "monto": return rng.choice(["50 mil", "$80.000", "100 mil pesos", "200 mil", "$350.000", "medio millón", "1 millón", "120.000", "$45.000", "300 dólares"])
    if name == "anio": return str(rng.choice([2022, 2023, 2024, 2025]))
    if name == "obra": return rng.choice(OBRAS)
    if name == "insulto": return rng.choice(INSULTOS)
    if name == "insulto_s": return rng.choice(INSULTOS_S).capitalize()
    if name == "telefono": return f"3{rng.randint(0,2)}{rng.randint(0,9)} {rng.randint(100,999)} {rng.randint(1000,9999)}"
    if name == "link": return rng.choice(["https://bit.ly/", "https://cutt.ly/", "https://tinyurl.com/", "https://rb.gy/", "https://t.me/"]) + "".join(rng.choice("abcdefghkmnpqrstuvwxyz23456789") for _ in range(6))
    raise KeyError(name)

def strip_accents(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn" or c == "\u0303")

def noisy(s):
    r = rng.random()
    if r < 0.25: s = unicodedata.normalize("NFC", strip_accents(s))
    elif r < 0.35: s = s.lower().replace("que ", "q ").replace("por qué", "xq").replace("porque", "xq")
    elif r < 0.40: s = s.upper()
    elif r < 0.48: s = s.replace("¿", "").replace(",", "")
    return s

def wrap(s, kind):
    if kind in ("abuso", "spam", "comentario"):
        return s
    r = rng.random()
    if r < 0.15: return "@Entidad " + s
    if r < 0.55:
        greeting = fill(rng.choice(SALUDOS))
        if greeting.endswith(", ") and not s.startswith(("Les ", "Solicito")) or greeting.startswith("@"):
            s = s[0].lower() + s[1:]
        return greeting + s + fill(rng.choice(CIERRES))
    return s

def parse(line, kind):
    sent, off = SENT[kind], "ofensivo" if kind == "abuso" else "no_ofensivo"
    m = re.match(r"^([+=\-!]+)\|", line)
    if m:
        for ch in m.group(1):
            sent = {"+": "positivo", "=": "neutro", "-": "negativo"}.get(ch, sent)
            off = "ofensivo" if ch == "!" else off
        line = line[m.end():]
    return line.strip(), sent, off

def main():
    rows, seen = [], set()
    def add(text, kind, sent, off):
        key = normalize(text)
        if key and key not in seen:
            seen.add(key); rows.append({"text": text, "type": kind, "sentiment": sent, "offensive": off})
    for kind in TYPES:
        lines = [l for l in (HERE / f"c_{kind}.txt").read_text().splitlines() if l.strip()]
        for line in lines:
            text, sent, off = parse(line, kind)
            add(text, kind, sent, off)
            if rng.random() < 0.22:
                add(noisy(wrap(text, kind)), kind, sent, off)
        frames = FRAGMENTS[kind]
        target = 110
        tries = 0
        made = 0
        while made < target and tries < 5000:
            tries += 1
            before = len(rows)
            text = noisy(wrap(fill(rng.choice(frames)), kind))
            _, sent, off = parse("", kind)
            add(text, kind, sent, off)
            made += len(rows) - before
    extra = HERE / "extra.txt"
    if extra.exists():
        for line in extra.read_text().splitlines():
            if "\t" in line:
                kind, rest = line.split("\t", 1)
                text, sent, off = parse(rest, kind)
                add(text, kind, sent, off)
    rng.shuffle(rows)
    out = Path("/work/main/dialogo/triage/data/examples_type.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(rows), Counter(r["type"] for r in rows), Counter(r["sentiment"] for r in rows), Counter(r["offensive"] for r in rows))

main()

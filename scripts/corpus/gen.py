"""Build dialogo/triage/data/examples_type.jsonl from the messages the project wrote.

The c_<type>.txt files hold one hand-written message a line (an optional "+|", "-|", "=|"
or "!|" prefix sets its sentiment or marks it offensive); about a fifth of them also appear
once more with a greeting, a closing and a spelling variant (no accents, lower or upper case,
"q" for "que"). written/*.jsonl hold whole messages with their three labels. There are no
template-made messages any more: measured on messages written apart (bench/data), the
~1,200 template fillings of earlier versions added nothing (type macro-F1 0.671 without,
0.662 with); the written messages raised it above 0.9.
"""
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from dialogo.triage.ml.normalize import normalize

HERE = Path(__file__).parent
rng = random.Random(20251129)
TYPES = "pregunta peticion informacion queja reclamo sugerencia denuncia felicitacion comentario abuso spam".split()
SENT = dict(pregunta="neutro", peticion="neutro", informacion="neutro", queja="negativo", reclamo="negativo",
            sugerencia="neutro", denuncia="negativo", felicitacion="positivo", comentario="neutro", abuso="negativo", spam="neutro")

LUGARES = ["Bogotá", "Medellín", "Cali", "Barranquilla", "Cartagena", "Bucaramanga", "Pasto", "Cúcuta", "Pereira",
    "Ibagué", "Villavicencio", "Montería", "Neiva", "Popayán", "Tunja", "Santa Marta", "Valledupar", "Quibdó",
    "Leticia", "Riohacha", "Sincelejo", "Yopal", "Florencia", "Armenia", "Manizales", "Madrid", "Miami", "Santiago de Chile",
    "Quito", "Panamá", "Nueva York", "Barcelona", "Ciudad de México", "Buenos Aires", "Toronto", "Soacha", "Bello", "Envigado"]
SALUDOS = ["", "", "", "Buenos días, ", "Buenas tardes, ", "Buenas noches. ", "Hola, ", "Hola buenas, ", "Señores, ",
    "Cordial saludo. ", "Buen día. ", "Holaaa ", "Disculpen, ", "Buenas sumercé, ", "Estimados señores: ", "@Entidad ",
    "Oigan, ", "Qué tal, ", "Respetados funcionarios, ", "Ey, "]
CIERRES = ["", "", "", " Gracias.", " Quedo atento.", " Quedo atenta a su respuesta.", " Muchas gracias", " Atentamente, Luz Dary",
    " Cordialmente, Jhon Jairo P.", " Gracias de antemano", " Dios les pague", " Feliz día", " Espero respuesta pronto",
    " Gracias, quedo pendiente", " Saludos desde {lugar}", " 🙏", " Mil gracias!!"]

def fill(frame):
    return re.sub(r"\{lugar\}", lambda m: rng.choice(LUGARES), frame)

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

def held_out():
    """Word sets of the messages written apart (bench/data): the corpus leaves out any
    message equal or nearly equal to one of them, so they stay never trained on."""
    sets = []
    for path in sorted((HERE.parents[1] / "bench" / "data").glob("triage_heldout_*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            sets.append(set(normalize(json.loads(line)["text"]).split()))
    return sets

HELD_OUT = held_out()

def near_held_out(key):
    words = set(key.split())
    return any(words == s or (len(words) >= 4 and len(words & s) / len(words | s) > 0.8) for s in HELD_OUT)

def main():
    rows, seen = [], set()
    def add(text, kind, sent, off):
        key = normalize(text)
        if key and key not in seen and not near_held_out(key):
            seen.add(key); rows.append({"text": text, "type": kind, "sentiment": sent, "offensive": off})
    for kind in TYPES:
        lines = [l for l in (HERE / f"c_{kind}.txt").read_text().splitlines() if l.strip()]
        for line in lines:
            text, sent, off = parse(line, kind)
            add(text, kind, sent, off)
            if rng.random() < 0.22:
                add(noisy(wrap(text, kind)), kind, sent, off)
    extra = HERE / "extra.txt"
    if extra.exists():
        for line in extra.read_text().splitlines():
            if "\t" in line:
                kind, rest = line.split("\t", 1)
                text, sent, off = parse(rest, kind)
                add(text, kind, sent, off)
    # Messages written whole, each with its own sentiment and offensive labels: written apart
    # from the lines above, by briefs that each stress one kind of inbox (social comments,
    # formal letters, boundary cases, every sector, WhatsApp, follow-ups, national agencies
    # and consulates, one-liners).
    for path in sorted((HERE / "written").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            assert row["type"] in TYPES, (path.name, row)
            add(row["text"], row["type"], row["sentiment"], row["offensive"])
    rng.shuffle(rows)
    out = HERE.parents[1] / "dialogo" / "triage" / "data" / "examples_type.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    from collections import Counter
    print(len(rows), Counter(r["type"] for r in rows), Counter(r["sentiment"] for r in rows), Counter(r["offensive"] for r in rows))

main()

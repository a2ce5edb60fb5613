"""Build bench/data/false_alarms.jsonl from the hand-written parts in false_alarm_parts.py.

Run ``python bench/false_alarm_set.py`` to rebuild it (deterministic: the same parts give the
same file). Each line: ``text``, ``kind`` (``legit``, ``spam`` or ``abuso``), ``channel``,
``links`` (link targets as the network would give them: X's expanded_url) and ``meta``
(what the network tells of the sender: account age, picture, followers, earlier messages,
how many accounts sent the same text). Written to the briefs named in false_alarm_parts.py;
never trained on.
"""

from __future__ import annotations

import json
import random
import string
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import false_alarm_parts as P  # noqa: E402

OUT = HERE / "data" / "false_alarms.jsonl"
CHANNELS = ["x", "x", "x", "facebook", "facebook", "bluesky", "email", "webform"]


def _code(rng: random.Random, n: int = 10) -> str:
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        code=_code(rng),
        num=rng.randint(100000, 999999),
        user=rng.choice(P.USERS),
        mention=rng.choice(P.MENTIONS),
        place=rng.choice(P.PLACES),
        days=rng.choice(P.DAYS),
        thing=rng.choice(P.THINGS),
    )


def _join(*parts: str) -> str:
    """Parts of a sentence, capitalised after a full stop, lowercase after a comma."""
    text = ""
    for part in parts:
        if not part:
            continue
        if not text or text.rstrip().endswith((".", "?", "!")):
            part = part[0].upper() + part[1:]
        elif part[0].isupper() and not part.startswith(("Alcald", "Gobern")):
            part = part[0].lower() + part[1:]
        text += part
    return text


def _strip_accents(text: str) -> str:
    keep = {"ñ", "Ñ"}
    return "".join(ch if ch in keep else unicodedata.normalize("NFD", ch)[0] for ch in text)


def _typo(rng: random.Random, text: str) -> str:
    words = text.split(" ")
    long = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
    if not long:
        return text
    i = rng.choice(long)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    words[i] = w[:j] + w[j + 1 :] if rng.random() < 0.5 else w[:j] + w[j + 1] + w[j] + w[j + 2 :]
    return " ".join(words)


def _abbreviate(rng: random.Random, text: str) -> str:
    for long, short in P.ABBREVIATIONS:
        if long in text and rng.random() < 0.6:
            text = text.replace(long, short)
    return text


def _style(rng: random.Random, text: str, channel: str) -> tuple[str, list[str]]:
    """Dress a message the way it arrives on ``channel``: abbreviations, no accents,
    capitals, typos, emoji, hashtags, mentions and links (with the network's targets)."""
    links: list[str] = []
    social = channel in ("x", "facebook", "bluesky")
    if social and rng.random() < 0.35:
        text = _abbreviate(rng, text)
    if rng.random() < (0.35 if social else 0.1):
        text = _strip_accents(text)
    if rng.random() < 0.15:
        text = _typo(rng, text)
    if social and rng.random() < 0.08:
        text = text.upper()
    elif social and rng.random() < 0.15:
        text = text.lower()
    if social and rng.random() < 0.3:
        text = text.rstrip() + " " + rng.choice(P.EMOJI)
    if social and rng.random() < 0.25:
        text = text.rstrip() + " " + " ".join(rng.sample(P.HASHTAGS, rng.randint(1, 3)))
    if channel in ("x", "bluesky") and rng.random() < 0.5:
        text = " ".join(rng.sample(P.MENTIONS, rng.randint(1, 2))) + " " + text
    if social and rng.random() < 0.4:
        shown, target = rng.choice(P.CITIZEN_LINKS)
        seed = _code(rng), rng.randint(100000, 999999), rng.choice(P.USERS)
        shown = shown.format(code=seed[0], num=seed[1], user=seed[2])
        text = text.rstrip() + " " + shown
        if target and channel == "x":
            links.append(target.format(code=seed[0], num=seed[1], user=seed[2]))
    return text, links


def _citizen_meta(rng: random.Random) -> dict:
    """An ordinary citizen's account; some are new or bare (people open one to complain)."""
    if rng.random() < 0.12:
        return {
            "account_age_days": rng.randint(0, 25),
            "has_avatar": rng.random() < 0.5,
            "followers": rng.randint(0, 4),
            "history": rng.randint(0, 1),
        }
    return {
        "account_age_days": rng.randint(60, 4000),
        "has_avatar": rng.random() < 0.9,
        "followers": rng.randint(5, 3000),
        "history": rng.randint(0, 12),
    }


def _throwaway_meta(rng: random.Random) -> dict:
    return {
        "account_age_days": rng.randint(0, 12),
        "has_avatar": rng.random() < 0.2,
        "followers": rng.randint(0, 3),
        "history": 0,
    }


def _legit(rng: random.Random) -> list[dict]:
    bases = P.LEGIT_WHOLE * 3 + P.VOICE_NOTES * 2 + P.FORMAL * 2
    bases += [_fill(rng, t) for t in P.SCAM_REPORTS for _ in range(2)]
    for _ in range(950):
        issue = _fill(rng, rng.choice(P.ISSUES)[1])
        text = _join(rng.choice(P.GREETINGS), rng.choice(P.ANGER), issue + ".")
        text += rng.choice(P.ASKS) + rng.choice(P.CRITICISM)
        bases.append(text)
    bases += [_fill(rng, rng.choice(P.PRAISE)) for _ in range(90)]
    bases += [_fill(rng, q) for q in P.QUESTIONS for _ in range(12)]
    out = []
    for text in bases:
        channel = rng.choice(CHANNELS)
        if channel in ("email", "webform") and len(text) < 40:
            channel = "x"
        styled, links = _style(rng, text, channel)
        out.append(_row(styled, "legit", channel, links, _citizen_meta(rng)))
    # A photo with a mention and nothing else, from citizens the institution knows.
    for _ in range(30):
        code = _code(rng)
        text = f"{rng.choice(P.MENTIONS)} {rng.choice(P.EMOJI)} https://t.co/{code}"
        meta = _citizen_meta(rng) | {"history": rng.randint(1, 9)}
        links = [f"https://x.com/{rng.choice(P.USERS)}/status/17{rng.randint(1, 9**9)}/photo/1"]
        out.append(_row(text, "legit", "x", links, meta))
    return out


def _spam(rng: random.Random) -> list[dict]:
    out = []
    for text in P.SPAM_WHOLE:
        for _ in range(4):
            channel = rng.choice(["x", "facebook", "bluesky", "facebook", "webform"])
            shown = text
            if channel in ("x", "bluesky") and rng.random() < 0.6:
                shown = rng.choice(P.MENTIONS) + " " + shown
            if rng.random() < 0.3:
                shown = _strip_accents(shown)
            if rng.random() < 0.2:
                shown = _typo(rng, shown)
            out.append(_row(shown, "spam", channel, [], _throwaway_meta(rng)))
    for frame in P.SPAM_LINK_ONLY:
        for target in rng.sample(P.SPAM_LINK_TARGETS, 6):
            link = _fill(rng, target)
            text = _fill(rng, frame.replace("{link}", link))
            out.append(_row(text, "spam", "x", [], _throwaway_meta(rng)))
    for frame in P.SPAM_COPIES:
        for _ in range(6):
            link = _fill(rng, rng.choice(P.SPAM_LINK_TARGETS))
            meta = _throwaway_meta(rng) | {"same_text_accounts": rng.randint(3, 40)}
            out.append(_row(frame.format(link=link), "spam", "x", [], meta))
    return out


_PLURAL = {"hijo de puta": "hijos de puta", "hp": "hp", "rata": "ratas"}


def _abuse(rng: random.Random) -> list[dict]:
    out = []
    for text in P.ABUSE_WHOLE:
        for _ in range(2):
            channel = rng.choice(CHANNELS[:6])
            styled, links = _style(rng, text, channel)
            out.append(_row(styled, "abuso", channel, links, _citizen_meta(rng)))
    for _ in range(150):
        insult = rng.choice(P.ABUSE_INSULTS)
        frame = rng.choice(P.ABUSE_FRAMES)
        if "{insult}s" in frame:
            frame = frame.replace("{insult}s", _PLURAL.get(insult, insult + "s"))
        text = frame.format(target=rng.choice(P.ABUSE_TARGETS), insult=insult)
        channel = rng.choice(CHANNELS[:6])
        styled, links = _style(rng, text, channel)
        out.append(_row(styled, "abuso", channel, links, _citizen_meta(rng)))
    for _ in range(50):
        text = rng.choice(P.THREATS).format(target=rng.choice(P.ABUSE_TARGETS))
        channel = rng.choice(CHANNELS[:6])
        styled, links = _style(rng, text, channel)
        out.append(_row(styled, "abuso", channel, links, _citizen_meta(rng)))
    return out


def _row(text: str, kind: str, channel: str, links: list[str], meta: dict) -> dict:
    return {"text": text, "kind": kind, "channel": channel, "links": links, "meta": meta}


def build(seed: int = 17) -> list[dict]:
    """Every message of the set, legitimate first, duplicates (same text) dropped."""
    rng = random.Random(seed)
    rows = _legit(rng) + _spam(rng) + _abuse(rng)
    seen: set[str] = set()
    out = []
    for row in rows:
        if row["text"] not in seen:
            seen.add(row["text"])
            out.append(row)
    return out


def main() -> None:
    rows = build()
    OUT.parent.mkdir(exist_ok=True)
    with OUT.open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    kinds = {k: sum(r["kind"] == k for r in rows) for k in ("legit", "spam", "abuso")}
    print(f"wrote {len(rows):,} messages to {OUT.relative_to(HERE.parent)}: {kinds}")


if __name__ == "__main__":
    main()

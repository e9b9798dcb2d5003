"""A coaching alternative for each directive sentence: what the manager could have asked instead.

A trainer does not stop at "that was advice"; they offer the question that would have let
the other person find the answer. This module builds one such question per advice,
instruction or leading-question sentence, offline and deterministically, from the sentence's
spaCy parse:

1. the *action*: the verb that carries the suggestion, found below the frame verbs that only
   wrap it ("Have you thought about **asking** for a workstation?", "I want you to **sit** with
   Gloria");
2. its *slots*: the person it is aimed at (``{person}``), the thing it is about (``{topic}``,
   a noun phrase) and the action as a gerund phrase (``{doing}``);
3. its *kind* (contacting someone, asking for help, changing a process, learning, planning,
   escalating, writing, checking, looking after oneself), from the verb and its object;
4. a frame from :data:`FRAMES`, the one table of coaching questions, keyed by act and kind:
   the first row whose act and kind match and whose slots the sentence can fill.

The tagger-only pipeline the classifier uses has no parser or lemmatizer, so a second
pipeline with them is loaded lazily (:func:`parser_nlp`) and run only on the directive
sentences. Nothing here learns or samples: the same sentence always gets the same question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

import pandas as pd
from spacy.language import Language
from spacy.tokens import Doc, Token

from analyzer.config import spacy_model_name
from analyzer.labels import ADVICE_ACTS

#: Acts that get an alternative: the directive ones.
DIRECTIVE_ACTS: Final[frozenset[str]] = ADVICE_ACTS


@dataclass(frozen=True)
class Frame:
    """One coaching question: used for ``act`` (or any act: ``*``) and ``kind`` when the
    sentence fills every slot the template names."""

    id: str
    act: str
    kind: str
    template: str

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(re.findall(r"\{(\w+)\}", self.template))


#: The bank of coaching questions. Order matters: for a sentence, the first row whose act
#: (or ``*``) and kind match and whose slots it can fill is used; act-specific rows come
#: before the ``*`` rows of their kind, and a sentence no row of its kind fits gets a general
#: row (the last of which needs no slot).
#: Written as a coach would ask them: about the other person's own options, obstacles and
#: aims, keeping the sentence's topic, never slipping the manager's answer back in.
FRAMES: Final[tuple[Frame, ...]] = tuple(Frame(*row) for row in (
    # contacting someone
    ("contact-lq-person", "leading_question", "contact", "What options do you have for reaching {person}?"),
    ("contact-person", "*", "contact", "How would you like to approach {person} about this?"),
    ("contact-topic", "*", "contact", "Who could you talk to about {topic}?"),
    ("contact-none", "*", "contact", "Who could you talk to about this?"),
    # asking someone for help
    ("help-topic", "*", "help", "Who could help you with {topic}?"),
    ("help-none", "*", "help", "Who could help you with this?"),
    # fixing or changing a process
    ("change-advice-topic", "advice", "change", "How would you like to handle {topic}?"),
    ("change-lq-topic", "leading_question", "change", "What ideas do you have for {topic}?"),
    ("change-topic", "*", "change", "What would you change about {topic}, if anything?"),
    ("change-none", "*", "change", "What would you like to be different here?"),
    # making something smaller or simpler
    ("simplify-topic", "*", "simplify", "How could you make {topic} more manageable?"),
    ("simplify-none", "*", "simplify", "What would make this more manageable for you?"),
    # learning and training
    ("learn-lq-topic", "leading_question", "learn", "What would you like to learn about {topic}?"),
    ("learn-topic", "*", "learn", "What would help you feel more confident with {topic}?"),
    ("learn-none", "*", "learn", "What would help you feel more confident here?"),
    # time and planning
    ("plan-topic", "*", "plan", "How could you fit {topic} into your week?"),
    ("plan-none", "*", "plan", "What timing would work best for you?"),
    # escalating
    ("escalate-topic", "*", "escalate", "Who else needs to know about {topic}?"),
    ("escalate-none", "*", "escalate", "Who else needs to know about this?"),
    # writing things down or sending them
    ("write-doing", "*", "write", "How would you like to go about {doing}?"),
    # checking
    ("check-instruction-doing", "instruction", "check", "What gets in the way of {doing}?"),
    ("check-topic", "*", "check", "How could you be sure about {topic}?"),
    ("check-none", "*", "check", "How could you be sure it is right?"),
    # looking after oneself
    ("care-doing", "*", "care", "What gets in the way of {doing} at the moment?"),
    ("care-none", "*", "care", "What would help you look after yourself this week?"),
    # anything else
    ("general-lq-topic", "leading_question", "general", "What do you think would work best for {topic}?"),
    ("general-instruction-topic", "instruction", "general", "What would help you with {topic}?"),
    ("general-topic", "*", "general", "What options do you see for {topic}?"),
    ("general-doing", "*", "general", "How do you feel about {doing}?"),
    ("general-none", "*", "general", "What options do you see here?"),
))

KINDS: Final[tuple[str, ...]] = tuple(dict.fromkeys(f.kind for f in FRAMES))

#: Kind of action by the action verb's lemma.
KIND_BY_VERB: Final[dict[str, str]] = {
    **dict.fromkeys(("call", "ring", "phone", "email", "e-mail", "text", "message", "contact", "talk", "speak",
                     "chat", "meet", "tell", "invite", "apologise", "apologize", "approach", "reach", "visit",
                     "mention", "explain", "remind", "thank", "inform", "update", "catch", "sit", "point"),
                    "contact"),
    **dict.fromkeys(("ask", "delegate", "share", "borrow", "involve", "recruit", "help", "support", "cover"),
                    "help"),
    **dict.fromkeys(("split", "simplify", "reduce", "cut", "trim", "shorten", "halve", "break"), "simplify"),
    **dict.fromkeys(("change", "fix", "move", "swap", "switch", "pause", "stop", "drop", "restructure",
                     "reorganise", "reorganize", "rearrange", "rotate",
                     "sort", "tidy", "label", "put", "pilot", "trial", "test", "add", "remove", "replace",
                     "adjust", "redo", "automate", "use", "introduce", "build", "run", "focus", "lead", "open",
                     "hand", "give", "clear", "turn", "leave", "keep", "set", "go", "do", "make", "try"), "change"),
    **dict.fromkeys(("learn", "train", "practise", "practice", "study", "read", "watch", "shadow", "observe",
                     "revise", "rehearse", "attend", "enrol", "enroll", "prepare", "refresh"), "learn"),
    **dict.fromkeys(("plan", "schedule", "book", "prioritise", "prioritize", "arrange", "organise", "organize",
                     "start", "finish", "wait", "delay", "postpone", "block", "slow", "rush", "agree",
                     "spread", "fit", "allow"), "plan"),
    **dict.fromkeys(("escalate", "report", "flag", "raise", "refer", "complain", "alert", "warn", "notify"),
                    "escalate"),
    **dict.fromkeys(("write", "send", "document", "record", "log", "note", "draft", "publish", "post", "circulate"),
                    "write"),
    **dict.fromkeys(("check", "double-check", "review", "verify", "confirm", "audit", "look", "test", "count",
                     "measure", "monitor", "follow"), "check"),
    **dict.fromkeys(("rest", "sleep", "relax", "recover", "breathe", "eat"), "care"),
}
#: Kind by the head noun of what the action is about, which says more than a light verb
#: ("take your full break", "get you booked on the refresher").
KIND_BY_NOUN: Final[dict[str, str]] = {
    **dict.fromkeys(("course", "training", "refresher", "workshop", "module", "induction", "session"), "learn"),
    **dict.fromkeys(("break", "breather", "leave", "holiday", "rest", "lunch", "sleep", "time-off"), "care"),
    **dict.fromkeys(("deadline", "diary", "slot", "calendar", "rota", "schedule", "timetable"), "plan"),
    **dict.fromkeys(("help", "advice", "support", "hand", "cover"), "help"),
    **dict.fromkeys(("check", "checks", "audit", "review"), "check"),
}

#: Verbs that only wrap the real suggestion: its action is the verb below them.
FRAME_VERBS: Final[frozenset[str]] = frozenset((
    "try", "think", "consider", "want", "need", "suggest", "recommend", "mind", "help", "be", "make", "let",
    "say", "get", "have", "like", "go", "start", "keep", "worth", "feel", "would", "could", "should",
    "mean", "remember", "ensure", "expect", "fancy", "prefer", "bother", "seem", "know", "guess", "reckon",
    "suppose",
))
#: Nouns that name a person, so a sentence about one can be asked about them.
PERSON_NOUNS: Final[frozenset[str]] = frozenset((
    "manager", "lead", "leader", "team", "colleague", "director", "boss", "supervisor", "mentor", "buddy",
    "tutor", "head", "partner", "nurse", "doctor", "client", "customer", "patient", "parent", "people",
    "person", "staff", "crew", "champion", "educator", "coordinator", "officer", "rep", "union", "hr",
    "everyone", "someone", "anyone", "family", "sister", "brother", "friend", "clerk", "student", "pupil",
))
#: Nouns that say when, not what: never a topic.
TIME_NOUNS: Final[frozenset[str]] = frozenset((
    "today", "tomorrow", "tonight", "yesterday", "week", "month", "year", "day", "morning", "afternoon",
    "evening", "night", "time", "minute", "hour", "moment", "weekend", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "now", "bit", "lot", "way", "thing",
    "stuff", "end", "start", "first", "go", "term", "shift", "stop", "sake", "idea", "option", "point",
    "lets", "let", "ok", "okay", "yeah", "exception", "reply", "air", "side", "step", "nobody", "one", "others",
    "reason", "charge", "hold", "mind", "fire", "bit", "sense", "chance", "rest", "lot", "couple",
))
PERSON_PRONOUNS: Final[frozenset[str]] = frozenset(("her", "him", "them", "she", "he", "they"))
#: Children of a noun kept when it is quoted as a topic: what makes "the hot works refresher"
#: more than "refresher", without relative clauses or long trailing phrases.
NP_LEFT_DEPS: Final[frozenset[str]] = frozenset(("det", "poss", "compound", "amod", "nummod", "nmod", "case"))
MAX_TOPIC_WORDS = 6

_VOWELS = "aeiou"
#: Gerunds the spelling rules below get wrong.
_GERUND_EXCEPTIONS: Final[dict[str, str]] = {
    "be": "being", "see": "seeing", "flee": "fleeing", "agree": "agreeing", "free": "freeing", "lie": "lying",
    "die": "dying", "tie": "tying", "visit": "visiting", "open": "opening", "offer": "offering",
    "happen": "happening", "listen": "listening", "deliver": "delivering", "consider": "considering",
    "refer": "referring", "prefer": "preferring", "admit": "admitting", "commit": "committing",
    "submit": "submitting", "regret": "regretting", "forget": "forgetting", "begin": "beginning",
    "travel": "travelling", "cancel": "cancelling", "label": "labelling", "model": "modelling",
    "signal": "signalling", "level": "levelling", "control": "controlling", "patrol": "patrolling",
    "email": "emailing", "follow": "following", "fix": "fixing", "show": "showing", "mix": "mixing",
    "box": "boxing", "text": "texting", "edit": "editing", "audit": "auditing", "limit": "limiting",
    "credit": "crediting", "budget": "budgeting", "target": "targeting", "pilot": "piloting",
}


def gerund(lemma: str) -> str:
    """English -ing form of a verb lemma: ``ring`` -> ``ringing``, ``split`` -> ``splitting``."""
    verb = lemma.lower()
    if verb in _GERUND_EXCEPTIONS:
        return _GERUND_EXCEPTIONS[verb]
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")) and len(verb) > 2:
        return verb[:-1] + "ing"
    if (len(verb) >= 3 and verb[-1] not in _VOWELS + "wxy" and verb[-2] in _VOWELS and verb[-3] not in _VOWELS
            and sum(c in _VOWELS for c in verb) == 1):
        return verb + verb[-1] + "ing"  # one short syllable: stop -> stopping
    return verb + "ing"


@dataclass(frozen=True)
class Analysis:
    """What a directive sentence is about, as the frames need it."""

    kind: str
    action: str | None = None  # the action verb's lemma
    person: str | None = None
    topic: str | None = None
    doing: str | None = None

    def fills(self, slots: Iterable[str]) -> bool:
        return all(getattr(self, s) for s in slots)


@dataclass(frozen=True)
class Alternative:
    """A suggested coaching question and the frame that made it (for tests and benchmarks)."""

    text: str
    frame: str


# --- reading the parse ---------------------------------------------------------------------

def _is_verb(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.tag_ != "MD"


def action_verb(doc: Doc) -> Token | None:
    """The verb that carries the suggestion, below any verbs that only frame it.

    Walks down from each sentence's root through open complements ("tried **asking**"),
    clausal complements ("want you to **sit**") and prepositional ones ("thought about
    **asking**"); a root that is no verb ("What about putting...") falls back to the first
    content verb of the sentence.
    """
    for sent in doc.sents:
        verb = _descend(sent.root)
        if verb is not None:
            return verb
    return next((t for t in doc if t.pos_ == "VERB" and t.lemma_.lower() not in FRAME_VERBS), None) or next(
        (t for t in doc if t.pos_ == "VERB"), None)


def _descend(token: Token) -> Token | None:
    seen = 0
    while seen < 6:
        seen += 1
        lemma = token.lemma_.lower()
        if _is_verb(token) and lemma not in FRAME_VERBS:
            return token
        below = _complement(token)
        if below is None:
            if _is_verb(token) and token.pos_ == "VERB" and _object(token) is not None:
                return token  # a light verb with an object: "take your full break"
            return None
        token = below
    return None


def _complement(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ in ("xcomp", "ccomp", "pcomp", "acl", "relcl", "advcl", "conj") and child.pos_ in ("VERB", "AUX"):
            return child
        if child.dep_ in ("prep", "attr", "acomp", "dobj") :
            found = next((g for g in child.children if g.dep_ in ("pcomp", "acl", "relcl", "xcomp")
                          and g.pos_ == "VERB"), None)
            if found is not None:
                return found
    return None


def _object(verb: Token) -> Token | None:
    """The verb's direct object, else the subject of a passive, else None."""
    for dep in ("dobj", "nsubjpass", "attr", "oprd"):
        found = next((c for c in verb.children if c.dep_ == dep), None)
        if found is not None:
            return found
    return None


def _prep_objects(verb: Token) -> list[Token]:
    """Objects of the verb's prepositions, nearest first ("talk **to** the champion")."""
    found = []
    for child in verb.children:
        if child.dep_ in ("prep", "dative"):
            found += [g for g in child.children if g.dep_ == "pobj"]
            if child.pos_ in ("NOUN", "PROPN", "PRON"):
                found.append(child)
        elif child.dep_ in ("ccomp", "xcomp") and child.pos_ in ("VERB", "AUX"):
            found += [g for g in child.children if g.dep_ == "dobj"]
    return found


#: Words that only say how much of something: "some of the legacy events" is about the events.
QUANTITY_WORDS: Final[frozenset[str]] = frozenset(("some", "one", "each", "all", "any", "most", "both", "none",
                                                    "couple", "lot", "rest", "few", "bit", "half", "part"))


def _of_object(token: Token) -> Token:
    """The noun after "of" when ``token`` only says how much of it."""
    if token.lower_ not in QUANTITY_WORDS:
        return token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    found = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return found if found is not None else token


#: Children that start another clause: what is said there is not what the action is about.
OTHER_CLAUSES: Final[frozenset[str]] = frozenset(("advcl", "relcl", "conj", "ccomp", "parataxis", "acl", "mark",
                                                   "cc", "csubj", "dep"))


def _clause(verb: Token) -> list[Token]:
    """The tokens of the action's own clause, in order, leaving out the clauses hung on it
    ("so it's not personal", "she got her band six last year")."""
    keep, stack = [], [verb]
    while stack:
        node = stack.pop()
        keep.append(node)
        stack.extend(c for c in node.children if c.dep_ not in OTHER_CLAUSES)
    return sorted(keep, key=lambda t: t.i)


def _is_person(token: Token) -> bool:
    return (token.pos_ == "PROPN" or token.lower_ in PERSON_PRONOUNS or token.lemma_.lower() in PERSON_NOUNS
            or (token.pos_ == "NOUN" and token.lower_ in ("mum", "dad")))


def _is_topic(token: Token) -> bool:
    lemma = token.lemma_.lower()
    return (token.pos_ in ("NOUN", "PROPN") and lemma not in TIME_NOUNS and KIND_BY_NOUN.get(lemma) != "help"
            and token.is_alpha)


def phrase(head: Token) -> str:
    """A noun as a short phrase: its determiners, possessors, compounds and adjectives, and
    an ``of`` phrase ("each of the old crew"); no relative clauses."""
    keep = [head]
    stack = [head]
    while stack:
        node = stack.pop()
        for child in node.children:
            modifier = child.dep_ in NP_LEFT_DEPS and child.i < node.i
            of_phrase = (child.dep_ == "prep" and child.lower_ == "of" and node is head) or (
                child.dep_ == "pobj" and node.lower_ == "of")
            if modifier or of_phrase:
                keep.append(child)
                stack.append(child)
    tokens = sorted(keep, key=lambda t: t.i)
    tokens = tokens[-MAX_TOPIC_WORDS:] if len(tokens) > MAX_TOPIC_WORDS else tokens
    words = [t.text if t.pos_ == "PROPN" or t.text == "I" else t.lower_ for t in tokens]
    text = " ".join(words)
    return re.sub(r" (['’]s)\b", r"\1", text).replace(" - ", "-").strip()


def _person_words(token: Token) -> str:
    pronoun = {"she": "her", "he": "him", "they": "them"}
    return pronoun.get(token.lower_, phrase(token) if token.pos_ != "PRON" else token.lower_)


def analyse(doc: Doc) -> Analysis:
    """The action, its kind and its slots, from a parsed directive sentence."""
    verb = action_verb(doc)
    if verb is None:
        nouns = [t for t in doc if _is_topic(t)]
        topic = phrase(nouns[0]) if nouns else None
        kind = next((KIND_BY_NOUN[t.lemma_.lower()] for t in nouns if t.lemma_.lower() in KIND_BY_NOUN), "general")
        return Analysis(kind, topic=topic)
    obj = _object(verb)
    candidates = [_of_object(c) for c in ([obj] if obj is not None else []) + _prep_objects(verb)]
    lemma = verb.lemma_.lower()
    if KIND_BY_VERB.get(lemma) == "contact":  # what a contact verb aims at is someone, named or not
        aimed = ([obj] if obj is not None else []) + [g for c in verb.children if c.dep_ in ("prep", "dative")
                                                         and c.lower_ in ("to", "with") for g in c.children
                                                         if g.dep_ == "pobj"]
        person = next((c for c in aimed if (c.pos_ != "PRON" and c.lemma_.lower() not in TIME_NOUNS)
                       or c.lower_ in PERSON_PRONOUNS), None)
    else:
        person = next((c for c in candidates if _is_person(c)), None)
    thing = next((c for c in candidates if _is_topic(c) and c is not person and not _is_person(c)), None)
    if thing is None:
        # the action's own clause first, then the rest of the sentence
        thing = next((t for t in (*_clause(verb), *doc) if _is_topic(t) and t is not person and not _is_person(t)
                      and t.dep_ not in ("npadvmod", "compound", "poss", "amod", "nmod")), None)
    kind = _kind(lemma, obj, thing, candidates)
    return Analysis(kind, lemma, _person_words(person) if person is not None else None,
                    phrase(thing) if thing is not None else None,
                    None if lemma in FRAME_VERBS else _doing(verb, obj))


def _kind(lemma: str, obj: Token | None, thing: Token | None, candidates: Sequence[Token]) -> str:
    """The verb's kind; a light or unknown verb ("do", "take") takes the kind of its object."""
    by_verb = KIND_BY_VERB.get(lemma)
    if by_verb not in (None, "change"):
        return by_verb
    for noun in ([obj] if obj is not None else []) + ([thing] if thing is not None else []) + list(candidates):
        found = KIND_BY_NOUN.get(noun.lemma_.lower())
        if found:
            return found
    return by_verb or "general"


def _doing(verb: Token, obj: Token | None) -> str:
    """The action as a gerund phrase: "taking your full break", "reading the address back"."""
    words = [gerund(verb.lemma_)]
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), None)
    if obj is not None and obj.dep_ == "dobj":
        words.append(_person_words(obj) if obj.pos_ == "PRON" else phrase(obj))
    if particle:
        words.append(particle)
    return " ".join(words)


# --- choosing the frame --------------------------------------------------------------------

def choose_frame(act: str, analysis: Analysis) -> Frame:
    """The first frame for this act (or any act) and kind whose slots the sentence fills.

    A kind whose rows all need a slot the sentence lacks falls back to the general rows,
    which end with one that needs none.
    """
    for kind in (analysis.kind, "general"):
        for frame in FRAMES:
            if frame.kind == kind and frame.act in (act, "*") and analysis.fills(frame.slots):
                return frame
    raise AssertionError("FRAMES has no slot-free general row")  # the table guarantees one


def render(frame: Frame, analysis: Analysis) -> str:
    text = frame.template.format(**{s: getattr(analysis, s) for s in frame.slots})
    return text[0].upper() + text[1:]


def alternative_for(doc: Doc, act: str) -> Alternative:
    """The coaching alternative to one parsed directive sentence labelled ``act``."""
    found = analyse(doc)
    frame = choose_frame(act, found)
    return Alternative(render(frame, found), frame.id)


# --- the second pipeline and the tables ------------------------------------------------------

@lru_cache(maxsize=2)
def parser_nlp(name: str | None = None) -> Language:
    """The pipeline with parser and lemmatizer, loaded on first use and kept for the process.

    Only directive sentences go through it, so an analysis without any pays nothing.
    """
    import spacy

    from analyzer.errors import InputError
    from analyzer.nlp import numpy_matmul

    chosen = spacy_model_name(name)
    try:
        with numpy_matmul():
            nlp = spacy.load(chosen, exclude=["ner"])
    except OSError:
        raise InputError(f"spaCy pipeline {chosen!r} is not installed; alternatives need it") from None
    if "parser" not in nlp.pipe_names or "lemmatizer" not in nlp.pipe_names:
        raise InputError(f"spaCy pipeline {chosen!r} has no parser or lemmatizer; alternatives need both")
    return nlp


def alternatives(texts: Sequence[str], acts: Sequence[str], nlp: Language | None = None) -> list[Alternative | None]:
    """One alternative per directive sentence, None for the others, in order."""
    wanted = [i for i, act in enumerate(acts) if act in DIRECTIVE_ACTS and isinstance(texts[i], str)]
    out: list[Alternative | None] = [None] * len(texts)
    if not wanted:
        return out
    nlp = nlp or parser_nlp()
    for i, doc in zip(wanted, nlp.pipe((texts[i] for i in wanted), batch_size=256), strict=True):
        out[i] = alternative_for(doc, acts[i])
    return out


def add_alternatives(table: pd.DataFrame, nlp: Language | None = None) -> pd.DataFrame:
    """The per-sentence table with an ``alternative`` column: the question for directive
    sentences, empty for the rest.

    When the table knows who is who (a ``role`` column), only the managers' sentences get
    one: a staff member's "I'll have to redo it" is no advice to rephrase.
    """
    acts = table["act"].tolist()
    if "role" in table.columns:
        acts = [act if role in ("manager", None) or role != role else None
                for act, role in zip(acts, table["role"].tolist(), strict=True)]
    found = alternatives(table["text"].tolist(), acts, nlp) if len(table) else []
    return table.assign(alternative=[a.text if a else "" for a in found])

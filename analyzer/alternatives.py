"""A coaching alternative for each directive sentence: what the manager could have asked instead.

A trainer does not stop at "that was advice"; they offer the question that would have let
the other person find the answer. This module builds one such question per advice,
instruction or leading-question sentence, offline and deterministically, from the sentence's
spaCy parse:

1. the *action*: the verb that carries the suggestion, found below the frame verbs that only
   wrap it ("Have you thought about **asking** for a workstation?", "I want you to **sit** with
   Gloria");
2. its *slots*: the person it is aimed at (``{person}``), the thing it is about (``{topic}``,
   a short clean noun phrase), the problem the advice addresses (``{problem}``: never the
   manager's fix), what it is for (``{goal}``), the listener's action as a gerund phrase
   (``{doing}``; ``{habit}`` when it is a standing rule or habit), the one-off action in its
   base form (``{plain}``, ``{due}`` with a deadline), how to come to the manager
   (``{reach}``) and an errand as "the form sent" (``{task}``);
   A noun phrase fills ``{topic}`` or ``{problem}`` only when it is very likely the point
   (:func:`privileged`); otherwise the question is topic-free;
3. its *kind* (contacting or telling someone, asking for help, an errand, making something
   smaller, learning, getting ready, planning, escalating, keeping a record, checking, looking
   after oneself, stopping a habit, coming to the manager, a trivial bit of logistics), from
   the verb and its object; and the kinds that say what not to ask: a rule, the manager's own
   action, the manager's fix;
4. a frame from :data:`FRAMES`, the one table of coaching questions, keyed by act and kind:
   the first row whose act and kind match and whose slots the sentence can fill.

A coach asks about the person's goal or problem, their own options, or what gets in the way;
not about the fix the manager proposed, nor about the manager's own action. When the person
being managed spoke just before, what they talked about is the topic of a sentence that names
none ("Escalate it.").

The tagger-only pipeline the classifier uses has no parser or lemmatizer, so a second
pipeline with them is loaded lazily (:func:`parser_nlp`) and run only on the directive
sentences. Nothing here learns or samples: the same sentence always gets the same question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
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
#: Written as a coach-trainer would have them: about the other person's goal or problem, their
#: own options, or what gets in the way; never about the manager's proposed fix (the
#: ``{problem}`` slot is never the object of a verb that creates the fix), never with an empty
#: main verb ("handle", "deal with", "go about"), and a light check-in for an errand.
#: Slots: ``{person}`` who the action aims at; ``{topic}`` the short noun phrase it is about;
#: ``{problem}`` what the advice addresses; ``{doing}`` the action as a gerund phrase;
#: ``{task}`` an errand as "the form sent"; ``{goal}`` what the advice is for, as a verb phrase
#: ("take that pressure off", from "... to take that pressure off"); ``{habit}`` the doing of a
#: standing rule or habit; ``{plain}`` a one-off action in its base form ("chase it"), ``{due}``
#: the same with a deadline; ``{reach}`` "ring me", "tell me"; ``{yours}`` the problem when it is
#: the listener's own ("your boots").
FRAMES: Final[tuple[Frame, ...]] = tuple(Frame(*row) for row in (
    # how someone else sees it ("think how it looks to the parents"); round 6 failed this row for
    # passing on a message or an escalation rule, so a "tell" without it is no kind of its own;
    # a leading question's contact is the manager's fix (round 5: "What options do you have for
    # reaching your GP?" failed), so it gets no {person} row
    ("contact-tell-person", "*", "tell", "How do you think this looks to {person}?"),
    # for advice, who to contact is the manager's fix (round 4: "What do you need from Phil?")
    ("contact-person", "instruction", "contact", "What do you need from {person}?"),
    ("contact-topic", "*", "contact", "Who could you talk to about {topic}?"),
    ("contact-none", "*", "contact", "Who could you talk to about this?"),
    # asking someone for help: {topic} only from "help with X", never the task handed over
    ("help-topic", "*", "help", "Who could help you with {topic}?"),
    ("help-none", "*", "help", "Who could help you with this?"),
    # errands (send, sign, fill in, get it to me): nothing deep to explore, a light check-in
    ("errand-task", "instruction", "errand", "What do you need to get {task}?"),
    # making something smaller or simpler
    ("simplify-topic", "*", "simplify", "How could you make {topic} more manageable?"),
    ("simplify-none", "*", "simplify", "What would make this more manageable for you?"),
    # learning, training or confidence, when the sentence is about them
    ("learn-topic", "*", "learn", "What would help you feel more confident with {topic}?"),
    ("learn-none", "*", "learn", "What would help you feel more confident here?"),
    # getting ready for something, with no word of learning: no confidence problem assumed
    ("prepare-none", "*", "prepare", "What would help you feel ready?"),
    # time and planning
    ("plan-topic", "*", "plan", "What would a realistic plan for {topic} look like?"),
    ("plan-none", "*", "plan", "What timing would work best for you?"),
    # escalating
    ("escalate-topic", "*", "escalate", "Who else needs to know about {topic}?"),
    ("escalate-none", "*", "escalate", "Who else needs to know about this?"),
    # writing things down to keep a record
    ("record-topic", "*", "record", "How could you keep track of {topic}?"),
    ("record-none", "*", "record", "What would help you keep a record of this?"),
    # checking
    ("check-instruction-doing", "instruction", "check", "What gets in the way of {habit}?"),
    # round 7 dropped "How could you be sure about {topic}?" (0 of 4: "the date" cut from "date of birth")
    # and with it "How could you be sure it is right?": a one-off check gets its act's plain question
    # looking after oneself
    ("care-doing", "*", "care", "What gets in the way of {doing} at the moment?"),
    # round 8: "Look after each other tonight" needs no "this week" (a reviewer's own wording)
    ("care-none", "*", "care", "What would help you look after yourself?"),
    # stopping a habit: what leads to it, not the order to stop
    ("avoid-doing", "*", "avoid", "What leads to {doing}, do you think?"),
    # "you need to stop" (smoking cannabis), with nothing to name: round 7 found "ideas" too vague
    ("avoid-none", "*", "avoid", "What would help you stop?"),
    # an agenda item or a fragment with no task in it ("Third, the hand sink.", "even consultants",
    # "So here's what's happening in December."): round 7 failed "get that done" ("refers to nothing")
    ("agenda-none", "instruction", "agenda", "What's your view on this one?"),
    # round 9, from round 8's reasons: asking someone something is the listener's task, the point is
    # what to ask ("Just ask her what the test is based on"), not who could help
    ("ask-none", "*", "ask", "What do you want to find out?"),
    # not a task: leaving something, a one-off ban, keeping a secret ("Bev, leave the delivery, it can
    # wait", "keep it to yourself for now"): how it sits with them (the reviewers' own words)
    ("sit-none", "instruction", "sit", "How does that sit with you?"),
    # a reminder of something already theirs, a name and a thing ("Stacey, the sign."): where it is up to
    ("remind-none", "instruction", "remind", "Where are you up to with it?"),
    # a leading question that checks current practice as an either/or ("are you still doing the walked
    # inspections on foot, or from the van?"): how they do it now
    ("practice-none", "leading_question", "practice", "How are you doing it at the moment?"),
    # a rule ("nobody parks in the walkway", "all swaps through me"): no options, keeping to it
    ("rule-none", "*", "rule", "What would make that easier to stick to?"),
    # a trivial bit of logistics ("Close the door, would you"): a light open check-in, nothing deep
    ("logistics-none", "*", "logistics", "How does that work for you?"),
    # coming to the manager ("tell me", "ring me if you're off", "let me know"): what makes it easier
    ("report-reach", "*", "report", "What would make it easier to {reach}?"),
    ("report-none", "*", "report", "What would make it easier to let me know?"),
    # the manager's own action ("I'll review it", "let me check"): never ask the listener about it
    # round 5 tried "How does that sound to you?" here: it failed 7 of 7, since without the
    # original "that" points at nothing; round 4's question passed 8 of 10
    # round 7: 0 of 6, each time the sentence also held the listener's part or the manager's own way
    # offered as a model; both now get their own questions, and this row only the manager's action alone
    ("mine-none", "*", "mine", "What would be most useful from me here?"),
    # the manager's own way offered as a model ("what I do is I put the leave in first"): advice
    ("model-none", "*", "model", "What options do you see here?"),
    # advice on wording, what to say ("just say what happened", "say 'no rush at all'"): round 7
    ("wording-none", "*", "wording", "What do you want to say?"),
    # a conversation with someone the sentence names ("have a word with Kyle"): who is fixed, so
    # what they want from it, never "Who could you talk to about X?" (round 7)
    ("talk-person", "instruction", "talk", "What do you want to get out of talking to {person}?"),
    ("talk-none", "instruction", "talk", "What do you want to get out of the conversation?"),
    # the manager brings in a fix of their own: the listener's ideas first
    # (and any act: health-behaviour advice in a counselling register, "don't skip breakfast",
    # "download MyFitnessPal", is the manager's fix too; round 4 passed this row 10 of 10)
    ("fix-none", "*", "fix", "What ideas do you have yourself?"),
    # the manager endorsing the listener's own plan ("Aye, do that, first thing"): the next step
    # (round 6: "get that done" forced a task onto it)
    ("endorse-none", "*", "endorse", "What's your first step?"),
    # a leading question that appeals to the listener's view ("don't you think it's time to admit
    # there's a problem?", "you'd want somebody to say something, wouldn't you?") or judges a whole
    # decision; round 6 passed it 4 of 22, failing it after a concrete suggestion ("have you tried
    # downloading the routes"), where "it" points at nothing
    ("view-none", "leading_question", "view", "How do you see it?"),
    # a leading question in hindsight ("wouldn't a timer have kept it tighter?"): looking back
    ("hindsight-none", "leading_question", "hindsight", "Looking back, what would you do differently?"),
    # a leading question that is the manager's diagnosis ("is it the new tablets slowing you down?"),
    # or a check of a past action ("did you put it on the maintenance app?"): round 7
    ("cause-none", "leading_question", "cause", "What do you think is behind it?"),
    ("past-none", "leading_question", "past", "What have you done about it so far?"),
    # anything else: the problem the advice addresses, or what gets in the way of an instruction
    ("general-goal", "*", "general", "What would help you {goal}?"),
    ("general-lq-problem", "leading_question", "general", "What do you think would work best for {problem}?"),
    # "what gets in the way" only for a standing rule or habit; for a one-off task it sounds
    # like an accusation, so it is asked what would help in time; round 6 dropped "How do you
    # want to {plain}?" (1 of 19: "How do you want to press it?" of a fryer's emergency stop;
    # the way is rarely the point), so a one-off task gets "What would help you get that done?"
    ("general-instruction-doing", "instruction", "general", "What gets in the way of {habit}?"),
    ("general-instruction-due", "instruction", "general", "What would help you {due} on time?"),
    ("general-problem", "advice", "general", "What options do you see for {yours}?"),
    ("general-instruction-none", "instruction", "general", "What would help you get that done?"),
    # round 4: "How do you see it?" passed 3 of 34 here; the suggestion is the manager's idea
    ("general-lq-none", "leading_question", "general", "What ideas do you have yourself?"),
    ("general-none", "*", "general", "What options do you see here?"),
))

KINDS: Final[tuple[str, ...]] = tuple(dict.fromkeys(f.kind for f in FRAMES))

#: Kind of action by the action verb's lemma. Verbs not here are "general".
KIND_BY_VERB: Final[dict[str, str]] = {
    **dict.fromkeys(("ring", "call", "phone", "text", "message", "contact", "talk", "speak",
                     "chat", "meet", "tell", "invite", "apologise", "apologize", "approach", "reach", "visit",
                     "mention", "explain", "remind", "thank", "inform", "catch", "sit", "introduce"), "contact"),
    **dict.fromkeys(("ask", "delegate", "share", "borrow", "involve", "recruit", "help", "support", "pair", "buddy"),
                    "help"),
    **dict.fromkeys(("send", "sign", "forward", "print", "fill", "complete", "submit", "return", "file",
                     "upload", "order", "finish", "bring", "circulate", "email", "e-mail", "pin"), "errand"),
    **dict.fromkeys(("split", "simplify", "reduce", "cut", "trim", "shorten", "halve", "break"), "simplify"),
    **dict.fromkeys(("learn", "train", "practise", "practice", "study", "shadow", "observe",
                     "revise", "rehearse", "attend", "enrol", "enroll", "refresh"), "learn"),
    **dict.fromkeys(("prepare", "ready"), "prepare"),
    **dict.fromkeys(("plan", "schedule", "prioritise", "prioritize", "arrange",
                     "wait", "delay", "postpone", "slow", "spread", "fit"), "plan"),
    **dict.fromkeys(("escalate", "report", "flag", "raise", "refer", "complain", "alert", "warn", "notify"),
                    "escalate"),
    **dict.fromkeys(("document", "record", "log", "note", "jot", "track", "tally"), "record"),
    **dict.fromkeys(("check", "double-check", "verify", "confirm", "audit", "count", "measure", "monitor"),
                    "check"),
    **dict.fromkeys(("rest", "sleep", "relax", "recover", "breathe", "eat"), "care"),
    **dict.fromkeys(("stop", "quit"), "avoid"),
}
#: Verbs of telling someone something: their view of it is the question, not what they can give.
TELL_VERBS: Final[frozenset[str]] = frozenset(("tell", "inform", "explain", "mention", "remind", "warn", "update"))
#: Verbs whose object is the manager's fix, not the problem ("do a mock presentation", "add a
#: tab", "get a different size"): that object never fills ``{problem}``.
FIX_VERBS: Final[frozenset[str]] = frozenset((
    "make", "set", "add", "introduce", "build", "create", "pack", "buy", "book", "organise", "organize",
    "offer", "suggest", "write", "draft", "arrange", "block", "hold", "try", "pilot", "trial", "start",
))
#: Determiners of something new, so the manager's fix: "a mock presentation", "some food".
NEW_THING_DETS: Final[frozenset[str]] = frozenset(("a", "an", "some", "another"))
#: Nouns of errands: done, not explored ("do the e-learning", "get the form to me").
ERRAND_NOUNS: Final[frozenset[str]] = frozenset((
    "form", "paperwork", "timesheet", "e-learning", "elearning", "learning", "copy", "draft", "document",
    "sheet", "report", "figures", "figure", "numbers", "breakdown", "summary", "account", "statement",
    "signature", "email", "policy", "list", "budget", "spreadsheet", "file", "note", "notes", "minutes",
    "refresher", "module", "training", "objective", "objectives", "plan", "tracker", "matrix", "log",
))
#: Past participles of errand verbs, for "the form sent".
PARTICIPLES: Final[dict[str, str]] = {
    "send": "sent", "sign": "signed", "forward": "forwarded", "print": "printed", "fill": "filled in",
    "complete": "completed", "submit": "submitted", "return": "returned", "file": "filed", "upload": "uploaded",
    "order": "ordered", "finish": "finished", "bring": "brought in", "circulate": "circulated",
    "email": "emailed", "e-mail": "emailed", "pin": "pinned up", "do": "done", "get": "done", "have": "done",
    "update": "updated", "draft": "drafted", "write": "written", "book": "booked", "put": "done",
}
#: Kind by the head noun of what the action is about, which says more than a light verb
#: ("take your full break", "get you booked on the refresher").
KIND_BY_NOUN: Final[dict[str, str]] = {
    **dict.fromkeys(("course", "workshop", "induction", "session"), "learn"),
    **dict.fromkeys(("break", "breather", "holiday", "rest", "lunch", "sleep", "time-off"), "care"),
    **dict.fromkeys(("help", "advice", "support", "hand", "cover"), "help"),
    **dict.fromkeys(("check", "checks", "audit", "review"), "check"),
    **dict.fromkeys(("ring", "call", "shout", "word", "chat", "bell", "heads-up", "catch-up", "conversation"),
                    "contact"),
}
#: Light verbs that take the kind of their object ("take your full break", "do the checks").
LIGHT_VERBS: Final[frozenset[str]] = frozenset(("do", "take", "get", "have", "make", "go", "book", "put", "give",
                                               "start"))

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
    "apprentice", "lad", "lads", "guy", "guys", "requester", "helpdesk", "helpline", "pharmacy", "consultant",
    "registrar", "reception", "gp", "daughter", "son", "kid", "kids", "child", "children", "wife", "husband", "mum",
    "dad", "mother", "father", "control", "agency", "neighbour", "resident", "tenant", "driver", "carer",
    "somebody", "anybody", "everybody", "nobody", "senco", "manager", "chef", "trainee", "volunteer",
    "visitor", "worker", "midwife", "therapist", "counsellor", "counselor", "dsl", "coach", "teacher", "social",
    "supervisor", "keyworker", "gp", "health", "physio", "dietitian", "dietician", "pharmacist", "advisor",
    "adviser", "solicitor", "landlord", "police", "school", "council", "nursery",
))
#: Nouns that are never the topic: times, fillers, and incidental places or objects ("your
#: desk", "the line", "the phone") that say where or when, not what the advice is about.
TIME_NOUNS: Final[frozenset[str]] = frozenset((
    "today", "tomorrow", "tonight", "yesterday", "week", "month", "year", "day", "morning", "afternoon",
    "evening", "night", "time", "minute", "hour", "moment", "weekend", "monday", "tuesday", "wednesday",
    "thursday", "friday", "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "now", "bit", "lot", "way", "thing",
    "stuff", "end", "start", "first", "go", "term", "shift", "stop", "sake", "idea", "option", "point",
    "lets", "let", "ok", "okay", "yeah", "exception", "reply", "air", "side", "step", "nobody", "one", "others",
    "reason", "charge", "hold", "mind", "fire", "sense", "chance", "rest", "couple", "future", "habit",
    "swing", "part", "minimum", "maximum", "top", "bottom", "record", "desk", "line", "phone", "office",
    "room", "door", "window", "wall", "floor", "corridor", "car", "hotel", "suggestion", "debate",
    "favour", "favor", "look", "go", "word", "place", "spot", "turn", "turns",
    "number", "everything", "anything", "something", "nothing", "bed", "seat", "chair",
    "face", "camera", "call", "half", "hit",
))
PERSON_PRONOUNS: Final[frozenset[str]] = frozenset(("her", "him", "them", "she", "he", "they"))
#: Words that may stand before a topic's head: compounds and plain adjectives, without
#: quantifiers or sizes that only say how much ("every", "a couple of", "wee", "little").
SKIPPED_MODIFIERS: Final[frozenset[str]] = frozenset((
    "every", "single", "all", "other", "some", "few", "same", "little", "wee", "quick", "whole", "more", "much", "many",
    "several", "certain", "any", "each", "own", "such", "bit", "lot", "couple", "extra", "proper", "full",
    "different", "new", "next", "last", "first", "second", "third", "big", "small", "good", "bad", "right",
    "wrong", "real", "main", "usual", "whose", "which", "what", "this", "that", "these", "those",
))
MAX_MODIFIERS = 2

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


def plural(noun: str) -> str:
    """English plural of a regular noun: ``order`` -> ``orders``, ``box`` -> ``boxes``."""
    if noun.endswith(("s", "x", "z", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2:-1] not in _VOWELS:
        return noun[:-1] + "ies"
    return noun + "s"


@dataclass(frozen=True)
class Analysis:
    """What a directive sentence is about, as the frames need it."""

    kind: str
    action: str | None = None  # the action verb's lemma
    person: str | None = None
    topic: str | None = None
    problem: str | None = None
    doing: str | None = None
    task: str | None = None
    goal: str | None = None
    habit: str | None = None  # the doing, when it is a standing rule or habit ("every time")
    plain: str | None = None  # the listener's one-off action in its base form: "escalate it"
    due: str | None = None  # the plain action, when it has a deadline ("by four")
    reach: str | None = None  # how the listener is to come to the manager: "ring me", "tell me"
    named: bool = False  # a contact whose who the sentence names, even as a thing ("ring the unit")

    @property
    def yours(self) -> str | None:
        """The problem, only when it is the listener's own ("your boots"): round 3 of the review
        found "What options do you see for X?" mostly failed when X was anything else."""
        return self.problem if self.problem is not None and self.problem.startswith("your ") else None

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
        root = sent.root
        after_but = next((c for c in root.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")
                          and any(k.dep_ == "cc" and k.lower_ == "but" and k.i < c.i for k in root.children)), None)
        so = next((c for c in root.children if c.lower_ == "so" and c.i < root.i), None)
        before_so = next((c for c in root.children if c.dep_ in ("advcl", "ccomp") and c.pos_ == "VERB"
                          and so is not None and c.i < so.i), None)
        if before_so is not None:
            after_but = before_so  # "Save it under Nic work, so you can find it": the parse made the purpose the root
        for start in ((after_but, root) if after_but is not None else (root,)):
            verb = _descend(start)
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
        if _kept_state(token) is not None or _told(token) is not None:
            return token  # "make sure the walkways are clear": keeping them clear
        if lemma in LIGHT_VERBS and _is_verb(token) and _holds_thing(token):
            return token  # "have the tracker ready", "get your name to the ops manager", "start a check"
        below = _complement(token)
        if below is None:
            if _is_verb(token) and token.pos_ == "VERB" and _object(token) is not None:
                return token  # a light verb with an object: "take your full break"
            return None
        token = below
    return None


def _told(token: Token) -> Token | None:
    """Who is to be told, in "let the link tutor know": a way of contacting them."""
    if token.lemma_.lower() != "let":
        return None
    know = next((c for c in token.children if c.lemma_.lower() == "know"), None)
    found = [c for c in token.children if c.dep_ == "dobj"] + (
        [c for c in know.children if c.dep_ == "nsubj"] if know is not None else [])
    return next((c for c in found if _is_person(c)), None) if know is not None else None


def _kept_state(token: Token) -> tuple[Token, Token] | None:
    """(thing, state) of "the walkways are clear": a "be" with a noun subject and an adjective."""
    if token.lemma_.lower() != "be":
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubj" and c.pos_ == "NOUN"), None)
    state = next((c for c in token.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), None)
    return (subject, state) if subject is not None and state is not None else None


def _holds_thing(verb: Token) -> bool:
    """A light verb with a noun object that is not itself the subject of a verb below it
    ("get the doctors to write" is about the writing)."""
    obj = next((c for c in verb.children if c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN")), None)
    if obj is None or obj.lemma_.lower() in TIME_NOUNS:
        return False  # "make sense", "have a go"
    return not any(c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB" for c in verb.children)


#: Words that open a clause of condition, reason or purpose, however the parse labels them.
CLAUSE_OPENERS: Final[frozenset[str]] = frozenset(("so", "because", "if", "when", "before", "until", "till",
                                                   "while", "unless", "cos"))


def _complement(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "conj" and any(k.lower_ == "so" and k.i < child.i for k in token.children):
            continue  # "..., so I have time to read them": a purpose, not the suggestion
        if child.dep_ in ("xcomp", "ccomp", "pcomp", "acl", "relcl", "advcl", "conj") and child.pos_ in ("VERB", "AUX"):
            if child.dep_ == "advcl" and any(g.dep_ == "mark" or g.lower_ in CLAUSE_OPENERS for g in child.children):
                continue  # "if ...", "because ...", "so you can find it": not the suggestion
            return child
        if child.dep_ in ("prep", "attr", "acomp", "dobj") or (child.dep_ == "ccomp" and child.lower_ == "sure"):
            found = next((g for g in child.children if g.dep_ in ("pcomp", "acl", "relcl", "xcomp", "ccomp")
                          and g.pos_ in ("VERB", "AUX")), None)
            if found is not None:
                return found
    return None


def _object(verb: Token) -> Token | None:
    """The verb's direct object, else the subject of a passive, else None."""
    for dep in ("dobj", "nsubjpass", "attr", "oprd"):
        found = next((c for c in verb.children if c.dep_ == dep), None)
        if found is not None:
            return found
    state = _kept_state(verb)
    if state is not None:
        return state[0]
    loose = next((c for c in verb.children if c.dep_ == "dep" and c.pos_ == "NOUN" and c.i > verb.i), None)
    if loose is not None:
        return loose  # a parse that lost the object's label: "join the morning huddle"
    if verb.tag_ == "VBN" and verb.dep_ in ("ccomp", "xcomp") and verb.head.lemma_.lower() in ("get", "have", "want"):
        return next((c for c in verb.children if c.dep_ == "nsubj"), None)  # "get the plan updated"
    return None


#: Prepositions whose object says what an action is about; "at", "in", "by", "before"...
#: say where or when, and their nouns are incidental ("at the bedside", "by Friday").
ABOUT_PREPS: Final[frozenset[str]] = frozenset(("about", "on", "with", "for", "into", "to", "over", "of"))


def _prep_objects(verb: Token) -> list[Token]:
    """Objects of the verb's "about" prepositions, nearest first ("talk **to** the champion")."""
    found = []
    for child in verb.children:
        if child.dep_ in ("prep", "dative"):
            if child.dep_ == "prep" and child.lower_ not in ABOUT_PREPS:
                continue
            found += [g for g in child.children if g.dep_ == "pobj"]
            if child.pos_ in ("NOUN", "PROPN", "PRON"):
                found.append(child)
    return found


#: Words that only say how much of something: "some of the legacy events" is about the events;
#: and containers of what matters: "a draft of your statement" is about the statement.
QUANTITY_WORDS: Final[frozenset[str]] = frozenset(("some", "one", "each", "all", "any", "most", "both", "none",
                                                    "couple", "lot", "rest", "few", "bit", "half", "part",
                                                    "copy", "draft", "version", "list", "breakdown", "summary",
                                                    "twelve", "two", "three", "four", "five", "ten", "number",
                                                    "set", "pile", "load", "loads", "lots"))


def _of_object(token: Token) -> Token:
    """The noun after "of" when ``token`` only says how much of it."""
    if token.lower_ not in QUANTITY_WORDS and token.lemma_.lower() not in QUANTITY_WORDS:
        return token
    of = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    found = next((g for g in of.children if g.dep_ == "pobj"), None) if of is not None else None
    return found if found is not None else token


def _is_person(token: Token) -> bool:
    return (token.pos_ == "PROPN" or token.lower_ in PERSON_PRONOUNS or token.lemma_.lower() in PERSON_NOUNS
            or token.lower_ in PERSON_NOUNS or (token.pos_ == "NOUN" and token.lower_ in ("mum", "dad")))


def _is_topic(token: Token) -> bool:
    """A noun that can be the topic: no time, filler, place, person or third party's name."""
    lemma = token.lemma_.lower()
    return (token.pos_ == "NOUN" and lemma not in TIME_NOUNS and token.lower_ not in TIME_NOUNS
            and KIND_BY_NOUN.get(lemma) not in ("help", "contact") and token.is_alpha and len(token) > 2
            and not _is_person(token))


def phrase(head: Token, mine_is_yours: bool = False) -> str:
    """A noun as a short clean phrase: "the" or "your", up to three compounds or adjectives
    right before it, and the noun; no quantifier, relative clause or trailing phrase.

    ``mine_is_yours`` turns the speaker's "my" into "your" (a staff member's "my rota" asked
    back to them).
    """
    modifiers: list[Token] = []
    k = head.i - 1
    while k >= head.sent.start and len(modifiers) < MAX_MODIFIERS:
        left = head.doc[k]
        if left.dep_ in ("compound", "amod", "nmod") and left.head.i > k and left.head.i <= head.i:
            if left.lower_ not in SKIPPED_MODIFIERS and left.is_alpha and left.pos_ in ("NOUN", "PROPN", "ADJ",
                                                                                         "VERB"):
                modifiers.insert(0, left)
            elif left.lower_ not in SKIPPED_MODIFIERS:
                break
            k -= 1
            continue
        break
    owner = next((c.lower_ for c in head.children if c.dep_ == "poss"), None)
    det = "your" if owner in ("your", "you", "yer") or (mine_is_yours and owner == "my") else "the"
    words = [_word(t) for t in (*modifiers, head)]
    if head.tag_ == "NN" and any(c.lower_ in ("every", "each", "any") for c in head.children if c.dep_ == "det"):
        words[-1] = plural(words[-1])  # "every order" is about the orders
    return " ".join([det, *words])


def _word(token: Token) -> str:
    text = token.text
    keep = token.pos_ == "PROPN" or (text.isupper() and len(text) > 1) or (text[:-1].isupper() and len(text) > 2)
    return text if keep else text.lower()


def _person_words(token: Token) -> str:
    pronoun = {"she": "her", "he": "him", "they": "them"}
    if token.pos_ == "PRON":
        return pronoun.get(token.lower_, token.lower_)
    if token.pos_ == "PROPN":
        names = [t for t in token.subtree if (t.pos_ == "PROPN" and t.i <= token.i and t.dep_ in ("compound", "flat"))
                 or t == token]
        return " ".join(t.text for t in names)
    if token.lower_ in ("mum", "dad", "nan", "gran", "grandad", "hr") and not any(
            c.dep_ in ("det", "poss") for c in token.children):
        return token.lower_  # "ring mum": no "the"
    return phrase(token)


def _subject(verb: Token) -> Token | None:
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _listener_does_it(verb: Token) -> bool:
    """Whether the action is the listener's: an imperative, "you", "we", or "I'd" standing
    for "you should"; not the manager's own ("I'm moving your cases") or a third party's."""
    if _kept_state(verb) is not None:
        return True  # "make sure the walkways are clear": the listener keeps them so
    subject, head = _subject(verb), verb
    while subject is None and head.dep_ in ("xcomp", "conj") and head.head != head:
        head = head.head
        subject = _subject(head)
    if subject is None or subject.lower_ in ("you", "we", "ya", "u", "yourself", "'s", "us"):
        return True
    following = subject.nbor(1).lower_ if subject.i + 1 < len(subject.doc) else ""
    return subject.lower_ == "i" and (following in ("'d", "would", "d") or any(
        c.lower_ in ("'d", "would", "d") for c in verb.children if c.dep_ == "aux"))


#: Subordinators whose clause names the problem the advice answers ("if your boots are rubbing").
PROBLEM_MARKS: Final[frozenset[str]] = frozenset(("if", "because", "since", "as", "cos", "cause", "'cause"))


COMPARING: Final[frozenset[str]] = frozenset(("better", "easier", "simpler", "quicker", "best", "worth", "nicer"))


def _the_idea(clause: Token) -> bool:
    """"better if stores emailed you": an "if" clause after "better" is the manager's idea, not
    a problem ("If the rota is a mess, wouldn't it be better..." still names one)."""
    head = clause.head
    return clause.i > head.i and (head.lower_ in COMPARING or any(c.lower_ in COMPARING for c in head.children))


def _problem_in_clause(doc: Doc) -> Token | None:
    """A noun in an "if" or "because" clause: the problem the advice is an answer to."""
    for token in doc:
        if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in PROBLEM_MARKS for c in token.children) \
                and not _the_idea(token):
            found = next((t for t in token.children if t.dep_ in ("nsubj", "nsubjpass") and _is_topic(t)), None)
            if found is not None:
                return found
    return None


def context_topic(doc: Doc) -> str | None:
    """What the person being managed was talking about: the first noun of their turn that is
    the subject of a main clause ("my rota is a mess"), asked back to them ("your rota"); an
    object there was as often incidental as the point."""
    found = next((t for t in doc if t.dep_ in ("nsubj", "nsubjpass") and t.head.dep_ == "ROOT" and _is_topic(t)),
                 None)
    if found is None or not privileged(found, clean_text(doc)):
        return None
    return phrase(found, mine_is_yours=True)


def _errand_task(lemma: str, obj: Token | None, topic: str | None, verb: Token) -> str | None:
    """An errand as "the form sent" (or "it sent" for a pronoun object)."""
    done = "sent" if lemma in ("get", "have") and _to_me(verb) else PARTICIPLES.get(lemma)
    if done is None:
        return None
    if topic is not None:
        return f"{topic} {done}"
    if obj is not None and obj.lower_ in ("it", "that", "this"):
        return f"{obj.lower_} {done}"
    return f"that {done}"  # "send them to me": them may be people; "that" is the errand


def _goal(doc: Doc, verb: Token) -> str | None:
    """What the advice is for, as a verb phrase: "... to take that pressure off", "... so you
    can focus on the coding". None when the clause is long or the manager's own."""
    for clause in doc:
        if clause.pos_ not in ("VERB", "AUX") or clause.i <= verb.i or clause.dep_ not in ("advcl", "xcomp"):
            continue
        marks = {c.lower_ for c in clause.children if c.dep_ in ("mark", "aux")}
        subject = _subject(clause)
        someone_else = clause.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in clause.head.children)
        purpose = ("to" in marks and subject is None and not someone_else
                   and clause.head.i in {t.i for t in verb.subtree})
        so_you_can = ("so" in marks or any(c.lower_ == "so" for c in clause.children)) and subject is not None \
            and subject.lower_ == "you" and marks & {"can", "could"}
        if not (purpose or so_you_can) or any(c.lower_ in CLAUSE_OPENERS for a in clause.ancestors
                                               for c in a.children if c.dep_ == "mark"):
            continue  # "... because mum's the one who's going to drive everything": no goal of the advice
        words = [t for t in clause.subtree if t.i >= clause.i and not t.is_punct]
        if not 2 <= len(words) <= 6 or any(t.lower_ in ("i", "me", "my", "we", "us", "our") for t in words):
            continue
        if words[0].lemma_.lower() == "be" and words[1].lower_ in ("honest", "fair", "frank", "safe"):
            continue  # "to be honest": a manner of speaking, not a goal
        return " ".join(_word(t) if t.pos_ == "PROPN" else t.lower_ for t in words)
    return None


def _is_new_thing(thing: Token, lemma: str) -> bool:
    """Whether the object is something the manager brings in (the fix), not something there
    already: "a mock presentation", "some food", "examples" to put together."""
    if lemma not in FIX_VERBS and lemma not in LIGHT_VERBS and KIND_BY_VERB.get(lemma) != "errand":
        return False  # "swap a day shift", "rule out a bleed": acting on what is there
    dets = {c.lower_ for c in thing.children if c.dep_ in ("det", "poss")}
    return bool(dets & NEW_THING_DETS) or (lemma in FIX_VERBS and not dets - NEW_THING_DETS)


def _about_the_fix(fix: Token) -> Token | None:
    """What the manager's fix is for, when it says: "a session **on the new tool**", "a second
    approver **on any bank detail change**", "a look **at the cafe contract**"."""
    for prep in fix.children:
        if prep.dep_ == "prep" and prep.lower_ in ("on", "for", "about", "at", "with", "of"):
            found = next((g for g in prep.children if g.dep_ == "pobj" and _is_topic(g)), None)
            if found is not None:
                return found
    return None


#: Dependencies of a noun that can stand as what a sentence is about, best first.
TOPIC_DEPS: Final[tuple[str, ...]] = ("nsubj", "nsubjpass", "dobj", "attr", "pobj", "conj", "appos", "ROOT")


def _other_noun(doc: Doc, verb: Token, fix: Token | None) -> str | None:
    """The sentence's best other noun, when the action's own object is the manager's fix or
    a pronoun: a subject or object somewhere else in it ("... before **the break** ends"),
    never inside the fix itself or in a phrase of time or place."""
    inside_fix = {t.i for t in fix.subtree} if fix is not None else set()
    nouns = [t for t in doc if _is_topic(t) and t.i not in inside_fix and t.i != verb.i
             and not (t.dep_ == "pobj" and t.head.lower_ not in ABOUT_PREPS)
             and not any(c.dep_ == "det" and c.lower_ in NEW_THING_DETS for c in t.children)]
    for dep in TOPIC_DEPS:
        found = next((t for t in nouns if t.dep_ == dep), None)
        if found is not None:
            return phrase(found)
    return None


def _reaching(verb: Token, obj: Token | None) -> bool:
    """Whether the action is getting in touch with someone: a verb of contacting, "go to the
    clinical director", "let the tutor know", "pull him aside", "give the SENCO a ring"."""
    lemma = verb.lemma_.lower()
    if KIND_BY_VERB.get(lemma) == "contact" or _told(verb) is not None:
        return True
    if lemma in ("go", "come", "pop", "get") and _aimed_at(verb, None) is not None:
        return True
    if lemma in ("pull", "take") and obj is not None and _is_person(obj):
        return any(c.lower_ == "aside" for c in verb.children)
    return obj is not None and lemma in LIGHT_VERBS and KIND_BY_NOUN.get(obj.lemma_.lower()) == "contact"


def _helper(verb: Token) -> Token | None:
    """Who would do it, in "get Ollie to do half of them", "ask Sarah to read it through"."""
    head = verb.head
    if verb.dep_ not in ("xcomp", "ccomp", "advcl") or head.lemma_.lower() not in ("get", "have", "ask"):
        return None
    if verb.tag_ == "VBN":
        return None  # "get them done": the things, not a helper
    found = [c for c in head.children if c.dep_ == "dobj"] + [c for c in verb.children if c.dep_ == "nsubj"]
    return next((c for c in found if _is_person(c) or c.lower_ in ("someone", "somebody")), None)


def _aimed_at(verb: Token, obj: Token | None) -> Token | None:
    """Who a verb of contacting aims at: its object, or who comes after "to"/"with"."""
    if _told(verb) is not None:
        return _told(verb)
    if obj is None and verb.lemma_.lower() in ("let", "pull", "take"):
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "nsubj") and _is_person(c)), None)
    aimed = ([obj] if obj is not None else []) + [g for c in verb.children if c.dep_ in ("prep", "dative")
                                                     and c.lower_ in ("to", "with") for g in c.children
                                                     if g.dep_ == "pobj"] + [
        c for c in verb.children if c.dep_ == "dative"]
    return next((c for c in aimed if (c.pos_ != "PRON" and _is_person(c)) or c.lower_ in PERSON_PRONOUNS), None)


# --- the topic is a privilege ------------------------------------------------------------
# A blind review found a lifted noun the commonest reason for "no": an incidental noun ("the
# coffee" when the matter was an abusive customer), garbled words from recogniser-style text
# ("the i d section", "seventy fives") or the manager's own fix. So a noun phrase is named only
# when it is very likely the point; otherwise a topic-free question is better.

#: Words that say the sentence is about confidence or learning, so "feel more confident" fits.
CONFIDENCE_WORDS: Final[frozenset[str]] = frozenset((
    "confident", "confidence", "nervous", "unsure", "anxious", "learn", "learning", "practise", "practice",
    "training", "course", "train", "study", "shadow", "rehearse", "revise", "refresher", "induction",
    "workshop", "session", "skill", "skills", "new", "experience", "module",
))
#: Subjects of a rule: nobody acts on it, everyone keeps to it ("nobody parks in the walkway").
RULE_SUBJECTS: Final[frozenset[str]] = frozenset((
    "nobody", "nothing", "everyone", "everybody", "everything", "all", "any", "no", "every", "none",
))
#: Words of a standing rule: "never", "always", "at all times", "no exceptions", "from now on".
RULE_WORDS: Final[frozenset[str]] = frozenset(("never", "always", "exceptions", "mandatory", "compulsory",
                                               "non-negotiable", "sharp", "must"))
NUMBER_WORDS: Final[frozenset[str]] = frozenset((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand",
    "half", "quarter", "dozen",
))


def clean_text(doc: Doc) -> bool:
    """Whether the sentence was written or cased like written text. Recogniser-style text (no
    capitals and no punctuation) parses badly: names come out lower-case, "id" is "i d"."""
    return any(c.isupper() for c in doc.text) or any(c in ".,?!;:'’" for c in doc.text)


def _dictionary_like(token: Token) -> bool:
    """A common noun with a plain dictionary form: letters only, not a number word or a lone
    letter, and its lemma is the word or the word without a plural ending."""
    lower, lemma = token.lower_, token.lemma_.lower()
    return (token.pos_ == "NOUN" and token.tag_ in ("NN", "NNS") and token.is_alpha and len(lower) >= 3
            and not lower.endswith("nae")  # Scots "didnae", "cannae" taken for a noun (round 7)
            and lemma not in NUMBER_WORDS and lower not in NUMBER_WORDS and not token.like_num
            and (lower == lemma or lower in (lemma + "s", lemma + "es", lemma[:-1] + "ies")))


def privileged(token: Token | None, clean: bool) -> bool:
    """Whether ``token`` may be named as what the sentence is about: a common noun, no time,
    place, person or name, in a phrase of one or two words; in recogniser-style text only a
    single noun of dictionary form."""
    if token is None or not _is_topic(token) or not _dictionary_like(token):
        return False
    if any(c.like_num or c.lower_ in NUMBER_WORDS for c in token.children):
        return False  # "two of the older cases", "the twelfth": a count, not a topic
    words = phrase(token).split()[1:]
    if len(words) > 2 or any(not w.isalpha() or w != w.lower() for w in words):
        return False
    modifiers = [token.doc[k] for k in range(token.i - len(words) + 1, token.i)]
    if any(m.pos_ not in ("NOUN", "ADJ") for m in modifiers):
        return False
    first = token.i - len(words) + 1
    before = token.doc[first - 1] if first > token.sent.start else None
    if before is not None and before.lower_ not in SKIPPED_MODIFIERS and (before.text in ("-", "/") or (
            before.dep_ in ("compound", "amod", "nmod", "nummod") and first <= before.head.i <= token.i)):
        return False  # a phrase cut short: "the resistant gloves" from "the cut-resistant gloves"
    # recogniser text: a lower-case name passes for a noun ("ask gemma" gave "the gemma"), so only
    # a single noun the speaker gave a determiner ("the rota", "your badge") or a plural ("aprons")
    said_the = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "your", "this", "that", "these", "those")
                   for c in token.children)
    if not clean and token.tag_ == "NN" and token.lemma_.lower() not in _word_index("noun"):
        return False  # a lower-case acronym ("the epr") or a garbled word: no dictionary noun (round 7)
    return clean or (not modifiers and (said_the or (token.tag_ == "NNS" and token.lower_ != token.lemma_.lower())))


def _named(token: Token | None, clean: bool) -> str | None:
    return phrase(token) if token is not None and privileged(token, clean) else None


def about_confidence(doc: Doc) -> bool:
    return any(t.lower_ in CONFIDENCE_WORDS or t.lemma_.lower() in CONFIDENCE_WORDS for t in doc)


def managers_own(doc: Doc, verb: Token) -> bool:
    """The manager's own action: "I'll review it", "we'll go through it", "let me check"."""
    if verb.head.lemma_.lower() == "let" and any(c.lower_ == "me" for c in (*verb.head.children, *verb.children)
                                                  if c.dep_ in ("dobj", "nsubj")):
        return True
    subject, head = _subject(verb), verb
    while subject is None and head.dep_ in ("xcomp", "conj") and head.head != head:
        head = head.head
        subject = _subject(head)
    if subject is None:
        return False
    auxes = {c.lower_ for c in head.children if c.dep_ == "aux"} | {c.lower_ for c in verb.children if c.dep_ == "aux"}
    if subject.lower_ == "i":
        following = subject.nbor(1).lower_ if subject.i + 1 < len(doc) else ""
        would = auxes | {following}  # "id have a word": recogniser text splits "I'd" into "i" "d"
        return not would & {"'d", "would", "d", "should", "might", "could"} and head.lemma_.lower() not in (
            "want", "need", "like", "expect", "suggest", "think", "reckon", "guess", "say", "mean")
    if subject.lower_ == "we":
        return bool(auxes & {"'ll", "will", "ll", "shall"})
    return False


def is_rule(doc: Doc, verb: Token | None) -> bool:
    """A standing rule rather than an action: "Nothing goes in a wheelie bin", "nobody parks in
    the walkway", "never leave it open", "no exceptions", "ten sharp"."""
    subjects = [_subject(verb)] if verb is not None else [t for t in doc if t.dep_ in ("nsubj", "nsubjpass")]
    if any(s is not None and (s.lower_ in RULE_SUBJECTS or any(c.dep_ == "det" and c.lower_ in RULE_SUBJECTS
                                                                for c in s.children)) for s in subjects):
        return True
    if any(t.lower_ in ("nobody", "nothing", "noone") for t in doc if t.dep_ != "dobj"):
        return True  # "Nobody parks in the walkway", even when the parse misses the subject
    return any(t.lower_ in RULE_WORDS for t in doc) or "all times" in doc.text.lower()


#: Verbs that need a place to make sense: "put the pallets at the front".
PLACING_VERBS: Final[frozenset[str]] = frozenset(("put", "place", "take", "bring", "leave", "move", "stick",
                                                  "keep", "pop", "hang", "store", "stack", "park"))
PLACES: Final[frozenset[str]] = frozenset(("at", "in", "on", "into", "onto", "to", "by", "under", "behind",
                                           "back", "there", "here", "away", "through"))
PARTICLE_WORDS: Final[frozenset[str]] = frozenset(("in", "up", "out", "off", "down", "back", "on", "over"))
#: Verbs of choosing or using something: their object is the manager's pick, even with "the"
#: ("get the earlier bus", "use the phone by the door", "try the keyboard shortcuts").
CHOOSE_VERBS: Final[frozenset[str]] = frozenset((
    "use", "get", "try", "pick", "choose", "join", "go", "switch", "grab", "borrow", "buy", "book", "add",
    "swap", "ease",
))


def _seen_to(verb: Token) -> bool:
    """"make sure every order is bagged", "get your plan updated": a passive or participle
    whose subject is a thing, below a verb of the listener's seeing to it."""
    subject = _subject(verb)
    if not (verb.tag_ == "VBN" or (subject is not None and subject.dep_ == "nsubjpass")):
        return False
    head = verb.head.head if verb.head.lower_ == "sure" else verb.head
    return head.lemma_.lower() in ("make", "ensure", "get", "have") and head != verb and _listener_does_it(head)


#: Words of health behaviour (eating, drinking, smoking, exercise): advice about them, in a
#: counselling or motivational-interviewing register, is the manager's fix for the person's own
#: life; round 4 failed "easier to stick to" after "don't skip breakfast" and "What would help
#: you swim three times a week?". The person's own ideas are the question.
HEALTH_WORDS: Final[frozenset[str]] = frozenset((
    "sugar", "sugary", "cigarette", "cigarettes", "smoke", "smoking", "fag", "fags", "alcohol", "booze", "breakfast",
    "snack", "snacks", "snacking", "diet", "exercise", "exercises", "gym", "swim", "swimming", "weight", "calorie",
    "calories", "meal", "meals", "eat", "eating", "vape", "vaping", "fruit", "vegetables", "veggies", "drinking",
    "pint", "pints", "fitness", "myfitnesspal", "candy", "sweets", "chocolate", "crisps", "takeaway", "takeaways",
    "nicotine", "patches", "jog", "jogging", "bedtime", "sleep", "sleeping", "caffeine",
))
#: Kinds a health sentence's own ideas replace; contacting, help, coming to the manager, care and
#: stopping a habit keep theirs ("What leads to smoking, do you think?").
HEALTH_KINDS: Final[frozenset[str]] = frozenset(("general", "rule", "plan", "simplify", "check", "logistics"))
#: Judgements of a whole decision in a leading question: "don't you think leaving's a bit drastic".
JUDGING_WORDS: Final[frozenset[str]] = frozenset((
    "drastic", "hasty", "rash", "extreme", "harsh", "risky", "soon", "early", "late", "much", "far", "big",
    "wise", "sensible", "fair", "premature", "quick", "backwards", "unfair", "mistake",
))
#: Persons that are only pronouns: a question naming them points at nobody without the original.
PRONOUN_PERSONS: Final[frozenset[str]] = frozenset(("her", "him", "them", "it", "you", "me", "us"))
#: Phrases that say an instruction is a standing procedure, not a one-off: "you need to ring the
#: office the minute you know you're late, that's the procedure" is no call to plan.
RULE_PHRASES: Final[tuple[str, ...]] = ("not optional", "not negotiable", "non-negotiable", "non negotiable")
#: ... and these whatever the instruction ("take a half day Friday, that's not optional" is one-off).
PROCEDURE_PHRASES: Final[tuple[str, ...]] = ("that's the procedure", "thats the procedure", "that is the procedure",
                                             "that's the policy", "thats the policy", "that's policy")
#: Words that make advice a standing rule ("always put it in an email", "keep your PRs small"):
#: round 5's reviewer failed "What options do you see here?" after them; a rule gets a rule question.
STANDING_RULE_WORDS: Final[frozenset[str]] = frozenset(("always", "never", "whenever"))


def _health(doc: Doc) -> bool:
    """Health-behaviour words; "bed" only as going "to bed" (not "push the knee into the bed")."""
    return any(t.lower_ in HEALTH_WORDS or (t.lemma_.lower() in HEALTH_WORDS and t.pos_ in ("NOUN", "VERB"))
               or (t.lower_ == "bed" and t.i > 0 and doc[t.i - 1].lower_ == "to") for t in doc)


def _hindsight(doc: Doc) -> bool:
    """"wouldn't a timer have kept it tighter", "it'd have been simpler to email me": a leading
    question about what is past, so what the listener would do differently."""
    modals = ("would", "'d", "d", "could", "should", "might", "itd", "wouldve", "couldve", "shouldve")
    for t in doc:
        have = next((c for c in t.children if c.lower_ in ("have", "'ve", "ve", "of") and c.dep_ == "aux"), None)
        if t.tag_ == "VBN" and have is not None and (
                any(c.lower_ in modals for c in t.children) or (have.i > 0 and doc[have.i - 1].lower_ in modals)):
            return True
    return False


def _judges_decision(doc: Doc) -> bool:
    """A leading question that judges a whole decision: a "be" whose subject is no dummy "it"
    and whose complement is a judgement ("leaving's a bit drastic", "isn't that too soon")."""
    for j in doc:
        if j.dep_ == "acomp" and j.head.pos_ in ("VERB", "NOUN") and j.head.tag_ in ("VBG", "NN") and (
                j.lemma_.lower() in JUDGING_WORDS or any(g.lower_ in ("too", "bit") for g in j.subtree)):
            return True  # "leaving's a bit drastic": the parse hangs the judgement on the decision
    for t in doc:
        if t.lemma_.lower() != "be":
            continue
        subject = _subject(t)
        judged = [c for c in t.children if c.dep_ in ("acomp", "attr")]
        if subject is None or subject.lower_ in ("it", "there", "you", "i", "we"):
            continue  # "it'd be better to print it" proposes the fix
        if any(j.lemma_.lower() in JUDGING_WORDS or any(g.lower_ in ("too", "bit") for g in j.subtree)
               for j in judged):
            return True
    return False


#: Openings of a leading question that asks the listener to take a view, not to take a fix.
#: "Don't you think a quick word would sort it?" is a concrete suggestion, not an appeal.
VIEW_APPEALS: Final[tuple[str, ...]] = (
    "if it was your", "if it were your", "if it was you", "if it were you", "how would you feel",
    "isn't it time", "isnt it time", "think it's time", "think its time", "in their shoes", "in her shoes",
    "in his shoes", "you'd want someone", "you'd want somebody", "youd want someone", "youd want somebody",
    "youd want to know", "wouldn't you want", "wouldnt you want", "more important than",
    "you'd regret", "youd regret")
#: Openings of a concrete suggestion: after them "How do you see it?" points at nothing.
PROPOSING: Final[tuple[str, ...]] = ("have you tried", "how about", "what about", "why don't you", "why dont you",
                                     "why not", "could you", "can you", "have you thought", "what if you")


def _appeals_to_view(doc: Doc) -> bool:
    """"Don't you think it's time to admit there's a problem?", "You'd want somebody to say
    something if it was your sister, wouldn't you?": the listener's own view is asked for."""
    text = doc.text.lower().replace("\u2019", "'")
    return any(w in text for w in VIEW_APPEALS) and not text.startswith(PROPOSING)


def _proposes(doc: Doc) -> bool:
    text = doc.text.lower().replace("\u2019", "'")
    return text.startswith(PROPOSING) or any(w in text for w in ("have you tried", "how about", "what about"))


def _seen_by(doc: Doc) -> str | None:
    """Who the sentence asks the listener to see it as: "how it looks to the parents", "how that
    comes across to Sam"; their words, else None."""
    for t in doc:
        if t.lemma_.lower() not in ("look", "seem", "sound", "appear"):
            continue
        for prep in (c for c in t.children if c.dep_ == "prep" and c.lower_ == "to"):
            who = next((g for g in prep.children if g.dep_ == "pobj"), None)
            if who is not None and _is_person(who) and who.lower_ not in PRONOUN_PERSONS:
                return _person_words(who)  # never "them": without the original, nobody
    return None


def _gets_help(doc: Doc, act: str | None) -> bool:
    """Whether the help is for the listener: someone helping them ("get Ollie to do half",
    "ask Sam", "ask for help"), not the listener helping someone ("you can help him"), a task of
    their own ("ask him and report back", "ask the section about it") or "won't help anyone"."""
    for t in doc:
        lemma = t.lemma_.lower()
        if lemma in ("help", "support") and t.pos_ == "VERB":
            subject = _subject(t)
            helped = [c for c in t.children if c.dep_ in ("dobj", "dative")]
            if subject is not None and subject.lower_ == "you":
                return False
            if any(c.lower_ not in ("you", "yourself", "us") for c in helped):
                return False  # "help anyone", "help him"
        if lemma == "ask" and t.pos_ == "VERB":
            asked = [c for c in t.children if c.dep_ in ("prep", "advmod", "ccomp", "conj")
                     and (c.lower_ in ("about", "whether", "if", "what", "when", "how")
                          or c.lemma_.lower() in ("report", "tell", "let", "come", "feed", "get"))]
            if asked:
                return False  # asking a question, then coming back: the listener's own task
    return True


def _endorses(doc: Doc) -> bool:
    """"Aye, do that, first thing", "Yes, go for it": the manager backs the listener's own plan."""
    words = [t.lower_ for t in doc if not t.is_punct]
    yes = ("aye", "yes", "yeah", "yep", "ok", "okay", "good", "great", "grand", "brilliant", "perfect", "fine", "sure")
    return (len(words) <= 8 and len(words) >= 2 and words[0] in yes and (
        (words[1] == "do" and len(words) > 2 and words[2] in ("that", "it", "this", "both"))
        or words[1:4] == ["go", "for", "it"] or words[1:3] == ["go", "ahead"]))


def _main_clause(token: Token) -> bool:
    """On the listener's own action, not a clause saying why: "because the summer's always a
    nightmare" and "otherwise it never happens" make no rule (the parse of such clauses is too
    loose to trust, so the test is the head verb and its subject, and no "because" before)."""
    head = token.head
    subject = _subject(head) if head.pos_ == "VERB" else None
    before = {t.lower_ for t in token.doc[:token.i]}
    future = any(c.lower_ in ("will", "'ll", "ll") for c in head.children)  # "you'll never switch off"
    listener = subject is None or subject.lower_ in ("you", "i", "we", "everyone", "everybody")
    return (head.pos_ == "VERB" and not future and listener
            and not before & {"because", "cos", "coz", "otherwise", "since", "if", "when", "so"})


def _kept_plural(keep: Token) -> bool:
    """"keep your PRs small" is a rule; "keep it short" (one letter) is a one-off."""
    obj = next((c for c in keep.children if c.dep_ == "dobj"), None)
    return obj is not None and obj.tag_ in ("NNS", "NNPS")


def _standing_rule(doc: Doc) -> bool:
    """"always put it in an email", "never promise a date", "every time you...": a rule that
    stands, whatever the act; "keep your PRs small" (a state kept, of many things) too."""
    text = doc.text.lower()
    kept = any(t.lemma_.lower() == "keep" and t.dep_ == "ROOT" and _kept_plural(t)
               and any(c.dep_ in ("acomp", "oprd", "ccomp", "xcomp") and c.pos_ == "ADJ" for c in t.children)
               for t in doc)
    return (any(t.lower_ in STANDING_RULE_WORDS and _main_clause(t) for t in doc) or "every time" in text
            or "going forward" in text or "from now on" in text or kept)


def _listener_action(doc: Doc, own: Token) -> Token | None:
    """The listener's own action in a sentence whose action verb is the manager's: "Put a padlock on
    the cupboard, I'll give you one", "you need to be there, I'll put the list on the board". Round
    7's reviewers failed "What would be most useful from me here?" when the listener had a part."""
    for t in doc:
        if t == own or t.pos_ not in ("VERB", "AUX") or t.dep_ not in ("ROOT", "conj", "parataxis", "ccomp", "advcl"):
            continue
        if any(c.dep_ == "mark" for a in (t, *t.ancestors) for c in a.children if a.dep_ == "advcl" or a == t):
            continue  # "if you're late", "so I can see": not the listener's action
        subject = _subject(t)
        imperative = subject is None and t.tag_ == "VB" and t.lemma_.lower() not in ("let", "be")
        if not (imperative or (subject is not None and subject.lower_ in ("you", "u", "ya"))):
            continue
        verb = _descend(t) or t
        if _is_verb(verb) and not managers_own(doc, verb):
            return verb
    return None


#: Subjects of an action asked of the listener or the team: "every one of you takes", "everyone try it".
LISTENER_SUBJECTS: Final[frozenset[str]] = frozenset(("you", "u", "everyone", "everybody", "one"))
#: Words an imperative may follow: "and take the big jugs", "then do it", "please come".
IMPERATIVE_BEFORE: Final[frozenset[str]] = frozenset(("and", "then", "please", "just", "so", "now"))
#: Where an imperative stands in the parse ("Do it by the twentieth, I'll be checking" makes it an advcl).
IMPERATIVE_DEPS: Final[frozenset[str]] = frozenset(("ROOT", "conj", "parataxis", "dep", "advcl"))


def _asks_listener(doc: Doc) -> bool:
    """A sentence with the manager's own action that also asks something of the listener: "I need
    that form by Wednesday", "so dates, let me have them again before you go", "can i ask you to
    talk to denise", "Book it, I will release you". Round 8's reviewers passed "What would be most
    useful from me here?" only for an offer of help ("Would it help if I asked them instead?")."""
    text = doc.text.lower().replace("\u2019", "'")
    if text.startswith(("would it help", "shall i", "should i", "do you want me")):
        return False
    for t in doc:
        if t.pos_ not in ("VERB", "AUX"):
            continue
        lemma = t.lemma_.lower()
        if any(a.dep_ == "advcl" and any(c.dep_ == "mark" for c in a.children) for a in (t, *t.ancestors)):
            continue  # "if you're late again", "so she can go through it with you"
        subject = _subject(t)
        if lemma == "let" and any(c.lower_ == "me" for c in t.subtree) and any(
                c.lemma_.lower() in ("have", "see", "get", "know") for c in t.children):
            return True  # "let me have them", "let me see it by Friday": a request, not the manager's act
        if subject is None and t.dep_ == "conj" and _subject(t.head) is not None and _subject(
                t.head).lower_ in ("i", "we"):
            continue  # "I will talk to Lewis and tell him": the manager's too
        if lemma in ("need", "want") and subject is not None and subject.lower_ == "i" and any(
                (c.dep_ == "dobj" and c.pos_ in ("NOUN", "PRON") and c.lower_ not in ("it", "that")) or (
                    c.dep_ in ("ccomp", "xcomp") and _subject(c) is not None
                    and _subject(c).lower_ in LISTENER_SUBJECTS | {"all"}) for c in t.children):
            return True  # "I need that form by Wednesday", "I want all of you to read the letter"
        if lemma == "ask" and any(c.lower_ in ("you", "everyone", "everybody") for c in t.children):
            return True  # "can i ask you to talk to denise", "im asking everyone to put in"
        if subject is not None and (subject.lower_ in LISTENER_SUBJECTS or (
                subject.lower_ == "all" or any(c.lower_ == "you" for c in subject.subtree))) and t.dep_ in (
                "ROOT", "conj") and t.tag_ in ("VBP", "VBZ", "VB") and lemma not in ("be", "have", "know", "care"):
            return True  # "every one of you takes your five oldest jobs", "can you get the numbers"
        if subject is None and t.tag_ in ("VB", "VBP") and t.dep_ in IMPERATIVE_DEPS \
                and lemma not in ("let", "be", "see", "have") \
                and not any(c.dep_ in ("aux", "mark") for c in t.children) \
                and (t.i == 0 or doc[t.i - 1].is_punct or doc[t.i - 1].lower_ in IMPERATIVE_BEFORE):
            return True  # "Book it, I will release you", "take the big jugs every morning"
    return False


#: The manager's own way offered as a model: "what I do is", "the way I did it", "I've always found".
MODEL_PHRASES: Final[tuple[str, ...]] = (
    "what i do is", "what i did was", "the way i did it", "the way i do it", "ive always found", "i've always found",
    "i always found", "i always use", "i'd always", "id always",
    "what i used to do", "i used to", "i did that", "i always do", "i always",
    "the rule i", "when i was")


def _offers_model(doc: Doc) -> bool:
    text = doc.text.lower().replace("\u2019", "'")
    return any(w in text for w in MODEL_PHRASES)


#: Quotation marks: advice that quotes what to say is advice on wording.
QUOTES: Final[tuple[str, ...]] = ('"', "\u201c", "\u201d")
#: Verbs whose quoted object is what to say ("you say 'no rush at all'", "open with 'I've got an hour'").
#: Round 8's reviewers failed "What do you want to say?" for writing ("write up the two or three
#: phrases", "putting a reason on every reject"): only speaking, so no "write" or "put".
SAYING_VERBS: Final[frozenset[str]] = frozenset(("say", "tell", "ask", "open", "start", "go"))


def _wording(doc: Doc) -> bool:
    """Advice on what to say ("Just say what happened", "say sorry", "Say, 'I've got an hour'", "Not
    'can I help you', they say no"): round 7's reviewers wanted "What do you want to say?", not a
    task or options. Not "I'd say you need to ring her" (an opinion), "say no to the shifts", or a
    third party's "they say"."""
    text = doc.text.lower()
    quoted = any(q in doc.text for q in QUOTES) or "say something like" in text
    for t in doc:
        if t.lemma_.lower() != "say" or t.pos_ != "VERB" or any(c.dep_ == "neg" for c in t.children):
            continue
        if any(a.dep_ == "advcl" and any(c.dep_ == "mark" for c in a.children) for a in (t, *t.ancestors)):
            continue  # "before you say anything", "if you don't want to say something": not what to say
        subject, head = _subject(t), t
        while subject is None and head.dep_ in ("xcomp", "conj") and head.head != head:
            head = head.head
            subject = _subject(head)  # "I have to say it": the manager's
        who = subject.lower_ if subject is not None else None
        would = any(c.lower_ in ("'d", "would", "d", "could", "might", "should") for c in t.children if c.dep_ == "aux")
        if who == "i" and not (would and quoted):
            continue  # "I said", "I'd say you need to": the manager's view, not words to use
        if who not in (None, "you", "u", "i") or t.tag_ in ("VBD", "VBN") or t.head.lemma_.lower() == "let":
            continue  # "they say no", "you said", "let me say"
        opinion = next((c for c in t.children if c.dep_ == "ccomp" and _subject(c) is not None
                        and _subject(c).lower_ in ("you", "we", "it")), None)
        if opinion is not None and not quoted:
            continue  # "I'd say you need to ring her", "say it's fine"
        if any(c.lower_ in ("no", "yes", "nothing") for c in t.children) or (
                t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("no", "yes", "nothing")):
            continue  # "say no to the extra shifts": a decision, not wording
        return True
    return quoted and any(t.lemma_.lower() in SAYING_VERBS and t.pos_ == "VERB" and (
        _subject(t) is None or _subject(t).lower_ != "i" or not any(c.lower_ == "always" for c in t.children))
        for t in doc)  # "I'd always ask 'what got in the way?'": the manager's own habit


#: Verbs of a conversation with someone: what the listener wants from it is the question.
TALK_VERBS: Final[frozenset[str]] = frozenset(("talk", "speak", "chat", "meet", "sit", "apologise", "apologize",
                                               "catch", "approach"))
#: Persons that name nobody in particular: "talk to someone" leaves who to the listener.
ANYONE: Final[frozenset[str]] = frozenset(("someone", "somebody", "anyone", "anybody", "one"))
#: Openings of a leading question that checks a past action: "did you put it on the app?".
PAST_CHECKS: Final[tuple[str, ...]] = ("did you", "didn't you", "didnt you", "did anybody", "did anyone",
                                       "have you already", "did somebody", "did someone", "have you spoken",
                                       "have you talked", "have you done", "have you rung", "have you called",
                                       "have you told", "have you put", "have you logged", "have you let",
                                       "have you sent", "have you reported", "have you checked", "have you asked")
#: Openings of a leading question that is the manager's diagnosis: "is it the new tablets slowing you down?".
DIAGNOSES: Final[tuple[str, ...]] = ("is it the", "is it because", "is that because", "was it the",
                                     "was it because", "could it be", "is it that", "whats the difference",
                                     "what's the difference", "is it your", "is it just")
#: Filler words a leading question may open with before its question: "so", "and", "okay".
OPENING_FILLERS: Final[frozenset[str]] = frozenset(("so", "and", "but", "okay", "ok", "right", "well", "um",
                                                    "erm", "then", "now", "just", "oh"))


def _opening(doc: Doc) -> str:
    """The sentence without its opening fillers and a name before a comma, lower-case."""
    words = [t for t in doc if not t.is_punct]
    while words and (words[0].lower_ in OPENING_FILLERS or (words[0].pos_ == "PROPN" and words[0].i + 1 < len(doc)
                                                             and doc[words[0].i + 1].text == ",")):
        words = words[1:]
    return " ".join(t.lower_ for t in words).replace("\u2019", "'")


def _quits(doc: Doc) -> bool:
    """Stopping a habit of the listener's: "you need to stop", "stop emailing the consultants", "you
    must stop smoking"; not a procedure ("if it's not right, you stop the job and call me", "that
    stops now"), whose "What would help you stop?" makes no sense."""
    if any(t.dep_ == "mark" and t.lower_ in ("if", "when", "unless", "whenever") for t in doc):
        return False
    for t in doc:
        if t.lemma_.lower() not in ("stop", "quit") or t.pos_ != "VERB" or not _listener_does_it(t) or (
                t.dep_ in ("acl", "relcl") or (t.i > 0 and doc[t.i - 1].text in QUOTES)):
            continue  # "anything stopping him", 'Out loud "stop"': not the listener stopping
        if _subject(t) is not None and _subject(t).lower_ not in ("you", "we", "u"):
            continue
        if any(c.dep_ == "conj" and c.pos_ == "VERB" for c in t.children):
            continue  # "you stop and tell the team leader": a step of a procedure
        thing = next((c for c in t.children if c.dep_ == "dobj"), None)
        if thing is None or thing.pos_ == "PRON" or thing.tag_ == "VBG" or _health(doc) or thing.lower_ == "one":
            return True
    return False


def _checks_past(doc: Doc) -> bool:
    """"Did you let anybody know on Saturday?", "have you put it on the app?": a check of a past
    action; "did you try the radio?", "did you think of using the script" propose a fix."""
    text = _opening(doc)
    words = text.replace("not ", "").split()
    return text.startswith(PAST_CHECKS) and not (len(words) > 2 and words[2] in ("think", "try", "consider",
                                                                                  "thought", "tried"))


def _diagnoses(doc: Doc) -> bool:
    """"Is it the new tablets slowing you down?", "so is it really just the system?", "what's the
    difference, is it the paperwork": the manager's guess at the cause, put as a question."""
    text = _opening(doc)
    return (text.startswith(DIAGNOSES) or any(f", {w}" in doc.text.lower() for w in ("is it the", "is it because"))
            or re.match(r"(is|was) (it|that|this)( really| just| maybe| all| more)* (the|your|because|down to)\b",
                        text) is not None)


#: Words a fragment may open with before its first content word.
FRAGMENT_FILLERS: Final[frozenset[str]] = OPENING_FILLERS | frozenset(("also", "please", "plus", "even", "next",
                                                                       "finally", "lastly"))
#: Words that make a fragment a rule: "no lifting", "phones in the locker, every day", "always in that order".
FRAGMENT_RULE_WORDS: Final[frozenset[str]] = frozenset(("no", "not", "never", "every", "always", "each", "nothing",
                                                        "only", "max", "maximum", "nobody", "noone", "none"))
#: Announcements of what comes: "so here's what's happening in December".
ANNOUNCING: Final[tuple[str, ...]] = ("here's what", "heres what", "here is what", "here's the plan",
                                      "heres the plan", "here's how", "heres how")


def _fragment(doc: Doc) -> bool:
    """A sentence with no verb of the listener's, nor one the parse missed ("Book a dry run" with
    "Book" as a name): an agenda item ("Third, the hand sink."), a list, "even consultants"."""
    if any(t.pos_ in ("VERB", "AUX") for t in doc) or any(t.lower_ in ("i", "you", "we", "id", "youre") for t in doc):
        return False
    words = [t for t in doc if not t.is_punct and t.lower_ not in FRAGMENT_FILLERS]
    while len(words) > 1 and words[0].pos_ == "PROPN" and words[0].i + 1 < len(doc) and doc[words[0].i + 1].text == ",":
        words = words[1:]  # "Gary, clear cells one and two": the name first
    if not words:
        return True
    first = words[0]
    imperative = first.lower_ in _verb_index() and first.tag_ not in ("NNS", "CD") and first.lower_ not in (
        NUMBER_WORDS | TIME_WORDS)
    return not imperative


def _agenda(doc: Doc) -> str | None:
    """"rule" for a fragment that states a rule ("no lifting", "gloves every time"), "agenda" for any
    other fragment or an announcement, else None."""
    text = _opening(doc).replace(" 's", "'s")
    personal = any(t.lower_ in ("i", "you", "we", "id", "youre", "me", "us") for t in doc)
    if text.startswith(ANNOUNCING) or (text.startswith(("who ", "what ", "when ", "where ")) and "?" not in doc.text
                                       and not personal):
        return "agenda"  # "So here's what's happening in December.", "Who fires what, when."
    if not _fragment(doc):
        return None
    if _deadline(doc) or any(t.lower_ in TIME_WORDS and t.lower_ not in ("then", "now", "time") for t in doc):
        return None  # "dev the final cost sheet by wednesday", "And the police, today.": a task still
    if len([t for t in doc if not t.is_punct]) <= 2 and "maybe" in text:
        return None  # "Maybe not.": a reply, no rule
    if any(t.lower_ in FRAGMENT_RULE_WORDS for t in doc) or "from now on" in text or "from today" in text:
        return "rule"
    return "agenda"


#: Verbs of a request in the moment to the room: "can somebody shut that door", "can we huddle in".
#: (with :data:`LOGISTICS_VERBS`)
MOMENT_VERBS: Final[frozenset[str]] = frozenset(("huddle", "gather", "settle", "listen", "quiet"))


def _in_the_moment(doc: Doc) -> bool:
    """"can somebody shut that door", "can we huddle in": a short request to whoever is there, a
    trivial bit of logistics like "close the door"."""
    words = [t for t in doc if not t.is_punct]
    return len(words) <= LOGISTICS_MAX_WORDS and any(
        (t.lemma_.lower() in MOMENT_VERBS or t.lemma_.lower() in LOGISTICS_VERBS) and t.pos_ == "VERB"
        and _subject(t) is not None and _subject(t).lower_ in ANYONE | {"we", "everyone", "everybody"}
        for t in doc)


#: Words of a safety or safeguarding matter: "ideas" or "get that done" are too vague (round 7).
SAFETY_WORDS: Final[frozenset[str]] = frozenset(("unsafe", "dangerous", "cannabis", "weed", "drugs", "lone", "spice",
                                                 "overdose"))
#: ... and phrases: "that's a safeguarding issue" (not "the safeguarding module", an errand).
SAFETY_PHRASES: Final[tuple[str, ...]] = ("safeguarding issue", "safeguarding risk", "safeguarding concern",
                                          "safety issue")


# --- round 9: what round 8's reviewers failed -------------------------------------------------

#: Words of a day, a shift or a slot someone can be asked to do ("Can you do the first Friday?").
SLOT_WORDS: Final[frozenset[str]] = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "morning", "afternoon",
    "evening", "night", "nights", "late", "lates", "early", "earlies", "shift", "shifts", "slot", "weekend",
    "day", "days", "rota", "cover", "weekends", "mornings", "afternoons",
))
WEEKDAYS: Final[frozenset[str]] = frozenset(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                              "sunday"))
#: Roles someone is given: "Bev, you are team leader on Briggate both days".
ROLE_NOUNS: Final[frozenset[str]] = frozenset(("leader", "lead", "charge", "marshal", "aider", "runner", "banksman",
                                                "supervisor", "driver", "cover", "keyholder", "warden", "chair"))


def _asks_for_slot(doc: Doc) -> bool:
    """A request or allocation of a day, a shift, a slot or a role ("Can you do the first Friday,
    Ros?", "And Asif, you're doing the clinic on Saturday morning", "Bev, you are team leader on
    Briggate both days"): round 8's reviewers failed "What would help you get that done?" ("assumes
    they will say yes") and passed "How does that work for you?"."""
    for t in doc:
        lemma = t.lemma_.lower()
        if t.pos_ not in ("VERB", "AUX") or any(c.dep_ == "mark" for c in t.children) or t.dep_ in (
                "advcl", "acl", "relcl"):
            continue  # "if you're doing a big batch", "the person taking the shift": no allocation
        subject = _subject(t)
        if subject is not None and subject.lower_ not in ("you", "u"):
            continue
        asked = any(c.dep_ == "aux" and c.lower_ in ("can", "could") for c in t.children)
        if lemma in ("do", "cover", "take", "work") and t.head.lemma_.lower() != "find" and (any(
                c.dep_ == "dobj" and c.lemma_.lower() in SLOT_WORDS - {"cover", "rota", "day", "days"}
                for c in t.children) or (asked and not any(c.dep_ == "dobj" for c in t.children) and any(
                c.dep_ == "npadvmod" and c.lower_ in WEEKDAYS for c in t.children))):
            return True  # "can you do Monday morning", "can you do Saturday"; not "do it monday" (when)
        if lemma == "do" and subject is not None and t.tag_ == "VBG" and any(
                c.dep_ == "aux" and c.lower_ in ("'re", "are", "re") for c in t.children) and any(
                w.lower_ in SLOT_WORDS - {"day", "days", "cover", "rota"} for w in doc):
            return True  # "you're doing the clinic on Saturday morning"
        if lemma == "be" and subject is not None and t.dep_ == "ROOT" and any(
                c.dep_ == "attr" and c.lemma_.lower() in ROLE_NOUNS for c in t.children):
            return True  # "you are team leader on Briggate"
    return False


#: A meeting to do it together: "come and see me after and we'll get the form done" is an offer of
#: help, not a report-back (round 8 failed "What would make it easier to let me know?" there).
TOGETHER: Final[tuple[str, ...]] = ("and we'll", "and well ", "and we will", "and we can")
#: Words that make a safety or hygiene instruction a standing rule: "radios stay on, even on break",
#: "two people", "check every label twice not once", "the gel is not a replacement".
SAFETY_RULE_MARKERS: Final[tuple[str, ...]] = (
    "even on", "twice not once", "not a replacement", "on their own", "every time",
    "like it's a pandemic", "like its a pandemic", "at all times", "above two metres", "above 2 metres")
#: One-off times: "Take two pair each this morning" is no rule (round 8).
ONE_OFF_WORDS: Final[tuple[str, ...]] = ("this morning", "this week", "today", "tonight", "this afternoon",
                                         "this evening", "this shift")


def _safety_rule(doc: Doc) -> bool:
    """A safety or hygiene rule the other tests miss ("wash your hands like it's a pandemic again,
    all of you", "don't let anyone move the tyres on their own, two people"); never a one-off."""
    text = doc.text.lower().replace("\u2019", "'")
    return any(w in text for w in SAFETY_RULE_MARKERS) and not any(w in text for w in ONE_OFF_WORDS)


def _asks_someone(doc: Doc) -> bool:
    """Asking someone something as the listener's own task ("Just ask her what the test is based
    on", "You can ask them how long ... when you fire the table?", "Start asking them"): the point
    is what to ask (round 8), not who could help; never asking for help ("ask Sam to cover")."""
    for t in doc:
        if t.lemma_.lower() != "ask" or t.pos_ != "VERB" or not _listener_does_it(t):
            continue
        kids = list(t.children)
        if any(c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ in ("for", "about")) for c in kids):
            return False  # "ask Sam to cover", "ask for help"
        asked = any(c.dep_ == "dobj" and (c.lower_ in PERSON_PRONOUNS or _is_person(c)) for c in kids)
        clause = any((c.dep_ in ("ccomp", "dobj") and (c.tag_ in ("WP", "WRB") or any(
            g.tag_ in ("WP", "WRB") or g.lower_ in ("if", "whether") for g in c.subtree)))
            or (c.dep_ == "advcl" and any(g.dep_ == "mark" and g.lower_ in ("if", "whether") for g in c.children))
            for c in kids)  # "ask them what ...", "ask them if ..."; not "ask them when you do the rota"
        if asked and (clause or t.head.lemma_.lower() == "start"):
            return True
    return False


def _not_a_task(doc: Doc) -> bool:
    """Leaving something, a one-off ban or keeping a secret ("Bev, leave the delivery, it can wait",
    "no annual leave next week", "keep it to yourself for now"): round 8's reviewers failed "What
    would help you get that done?" there."""
    text = _opening(doc)
    if "to yourself" in text and any(t.lemma_.lower() == "keep" for t in doc):
        return True
    if "can wait" in text and any(t.lemma_.lower() == "leave" and t.pos_ == "VERB" for t in doc):
        return True
    banned = len(doc) > 1 and doc[0].lower_ == "no" and doc[1].pos_ in ("NOUN", "ADJ")
    return banned and "from " not in text and any(w in text for w in ("next week", "this week", "tomorrow", "today"))


def _looks_after(doc: Doc) -> bool:
    """"look after yourself", "look after each other tonight": self-care, never "options" (round 8)."""
    return any(t.lemma_.lower() == "look" and any(
        c.lower_ == "after" and any(g.lower_ in ("yourself", "yourselves", "each", "one") for g in c.subtree)
        for c in t.children) for t in doc)


def _takes_over(doc: Doc) -> bool:
    """"Give me his number and I'll chase it, don't you ring him yourself": the manager takes it on."""
    text = doc.text.lower().replace("\u2019", "'")
    return ("i'll" in text or "i will" in text) and ("don't you" in text or "leave it with me" in text)


def _reminds(doc: Doc) -> bool:
    """"Stacey, the sign.": a name and a thing, a reminder of something already the listener's."""
    words = [t for t in doc if not t.is_punct]
    return (2 <= len(words) <= 4 and words[0].pos_ == "PROPN" and words[0].text[:1].isupper()
            and words[0].i + 1 < len(doc) and doc[words[0].i + 1].text == ","
            and any(t.lower_ in ("the", "your") for t in words[1:2]))


#: Openings of a leading question that checks current practice: "are you still doing them on foot".
PRACTICE_CHECKS: Final[tuple[str, ...]] = ("are you still", "do you still", "are they still", "is she still",
                                           "is he still", "are we still")


def _checks_practice(doc: Doc) -> bool:
    """"are you still doing the walked inspections on foot, or from the van?": an either/or check of
    what they do now, no suggestion (round 8)."""
    text = _opening(doc)
    return text.startswith(PRACTICE_CHECKS) and " or " in f" {text} "


def analyse(doc: Doc, context: Doc | None = None, act: str | None = None) -> Analysis:
    """What the sentence is about (:func:`_analyse`), then the round-4 corrections that look at
    the whole sentence: health-behaviour advice is the manager's fix; a leading question judges a
    decision or looks back, or else proposes the manager's idea; and (round 6) a standing rule
    left with no slot gets the rule question, not "What options do you see here?"."""
    found = _analyse(doc, context, act)
    if found.kind == "report" and any(w in doc.text.lower().replace("\u2019", "'") for w in TOGETHER):
        return Analysis("mine", found.action)  # "come and see me after and we'll get the form done": help offered
    if act == "instruction" and _reminds(doc):
        return Analysis("remind", found.action)  # "Stacey, the sign." (round 8: "your view" too vague)
    if act == "leading_question" and _checks_practice(doc):
        return Analysis("practice", found.action)  # "are you still doing them on foot, or from the van?"
    if act != "leading_question" and _takes_over(doc):
        return Analysis("mine", found.action)  # "I'll chase it, don't you ring him yourself"
    if act == "instruction" and _not_a_task(doc):
        return Analysis("sit", found.action)  # "leave the delivery, it can wait", "keep it to yourself"
    if act != "leading_question" and _looks_after(doc):
        return Analysis("care", found.action)  # "look after each other tonight"
    if act in ("instruction", "leading_question") and found.kind not in ("report", "mine") and not found.goal \
            and _asks_for_slot(doc):
        return Analysis("logistics", found.action)  # "Can you do the first Friday, Ros?" (round 8)
    if _asks_someone(doc):
        return Analysis("ask", found.action)  # "Just ask her what the test is based on" (round 8)
    if act == "instruction" and found.kind not in ("report", "mine", "avoid") and not found.habit and _safety_rule(doc):
        return Analysis("rule", found.action)  # "radios stay on, even on break" (round 8)
    if found.kind == "errand" and found.action in ("send", "bring", "take") and any(
            t.lemma_.lower() == found.action
            and any(c.dep_ == "prep" and c.lower_ in ("to", "into") for c in t.children)
            and any(c.dep_ == "dobj" and (c.lower_ in ("her", "him") or (_is_person(c) and c.pos_ == "NOUN"))
                    for c in t.children) for t in doc):
        found = replace(found, kind="general", task=None)  # "send her to the office": a person is no errand
    agenda = _agenda(doc) if act in ("instruction", "advice") else None
    if agenda == "rule" or (agenda == "agenda" and act == "instruction"):
        # round 7: "Third, the hand sink." refers to nothing to get done; its item is not named: tried on
        # train sentences, the fragment's head gave "the smiles", "the keys", "the yours"
        return Analysis(agenda, found.action)
    if act == "instruction" and found.kind == "general" and _in_the_moment(doc):
        return Analysis("logistics", found.action)  # "can somebody shut that door": a light check-in
    if found.kind not in ("report", "endorse") and not (found.kind == "rule" and "every" in doc.text.lower()) \
            and _wording(doc):
        return Analysis("wording", found.action)  # "Just say what happened": what to say (round 7)
    if found.kind == "check" and not found.habit:
        # round 7 failed "How could you be sure about X?" 0 of 4 ("the date" cut from "date of birth"):
        # a one-off check gets its act's plain question, or the rule question when it stands
        found = replace(found, kind="general", topic=None)
    if found.kind == "avoid" and not found.doing and not _quits(doc):
        found = replace(found, kind="general")  # "you stop the line and call me": a procedure, not a habit
    if act == "leading_question" and _checks_past(doc):
        return Analysis("past", found.action)  # "did you put it on the maintenance app?"
    if act == "leading_question" and _diagnoses(doc):
        return Analysis("cause", found.action)  # "is it the new tablets slowing you down?"
    if found.kind == "contact" and found.named and (found.person or "") not in ANYONE:
        # who is named, so "Who could you talk to about X?" is wrong (round 7): for advice and leading
        # questions the contact is the fix, so the act's plain question; for an instruction, what
        # they want from the conversation, or from whom ("What do you need from Sam?"), or the plain one
        text = doc.text.lower()
        if act != "leading_question" and (_standing_rule(doc) or any(w in text for w in RULE_PHRASES)
                                          or any(w in text for w in PROCEDURE_PHRASES)):
            return Analysis("rule", found.action)  # "from now on you ring the deputy", "that's the procedure"
        plain = replace(found, kind="general", person=None, topic=None)  # its goal or habit may still be named
        if act != "instruction":
            return plain
        if any(t.lemma_.lower() in ("apologise", "apologize") for t in doc):
            return Analysis("wording", found.action)  # "apologise to Mrs Foster": what to say (round 7)
        if found.person is not None and (found.action in TALK_VERBS or any(
                t.lemma_.lower() in ("word", "chat", "conversation") for t in doc)):
            # a name the sentence gives is safe to keep ("talking to Kyle"); a pronoun points at nobody
            person = found.person if found.person not in PRONOUN_PERSONS and found.person[:1].isupper() else None
            return Analysis("talk", found.action, person=person)
        if found.person is None or found.person in PRONOUN_PERSONS or found.action in TELL_VERBS or "back" in text:
            return plain
    if found.kind == "contact" and found.person in PRONOUN_PERSONS:
        # "What do you need from them?": without the original the pronoun points at nobody
        found = replace(found, person=None)
    safety_rule = found.kind == "rule" and is_rule(doc, None)  # "check your sugar before you drive, every time"
    safety_check = found.kind == "check" and found.habit is not None  # "check your sugar before you drive, every time"
    if found.kind in HEALTH_KINDS and _health(doc) and not found.problem and not safety_rule and not safety_check:
        return Analysis("fix", found.action)
    if act == "leading_question" and not found.problem and not found.goal:
        if found.kind not in ("contact", "help", "tell") and _hindsight(doc):
            return Analysis("hindsight", found.action)
        if _appeals_to_view(doc) or (found.kind in ("general", "errand", "avoid") and _judges_decision(doc)
                                     and not _proposes(doc)):
            return Analysis("view", found.action)
    seer = _seen_by(doc)
    if seer is not None and found.kind not in ("mine", "report"):
        return Analysis("tell", found.action, person=seer)  # "think how it looks to the parents"
    if found.kind == "tell":
        # passing on a message ("just tell the duty manager") is no question of how it looks to them
        found = replace(found, kind="general", person=None, goal=None)  # never "help you see her"
    if found.kind in ("learn", "prepare") and found.action == "train" and any(
            c.dep_ == "dobj" and (_is_person(c) or c.lower_ in PRONOUN_PERSONS) for t in doc for c in t.children
            if t.lemma_.lower() == "train"):
        found = replace(found, kind="general")  # "then you train her": no confidence problem of theirs
    if found.kind == "help" and not _gets_help(doc, act):
        # "asking him and reporting back", "you can help him", "isn't going to help anyone": the task
        # is the listener's own, or the help is theirs to give (round 6)
        found = replace(found, kind="general", topic=None)
    if act != "leading_question" and _endorses(doc):
        return Analysis("endorse", found.action)  # "Aye, do that, first thing": the listener's own plan
    if found.kind == "help" and "refer you" in doc.text.lower():
        return Analysis("mine", found.action)  # "I'm going to refer you to X": the manager acts
    if act == "instruction" and found.kind == "help" and found.action not in ("ask", "help") and not found.topic:
        # "get your lads doing the drops": a task handed on through the listener, no help for them
        # (round 5 failed "Who could help you with this?" to someone asked to buddy someone)
        return Analysis("general", found.action)
    text = doc.text.lower()
    if act != "leading_question" and (
            (found.kind == "contact" and any(w in text for w in RULE_PHRASES))
            or (found.kind in ("contact", "general") and any(w in text for w in PROCEDURE_PHRASES))):
        return Analysis("rule", found.action)  # "ring in if you're late, that's not optional"
    slots = found.goal or found.problem or found.plain or found.due
    if (act != "leading_question" and found.kind == "general" and not slots
            and (act != "instruction" or not found.habit) and _standing_rule(doc)):
        return Analysis("rule", found.action)  # "always put it in an email": keeping to it, no options
    if act == "instruction" and found.kind in ("general", "fix", "avoid") and (
            any(t.lower_ in SAFETY_WORDS for t in doc) or any(w in doc.text.lower() for w in SAFETY_PHRASES)):
        return Analysis("avoid" if found.kind == "avoid" else "rule", found.action)  # round 7: safety, not "ideas"
    return found


def _analyse(doc: Doc, context: Doc | None = None, act: str | None = None, forced: Token | None = None) -> Analysis:
    """The action, its kind and its slots, from a parsed directive sentence (and, when it is
    known, the turn of the person being managed that came before it).

    A noun phrase fills ``{topic}`` or ``{problem}`` only when it is very likely the point
    (:func:`privileged`): the subject of an "if"/"because" problem clause, or the object of the
    listener's own action when it is something already there, not the manager's pick.
    """
    clean = clean_text(doc)
    said_before = context_topic(context) if context is not None else None
    problem = clause_problem = _named(_problem_in_clause(doc), clean)
    verb = forced if forced is not None else action_verb(doc)
    if act != "leading_question" and any(t.lemma_.lower() == "know" and t.head.dep_ == "ROOT" and _tells_me(t)
                                         for t in doc):
        return Analysis("report", "know")  # "let me know by Friday": the listener's, not the manager's own
    if act == "instruction" and _allocated(doc):
        return Analysis("logistics")  # "Ciara, you're on outbound twelve till one": a rota, nothing to explore
    if verb is None:
        rule = act == "instruction" and is_rule(doc, None)
        return Analysis("rule" if rule else "general", problem=None if rule else problem or said_before)
    lemma = verb.lemma_.lower()
    told = next((v for v in (verb, *(c for c in verb.children if c.dep_ == "conj" and lemma in ("come", "go", "pop")))
                 if _tells_me(v)), None)
    if act != "leading_question" and _listener_does_it(verb) and told is not None:
        how = told.lemma_.lower()
        reach = f"{how} me" if how in ("tell", "ring", "call", "phone", "text", "message", "contact") else None
        return Analysis("report", lemma, reach=reach)  # "if you're drowning, tell me": never "who could you talk to"
    seen_to = _got_done(verb, clean) if act == "instruction" else None
    if seen_to is not None and not managers_own(doc, verb):
        return Analysis("errand", lemma, task=seen_to)  # "get your workbook done": a check-in on the errand
    obj = _object(verb)
    candidates = [_of_object(c) for c in ([obj] if obj is not None else []) + _prep_objects(verb)]
    reaching = _reaching(verb, obj)
    helper = _helper(verb)
    if reaching:  # a contact verb aims at someone
        person = _aimed_at(verb, obj) or (_aimed_at(obj, None) if obj is not None else None) or next(
            (c for c in verb.children if c.dep_ == "dative" and _is_person(c)), None)
    else:
        person = helper or next((c for c in candidates if _is_person(c)), None)
    if person is not None and person.pos_ == "PROPN" and not person.text[:1].isupper():
        person = None  # a lower-case "name" in recogniser text is as likely a garbled word
    thing = next((c for c in candidates if _is_topic(c) and c != person), None)
    for_the_fix = False
    was_learning = thing is not None and KIND_BY_NOUN.get(thing.lemma_.lower()) == "learn"
    if thing is None or was_learning:
        # what a session, or the help asked for, is about: "a session on the new tool"
        fixes = [found for c in [*candidates, *([thing] if thing is not None else [])]
                 if (found := _about_the_fix(c)) is not None]
        about = [c for c in candidates if _is_topic(c) and c != thing and c != person] + fixes
        thing = about[0] if about else thing
        for_the_fix = thing in fixes or (was_learning and thing is not None and KIND_BY_NOUN.get(
            thing.lemma_.lower()) != "learn")
    if (lemma in TELL_VERBS or _told(verb) is not None) and person is not None:
        kind = "tell"
    elif reaching:
        kind = "contact"
    else:
        kind = "help" if helper is not None else _kind(lemma, obj, thing, candidates, verb)
    if kind == "learn" and not about_confidence(doc):
        kind = "prepare"
    mine = _listener_does_it(verb) or _seen_to(verb)
    direct = thing is not None and thing == _of_object(obj) if obj is not None else False
    about_prep = thing is not None and thing.dep_ == "pobj" and thing.head.lower_ == "about"
    returned = any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in ("back", "in", "off", "out", "round")
                   and not any(c.children) for c in verb.children)  # "get the van back": not picking it
    picked = thing is not None and (_is_new_thing(thing, lemma) or (direct and lemma in CHOOSE_VERBS
                                                                   and not returned))
    allowed = (mine and not picked and ((direct and kind != "contact") or (kind == "contact" and about_prep))) or (
        for_the_fix and kind in ("help", "learn", "prepare"))
    topic = _named(thing, clean) if allowed else None
    pronoun_only = thing is None and obj is not None and obj.pos_ == "PRON" and obj.lower_ not in PERSON_PRONOUNS
    if topic is None and pronoun_only:
        topic = said_before
    if kind == "help" and not for_the_fix and not pronoun_only:
        topic = None  # "get Ollie to cover the evening slots": the slots are the task handed over
    # a direct object names the kind's own frames ("Who else needs to know about the complaint?")
    # but is no problem to ask options for: "the milk", "your coat", "your finger" were incidental
    problem = problem or said_before
    doing = None
    if mine and known_verb(lemma) and (lemma not in FRAME_VERBS or _kept_state(verb) or (returned and thing == obj)):
        named_thing = thing if topic is not None or _kept_state(verb) else None
        noun_object = obj is not None and (obj.pos_ == "PROPN" or (obj.pos_ == "NOUN" and not _is_person(obj)))
        if named_thing is not None or not noun_object:  # never "giving Brennan", "doing Harris"
            doing = _doing(verb, obj, named_thing)
    if kind == "avoid":
        below = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ == "VERB"), None)
        below_obj = _object(below) if below is not None else None
        doing = _doing(below, below_obj, below_obj if privileged(below_obj, clean) else None) \
            if below is not None and mine and (below_obj is None or privileged(below_obj, clean)
                                               or below_obj.pos_ == "PRON") else None
    if doing is not None and lemma in PLACING_VERBS and any(
            (c.dep_ == "prep" and c.lower_ in PLACES and any(c.children)) or (c.dep_ == "advmod" and c.lower_ in PLACES)
            for c in verb.children):
        doing = None  # "putting the oldest pallets" says nothing without where they go
    if doing is not None and lemma in EMPTY_ACTIONS and any(
            c.dep_ == "advmod" and c.lower_.endswith("ly") for c in verb.children):
        doing = None  # "take it seriously" is no "taking it"
    if doing is not None and (" " not in doing or (len(doing.split()) == 2 and doing.split()[-1] in PARTICLE_WORDS)):
        doing = None  # "taking", "writing down", "coming off": nothing named to ask about
    own_object = thing is not None and obj is not None and thing == obj
    task = _errand_task(lemma, obj, topic if own_object else None, verb) if kind == "errand" else None
    goal = _goal(doc, verb) if clean and mine else None
    negated = act != "leading_question" and any(c.dep_ == "neg" for c in verb.children)  # not "why don't you"
    if negated and act == "instruction" and mine:
        return Analysis("rule", lemma)  # "don't be eating at your desk": a rule, not an action to explore
    if negated or (not mine and kind not in ("avoid", "help")):
        # "I'd not mention the hoarding", "they'll tell you the load order": no action of the
        # listener's to name, so no kind of it either
        kind, topic, doing, task = "general", None, None, None
        problem = clause_problem or said_before
    if managers_own(doc, verb):
        theirs = _listener_action(doc, verb) if forced is None else None
        if theirs is not None:  # "Put a padlock on it, I'll give you one": the listener's part wins (round 7)
            return _analyse(doc, context, act, forced=theirs)
        if _offers_model(doc):
            return Analysis("model", lemma)  # "what I do is I put the leave in first": advice, the listener's options
        if act == "instruction" and (_standing_rule(doc) or any(t.lower_ in ("nobody", "nothing", "noone") for t in doc)
                                     or any(t.lower_ == "no" and t.dep_ == "det" for t in doc)):
            return Analysis("rule", lemma)  # "radios stay on ... I'll tell Ollie myself" (round 8)
        if _asks_listener(doc):
            return Analysis("general", lemma)  # "let me have them again before you go": a request (round 8)
        return Analysis("mine", lemma)  # "I'll review it": nothing to ask the listener to do
    if kind == "general" and act == "instruction" and is_rule(doc, verb):
        return Analysis("rule", lemma)  # a rule: keeping to it, not options or what gets in its way
    if kind == "general" and act == "advice" and thing is not None and picked and problem is None:
        kind = "fix"
    if kind == "general" and act == "instruction" and _logistics(doc, verb, lemma):
        return Analysis("logistics", lemma)  # "Close the door, would you": a light check-in
    habit = plain = due = None
    placed = lemma not in PLACING_VERBS or (doing is not None and doing.split()[-1] in PARTICLE_WORDS)
    if doing is not None and placed and _standing(doc, verb):
        habit = doing  # "putting the tape" without where it goes says nothing
    elif (doing is not None and placed and kind in PLAIN_KINDS and lemma not in FIX_ACTIONS
          and _plain_action(verb, lemma, obj, returned)):
        plain = " ".join(("keep" if _kept_state(verb) else lemma, doing.split(" ", 1)[1]))
        due = plain if _deadline(doc) else None
    elif (act == "instruction" and kind in PLAIN_KINDS and obj is not None and _of_object(obj) == thing
          and lemma not in FIX_ACTIONS
          and placed and lemma not in CHOOSE_VERBS - {"book", "add"} and privileged(thing, clean) and mine
          and not _standing(doc, verb) and _plain_action(verb, lemma, obj, returned)):
        # what an instruction asks to be made is the task, not the manager's fix: "draft an apology"
        made = _doing(verb, thing, thing)
        plain = " ".join((lemma, made.split(" ", 1)[1])) if " " in made else None
        due = plain if plain is not None and _deadline(doc) else None
    elif (act == "instruction" and clean and kind in PLAIN_KINDS and mine and placed and lemma not in FRAME_VERBS
          and lemma not in FIX_ACTIONS
          and lemma != "do" and obj is not None and obj.dep_ == "dobj" and obj.pos_ == "NOUN" and not _is_person(obj)
          and obj.lemma_.lower() not in TIME_NOUNS and not _is_new_thing(obj, lemma)
          and not any(c.dep_ == "det" and c.lower_ in NEW_THING_DETS for c in obj.children)
          and not _standing(doc, verb) and _plain_action(verb, lemma, obj, returned)):
        # an object too long or garbled to name is "it" or "them": "chase the TTOs for three and nine"
        # is "How do you want to chase them?", as a coach would say it
        said = _doing(verb, None, None)  # the verb and its particle
        pronoun = "them" if obj.tag_ == "NNS" else "it"
        rest = said.split(" ", 1)[1] if " " in said else ""
        plain = " ".join(w for w in (lemma, pronoun, rest) if w)
        due = plain if _deadline(doc) else None
    elif act == "instruction" and kind == "general" and goal is None and _standing(doc, verb):
        return Analysis("rule", lemma)  # "From now on, fluid charts are signed every round": keeping to it
    # who a contact aims at, even when it is no person noun ("ring the unit"), sits off the verb ("you
    # call it back to Marco") or was parsed as a verb ("talk to risotto"): round 7 failed "Who could
    # you talk to about this?" whenever the original names who
    named = kind == "contact" and (person is not None or any(
        c.pos_ in ("NOUN", "PROPN") for c in ([obj] if obj is not None else []) + _prep_objects(verb)
        if c.lower_ not in ANYONE and not (c.dep_ == "pobj" and c.head.lower_ == "about")) or any(
        t != verb and (t.pos_ == "PROPN" or t.lower_ in PERSON_PRONOUNS) for t in verb.subtree) or any(
        c.dep_ in ("advcl", "xcomp") and not known_verb(c.lemma_.lower()) for c in verb.children))
    return Analysis(kind, lemma, _person_words(person) if person is not None else None, topic, problem, doing, task,
                    goal, habit, plain, due, named=named)


#: Words of a standing rule or habit: what gets in the way of it is a fair question; of a
#: one-off task it sounds like an accusation (round 3 of the review).
STANDING_WORDS: Final[frozenset[str]] = frozenset((
    "always", "never", "whenever", "anytime", "routinely", "regularly", "usually", "normally", "habit",
    "consistently",
))
#: Words of time, for a deadline ("by four", "by Friday") or a start ("from Monday").
TIME_WORDS: Final[frozenset[str]] = frozenset((
    "today", "tomorrow", "tonight", "now", "then", "week", "month", "morning", "afternoon", "evening", "night",
    "day", "weekend", "term", "shift", "noon", "midday", "lunch", "lunchtime", "close", "end", "start", "hour",
    "minute", "o'clock", "time", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december", "christmas", "easter", "half", "quarter",
))
#: Nouns of a recurring event: "on every call", "after each service", "every time" make a habit;
#: "every clamp", "each affected employee" do not.
EVENT_NOUNS: Final[frozenset[str]] = TIME_WORDS | frozenset((
    "round", "call", "service", "visit", "briefing", "handover", "meeting", "job", "delivery", "run", "change",
    "session", "check", "lift", "load", "trip", "drop", "patient", "customer", "order", "ticket", "case", "one",
))
STANDING_VERBS: Final[frozenset[str]] = frozenset(("stay", "keep", "remain", "remember", "stick", "wear"))
#: Verbs of small bits of logistics ("close the door", "grab the keys"): nothing to explore.
LOGISTICS_VERBS: Final[frozenset[str]] = frozenset((
    "close", "shut", "open", "lock", "unlock", "grab", "pass", "hold", "fetch", "pop", "switch", "turn",
    "hang", "come", "sit", "stand", "wait", "hand", "shift", "move", "pull", "push", "leave", "clear", "tidy",
))
LOGISTICS_MAX_WORDS = 8
#: Verbs of a clause that sets a time: "before you go on break", "before the shift ends"; round 7
#: failed "on time" for "before you open anything" (an order of steps), so no "open" or "start".
LEAVING_VERBS: Final[frozenset[str]] = frozenset(("go", "leave", "head", "finish", "clock", "end", "close",
                                                  "knock", "break"))
#: Verbs whose action is the manager's fix even in an instruction: "How do you want to change the
#: environment?" brought it back (round 4).
FIX_ACTIONS: Final[frozenset[str]] = frozenset(("change", "download", "install", "swap", "switch", "replace",
                                                "present", "trust", "cost"))
#: Kinds whose one-off action may be asked back in its own words ("How do you want to log the
#: delay?") over their own slot-free row; contacting, help, escalating and the like keep theirs.
PLAIN_KINDS: Final[frozenset[str]] = frozenset(("general", "record", "check", "learn"))


def _standing(doc: Doc, verb: Token) -> bool:
    """A standing rule or habit rather than a one-off task: "every time", "always", "stay
    professional", "keep the walkways clear", "from now on", "from Monday"."""
    text = doc.text.lower()
    from_then = any(t.lower_ == "from" and any(_is_time(g) for g in t.children) for t in doc)
    each_time = any(t.lower_ in ("every", "each") and (t.head.lemma_.lower() in EVENT_NOUNS or t.dep_ == "npadvmod")
                    and t.head.dep_ not in ("dobj", "nsubj", "nsubjpass")
                    and not any(c.lower_ in ("this", "that", "next") for c in t.head.children) for t in doc)
    # round 8: "Take two pair each this morning" is a one-off, no rule
    return (any(t.lower_ in STANDING_WORDS for t in doc) or each_time or verb.lemma_.lower() in STANDING_VERBS
            or _kept_state(verb) is not None or from_then or "from now on" in text or "all the time" in text
            or "going forward" in text or "in future" in text)


def _is_time(token: Token) -> bool:
    return token.like_num or token.lower_ in NUMBER_WORDS or token.lower_ in TIME_WORDS or (
        token.lemma_.lower() in TIME_WORDS)


def _deadline(doc: Doc) -> bool:
    """A time the task is due: "by four", "by the end of the week", "before you go on break",
    "today"; not "by the cage" (a place) or "from Monday" (a standing rule)."""
    for t in doc:
        if t.lower_ in ("today", "tonight", "tomorrow", "asap"):
            return t.i == 0 or doc[t.i - 1].lower_ != "from"  # "from tomorrow" is a standing rule
        if t.lower_ in ("by", "before") and t.dep_ == "prep" and any(
                _is_time(g) and g.lower_ not in ("then", "now") for g in t.children):
            return True  # "by four", "before the end of the week"; "before then" is no deadline (round 7)
        if t.lower_ == "before" and t.dep_ == "mark" and t.head.lemma_.lower() in LEAVING_VERBS:
            return True  # "before you go home"; "count it twice before you sign" is an order of steps
    return False


def _logistics(doc: Doc, verb: Token, lemma: str) -> bool:
    """A trivial bit of logistics: a short instruction whose verb moves or shuts something."""
    words = [t for t in doc if not t.is_punct]
    return (lemma in LOGISTICS_VERBS and len(words) <= LOGISTICS_MAX_WORDS and not _standing(doc, verb)
            and _listener_does_it(verb))


#: Verbs that name no action of their own: "How do you want to do that?" asks nothing.
EMPTY_ACTIONS: Final[frozenset[str]] = frozenset(("do", "take", "get", "have", "make", "go", "put", "give", "use",
                                                  "be", "let"))


def _allocated(doc: Doc) -> bool:
    """A rota allocation: "you're on the truck", "Kofi, you're on bay two today", "that's you two
    on Monday": the root is "be" with "you" and "on", and no other verb of the listener's."""
    for sent in doc.sents:
        root = sent.root
        if root.lemma_.lower() != "be" and root.lower_ not in ("re", "'re"):
            continue
        you = any(c.lower_ == "you" and c.dep_ in ("nsubj", "attr") for c in root.children)
        on = any(c.dep_ == "prep" and c.lower_ == "on" for c in root.children) or any(
            g.dep_ == "prep" and g.lower_ == "on" for c in root.children if c.lower_ == "you" for g in c.children)
        if you and on and not any(c.dep_ in ("xcomp", "ccomp", "acomp", "neg") for c in root.children):
            return True
    return False


def _plain_action(verb: Token, lemma: str, obj: Token | None, returned: bool) -> bool:
    """Whether the one-off action can be asked back in its own words: not a light verb ("How do
    you want to do that?", "take it" say nothing) unless it carries a particle ("get the van
    back"), and not one done to the manager ("drop me a copy", "tell me": that is theirs to ask)."""
    if not known_verb(lemma):
        return False  # "talk to risotto earlier" parsed "risotto" as the verb (round 7)
    done_thing = lemma == "do" and obj is not None and obj.pos_ == "NOUN"  # "do the visit", never "do that"
    if lemma in EMPTY_ACTIONS and not returned and not done_thing:
        return False
    wrapping, head = [verb], verb
    while head.dep_ in ("xcomp", "ccomp", "pcomp", "prep", "pobj") and head.head != head:
        head = head.head
        wrapping.append(head)  # "I don't want to get into comparing patches": the wrapping verbs
    if _seen_to(verb) or any(c.dep_ == "neg" for a in wrapping for c in a.children):
        return False  # "had your eyes tested by the optician", "I don't want to get into comparing"
    to_me = [c for c in verb.children if c.dep_ in ("dobj", "dative") and c.lower_ in ("me", "us")]
    return not to_me and not (obj is not None and obj.lower_ in ("me", "us"))


@lru_cache(maxsize=2)
def _word_index(pos: str) -> frozenset[str]:
    """The lemmatizer's list of English words of a part of speech (WordNet's), to tell a verb or a
    noun from a word the parse only took for one."""
    table = parser_nlp().get_pipe("lemmatizer").lookups.get_table("lemma_index")
    return frozenset(table.get(pos, ()))


def _verb_index() -> frozenset[str]:
    return _word_index("verb")


def known_verb(lemma: str) -> bool:
    """A verb of the dictionary ("ring", "escalate"), or one of the few the project's sentences use
    that it lacks; never a noun the parse took for a verb ("risotto")."""
    return lemma in _verb_index() or lemma in KIND_BY_VERB or lemma in PARTICIPLES


def _tells_me(verb: Token) -> bool:
    """"tell me", "ring me", "let me know", "come and find me": the listener is to come to the
    manager. The manager is who to talk to, so the question is what makes that easier."""
    lemma = verb.lemma_.lower()
    if lemma == "know" and verb.head.lemma_.lower() == "let":
        return any(c.lower_ in ("me", "us") for c in (*verb.head.children, *verb.children)
                   if c.dep_ in ("dobj", "nsubj"))
    if KIND_BY_VERB.get(lemma) != "contact" and lemma not in ("find", "see"):
        return False
    aimed = [c for c in verb.children if c.dep_ in ("dobj", "dative")] + [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ in ("to", "with") for g in c.children]
    return any(c.lower_ in ("me", "us") for c in aimed)


def _got_done(verb: Token, clean: bool) -> str | None:
    """"get your workbook done", "I want those bottles logged", "had your eyes tested": the
    participle's subject is the thing, the listener sees to it; as "your workbook done" (or "that
    logged" when the thing is not privileged). None for anything else or a third party's doing."""
    head = verb.head
    if verb.tag_ != "VBN" or verb.dep_ not in ("ccomp", "xcomp", "oprd") or head.lemma_.lower() not in (
            "get", "have", "want", "need"):
        return None
    thing = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None) or next(
        (c for c in head.children if c.dep_ == "dobj"), None)
    if thing is None or _is_person(thing) or thing.lower_ in ("you", "yourself", "me", "us"):
        return None  # "get you booked on", "get her seen": someone, not an errand
    owner = _subject(head)
    if owner is not None and owner.lower_ not in ("i", "you", "we", "lets", "let", "'s", "us"):
        return None
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt" or (
        c.dep_ in ("prep", "advmod") and c.lower_ in ("in", "up", "out", "off", "back") and not any(c.children))), None)
    name = phrase(thing) if privileged(thing, clean) else (
        thing.lower_ if thing.lower_ in ("it", "this", "that") else "that")
    return " ".join(w for w in (name, verb.lower_, particle) if w)


def _to_me(verb: Token) -> bool:
    """"get it to me", "have it with me": an errand for the manager."""
    return any((c.dep_ == "prep" and c.lower_ in ("to", "with") and any(g.lower_ in ("me", "us") for g in c.children))
               or (c.dep_ == "dative" and c.lower_ in ("me", "us")) for c in verb.children)


def _kind(lemma: str, obj: Token | None, thing: Token | None, candidates: Sequence[Token], verb: Token) -> str:
    """The verb's kind; a light verb ("do", "take", "get") takes the kind of its object, and
    "get/have it to me", "have it ready" or "do the e-learning" is an errand."""
    by_verb = KIND_BY_VERB.get(lemma)
    if by_verb is not None:
        return by_verb
    if lemma in LIGHT_VERBS:
        for noun in [n for n in (obj, thing, *candidates) if n is not None]:
            found = KIND_BY_NOUN.get(noun.lemma_.lower())
            if found == "care" and lemma not in ("take", "have", "get", "go"):
                continue
            if found:
                return found
        to_me = _to_me(verb)
        ready = any(c.dep_ in ("acomp", "oprd", "ccomp", "xcomp") and c.lower_ in ("ready", "done", "sorted",
                                                                                 "finished", "signed")
                    for c in verb.children)
        errand_noun = thing is not None and thing.lemma_.lower() in ERRAND_NOUNS
        if to_me or ready or (errand_noun and lemma in ("do", "get", "have")):
            return "errand"
    if lemma == "write" and any(c.dep_ == "prt" and c.lower_ == "down" for c in verb.children):
        return "record"
    if lemma == "update" and thing is not None and thing.lemma_.lower() in ERRAND_NOUNS:
        return "errand"
    return "general"


def _doing(verb: Token, obj: Token | None, thing: Token | None) -> str:
    """The action as a short gerund phrase: "taking your full break", "staying professional"."""
    state = _kept_state(verb)
    if state is not None:
        if not clean_text(verb.doc) or not privileged(state[0], True):
            return "keeping"  # "the dean drives" (Dean's drives) is no thing to name (round 7): nothing named
        return f"keeping {phrase(state[0])} {state[1].lower_}"
    words = [gerund(verb.lemma_)]
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt" or (
        c.dep_ in ("prep", "advmod") and c.lower_ in ("in", "up", "out", "off", "down", "back")
        and not any(c.children))), None)
    complement = next((c for c in verb.children if c.dep_ == "acomp" and c.pos_ == "ADJ"), None)
    if obj is not None and obj.dep_ in ("dobj", "nsubj"):
        if obj.pos_ == "PRON":
            if obj.lower_ in ("it", "them", "that", "this", "her", "him", "me", "us"):
                words.append(obj.lower_)
        elif thing is not None and thing == obj:
            words.append(phrase(thing))
        elif _is_person(obj):
            words.append(_person_words(obj))
    if particle:
        words.append(particle)
    if complement is not None:
        words.append(complement.lower_)
    return " ".join(words)


# --- choosing the frame --------------------------------------------------------------------

def choose_frame(act: str, analysis: Analysis) -> Frame:
    """The first frame for this act (or any act) and kind whose slots the sentence fills.

    A kind whose rows all need a slot the sentence lacks falls back to the general rows,
    which end with one that needs none; and a general row that names the problem or the
    action ("What gets in the way of logging the delays?") beats a slot-free row of the
    sentence's kind ("What would help you keep a record of this?").
    """
    fits = [f for f in FRAMES if f.act in (act, "*") and analysis.fills(f.slots)]
    own = next((f for f in fits if f.kind == analysis.kind), None)
    named = next((f for f in fits if f.kind == "general" and f.slots), None)
    if own is not None and (own.slots or named is None):
        return own
    if named is not None:
        return named  # a row that names the problem or the action beats a slot-free one
    found = next((f for f in fits if f.kind == "general"), None)
    if found is None:
        raise AssertionError("FRAMES has no slot-free general row")  # the table guarantees one
    return found


def render(frame: Frame, analysis: Analysis) -> str:
    text = frame.template.format(**{s: getattr(analysis, s) for s in frame.slots})
    return text[0].upper() + text[1:]


def alternative_for(doc: Doc, act: str, context: Doc | None = None) -> Alternative:
    """The coaching alternative to one parsed directive sentence labelled ``act``; ``context``
    is the parsed turn of the person being managed just before it, when there is one."""
    found = analyse(doc, context, act)
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


def alternatives(texts: Sequence[str], acts: Sequence[str], nlp: Language | None = None,
                 contexts: Sequence[str | None] | None = None) -> list[Alternative | None]:
    """One alternative per directive sentence, None for the others, in order.

    ``contexts``, when given, holds for each sentence what the person being managed said in
    the turn just before it (or None): a sentence whose own object is only "it" or that
    asks about that, not about nothing.
    """
    wanted = [i for i, act in enumerate(acts) if act in DIRECTIVE_ACTS and isinstance(texts[i], str)]
    out: list[Alternative | None] = [None] * len(texts)
    if not wanted:
        return out
    nlp = nlp or parser_nlp()
    said = {i: contexts[i] for i in wanted if contexts is not None and isinstance(contexts[i], str) and contexts[i]}
    parsed = dict(zip(said, nlp.pipe(said.values(), batch_size=256), strict=True))
    for i, doc in zip(wanted, nlp.pipe((texts[i] for i in wanted), batch_size=256), strict=True):
        out[i] = alternative_for(doc, acts[i], parsed.get(i))
    return out


def staff_turn_before(table: pd.DataFrame) -> list[str | None]:
    """For each row, the text of the turn just before its own when a person being managed
    (role ``staff``) spoke it, else None: the conversation's topic at that moment."""
    if "role" not in table.columns or not len(table):
        return [None] * len(table)
    speakers = table["speaker"].tolist() if "speaker" in table.columns else [None] * len(table)
    turns = table["turn"].tolist() if "turn" in table.columns else speakers
    out: list[str | None] = []
    previous: tuple[str, list[str]] | None = None  # (role, texts) of the turn before the current one
    current: tuple[object, str, list[str]] | None = None  # (turn, role, texts)
    for turn, role, text in zip(turns, table["role"].tolist(), table["text"].tolist(), strict=True):
        if current is None or turn != current[0]:
            previous = (current[1], current[2]) if current is not None else None
            current = (turn, role, [])
        current[2].append(text if isinstance(text, str) else "")
        out.append(" ".join(previous[1]) if previous is not None and previous[0] == "staff" else None)
    return out


def add_alternatives(table: pd.DataFrame, nlp: Language | None = None) -> pd.DataFrame:
    """The per-sentence table with an ``alternative`` column: the question for directive
    sentences, empty for the rest.

    When the table knows who is who (a ``role`` column), only the managers' sentences get
    one: a staff member's "I'll have to redo it" is no advice to rephrase; and what the
    person being managed said just before is the topic of a sentence that names none.
    """
    acts = table["act"].tolist()
    if "role" in table.columns:
        acts = [act if role in ("manager", None) or role != role else None
                for act, role in zip(acts, table["role"].tolist(), strict=True)]
    found = alternatives(table["text"].tolist(), acts, nlp, staff_turn_before(table)) if len(table) else []
    return table.assign(alternative=[a.text if a else "" for a in found])

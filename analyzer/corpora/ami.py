"""The AMI Meeting Corpus's manual annotations (release 1.6.2 layout) as a table of acts.

AMI ships NXT stand-off XML: each speaker's words in ``words/<meeting>.<agent>.words.xml``,
their dialogue acts in ``dialogueActs/<meeting>.<agent>.dialog-act.xml`` pointing at a range
of those words and at a type in ``ontologies/da-types.xml``, and each meeting's roles and
official split in ``corpusResources/meetings.xml``. This module rebuilds one row per act,
with the same columns and text rules as the table the project's AMI experiments used
(``meeting,speaker_role,position,text,act,style,ami_label``), so anyone can rebuild that
table from the official download rather than trust a copy. ``scripts/ami_to_csv.py`` is
the command line; ``docs/ami.md`` says how and credits the corpus.

AMI Meeting Corpus, (c) University of Edinburgh and the AMI consortium, CC BY 4.0.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analyzer.errors import InputError
from analyzer.labels import style_of

NITE = "{http://nite.sourceforge.net/}"
COLUMNS = ("meeting", "speaker_role", "position", "text", "act", "style", "ami_label")
#: Acts with fewer words than this are left out: mostly "Yeah." and "Okay.", which say
#: nothing about style and would swamp the table.
MIN_WORDS = 3
#: meetings.xml marks the official split two ways: ``seen_type`` for the seen meetings
#: (training, development), ``visibility="unseen"`` for the test meetings.
SPLITS = ("train", "dev", "test")
_SEEN_TYPES = {"training": "train", "development": "dev"}

#: AMI label -> act for every label whose act does not depend on the words.
_FIXED_ACTS = {
    "Suggest": "advice",
    "Elicit-Offer-Or-Suggestion": "open_question",
    "Inform": "information",
    "Assess": "information",
    "Offer": "information",
    "Be-Positive": "affirmation",
    "Backchannel": "other",
    "Stall": "other",
    "Fragment": "other",
    "Other": "other",
    "Be-Negative": "other",
    "Comment-About-Understanding": "other",
}
#: Elicit labels whose act is an open question when the words open with a wh-word.
_ELICIT_BY_FORM = frozenset({"Elicit-Inform", "Elicit-Assessment", "Elicit-Comment-Understanding"})
#: What the evaluation counts as AMI's questions and advice: every Elicit act asks the others for
#: something (information, an opinion, a suggestion), and Suggest proposes an action. They are
#: the gold side of question F1 and advice F1 and of the per-meeting question share.
ELICIT_LABELS = frozenset({"Elicit-Inform", "Elicit-Offer-Or-Suggestion", "Elicit-Assessment",
                           "Elicit-Comment-Understanding"})
SUGGEST_LABELS = frozenset({"Suggest"})
_WH_WORDS = frozenset({"what", "how", "where", "why", "which", "when", "who", "what's", "where's", "who's", "how's"})
#: Words skipped before deciding whether an elicitation opens with a wh-word ("so and then what ...").
_LEADING_FILLERS = frozenset({"um", "uh", "so", "and", "but", "okay", "yeah", "well", "or", "right", "alright",
                              "now", "mm", "oh", "then"})
_NOT_WORD = re.compile(r"[^\w'-]")
_SPELLED = re.compile(r"(?<=[A-Za-z])_")
_RANGE = re.compile(r"^(?P<file>[^#]+)#id\((?P<first>[^)]+)\)(?:\.\.id\((?P<last>[^)]+)\))?$")

#: The credit the AMI Meeting Corpus's licence asks for, wherever a figure or model made with it
#: is published (README, docs, model cards).
AMI_CREDIT = ('AMI Meeting Corpus, © University of Edinburgh and the AMI consortium, CC BY 4.0. '
              'Carletta, J. et al. (2005), "The AMI Meeting Corpus: A Pre-Announcement", MLMI 2005.')


@dataclass(frozen=True)
class Meeting:
    """One meeting of meetings.xml: its official split (None for non-scenario ones) and roles by agent."""

    name: str
    split: str | None
    roles: dict[str, str]


@dataclass(frozen=True)
class Token:
    """One element of a words file: only ``w`` elements carry text; the rest are left out."""

    kind: str
    text: str
    punc: bool
    start: float | None


def ami_act(label: str, text: str) -> str:
    """The project's act for an AMI label (the mapping in the dev set's README).

    Elicitations become open questions when they open with a wh-word after leading fillers
    ("so what do you think"), else closed ones; AMI does not make that distinction itself.
    """
    if label in _ELICIT_BY_FORM:
        return "open_question" if opens_with_wh(text) else "closed_question"
    try:
        return _FIXED_ACTS[label]
    except KeyError:
        raise KeyError(f"unknown AMI dialogue-act label {label!r}") from None


def opens_with_wh(text: str) -> bool:
    """Whether the first word that is not a leading filler is a wh-word."""
    for token in text.lower().split():
        word = _NOT_WORD.sub("", token)
        if not word or word in _LEADING_FILLERS:
            continue
        return word in _WH_WORDS
    return False


def spelled(word: str) -> str:
    """AMI writes spelled-out letters as ``T_V_``; people read "TV" ("T_V_s" -> "TVs")."""
    return _SPELLED.sub("", word)


def act_text(tokens: Iterable[Token]) -> str:
    """The words of an act in order, punctuation attached to the word before it.

    Vocal sounds, disfluency marks and gaps carry no words and are left out; a punctuation
    mark with no word before it in the act stands on its own.
    """
    parts: list[str] = []
    for tok in tokens:
        if tok.kind != "w" or not tok.text:
            continue
        if tok.punc and parts:
            parts[-1] += tok.text
        else:
            parts.append(spelled(tok.text))
    return " ".join(parts)


def word_count(tokens: Iterable[Token]) -> int:
    """Words of an act, not counting punctuation marks (what :data:`MIN_WORDS` counts)."""
    return sum(1 for t in tokens if t.kind == "w" and not t.punc and t.text)


def read_meetings(path: Path) -> dict[str, Meeting]:
    """Every meeting of ``corpusResources/meetings.xml`` by name (``ES2002a``), with split and roles."""
    root = _parse(path)
    out = {}
    for m in root.iter("meeting"):
        name = m.get("observation", "")
        split = _SEEN_TYPES.get(m.get("seen_type", "")) or ("test" if m.get("visibility") == "unseen" else None)
        roles = {s.get("nxt_agent", ""): s.get("role", "") for s in m.iter("speaker") if s.get("role")}
        out[name] = Meeting(name, split, roles)
    return out


def read_da_types(path: Path) -> dict[str, str]:
    """Dialogue-act type id (``ami_da_4``) -> AMI's label (``Inform``)."""
    return {t.get(f"{NITE}id", ""): t.get("gloss", "") for t in _parse(path).iter("da-type")}


def read_words(path: Path) -> tuple[list[str], dict[str, Token]]:
    """A words file's element ids in document order, and each element as a :class:`Token`."""
    order, tokens = [], {}
    for el in _parse(path):
        ident = el.get(f"{NITE}id")
        if ident is None:
            continue
        start = el.get("starttime")
        order.append(ident)
        tokens[ident] = Token(el.tag, (el.text or "").strip(), el.get("punc") == "true",
                              float(start) if start not in (None, "") else None)
    return order, tokens


def read_acts(path: Path, types: dict[str, str]) -> Iterator[tuple[str, list[tuple[str, str | None]]]]:
    """Each act of a dialogue-act file: its AMI label ("" when untyped) and its word ranges."""
    for dact in _parse(path).iter("dact"):
        label = ""
        ranges = []
        for child in dact:
            href = child.get("href", "")
            if child.tag == f"{NITE}pointer" and child.get("role") == "da-aspect":
                label = types.get(href.rsplit("#id(", 1)[-1].rstrip(")"), "")
            elif child.tag == f"{NITE}child":
                match = _RANGE.match(href)
                if match is None:
                    raise InputError(f"cannot read the word range {href!r}", path)
                ranges.append((match["first"], match["last"]))
        yield label, ranges


def meeting_acts(root: Path, meeting: Meeting, types: dict[str, str]) -> list[dict]:
    """Every typed act of one meeting with its start time, text and word count, all speakers."""
    acts = []
    for agent, role in sorted(meeting.roles.items()):
        acts_file = root / "dialogueActs" / f"{meeting.name}.{agent}.dialog-act.xml"
        if not acts_file.exists():
            continue  # a speaker who said nothing has no files
        order, tokens = read_words(root / "words" / f"{meeting.name}.{agent}.words.xml")
        index = {ident: i for i, ident in enumerate(order)}
        for label, ranges in read_acts(acts_file, types):
            span = [tokens[order[i]] for first, last in ranges for i in _range(index, first, last, acts_file)]
            starts = [t.start for t in span if t.start is not None]
            acts.append({"role": role, "label": label, "start": min(starts) if starts else float("inf"),
                         "text": act_text(span), "words": word_count(span)})
    return acts


def meeting_rows(root: Path, meeting: Meeting, types: dict[str, str]) -> list[dict]:
    """The table's rows for one meeting: acts by start time, short and untyped ones left out.

    ``position`` numbers every act of the meeting (all speakers, by start time) before any
    is left out, so a gap in the numbers shows where the conversation lost an act.
    """
    acts = sorted(meeting_acts(root, meeting, types), key=lambda a: a["start"])
    rows = []
    for position, a in enumerate(acts):
        if a["words"] < MIN_WORDS or not a["label"]:
            continue
        act = ami_act(a["label"], a["text"])
        rows.append({"meeting": meeting.name, "speaker_role": a["role"], "position": position, "text": a["text"],
                     "act": act, "style": style_of(act), "ami_label": a["label"]})
    return rows


def convert(root: str | Path, split: str = "train", meetings: Iterable[str] | None = None) -> pd.DataFrame:
    """The table of every meeting of ``split`` (``train``, ``dev``, ``test`` or ``all``) found under ``root``.

    Meetings listed in meetings.xml but absent from the download are skipped, so a partial
    download (like the one-meeting sample) converts what it has. ``meetings`` narrows the
    choice to named meetings.
    """
    root = Path(root)
    if split not in (*SPLITS, "all"):
        raise InputError(f"unknown split {split!r}; use {', '.join(SPLITS)} or all")
    catalogue = read_meetings(root / "corpusResources" / "meetings.xml")
    types = read_da_types(root / "ontologies" / "da-types.xml")
    wanted = set(meetings) if meetings is not None else None
    rows: list[dict] = []
    for name, meeting in sorted(catalogue.items()):
        if meeting.split is None or (split != "all" and meeting.split != split):
            continue
        if wanted is not None and name not in wanted:
            continue
        if not any((root / "dialogueActs").glob(f"{name}.*.dialog-act.xml")):
            continue
        rows += meeting_rows(root, meeting, types)
    return pd.DataFrame(rows, columns=list(COLUMNS))


def _range(index: dict[str, int], first: str, last: str | None, path: Path) -> range:
    try:
        return range(index[first], index[last or first] + 1)
    except KeyError as missing:
        raise InputError(f"points at word {missing} which its words file does not have", path) from None


def _parse(path: Path) -> ET.Element:
    try:
        return ET.parse(path).getroot()
    except FileNotFoundError:
        raise InputError("is missing from the AMI download", path) from None
    except ET.ParseError as exc:
        raise InputError(f"is not valid XML ({exc})", path) from None

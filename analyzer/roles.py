"""Who is who in a transcript: speaker names (``--rename``) and roles (``--manager``, ``--roles``).

The step between reading a transcript and labelling it. The manager's sentences get the
nine acts; the people being managed get the staff labels (``staff_act``); an ``other``
speaker (an observer, a facilitator) is kept in every table but counted for neither side.
So the role must be known before any sentence is labelled.

Without ``--manager`` or ``--roles`` the likely manager is guessed from the conversation
(who opens and closes it, who asks most of the questions, a speaker label such as
"Manager"), and a note says whom and why, so a wrong guess is easy to see and to fix.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from analyzer.errors import InputError
from analyzer.labels import ROLES
from analyzer.readers.encoding import decode
from analyzer.readers.speakers import match_speaker, normalise_name, speaker_key
from analyzer.transcript import Transcript, Utterance, merge_turns, printable_path

#: The columns of a ``--roles`` file; ``participant`` is optional.
ROLE_COLUMNS = ("file", "speaker", "role", "participant")

#: Speaker labels that say "manager" (a diarised or role-play file often has such labels).
_MANAGER_LABEL = re.compile(
    r"\b(manager|mgr|supervisor|team ?lead(er)?|line ?manager|coach|boss|director|head of|ward sister)\b", re.I)
#: Speaker labels that say "the person being managed".
_STAFF_LABEL = re.compile(r"\b(employee|staff|coachee|agent|report|direct report|trainee|candidate|worker)\b", re.I)
#: Questions in unpunctuated speech: the words that open one.
_QUESTION_OPENER = re.compile(
    r"\b(what|how|why|when|where|which|who|do you|did you|are you|can you|could you|would you|have you|"
    r"is there|is it|tell me)\b", re.I)
_SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


@dataclass(frozen=True)
class RoleRow:
    """One row of a ``--roles`` file."""

    file: str
    speaker: str
    role: str
    participant: str = ""


@dataclass(frozen=True)
class RoleSpec:
    """What the user said about names and roles; empty means "guess the manager".

    Frozen and made of tuples so a batch can send it to its workers and key results on it.
    """

    managers: tuple[str, ...] = ()
    renames: tuple[tuple[str, str], ...] = ()
    table: tuple[RoleRow, ...] = ()

    def key(self) -> dict[str, list]:
        """What a batch result depends on (see :meth:`analyzer.batch.work.Settings.key`)."""
        return {"managers": sorted(speaker_key(m) for m in self.managers),
                "renames": [list(pair) for pair in self.renames],
                "roles": [[r.file, r.speaker, r.role, r.participant] for r in self.table]}


def parse_renames(values: Iterable[str] | None) -> tuple[tuple[str, str], ...]:
    """``OLD=NEW`` pairs from ``--rename``; a value without ``=`` is one clear error."""
    pairs = []
    for value in values or ():
        old, sep, new = value.partition("=")
        old, new = old.strip().strip("\"'"), new.strip().strip("\"'")
        if not sep or not old or not new:
            raise InputError(f"--rename {value!r}: write OLD=NEW, e.g. --rename SPEAKER_00=\"Rachel Adeyemi\"")
        pairs.append((old, new))
    return tuple(pairs)


def read_roles_file(path: str | Path) -> tuple[RoleRow, ...]:
    """The rows of a ``--roles`` CSV (``file,speaker,role[,participant]``), checked row by row."""
    path = Path(path)
    if not path.is_file():
        raise InputError("roles file not found", path)
    reader = csv.DictReader(io.StringIO(decode(path.read_bytes(), path)))
    columns = [c.strip().casefold() for c in reader.fieldnames or []]
    missing = [c for c in ROLE_COLUMNS[:3] if c not in columns]
    if missing:
        raise InputError(f"a roles file needs the columns file,speaker,role[,participant]; missing "
                         f"{', '.join(missing)} (columns: {', '.join(reader.fieldnames or [])})", path)
    rows, bad = [], []
    for line, raw in enumerate(reader, start=2):
        cells = {k.strip().casefold(): (v or "").strip() for k, v in raw.items() if k is not None}
        if not any(cells.values()):
            continue
        role = cells.get("role", "").casefold()
        if role not in ROLES or not cells.get("file") or not cells.get("speaker"):
            bad.append(line)
            continue
        rows.append(RoleRow(cells["file"], cells["speaker"], role, cells.get("participant", "")))
    if bad:
        raise InputError(f"line{'s' if len(bad) > 1 else ''} {', '.join(map(str, bad[:8]))}: each row needs a file, "
                         f"a speaker and a role ({', '.join(ROLES)})", path)
    return tuple(rows)


def rows_for(table: Sequence[RoleRow], source: str) -> list[RoleRow]:
    """The ``--roles`` rows naming this transcript: by the path as given, or by file name."""
    name = Path(source).name
    exact = [r for r in table if r.file == source]
    return exact or [r for r in table if Path(r.file).name == name]


def _speakers(transcript: Transcript) -> list[str]:
    return list(dict.fromkeys(u.speaker for u in transcript.utterances))


def _find(wanted: str, transcript: Transcript, option: str) -> str:
    """The speaker a name means, or the one clear error that lists the speakers the file has."""
    present = _speakers(transcript)
    found = match_speaker(wanted, present)
    if found is None:
        raise InputError(f"{option} {wanted!r}: no speaker of that name; speakers are: {', '.join(present)}",
                         transcript.source)
    return found


def rename(transcript: Transcript, old: str, new: str, option: str = "--rename") -> None:
    """Give a speaker another name; onto a name already there, the two become one speaker."""
    found, new = _find(old, transcript, option), normalise_name(new)
    if found == new:
        return
    other = match_speaker(new, [s for s in _speakers(transcript) if s != found])
    target = other or new
    transcript.utterances = merge_turns([Utterance(target if u.speaker == found else u.speaker, u.text, u.start, u.end)
                                         for u in transcript.utterances])
    if other is not None:
        transcript.notes.append(f"{option} {found} → {other}: {other} was already a speaker, so their turns are "
                                "now one speaker's")
    if found in transcript.roles:
        transcript.roles[target] = transcript.roles.pop(found)


def apply_roles(transcript: Transcript, spec: RoleSpec | None = None, *, every_manager: bool = True) -> Transcript:
    """Rename speakers and give every speaker a role, in place; return the transcript.

    ``every_manager``: each ``--manager`` name must be in the file (``analyze``); in a
    batch a name only has to be in some files, as with ``--speaker``, and a file with none
    of them is that file's error.
    """
    spec = spec or RoleSpec()
    for old, new in spec.renames:
        rename(transcript, old, new)
    rows = rows_for(spec.table, transcript.source)
    if rows:
        _roles_from_table(transcript, rows)
    elif spec.managers:
        _roles_from_managers(transcript, spec.managers, every_manager)
    else:
        transcript.roles = {}
        ensure_roles(transcript)
    return transcript


def _roles_from_table(transcript: Transcript, rows: list[RoleRow]) -> None:
    named = [(_find(r.speaker, transcript, "--roles"), r) for r in rows]
    roles: dict[str, str] = {}
    for speaker, row in named:
        if row.participant:
            rename(transcript, speaker, row.participant, "--roles participant")
            speaker = match_speaker(row.participant, _speakers(transcript)) or speaker
        roles[speaker] = row.role
    unlisted = [s for s in _speakers(transcript) if s not in roles]
    transcript.roles = roles | dict.fromkeys(unlisted, "staff")
    if unlisted:
        transcript.notes.append(f"--roles names no role for {', '.join(unlisted)}: counted as staff")


def _roles_from_managers(transcript: Transcript, managers: Sequence[str], every_manager: bool) -> None:
    present = _speakers(transcript)
    if every_manager:
        chosen = {_find(m, transcript, "--manager") for m in managers}
    else:
        chosen = {found for m in managers if (found := match_speaker(m, present)) is not None}
        if not chosen:
            raise InputError(f"none of the managers {', '.join(map(repr, managers))} is in it; speakers are: "
                             f"{', '.join(present)}", transcript.source)
    transcript.roles = {s: "manager" if s in chosen else "staff" for s in present}


def ensure_roles(transcript: Transcript) -> dict[str, str]:
    """The transcript's roles; guessed (with a note saying whom and why) when none were given."""
    present = _speakers(transcript)
    if transcript.roles and set(present) <= set(transcript.roles):
        return transcript.roles
    if not present:
        transcript.roles = {}
        return transcript.roles
    manager, why = guess_manager(transcript)
    transcript.roles = {s: "manager" if s == manager else "staff" for s in present}
    others = ", ".join(s for s in present if s != manager)
    if others:
        transcript.notes.append(f"manager guessed: {manager} ({why}); {others} counted as staff. If that is wrong, "
                                f"name the manager with --manager NAME")
    else:
        transcript.notes.append(f"{manager} is the only speaker, so is taken as the manager")
    return transcript.roles


def question_counts(utterances: Sequence[Utterance]) -> Counter:
    """Questions asked per speaker: sentences ending in "?", or, in speech with no question
    marks at all (a recogniser's output), the words that open a question."""
    marked = any("?" in u.text for u in utterances)
    counts: Counter = Counter()
    for u in utterances:
        if marked:
            counts[u.speaker] += sum(s.rstrip().endswith("?") for s in _SENTENCE_END.split(u.text))
        else:
            counts[u.speaker] += len(_QUESTION_OPENER.findall(u.text))
    return counts


def guess_manager(transcript: Transcript) -> tuple[str, str]:
    """The speaker most likely to be the manager, and the reasons in words.

    Evidence, strongest first: a label that says so ("Manager", "Team lead"; one that says
    "Employee" or "Agent" counts against), then the share of the questions asked, then
    opening and closing the conversation. A one-to-one's manager usually opens, closes and
    asks; a meeting's chair does the same across several people.
    """
    utterances = transcript.utterances
    present = _speakers(transcript)
    questions = question_counts(utterances)
    marked = any("?" in u.text for u in utterances)
    total_q = sum(questions.values())
    first, last = utterances[0].speaker, utterances[-1].speaker

    def evidence(name: str) -> tuple[float, list[str]]:
        score, why = 0.0, []
        if _MANAGER_LABEL.search(name):
            score, why = score + 5, [*why, "the name says manager"]
        elif _STAFF_LABEL.search(name):
            score -= 5
        if total_q:
            share = questions[name] / total_q
            score += 3 * share
            if questions[name]:
                why.append(f"asks {questions[name]} of the {total_q} questions" if marked else
                           f"says {questions[name]} of the {total_q} words that open a question")
        if name == first:
            score, why = score + 1, [*why, "opens"]
        if name == last:
            score, why = score + 1, [*why, "closes"]
        return score, why

    scored = {name: evidence(name) for name in present}
    best = max(present, key=lambda n: scored[n][0])  # max keeps the first of equals: who spoke first
    why = scored[best][1]
    return best, ", ".join(why) if why else "the first to speak"


def describe(roles: dict[str, str]) -> str:
    """``Priya Shah (manager), Daniel Okafor (staff)`` for notes and messages."""
    return ", ".join(f"{name} ({role})" for name, role in roles.items())


def roles_file_note(rows: Sequence[RoleRow], files: Iterable[str]) -> str | None:
    """A note when ``--roles`` names files this batch does not have (a typo in a path)."""
    names = {printable_path(Path(f).name) for f in files} | {printable_path(f) for f in files}
    unknown = sorted({r.file for r in rows if r.file not in names and Path(r.file).name not in names})
    if not unknown:
        return None
    return f"--roles names file(s) not in this batch: {', '.join(unknown[:5])}{', ...' if len(unknown) > 5 else ''}"

"""Write the bundled sample transcripts from the gold sentence tables.

Each file in ``data/samples/gold/`` is one conversation, one row per sentence
(``turn,speaker,start,end,sentence,act,staff_act``; ``act`` is filled for the manager only,
``staff_act`` for everyone else: see docs/labelling-guide.md). This
script joins each turn's sentences and writes the conversation in the transcript formats
listed in ``PLAN``, the way the real tools export them, plus ``data/samples/MANIFEST.csv``.

The output is deterministic (same bytes on every run), so rerunning it is safe and a diff
after rerunning means the gold tables or this script changed:

    python scripts/make_samples.py            # write the transcripts and MANIFEST.csv
    python scripts/make_samples.py --counts   # print the gold act counts, write nothing
"""

from __future__ import annotations

import csv
import io
import json
import math
import sys
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
GOLD = SAMPLES / "gold"
MANIFEST = SAMPLES / "MANIFEST.csv"

sys.path.insert(0, str(ROOT))
from analyzer.errors import InputError  # noqa: E402
from analyzer.labels import ACTS, ADVICE_ACTS, QUESTION_ACTS, STAFF_ACTS  # noqa: E402

GOLD_COLUMNS = ["turn", "speaker", "start", "end", "sentence", "act", "staff_act"]
#: Subtitle-style formats cut a long turn into cues of at most this many words.
MAX_CUE_WORDS = 20
#: Fixed dates so the .docx files (and their "meeting date" line) never change.
DOCX_MEETING = datetime(2024, 11, 12, 9, 30)
UUID_NAMESPACE = uuid.UUID("6f1c0a52-3d47-4b8e-9a61-2c5e7d8f9b10")


@dataclass(frozen=True)
class Turn:
    speaker: str
    start: float
    end: float
    sentences: tuple[str, ...]
    acts: tuple[str, ...]  # gold act per sentence; "" for everyone but the manager

    @property
    def text(self) -> str:
        return " ".join(self.sentences)


@dataclass(frozen=True)
class Cue:
    speaker: str
    start: float
    end: float
    text: str


@dataclass(frozen=True)
class Conversation:
    name: str
    manager: str
    turns: tuple[Turn, ...]


# --------------------------------------------------------------------------- gold


def read_gold(path: Path) -> Conversation:
    """Read and check one gold table; raise InputError naming the file and the row."""
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != GOLD_COLUMNS:
            raise InputError(f"header must be {','.join(GOLD_COLUMNS)}, got {reader.fieldnames}", path)
        rows = list(reader)
    if not rows:
        raise InputError("no rows", path)

    turns: list[Turn] = []
    labelled: set[str] = set()
    unlabelled: set[str] = set()
    for line, row in enumerate(rows, start=2):
        where = f"line {line}"
        try:
            index, start, end = int(row["turn"]), float(row["start"]), float(row["end"])
        except ValueError:
            raise InputError(f"{where}: turn, start and end must be numbers", path) from None
        speaker, sentence, act = row["speaker"].strip(), row["sentence"].strip(), row["act"].strip()
        staff_act = row["staff_act"].strip()
        if not speaker or not sentence:
            raise InputError(f"{where}: empty speaker or sentence", path)
        if act and act not in ACTS:
            raise InputError(f"{where}: unknown act {act!r}; expected one of {', '.join(ACTS)}", path)
        if bool(act) == bool(staff_act) or (staff_act and staff_act not in STAFF_ACTS):
            raise InputError(f"{where}: a sentence has an act (the manager's) or a staff_act (everyone else's: "
                             f"{', '.join(STAFF_ACTS)}), not both or neither", path)
        (labelled if act else unlabelled).add(speaker)
        if turns and index == len(turns) - 1:
            prev = turns[-1]
            if (speaker, start, end) != (prev.speaker, prev.start, prev.end):
                raise InputError(f"{where}: speaker, start and end must be the same for the whole turn", path)
            turns[-1] = Turn(prev.speaker, prev.start, prev.end, (*prev.sentences, sentence), (*prev.acts, act))
            continue
        if index != len(turns):
            raise InputError(f"{where}: turn {index} out of order; expected {len(turns)}", path)
        if turns and speaker == turns[-1].speaker:
            raise InputError(f"{where}: turn {index} has the same speaker as the turn before it", path)
        if end <= start or (turns and start < turns[-1].end):
            raise InputError(f"{where}: turn {index} times overlap or run backwards", path)
        turns.append(Turn(speaker, start, end, (sentence,), (act,)))

    if len(labelled) != 1:
        raise InputError(f"acts must be given for exactly one speaker (the manager), found {sorted(labelled)}", path)
    if labelled & unlabelled:
        raise InputError(f"the manager {next(iter(labelled))!r} has sentences without an act", path)
    return Conversation(path.stem, labelled.pop(), tuple(turns))


# --------------------------------------------------------------------------- cues


def split_cues(turn: Turn, max_words: int = MAX_CUE_WORDS) -> list[Cue]:
    """Cut a turn into cues of at most ``max_words`` words, times shared out by word count.

    Like Zoom and Teams captions, a cut can fall mid-sentence; the cues of one turn are
    consecutive and carry the same speaker, so a reader merges them back into the turn.
    """
    words = turn.text.split()
    n = math.ceil(len(words) / max_words)
    bounds = [round(k * len(words) / n) for k in range(n + 1)]
    span = turn.end - turn.start
    return [
        Cue(
            turn.speaker,
            round(turn.start + span * a / len(words), 3),
            round(turn.start + span * b / len(words), 3),
            " ".join(words[a:b]),
        )
        for a, b in pairwise(bounds)
    ]


def all_cues(conv: Conversation) -> list[Cue]:
    return [cue for turn in conv.turns for cue in split_cues(turn)]


# --------------------------------------------------------------------------- time formats


def _hmsms(seconds: float) -> tuple[int, int, int, int]:
    ms = round(seconds * 1000)
    return ms // 3_600_000, ms // 60_000 % 60, ms // 1000 % 60, ms % 1000


def clock(seconds: float, sep: str = ".") -> str:
    """00:01:05.200 (WebVTT) or, with sep=",", 00:01:05,200 (SubRip)."""
    h, m, s, ms = _hmsms(seconds)
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def teams_clock(seconds: float) -> str:
    """0:1:5.200: Teams and Stream write hours, minutes and seconds unpadded."""
    h, m, s, ms = _hmsms(seconds)
    return f"{h}:{m}:{s}.{ms:03d}"


def short_clock(seconds: float) -> str:
    """1:05, or 1:01:05 past the hour, as Otter and the Teams .docx show turn starts."""
    h, m, s, _ = _hmsms(seconds)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


# --------------------------------------------------------------------------- writers


def write_text(conv: Conversation) -> bytes:
    return "".join(f"{t.speaker}: {t.text}\n" for t in conv.turns).encode("utf-8")


def write_zoom_vtt(conv: Conversation) -> bytes:
    blocks = [
        f"{i}\n{clock(c.start)} --> {clock(c.end)}\n{c.speaker}: {c.text}\n"
        for i, c in enumerate(all_cues(conv), start=1)
    ]
    return ("WEBVTT\n\n" + "\n".join(blocks)).encode("utf-8")


def write_teams_vtt(conv: Conversation) -> bytes:
    """Teams: uuid-like cue ids, unpadded times, voice tags, UTF-16 LE with a BOM, CRLF."""
    blocks = []
    for i, turn in enumerate(conv.turns):
        guid = uuid.uuid5(UUID_NAMESPACE, f"{conv.name}/{i}")
        for k, c in enumerate(split_cues(turn)):
            blocks.append(
                f"{guid}/{i + 1}-{k}\r\n{teams_clock(c.start)} --> {teams_clock(c.end)}\r\n"
                f"<v {c.speaker}>{c.text}</v>\r\n"
            )
    text = "WEBVTT\r\n\r\n" + "\r\n".join(blocks)
    return b"\xff\xfe" + text.encode("utf-16-le")


def write_srt(conv: Conversation) -> bytes:
    blocks = [
        f"{i}\n{clock(c.start, ',')} --> {clock(c.end, ',')}\n{c.speaker}: {c.text}\n"
        for i, c in enumerate(all_cues(conv), start=1)
    ]
    return "\n".join(blocks).encode("utf-8")


def write_otter(conv: Conversation) -> bytes:
    return "".join(f"{t.speaker}  {short_clock(t.start)}\n{t.text}\n\n" for t in conv.turns).encode("utf-8")


def _dump_json(data: object) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def write_whisper(conv: Conversation) -> bytes:
    """WhisperX-style: segments of one cue each, the speaker already mapped to a name."""
    segments = [{"start": c.start, "end": c.end, "speaker": c.speaker, "text": " " + c.text} for c in all_cues(conv)]
    return _dump_json({"segments": segments, "language": "en"})


def write_json(conv: Conversation) -> bytes:
    return _dump_json([{"speaker": t.speaker, "text": t.text, "start": t.start, "end": t.end} for t in conv.turns])


def write_csv(conv: Conversation) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["speaker", "text", "start", "end"])
    writer.writerows([t.speaker, t.text, f"{t.start:.2f}", f"{t.end:.2f}"] for t in conv.turns)
    return buf.getvalue().encode("utf-8")


def write_docx(conv: Conversation) -> bytes:
    """A Teams transcript download: title, meeting date, then ``Name   0:03`` and the text."""
    from docx import Document

    doc = Document()
    doc.add_paragraph("Transcript")
    when = DOCX_MEETING
    doc.add_paragraph(
        f"{when:%B} {when.day}, {when.year}, {when.hour % 12 or 12}:{when:%M}{'AM' if when.hour < 12 else 'PM'}"
    )
    for t in conv.turns:
        doc.add_paragraph(f"{t.speaker}   {short_clock(t.start)}")
        doc.add_paragraph(t.text)
    props = doc.core_properties
    props.title = conv.name
    props.author = props.last_modified_by = "make_samples.py"
    props.revision = 1
    props.created = props.modified = DOCX_MEETING
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """Rewrite a zip with fixed member timestamps: python-docx stamps them with 'now'."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=DOCX_MEETING.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info))
    return out.getvalue()


# --------------------------------------------------------------------------- plan

Writer = Callable[[Conversation], bytes]

#: (gold conversation, output file, manifest format, writer): every format at least
#: once, every conversation in at least two formats.
PLAN: list[tuple[str, str, str, Writer]] = [
    ("coaching_one_to_one", "coaching_one_to_one.vtt", "vtt", write_zoom_vtt),
    ("coaching_one_to_one", "coaching_one_to_one.docx", "docx", write_docx),
    ("coaching_one_to_one", "coaching_one_to_one.csv", "csv", write_csv),
    ("directive_one_to_one", "directive_one_to_one_teams.vtt", "vtt", write_teams_vtt),
    ("directive_one_to_one", "directive_one_to_one_otter.txt", "otter", write_otter),
    ("directive_one_to_one", "directive_one_to_one.srt", "srt", write_srt),
    ("team_meeting_mixed", "team_meeting_mixed.txt", "text", write_text),
    ("team_meeting_mixed", "team_meeting_mixed.json", "json", write_json),
    ("team_meeting_mixed", "team_meeting_mixed_teams.vtt", "vtt", write_teams_vtt),
    ("asr_call_centre", "asr_call_centre_whisper.json", "json", write_whisper),
    ("asr_call_centre", "asr_call_centre.vtt", "vtt", write_zoom_vtt),
]


def count_table(conversations: dict[str, Conversation]) -> str:
    """The manager's gold act counts per conversation, with the report figures, as Markdown."""
    names = list(conversations)
    lines = ["| | " + " | ".join(f"`{n}`" for n in names) + " |", "|---" * (len(names) + 1) + "|"]

    def row(label: str, values: list[object]) -> None:
        lines.append(f"| {label} | " + " | ".join(str(v) for v in values) + " |")

    acts = {n: [a for t in c.turns for a in t.acts if a] for n, c in conversations.items()}
    row("manager", [conversations[n].manager for n in names])
    row("turns", [len(conversations[n].turns) for n in names])
    row("manager sentences", [len(acts[n]) for n in names])
    for act in ACTS:
        row(f"`{act}`", [acts[n].count(act) for n in names])
    row("**questions**", [sum(a in QUESTION_ACTS for a in acts[n]) for n in names])
    row("**advice**", [sum(a in ADVICE_ACTS for a in acts[n]) for n in names])
    return "\n".join(lines) + "\n"


def _write_if_changed(path: Path, data: bytes) -> bool:
    if path.exists() and path.read_bytes() == data:
        return False
    path.write_bytes(data)
    return True


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args not in ([], ["--counts"]):
        print("usage: python scripts/make_samples.py [--counts]", file=sys.stderr)
        return 2
    try:
        conversations = {name: read_gold(GOLD / f"{name}.csv") for name in dict.fromkeys(c for c, *_ in PLAN)}
    except (InputError, OSError) as exc:
        print(f"make_samples: {exc}", file=sys.stderr)
        return 1
    if args == ["--counts"]:
        sys.stdout.write(count_table(conversations))
        return 0

    manifest = io.StringIO()
    writer = csv.writer(manifest, lineterminator="\n")
    writer.writerow(["file", "conversation", "format", "manager"])
    changed = 0
    for name, filename, fmt, write in PLAN:
        conv = conversations[name]
        changed += _write_if_changed(SAMPLES / filename, write(conv))
        writer.writerow([filename, name, fmt, conv.manager])
    changed += _write_if_changed(MANIFEST, manifest.getvalue().encode("utf-8"))
    print(
        f"make_samples: {len(PLAN)} transcripts from {len(conversations)} gold conversations, "
        f"{changed} file(s) changed",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

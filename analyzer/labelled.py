"""Reading labelled sentences for training and evaluation, with row-exact errors.

Users label their own sentences in a spreadsheet, so mistakes are expected. Every
problem is reported with the file and the spreadsheet row numbers (the header is row 1),
all problems of one kind at once, before any training starts.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd

from analyzer.errors import InputError
from analyzer.labels import ACT_STYLE, ACTS, STAFF_ACTS, STYLES
from analyzer.readers.csv_table import header_delimiter
from analyzer.readers.encoding import decode, read_bytes
from analyzer.safe_csv import unescape_frame
from analyzer.transcript import MAX_TURN_CHARS, printable_path

MAX_LISTED = 8
#: Columns read when present, whatever the heading's case: see the labelling guide.
OPTIONAL_COLUMNS = ("split", "group", "variant")
#: The labels each target allows: the manager's acts, their styles, or the staff labels.
TARGET_LABELS: dict[str, tuple[str, ...]] = {"act": ACTS, "style": STYLES, "staff_act": STAFF_ACTS}
#: Staff labels that are not also acts: one of them marks a column of staff labels.
_STAFF_ONLY = frozenset(STAFF_ACTS) - frozenset(ACTS)
#: What a ``split`` cell may say (case and spaces aside); empty means ``train``.
SPLITS = ("train", "test", "")


def _rows(idx: Sequence[int]) -> str:
    """Spreadsheet row numbers (the frame's index, see :func:`_without_empty_rows`), shortened."""
    nums = [str(i) for i in idx[:MAX_LISTED]]
    more = f" and {len(idx) - MAX_LISTED} more" if len(idx) > MAX_LISTED else ""
    return f"row{'s' if len(idx) > 1 else ''} {', '.join(nums)}{more}"


def _warn(message: str) -> None:
    warnings.warn(message, stacklevel=3)


def _default_label_column(frame: pd.DataFrame, path: Path, on_note: Callable[[str], None]) -> str:
    """``act`` if present, else ``style``; but ``style`` when ``act`` is left entirely empty.

    ``suggest`` writes an empty ``act`` column, and docs/models.md invites labelling styles
    instead: a person who adds a ``style`` column and fills only that means the styles.
    """
    if "act" not in frame.columns:
        if "style" not in frame.columns and "staff_act" in frame.columns:
            return "staff_act"
        return "style" if "style" in frame.columns else "act"
    act_empty = (frame["act"].str.strip() == "").all()
    if act_empty and "style" in frame.columns and (frame["style"].str.strip() != "").any():
        on_note(f"{printable_path(path)}: the act column is empty, so the labels come from the style column")
        return "style"
    return "act"


def read_labelled_csv(path: str | Path, text_column: str = "text", label_column: str | None = None,
                      on_note: Callable[[str], None] = _warn) -> pd.DataFrame:
    """One labelled file as a frame with ``text``, ``label``, ``target`` and any extra columns kept.

    Without ``label_column`` the ``act`` column is used, else ``style`` (see
    :func:`_default_label_column`). What the column
    holds (``target``) follows from the column, never from a stray value in it: see
    :func:`_column_target`.
    """
    path = Path(path)
    if path.is_dir():
        raise InputError("is a folder; give the labelled CSV file(s) in it", path)
    text = decode(read_bytes(path, "a labelled sheet"), path)  # a non-UTF-8 file: its line and how to save it as UTF-8
    frame = read_sheet(text, path, text_column, skip_blank_lines=False)
    frame = plain_column_names(frame, (text_column, label_column or "act", "act", "style", "staff_act",
                                       *OPTIONAL_COLUMNS))
    if label_column is None:
        label_column = _default_label_column(frame, path, on_note)
    if label_column == text_column:
        raise InputError(f"--text-column and --label-column both name {text_column!r}; the labels need a "
                         "column of their own", path)
    missing = [c for c in (text_column, label_column) if c not in frame.columns]
    if missing:
        raise InputError(_missing_columns(missing, frame.columns, path), path)
    # A column already called ``text`` or ``label`` beside the ones chosen would be doubled
    # by the rename below; the chosen ones are what the person asked for.
    chosen = {text_column: "text", label_column: "label"}
    frame = frame.drop(columns=[c for c in ("text", "label") if c in frame.columns and c not in chosen])
    frame = _without_empty_rows(frame.rename(columns=chosen))
    frame["text"] = frame["text"].str.strip()
    if "split" in frame.columns:
        frame["split"] = frame["split"].str.strip().str.casefold()
    frame["label"] = frame["label"].map(normalise_label)
    target = _column_target(label_column, frame["label"])
    frame = _this_sides_rows(frame, target, path, on_note)
    _check_rows(frame, path, target, label_column)
    frame["target"] = target
    frame["source"] = str(path)
    frame["source_row"] = frame.index
    return frame.reset_index(drop=True)


def _this_sides_rows(frame: pd.DataFrame, target: str, path: Path, on_note: Callable[[str], None]) -> pd.DataFrame:
    """In a sheet of both sides (``analyzer serve``'s download, a conversation), the rows the
    model being trained learns from: the manager's for acts and styles, the others' for
    ``staff_act``.

    Such a sheet labels every sentence, each in its side's column, so an empty label there
    is the other side's sentence, not a slip to fix. A ``role`` column says whose each row
    is; without one, a row whose label is empty but whose other side's column is filled is.
    """
    if "role" in frame.columns:
        mine = (frame["role"].str.strip() == "manager") == (target != "staff_act")
        theirs = ~mine & (frame["label"] == "")
    else:
        other = "act" if target == "staff_act" else "staff_act"
        if other not in frame.columns:
            return frame
        theirs = (frame["label"] == "") & (frame[other].str.strip() != "")
    if theirs.any():
        side = "the manager's" if target == "staff_act" else "the other speakers'"
        on_note(f"{printable_path(path)}: {int(theirs.sum())} rows are {side} sentences, not labelled in this "
                "column: left out")
    return frame[~theirs]


#: A heading as people type them in a spreadsheet: a few words, no sentence punctuation.
_HEADING = re.compile(r"[\w .()/#;\t-]{1,40}")
_HEADING_WORDS = 4


def _missing_columns(missing: Sequence[str], columns: Sequence[str], path: Path) -> str:
    """Which columns are missing, and which the sheet has when its first row is headings.

    A transcript given to ``train`` has a line of speech where the headings should be; the
    error once listed it as the "columns", showing a confidential line on the terminal and
    in logs. The headings are shown only when every one looks like a heading.
    """
    wanted = ", ".join(map(repr, missing))
    headings = [str(c).strip() for c in columns]
    if path.suffix.lower() in (".csv", ".tsv") and all(
            _HEADING.fullmatch(h) and len(h.split()) <= _HEADING_WORDS for h in headings):
        return f"missing column(s) {wanted} (columns: {', '.join(headings)}); use --text-column / --label-column"
    return (f"missing column(s) {wanted}: its first row is not a row of column headings; `train` reads labelled "
            "CSV sheets (a text column and an act or style column, see docs/labelling-guide.md); to analyse a "
            "transcript use `analyzer analyze`")


def read_sheet(text: str, source: str | Path, text_column: str, skip_blank_lines: bool = True) -> pd.DataFrame:
    """A CSV someone saved from a spreadsheet or typed by hand, every cell a string.

    The delimiter is the one under which the header names ``text_column``. A row with more
    cells than the header is refused, naming it: it is almost always a comma inside a text
    typed without quotes, and pandas would otherwise take the first such row's first cell
    as a row label, shifting that row's cells one column left without a word.
    """
    sep = header_delimiter(text.split("\n", 1)[0], text_column) or ","
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False,
                                skip_blank_lines=skip_blank_lines, index_col=False)
    except pd.errors.ParserWarning:  # only the first data row's extra cells get this far
        raise InputError(_extra_cells(text, sep, 2), source) from None
    except pd.errors.ParserError as exc:
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", str(exc))
        if found:
            raise InputError(_extra_cells(text, sep, int(found[2])), source) from None
        raise InputError(f"is not a readable CSV file ({str(exc).splitlines()[0][:100]})", source) from None
    except pd.errors.EmptyDataError:
        raise InputError("is empty: a CSV needs a header row and one row per text", source) from None
    _refuse_duplicate_headings(text, sep, source)
    return unescape_frame(frame)  # cells the analyzer escaped for spreadsheets (safe_csv) read as written


def _refuse_duplicate_headings(text: str, sep: str, source: str | Path) -> None:
    """Two columns with one heading (``text,act,act``): which one is meant cannot be known.

    pandas renames the second ``act.1`` and the first was used without a word, or, for
    ``text,text,act``, the error blamed the labels. Headings are compared as they are
    looked up (case and spaces aside); empty headings (blank columns) do not count.
    """
    header = next(csv.reader(io.StringIO(text), delimiter=sep), [])
    seen: dict[str, str] = {}
    for heading in header:
        key = heading.strip().casefold()
        if key and key in seen:
            raise InputError(f"has two columns headed {heading.strip()!r}; rename or delete one so it is clear "
                             "which to read", source)
        seen[key] = heading


def _extra_cells(text: str, sep: str, line: int) -> str:
    """The error for a line with more cells than the header."""
    header = next(csv.reader([text.split("\n", 1)[0]], delimiter=sep), [])
    name = {",": "commas", ";": "semicolons", "\t": "tabs"}.get(sep, repr(sep))
    return (f"line {line} has more cells than the header's {len(header)}; put a text that holds {name} in "
            'double quotes ("...") or save the sheet from Excel as CSV')


def plain_column_names(frame: pd.DataFrame, wanted: Sequence[str]) -> pd.DataFrame:
    """Name the columns we look for as we spell them: a heading typed ``Act`` or `` Text ``
    in Excel is the ``act`` or ``text`` column (an exact heading always wins)."""
    renames = {}
    for name in wanted:
        if name not in frame.columns:
            found = [c for c in frame.columns if c.strip().casefold() == name.casefold() and c not in renames]
            if len(found) == 1:
                renames[found[0]] = name
    return frame.rename(columns=renames)


def normalise_label(label: str) -> str:
    """A known label however it was typed (``Open question``, ``INSTRUCTION``, ``open-question``).

    Anything else is returned stripped but otherwise as typed, so errors quote it.
    """
    label = label.strip()
    folded = re.sub(r"[\s_-]+", "_", label.casefold())
    return folded if folded in ACT_STYLE or folded in STYLES or folded in STAFF_ACTS else label


def _without_empty_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Index rows by their spreadsheet row number (header = 1), then drop rows with no cell filled.

    Excel leaves ``,,,,`` rows behind when cells are cleared rather than deleted; they
    hold nothing to learn or to fix. Blank lines are kept while reading so the numbers
    stay the ones the person sees in Excel.
    """
    frame = frame.set_axis(range(2, len(frame) + 2))
    filled = frame.apply(lambda column: column.str.strip() != "").any(axis=1)
    return frame[filled]


def _column_target(column: str, labels: pd.Series) -> str:
    """"act", "style" or "staff_act": what a label column holds.

    Decided by the column so that one style word typed into the ``act`` column is an error
    to fix, not a silent switch of the whole training (corpus included) to styles. A
    column named ``act``, ``style`` or ``staff_act`` holds those; any other column
    (``--label-column``) holds staff labels if one of its values is a staff-only label
    (``own_option``...) and none a manager-only act, else acts if any value is an act,
    else styles.
    """
    if column in TARGET_LABELS:
        return column
    if labels.isin(_STAFF_ONLY).any() and not labels.isin(frozenset(ACTS) - frozenset(STAFF_ACTS)).any():
        return "staff_act"
    return "act" if labels.isin(ACTS).any() else "style"


def _check_rows(frame: pd.DataFrame, path: Path, target: str = "act", column: str = "act") -> None:
    """Refuse bad rows, naming every kind of problem at once with its rows.

    A labelling sheet comes back from Excel with several kinds of slip at once; naming one
    kind per run sent people round the fix-and-rerun loop once per kind.
    """
    if frame.empty:
        raise InputError("has no data rows", path)
    if len(frame) > 1 and (frame["label"] == "").all():
        raise InputError(f"no label in any row: the {column!r} column is empty (fill it in, or put styles in a "
                         "`style` column, or name the labels' column with --label-column)", path)
    problems = [problem for problem in (_empty_text(frame), _too_long(frame), _blank_labels(frame),
                                        _unknown_labels(frame, target), _wrong_kind(frame, target, column),
                                        _unknown_splits(frame)) if problem]
    if len(problems) == 1:
        raise InputError(problems[0], path)
    if problems:
        raise InputError(f"{len(problems)} kinds of bad rows: " + " | ".join(problems), path)


def _empty_text(frame: pd.DataFrame) -> str | None:
    rows = list(frame.index[frame["text"] == ""])
    return f"empty text in {_rows(rows)}" if rows else None


def _too_long(frame: pd.DataFrame) -> str | None:
    rows = list(frame.index[frame["text"].str.len() > MAX_TURN_CHARS])
    return (f"text over {MAX_TURN_CHARS:,} characters in {_rows(rows)}; each row should be one labelled sentence"
            if rows else None)


def _blank_labels(frame: pd.DataFrame) -> str | None:
    rows = list(frame.index[frame["label"] == ""])
    return f"no label in {_rows(rows)} (fill them in or delete the rows)" if rows else None


def _unknown_labels(frame: pd.DataFrame, target: str = "act") -> str | None:
    # Staff labels in an act column are named by _wrong_kind, not as unknown.
    known = set(STAFF_ACTS) if target == "staff_act" else set(ACTS) | set(STYLES) | set(STAFF_ACTS)
    known.add("")
    rows = list(frame.index[~frame["label"].isin(known)])
    if not rows:
        return None
    bad = sorted(set(frame.loc[rows, "label"]))[:5]
    if target == "staff_act":
        return (f"unknown label(s) {', '.join(map(repr, bad))} in {_rows(rows)}; staff labels are "
                f"{', '.join(STAFF_ACTS)} (the guide's 'The other side')")
    return (f"unknown label(s) {', '.join(map(repr, bad))} in {_rows(rows)}; "
            f"labels are the 9 acts ({', '.join(ACTS)}) or the 3 styles")


def _unknown_splits(frame: pd.DataFrame) -> str | None:
    """A ``split`` other than train or test: "holdout" or "dev" would otherwise train silently."""
    if "split" not in frame.columns:
        return None
    rows = list(frame.index[~frame["split"].isin(SPLITS)])
    if not rows:
        return None
    bad = sorted(set(frame.loc[rows, "split"]))[:5]
    return f"split {', '.join(map(repr, bad))} in {_rows(rows)}; a split is test (held out) or train (or empty)"


def _wrong_kind(frame: pd.DataFrame, target: str, column: str) -> str | None:
    """Styles in an act column, acts in a style column, or staff labels among acts, naming the rows."""
    if target == "staff_act":
        rows = list(frame.index[frame["label"].isin((set(ACTS) | set(STYLES)) - set(STAFF_ACTS))])
        if not rows:
            return None
        bad = sorted(set(frame.loc[rows, "label"]))[:5]
        return (f"{_rows(rows)}: {', '.join(map(repr, bad))} label the manager; the {column!r} column needs one "
                f"of the staff labels ({', '.join(STAFF_ACTS)})")
    staff = list(frame.index[frame["label"].isin(_STAFF_ONLY)])
    if staff:
        bad = sorted(set(frame.loc[staff, "label"]))[:5]
        return (f"{_rows(staff)}: {', '.join(map(repr, bad))} label the person being managed; put staff labels "
                "in a `staff_act` column (--label-column staff_act)")
    wrong = STYLES if target == "act" else ACTS
    rows = list(frame.index[frame["label"].isin(wrong)])
    if not rows:
        return None
    bad = sorted(set(frame.loc[rows, "label"]))[:5]
    kind = "style" if target == "act" else "act"
    is_are = f"is {'a' if kind == 'style' else 'an'} {kind}" if len(bad) == 1 else f"are {kind}s"
    if target == "act":
        need = "one of the nine acts, or put styles in a `style` column"
    else:
        need = f"one of the styles ({', '.join(STYLES)}), or put acts in an `act` column"
    return f"{_rows(rows)}: {', '.join(map(repr, bad))} {is_are}; the {column!r} column needs {need}"


def _conflicts(frame: pd.DataFrame) -> str | None:
    """Describe texts labelled two different ways (after case and space folding)."""
    key = frame["text"].str.casefold().str.split().str.join(" ")
    style = frame["label"].map(lambda lab: ACT_STYLE.get(lab, lab))
    compare = frame["label"] if frame["target"].iloc[0] in ("act", "staff_act") else style
    groups = compare.groupby(key).nunique()
    bad_keys = set(groups.index[groups > 1])
    if not bad_keys:
        return None
    hits = frame[key.isin(bad_keys)]
    where = [f"{Path(s).name} row {r}" for s, r in zip(hits["source"], hits["source_row"], strict=True)][:MAX_LISTED]
    return f"the same sentence has different labels: {', '.join(where)}"


def load_labelled(
    paths: Sequence[str | Path], text_column: str = "text", label_column: str | None = None,
    on_note: Callable[[str], None] = _warn,
) -> pd.DataFrame:
    """Combine labelled files; decide whether the target is acts or styles.

    Each file's label column says what it holds (see :func:`_column_target`). If every
    file holds acts, the model learns acts. If some file holds only styles, acts cannot be
    learnt from it, so the acts of the other files are mapped to their style and the
    model learns styles (act figures then read as unavailable rather than guessed);
    ``on_note`` is told so, naming the style files, because that throws away act labels.
    """
    if not paths:
        raise InputError("no labelled files given")
    files = [read_labelled_csv(p, text_column, label_column, on_note) for p in paths]
    staff_files = [f for f in files if f["target"].iloc[0] == "staff_act"]
    if staff_files and len(staff_files) < len(files):
        raise InputError("some files hold staff labels (staff_act) and others the manager's acts or styles; "
                         "a model learns one of them: train each on its own files")
    if staff_files:
        frame = pd.concat(files, ignore_index=True)
        frame["target"] = "staff_act"
        return _finish(frame, paths)
    style_files = [Path(str(f["source"].iloc[0])).name for f in files if f["target"].iloc[0] == "style"]
    frame = pd.concat(files, ignore_index=True)
    target = "style" if style_files else "act"
    if target == "style":
        if len(style_files) < len(files):
            on_note(f"{', '.join(style_files)} label{'s' if len(style_files) == 1 else ''} styles only, so the model "
                    "learns styles: the acts of the other files count as their style and act figures (questions, "
                    "advice) will read 'unavailable'; label acts in every file to keep them")
        frame["label"] = frame["label"].map(lambda lab: ACT_STYLE.get(lab, lab))
    frame["target"] = target
    return _finish(frame, paths)


def _finish(frame: pd.DataFrame, paths: Sequence[str | Path]) -> pd.DataFrame:
    """Refuse conflicting labels; give rows without group, split or variant the defaults."""
    problem = _conflicts(frame)
    if problem:
        raise InputError(problem, paths[0] if len(paths) == 1 else None)
    # A file without these columns (a user's own sentences beside the corpus) leaves NaN
    # in its rows after the concat: those rows get the defaults, as a file of its own would.
    for column, default in (("group", ""), ("split", "train"), ("variant", "")):
        frame[column] = frame[column].fillna(default) if column in frame.columns else default
    return frame

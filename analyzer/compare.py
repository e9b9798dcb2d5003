"""Before and after, per participant: did each manager coach more after the course?

Two ``score`` output folders (or transcript folders, scored first) go in; out comes, for
every participant found on both sides, the change in each figure, and for the cohort the
median change with a bootstrap confidence interval and a Wilcoxon signed-rank test.

Choices, and why:

- A participant's files on one side are pooled: their counts are added up before a share
  is taken, so three short meetings weigh what one long one does, not three times as much.
- Every figure is compared as a share, in percentage points. The question-to-advice ratio is
  compared as its matching share, questions ÷ (questions + advice): a ratio has no value
  when there is no advice and is 0 when there are no questions, and going from 0 questions
  to some is the very change a course hopes for.
- A share on fewer than :data:`MIN_COUNT` sentences is "not enough to say"; a figure not
  enough to say on either side is left out of that participant's change, with a note.
  Figures per 10 minutes need times: a side without them is "not available".
- Both sides must be scored by the same model (read from each file's result): a change of
  model moves the figures by itself.
- Participants found on one side only are listed, never dropped.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from analyzer.batch.store import SUMMARY_FILE, is_batch_output, iter_results, read_table
from analyzer.errors import InputError
from analyzer.readers.speakers import normalise_name, speaker_key
from analyzer.roles import RoleRow, read_roles_file

#: Fewer sentences than this under a share: "not enough to say".
MIN_COUNT = 3
#: Bootstrap resamples for the confidence interval of the median change, and its level.
BOOTSTRAP = 4000
CONFIDENCE = 0.95
SEED = 23
COMPARE_CSV = "compare.csv"
COMPARE_HTML = "compare.html"
CSV_COLUMNS = ("kind", "participant", "figure", "before", "after", "change", "n", "ci_low", "ci_high",
               "p_value", "note")


@dataclass(frozen=True)
class FigureSpec:
    """A figure compared before and after.

    A share is ``numerator ÷ denominator`` of summed summary columns; a mean figure is the
    mean of one summary column over the participant's files (conversation figures that are
    already rates). ``better`` is +1 when a rise is the coaching direction, -1 when a fall is.
    """

    key: str
    label: str
    numerator: tuple[str, ...] = ()
    denominator: tuple[str, ...] = ()
    column: str | None = None
    better: int = 1
    unit: str = "share"


FIGURES: tuple[FigureSpec, ...] = (
    FigureSpec("question_share", "question share (the question-to-advice ratio as questions ÷ (questions + advice))",
               ("questions",), ("questions", "advice")),
    FigureSpec("coaching_share", "coaching share", ("style_coaching",), ("style_coaching", "style_directive")),
    FigureSpec("open_question_share", "open-question share", ("act_open_question",), ("questions",)),
    FigureSpec("solution_ownership", "solution ownership", column="solution_ownership"),
    FigureSpec("missed_coaching_moments_per_10_min", "missed coaching moments per 10 minutes",
               column="missed_coaching_moments_per_10_min", better=-1, unit="per 10 min"),
)


# --- reading the two sides -----------------------------------------------------------------

@dataclass
class Side:
    """One side of the comparison: its summary rows and the model that scored them."""

    folder: Path
    summary: pd.DataFrame
    model_sha256: str


def read_side(folder: Path) -> Side:
    """A ``score`` output folder's summary and model; one line naming the folder if unusable."""
    if not folder.is_dir():
        raise InputError("is not a folder; BEFORE and AFTER are `analyzer score` output folders or transcript "
                         "folders", folder)
    results = [r for r in iter_results(folder) if r.get("status") == "ok"]
    if not results:
        raise InputError("has no scored transcripts (no successful result in results/); score it again "
                         "with `analyzer score`", folder)
    models = sorted({str(r.get("key", {}).get("model_sha256", "")) for r in results})
    if len(models) > 1:
        raise InputError(f"was scored with {len(models)} different models ({', '.join(m[:12] for m in models)}); "
                         "rescore it with one model", folder)
    if not (folder / SUMMARY_FILE).is_file():
        raise InputError(f"has results but no {SUMMARY_FILE}; run the same `analyzer score` again to rebuild it",
                         folder)
    summary = read_table(folder / SUMMARY_FILE)
    missing = [c for c in ("file", "speaker") if c not in summary.columns]
    if missing:
        raise InputError(f"{SUMMARY_FILE} has no {', '.join(missing)} column", folder)
    return Side(folder, summary, models[0])


def check_same_model(before: Side, after: Side, wanted: str | None = None) -> None:
    """Refuse sides scored by different models (or not by the one asked for): the model moves the figures."""
    if before.model_sha256 != after.model_sha256:
        raise InputError(f"BEFORE and AFTER were scored with different models ({before.model_sha256[:12]} in "
                         f"{before.folder}, {after.model_sha256[:12]} in {after.folder}); score both with the "
                         "same model")
    if wanted is not None and before.model_sha256 != wanted:
        raise InputError(f"BEFORE and AFTER were scored with model {before.model_sha256[:12]}, not the --model "
                         f"given ({wanted[:12]}); leave out --model or rescore them with it")


def looks_scored(folder: Path) -> bool:
    """A ``score`` output folder, rather than transcripts to score."""
    return is_batch_output(folder) or (folder / "results").is_dir()


# --- who is who ----------------------------------------------------------------------------

def read_roles(path: Path) -> tuple[RoleRow, ...]:
    """The rows of a roles CSV, read as ``--roles`` reads them (one line naming the file if unusable)."""
    return read_roles_file(path)


def _role_row(rows: Sequence[RoleRow], file: str, speaker: str) -> RoleRow | None:
    """The roles row for a transcript's speaker: the file by its path as given, else by its name."""
    key = speaker_key(speaker)
    for same_file in (lambda r: r.file == file, lambda r: Path(r.file).name == Path(file).name):
        found = next((r for r in rows if same_file(r) and speaker_key(r.speaker) == key), None)
        if found is not None:
            return found
    return None


def _covers(rows: Sequence[RoleRow], file: str) -> bool:
    return any(r.file == file or Path(r.file).name == Path(file).name for r in rows)


def participants(summary: pd.DataFrame, roles: Sequence[RoleRow] = ()) -> pd.Series:
    """Each summary row's participant (None for a row that is not a manager's).

    The roles file decides first: its ``participant`` column, else the speaker's name, and
    only the speakers it names as ``manager``; a speaker of a file it covers but does not
    name is not a participant (the file lists who matters). In files it does not cover, a
    ``role`` column of the summary (when scoring knew the roles) keeps managers only; else
    every speaker is a participant, known by their name.
    """
    names = []
    for row in summary.itertuples(index=False):
        file, speaker = str(row.file), str(row.speaker)
        found = _role_row(roles, file, speaker) if roles else None
        if found is None and roles and _covers(roles, file):
            names.append(None)
            continue
        role = found.role if found is not None else str(getattr(row, "role", "") or "").casefold()
        if role and role not in ("manager", "nan"):
            names.append(None)
            continue
        name = (found.participant if found is not None else "") or speaker
        names.append(normalise_name(name))
    return pd.Series(names, index=summary.index, dtype=object)


# --- the figures of a participant on one side --------------------------------------------

@dataclass
class Value:
    """A figure of one participant on one side: a number, or why there is none."""

    value: float | None
    why: str = ""


def figure_value(rows: pd.DataFrame, spec: FigureSpec) -> Value:
    """One figure from a participant's pooled summary rows on one side."""
    if spec.column is not None:
        if spec.column not in rows.columns:
            return Value(None, "not available (not in summary.csv)")
        values = pd.to_numeric(rows[spec.column], errors="coerce").dropna()
        if values.empty:
            return Value(None, "not available (no times)" if spec.unit == "per 10 min" else "not enough to say")
        return Value(round(float(values.mean()), 4))
    needed = [c for c in (*spec.numerator, *spec.denominator) if c not in rows.columns]
    if needed:
        return Value(None, f"not available ({', '.join(needed)} not in summary.csv)")
    counts = rows[list(dict.fromkeys((*spec.numerator, *spec.denominator)))].apply(pd.to_numeric, errors="coerce")
    if counts.isna().all().any():
        return Value(None, "not available (the model labels styles only)")
    num = float(counts[list(spec.numerator)].sum().sum())
    den = float(counts[list(spec.denominator)].sum().sum())
    if den < MIN_COUNT:
        return Value(None, f"not enough to say ({den:.0f} sentence{'s' if den != 1 else ''} to share out; "
                           f"{MIN_COUNT} needed)")
    return Value(round(num / den, 4))


@dataclass
class Participant:
    """A participant's figures on both sides and the changes that can be taken."""

    name: str
    files_before: list[str]
    files_after: list[str]
    before: dict[str, Value] = field(default_factory=dict)
    after: dict[str, Value] = field(default_factory=dict)

    def change(self, key: str) -> float | None:
        b, a = self.before[key].value, self.after[key].value
        return None if b is None or a is None else round(a - b, 4)

    def note(self, key: str) -> str:
        parts = [f"{side}: {v.why}" for side, v in (("before", self.before[key]), ("after", self.after[key]))
                 if v.value is None]
        return "; ".join(parts) + ("; left out of the change" if parts else "")


def by_participant(summary: pd.DataFrame, roles: Sequence[RoleRow]) -> dict[str, tuple[str, pd.DataFrame]]:
    """key -> (name as first written, that participant's summary rows)."""
    who = participants(summary, roles)
    out: dict[str, tuple[str, pd.DataFrame]] = {}
    for name in dict.fromkeys(n for n in who if n):
        out[speaker_key(name)] = (name, summary[who == name])
    return out


# --- the cohort ----------------------------------------------------------------------------

@dataclass
class CohortFigure:
    """The cohort's change in one figure: median, its bootstrap interval, the paired test."""

    key: str
    n: int
    median: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    note: str = ""


def cohort_change(key: str, changes: Sequence[float], seed: int = SEED) -> CohortFigure:
    """Median change with a percentile-bootstrap interval and a two-sided Wilcoxon signed-rank test.

    The bootstrap resamples participants (each one's change), so the interval says how
    much the median could move with another cohort like this one. The Wilcoxon test drops
    participants with no change, as it is defined to.
    """
    values = np.asarray([c for c in changes if c is not None and not math.isnan(c)], dtype=float)
    n = len(values)
    if n == 0:
        return CohortFigure(key, 0, None, None, None, None, "no participant has this figure on both sides")
    median = float(np.median(values))
    if n < 3:
        return CohortFigure(key, n, round(median, 4), None, None, None,
                            f"only {n} participant{'s' if n > 1 else ''}: too few for an interval or a test")
    rng = np.random.default_rng(seed)
    medians = np.median(values[rng.integers(0, n, size=(BOOTSTRAP, n))], axis=1)
    tail = (1 - CONFIDENCE) / 2 * 100
    low, high = np.percentile(medians, [tail, 100 - tail])
    return CohortFigure(key, n, round(median, 4), round(float(low), 4), round(float(high), 4), _wilcoxon(values))


def _wilcoxon(values: np.ndarray) -> float | None:
    from scipy.stats import wilcoxon

    if not np.any(values != 0):
        return 1.0
    try:
        return round(float(wilcoxon(values).pvalue), 4)
    except ValueError:
        return None


# --- the whole comparison ------------------------------------------------------------------

@dataclass
class Comparison:
    """Everything compare.csv and compare.html show."""

    before: Side
    after: Side
    matched: list[Participant]
    only_before: list[tuple[str, list[str]]]
    only_after: list[tuple[str, list[str]]]
    cohort: list[CohortFigure]
    figures: tuple[FigureSpec, ...] = FIGURES

    @property
    def available(self) -> tuple[FigureSpec, ...]:
        """Figures some participant has on both sides, or whose column exists on both."""
        return tuple(f for f in self.figures if any(p.change(f.key) is not None for p in self.matched)
                     or f.column is None or all(f.column in s.summary.columns for s in (self.before, self.after)))


def compare_sides(before: Side, after: Side, roles: Sequence[RoleRow] = ()) -> Comparison:
    """Match participants across the two sides and take every change."""
    first, second = by_participant(before.summary, roles), by_participant(after.summary, roles)
    matched = []
    for key in first:
        if key not in second:
            continue
        (name, rows_b), (_, rows_a) = first[key], second[key]
        person = Participant(name, _files(rows_b), _files(rows_a))
        for spec in FIGURES:
            person.before[spec.key], person.after[spec.key] = figure_value(rows_b, spec), figure_value(rows_a, spec)
        matched.append(person)
    only_before = [(first[k][0], _files(first[k][1])) for k in first if k not in second]
    only_after = [(second[k][0], _files(second[k][1])) for k in second if k not in first]
    cohort = [cohort_change(spec.key, [p.change(spec.key) for p in matched]) for spec in FIGURES]
    return Comparison(before, after, matched, only_before, only_after, cohort)


def _files(rows: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys(str(f) for f in rows["file"]))


def comparison_rows(result: Comparison) -> list[dict[str, Any]]:
    """compare.csv: one row per participant and figure, per cohort figure, per unmatched participant."""
    rows: list[dict[str, Any]] = []
    for person in result.matched:
        for spec in FIGURES:
            rows.append({"kind": "participant", "participant": person.name, "figure": spec.key,
                         "before": person.before[spec.key].value, "after": person.after[spec.key].value,
                         "change": person.change(spec.key), "note": person.note(spec.key)})
    for fig in result.cohort:
        rows.append({"kind": "cohort", "figure": fig.key, "change": fig.median, "n": fig.n, "ci_low": fig.ci_low,
                     "ci_high": fig.ci_high, "p_value": fig.p_value, "note": fig.note})
    for kind, people in (("only_before", result.only_before), ("only_after", result.only_after)):
        for name, files in people:
            rows.append({"kind": kind, "participant": name,
                         "note": f"found {kind.replace('_', ' ')} ({', '.join(files)}); no change can be taken"})
    return [{c: row.get(c) for c in CSV_COLUMNS} for row in rows]


def render_csv(result: Comparison) -> str:
    table = pd.DataFrame(comparison_rows(result), columns=list(CSV_COLUMNS))
    table["n"] = table["n"].astype("Int64")  # a count, not 5.0, beside the empty cells of other rows
    return table.to_csv(index=False)


def describe(result: Comparison) -> str:
    """The one-line outcome the command prints."""
    moved = [f for f in result.cohort if f.ci_low is not None and (f.ci_low > 0 or f.ci_high < 0)]
    unmatched = len(result.only_before) + len(result.only_after)
    return (f"{len(result.matched)} participant(s) on both sides, {unmatched} on one side only; "
            f"{len(moved)} figure(s) changed beyond their 95% interval"
            + (f" ({', '.join(f.key for f in moved)})" if moved else ""))


# --- the command ---------------------------------------------------------------------------

@dataclass(frozen=True)
class CompareResult:
    csv: Path
    html: Path
    comparison: Comparison


def side_folder(path: Path, outdir: Path, name: str, model: str | Path | None, progress: bool) -> tuple[Path, bool]:
    """The score folder for one side: the folder itself, or ``OUTDIR/name`` after scoring its transcripts.

    The second value says whether this run scored it (then its dashboard may link here).
    """
    if not path.exists():
        raise InputError("no such folder", path)
    if path.is_dir() and looks_scored(path):
        return path, False
    if not path.is_dir():
        raise InputError("is a file; BEFORE and AFTER are `analyzer score` output folders or transcript folders",
                         path)
    from analyzer.batch import score

    target = outdir / name
    result = score([str(path)], target, model=model, progress=progress)
    if not result.scored and not result.skipped:
        raise InputError(f"no transcript in it could be scored (see {result.errors})", path)
    return target, True


def run_compare(before: Path, after: Path, outdir: Path, *, roles: Path | None = None,
                model: str | Path | None = None, progress: bool = False) -> CompareResult:
    """Score what needs scoring, compare, and write compare.csv and compare.html into ``outdir``."""
    from analyzer.batch.store import write_atomic, write_dashboard
    from analyzer.batch.work import model_identity
    from analyzer.config import model_path
    from analyzer.reports.compare import render_compare_html
    from analyzer.reports.data import CSV_ENCODING

    role_rows = read_roles(roles) if roles is not None else ()
    if outdir.exists() and not outdir.is_dir():
        raise InputError("is a file; -o names the folder compare.csv and compare.html go in", outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    wanted = model_identity(model_path(model).resolve()) if model is not None else None
    folder_b, made_b = side_folder(before, outdir, "before", model, progress)
    folder_a, made_a = side_folder(after, outdir, "after", model, progress)
    side_b, side_a = read_side(folder_b), read_side(folder_a)
    check_same_model(side_b, side_a, wanted)
    result = compare_sides(side_b, side_a, role_rows)
    csv_path, html_path = outdir / COMPARE_CSV, outdir / COMPARE_HTML
    write_atomic(csv_path, render_csv(result), CSV_ENCODING)
    write_atomic(html_path, render_compare_html(result, {"before": _href(folder_b, outdir),
                                                         "after": _href(folder_a, outdir)}))
    for folder, made in ((folder_b, made_b), (folder_a, made_a)):
        if made:  # redraw the dashboards this run wrote, so they link to the comparison
            write_dashboard(folder)
    return CompareResult(csv_path, html_path, result)


def _href(folder: Path, outdir: Path) -> str | None:
    """A link from compare.html to a side's dashboard, when it has one."""
    index = folder / "index.html"
    if not index.is_file():
        return None
    try:
        return index.resolve().relative_to(outdir.resolve()).as_posix()
    except ValueError:
        return index.resolve().as_uri()

"""How good the coaching alternatives are, on held-out directive sentences.

Usage: python benchmarks/alternatives.py [--conversations DIR] [--model M] [--json OUT.json]

The sentences: every advice, instruction and leading-question row of data/corpus.csv with
``split == test``, and every manager row with one of those acts in the labelled
conversations (``--conversations``, default data/conversations) whose id hashes to
``test`` (:func:`analyzer.splits.conversation_split`). None of them trained the model.

Measures, each printed and written to ``benchmarks/results/alternatives.json``:

(a) the share of alternatives the model labels coaching (the goal is all of them);
(b) the share that keep a content word of the original: a noun or main-verb lemma in both;
(c) a blind review: ``benchmarks/results/alternatives_for_review.csv`` gets 200 of them
    (id, original, alternative; shuffled with a fixed seed, no frame id) for a reviewer who
    did not write the frames. When the filled sheet ``alternatives_review.csv`` (id,
    grammatical, same_topic, coach_would_ask as yes/no, comment) is there, the share judged
    good on all three is reported. Nothing here fills it in.

    Round 6: the sample is a fresh 200: another seed, and none of the sentences an earlier
    review judged (the filled sheets ``alternatives_review_round1.csv`` to
    ``alternatives_review_round5.csv``; only their ``id`` columns are read to leave them out),
    so the frames, reworked on train sentences, are judged on sentences nobody fitted them to.
    The earlier rounds' shares are reported from their filled sheets (rounds 2 to 5 only on
    the rows of their own sheets, ``alternatives_for_review_round2.csv`` to ``..._round5.csv``).
    The sheet is kept as written unless ``--new-sheet`` draws a new one.

A conversation's sentence gets what the person being managed said in the turn just before it
as context, as ``analyze --alternatives`` gives it.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

import pandas as pd

from analyzer.alternatives import DIRECTIVE_ACTS, alternatives, parser_nlp, staff_turn_before
from analyzer.analyze import cached_model
from analyzer.config import CONVERSATIONS_DIR, CORPUS_PATH
from analyzer.features import feature_table
from analyzer.nlp import build_nlp
from analyzer.sentences import whole_docs
from analyzer.splits import conversation_split

RESULTS = Path(__file__).resolve().parent / "results"
REVIEW_SHEET = RESULTS / "alternatives_for_review.csv"
REVIEW_FILLED = RESULTS / "alternatives_review.csv"
#: Earlier reviews' filled sheets: their sentences are left out of the fresh sample, and their
#: shares are reported. From round 2 on, a filled sheet is read only on the rows of its own sheet
#: (round 5's also holds round 4's version's A/B rows under other ids).
REVIEW_ROUND = 9
#: Each earlier round's filled sheet and the sheet it judged (round 1 kept none: every filled
#: row counts), by round: ``alternatives_review_round{n}.csv``, ``alternatives_for_review_round{n}.csv``.
EARLIER_SHEETS = {n: (RESULTS / f"alternatives_review_round{n}.csv",
                      RESULTS / f"alternatives_for_review_round{n}.csv" if n > 1 else None)
                  for n in range(1, REVIEW_ROUND)}
EARLIER_ROUNDS = tuple(filled for filled, _ in EARLIER_SHEETS.values())
REVIEW_ROUND1 = EARLIER_SHEETS[1][0]
#: A second reviewer's judgement of the same sheet, when there is one (round 6 on): reviewers
#: differ (round 4's and round 5's judged the round-4 version 58.5% and 87%), so two read it.
REVIEW_SECOND = RESULTS / "alternatives_review_second.csv"
REVIEW_SIZE = 200
SEED = 2309  # round 1 used 1, round n (2 to 8) used 2300 + n
JUDGEMENTS = ("grammatical", "same_topic", "coach_would_ask")
CONTENT_POS = ("NOUN", "PROPN", "VERB")


def held_out(conversations: Path) -> pd.DataFrame:
    """id, text, act and context (the staff turn before, for conversations) of every
    held-out directive sentence."""
    corpus = pd.read_csv(CORPUS_PATH, keep_default_na=False)
    rows = corpus[(corpus["split"] == "test") & corpus["act"].isin(DIRECTIVE_ACTS)]
    frames = [pd.DataFrame({"id": [f"corpus-{i + 2}" for i in rows.index], "text": rows["text"], "act": rows["act"],
                            "context": None})]
    for path in sorted(conversations.glob("*.csv")):
        conv = pd.read_csv(path, keep_default_na=False)
        conv = conv.reset_index(drop=True)
        conv["context"] = staff_turn_before(conv)
        mask = (conv["role"] == "manager") & conv["act"].isin(DIRECTIVE_ACTS)
        mask &= conv["conversation"].astype(str).map(conversation_split) == "test"
        picked = conv[mask]
        frames.append(pd.DataFrame({"id": [f"{path.stem}-{i + 2}" for i in picked.index],
                                    "text": picked["text"], "act": picked["act"], "context": picked["context"]}))
    return pd.concat(frames, ignore_index=True)


def content_lemmas(texts: list[str]) -> list[set[str]]:
    """Nouns and main verbs (not auxiliaries or modals), as lemmas, per text."""
    return [{t.lemma_.lower() for t in doc if t.pos_ in CONTENT_POS and t.is_alpha}
            for doc in parser_nlp().pipe(texts, batch_size=256)]


def model_styles(texts: list[str], model_path: str | None) -> pd.DataFrame:
    model = cached_model(model_path)
    return model.predict(feature_table(list(whole_docs(texts, build_nlp()))))


def judged_before() -> set[str]:
    """Ids of the sentences an earlier review judged (only the ``id`` columns are read)."""
    return {i for path in EARLIER_ROUNDS if path.is_file()
            for i in pd.read_csv(path, usecols=["id"], dtype=str)["id"]}


def sheet_ids(path: Path | None) -> pd.Series | None:
    """The ids of the sheet a review judged (None: no sheet, so every filled row counts)."""
    return pd.read_csv(path, usecols=["id"], dtype=str)["id"] if path is not None and path.is_file() else None


def judged_in(path: Path) -> set[str]:
    return set(pd.read_csv(path, usecols=["id"], dtype=str)["id"]) if path.is_file() else set()


def kept_review_sheet(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]] | None:
    """The round's sheet as it was written, if there is one: a judged sample must not move
    when conversations are added (a new sample would drop judged rows). The current
    suggestion of each of its sentences goes beside it, so a stale sheet shows."""
    if not REVIEW_SHEET.is_file():
        return None
    sheet = pd.read_csv(REVIEW_SHEET, dtype=str, keep_default_na=False)
    current = dict(zip(frame["id"].astype(str), frame["alternative"], strict=True))
    sheet["current"] = sheet["id"].map(current)
    first_round = judged_in(REVIEW_ROUND1)
    return sheet, [i for i in sheet["id"] if i in first_round]


def write_review_sheet(frame: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """200 sentences for the reviewer, none of them judged in an earlier round while there are
    enough; and the ids of any taken again to make up the 200.

    When too few held-out sentences are left that nobody judged (after three rounds, the 771
    of the 316 conversations had 171), the rest come from round 1's sentences (judged on the
    first version, the longest ago and the most different), drawn with the same seed; they are
    listed so the share can be read on the fresh ones alone. The sheet itself is shuffled and says nothing of it.
    """
    seen = judged_before()
    fresh = [i for i in frame.index if frame.at[i, "id"] not in seen]
    random.Random(SEED).shuffle(fresh)
    fresh = fresh[:REVIEW_SIZE]
    first_round = judged_in(REVIEW_ROUND1)
    again = [i for i in frame.index if frame.at[i, "id"] in first_round]
    random.Random(SEED).shuffle(again)
    again = again[:REVIEW_SIZE - len(fresh)]
    order = fresh + again
    random.Random(SEED).shuffle(order)
    sheet = frame.loc[order, ["id", "text", "alternative"]].rename(columns={"text": "original"})
    RESULTS.mkdir(exist_ok=True)
    sheet.to_csv(REVIEW_SHEET, index=False)
    return sheet, [str(frame.at[i, "id"]) for i in again]


def read_review(ids: pd.Series | None, filled: Path = REVIEW_FILLED) -> dict | None:
    """The share judged yes on all three, from a reviewer's filled sheet, if there is one;
    only on the rows whose id is in ``ids`` (None: every row)."""
    if not filled.is_file():
        return None
    review = pd.read_csv(filled, dtype=str, keep_default_na=False)
    if ids is not None:
        review = review[review["id"].isin(ids)]
    judged = review[review[list(JUDGEMENTS)].apply(lambda c: c.str.strip().str.lower().isin(("yes", "no"))).all(axis=1)]
    yes = judged[list(JUDGEMENTS)].apply(lambda c: c.str.strip().str.lower() == "yes")
    good = round(float(yes.all(axis=1).mean()), 4) if len(judged) else None
    return {"judged": len(judged), "good_on_all_three": good,
            **{f"{j}_share": round(float(yes[j].mean()), 4) if len(judged) else None for j in JUDGEMENTS}}


def reviewer_agreement(first: Path, second: Path, ids: pd.Series) -> dict | None:
    """How often two reviewers of one sheet gave a row the same verdict (good on all three or
    not), and Cohen's kappa for it."""
    if not (first.is_file() and second.is_file()):
        return None
    from sklearn.metrics import cohen_kappa_score

    def good(path: Path) -> pd.Series:
        review = pd.read_csv(path, dtype=str, keep_default_na=False).set_index("id")
        return review[list(JUDGEMENTS)].apply(lambda c: c.str.strip().str.lower() == "yes").all(axis=1)

    a, b = good(first), good(second)
    both = [i for i in ids if i in a.index and i in b.index]
    if not both:
        return None
    a, b = a[both], b[both]
    return {"rows": len(both), "same_verdict": round(float((a == b).mean()), 4),
            "cohen_kappa": round(float(cohen_kappa_score(a, b)), 4),
            "good_for_both": round(float((a & b).mean()), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=Path, default=CONVERSATIONS_DIR)
    parser.add_argument("--model", default=None)
    parser.add_argument("--json", type=Path, default=RESULTS / "alternatives.json")
    parser.add_argument("--new-sheet", action="store_true",
                        help="draw and write a fresh review sheet (a new round); otherwise the "
                             "round's sheet is kept as written")
    args = parser.parse_args()

    frame = held_out(args.conversations)
    found = alternatives(frame["text"].tolist(), frame["act"].tolist(), contexts=frame["context"].tolist())
    frame["alternative"] = [a.text for a in found]
    frame["frame"] = [a.frame for a in found]
    labels = model_styles(frame["alternative"].tolist(), args.model)
    frame["alt_act"], frame["alt_style"] = labels["act"].to_numpy(), labels["style"].to_numpy()
    originals, alts = content_lemmas(frame["text"].tolist()), content_lemmas(frame["alternative"].tolist())
    frame["shares_word"] = [bool(a & b) for a, b in zip(originals, alts, strict=True)]
    kept = None if args.new_sheet else kept_review_sheet(frame)
    sheet, again = kept if kept is not None else write_review_sheet(frame)
    stale = int((sheet["current"] != sheet["alternative"]).sum()) if "current" in sheet else 0
    result = {
        "sentences": len(frame),
        "from_corpus": int(frame["id"].str.startswith("corpus-").sum()),
        "conversation_files_read": len(list(args.conversations.glob("*.csv"))),
        "held_out_conversations": int(frame.loc[~frame["id"].str.startswith("corpus-"), "id"]
                                      .str.rsplit("-", n=1).str[0].nunique()),
        "coaching_share": round(float((frame["alt_style"] == "coaching").mean()), 4),
        "shares_content_word": round(float(frame["shares_word"].mean()), 4),
        "alternative_acts": dict(Counter(frame["alt_act"])),
        "frames_used": dict(sorted(Counter(frame["frame"]).items())),
        "distinct_alternatives": int(frame["alternative"].nunique()),
        "not_coaching": frame.loc[frame["alt_style"] != "coaching", "alternative"].value_counts().to_dict(),
        "review_sheet": str(REVIEW_SHEET.relative_to(RESULTS.parent.parent)),
        "review_sheet_excludes": f"{len(judged_before())} ids of "
                                 f"{', '.join(p.name for p in EARLIER_ROUNDS)}, seed {SEED}",
        "review_sheet_fresh": len(sheet) - len(again),
        "review_sheet_again_from_round1": again,
        "review_sheet_rows_changed_since": stale,
        "review": read_review(sheet["id"]),
        "review_fresh_only": read_review(sheet.loc[~sheet["id"].isin(again), "id"]),
        "review_second": read_review(sheet["id"], REVIEW_SECOND),
        "reviewers_agree": reviewer_agreement(REVIEW_FILLED, REVIEW_SECOND, sheet["id"]),
        **{f"review_round{n}_second": read_review(sheet_ids(judged), second)
           for n, (filled, judged) in EARLIER_SHEETS.items()
           if (second := filled.with_name(filled.stem + "_second.csv")).is_file()},
        **{f"review_round{n}": read_review(sheet_ids(judged), filled)
           for n, (filled, judged) in EARLIER_SHEETS.items()},
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(f"{result['sentences']} held-out directive sentences ({result['from_corpus']} from the corpus)")
    print(f"(a) labelled coaching by the model: {result['coaching_share']:.1%}")
    print(f"(b) share a noun or main-verb lemma with the original: {result['shares_content_word']:.1%}")
    for n in EARLIER_SHEETS:
        earlier = result[f"review_round{n}"]
        if earlier and earlier["judged"]:
            print(f"(c) round {n} of the review (an earlier version): good on all three "
                  f"{earlier['good_on_all_three']:.1%} of {earlier['judged']}")
    review = result["review"]
    second = result["review_second"]
    if second and second["judged"]:
        agree = result["reviewers_agree"]
        print(f"(c) round {REVIEW_ROUND}, second reviewer: good on all three {second['good_on_all_three']:.1%} of "
              f"{second['judged']}; the two agree on {agree['same_verdict']:.1%} of rows (kappa "
              f"{agree['cohen_kappa']:.2f})")
    if stale:
        print(f"note: {stale} sentences of the review sheet now get another suggestion than the one "
              "on the sheet; the review judged the sheet's")
    again_note = f", {len(again)} of them judged in round 1 on the first version" if again else ""
    print(f"(c) round {REVIEW_ROUND} review sheet: {REVIEW_SHEET} ({len(sheet)} rows{again_note}); "
          + (f"judged good on all three: {review['good_on_all_three']:.1%} of {review['judged']}" if review
             and review["judged"] else f"no filled review yet ({REVIEW_FILLED.name})"))


if __name__ == "__main__":
    main()

"""Helpers for reading rendered reports back: a stdlib HTML parser and tiny tables."""

from __future__ import annotations

import csv
from html.parser import HTMLParser
from typing import Any

import pandas as pd

from analyzer.config import SAMPLES_DIR


def sample_names() -> list[str]:
    """Every transcript file listed in the samples' MANIFEST.csv."""
    with (SAMPLES_DIR / "MANIFEST.csv").open(encoding="utf-8", newline="") as handle:
        return [row["file"] for row in csv.DictReader(handle)]


SAMPLES = sample_names()


class Element:
    """A parsed start tag: name, attributes and the text inside it (nested text included)."""

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parts: list[str] = []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


class PageParser(HTMLParser):
    """Collects every element with its attributes and text, using only the standard library."""

    VOID = frozenset({"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(element)
        if tag not in self.VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                return

    def handle_data(self, data: str) -> None:
        for element in self._open:
            element.parts.append(data)


def parse(html: str) -> list[Element]:
    """All elements of a page, in document order."""
    parser = PageParser()
    parser.feed(html)
    parser.close()
    return parser.elements


def with_attr(elements: list[Element], name: str, value: str | None = None) -> list[Element]:
    """Elements carrying attribute ``name`` (equal to ``value`` when given)."""
    return [e for e in elements if name in e.attrs and (value is None or e.attrs[name] == value)]


def attr_values(elements: list[Element], *names: str) -> list[tuple[Element, str, str]]:
    """(element, attribute, value) for every attribute called one of ``names``."""
    return [(e, k, v) for e in elements for k, v in e.attrs.items() if k in names]


def table_for(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A per-sentence table from a few hand-written rows (missing columns left empty)."""
    columns = ("speaker", "turn", "text", "act", "style", "confidence", "start", "end")
    return pd.DataFrame([{c: r.get(c) for c in columns} for r in rows], columns=list(columns))

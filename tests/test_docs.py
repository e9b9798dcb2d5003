"""The README is a front door and docs/ holds the manual: both must stay that way.

A link into a page that moved, or to a heading that was renamed, fails here rather than in
front of a new user.
"""
import re
from pathlib import Path

import pytest

from analyzer.config import PROJECT_DIR

DOCS = PROJECT_DIR / "docs"
PAGES = [PROJECT_DIR / "README.md", *sorted(DOCS.glob("*.md")), PROJECT_DIR / "data" / "README.md"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {_slug(m.group(1)) for m in re.finditer(r"^#+ (.+)$", text, re.MULTILINE)}


def _local_links(page: Path) -> list[tuple[str, str]]:
    """(target path relative to the project, anchor) for each link to a file of the project."""
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.DOTALL)
    links = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):
            continue
        path, _, anchor = target.partition("#")
        resolved = (page.parent / path).resolve() if path else page.resolve()
        links.append((resolved.relative_to(PROJECT_DIR.resolve()).as_posix(), anchor))
    return links


def test_the_readme_is_a_front_door_not_the_manual():
    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    assert len(readme) <= 10_000
    assert "python -m pytest" in readme and "bash scripts/install.sh" in readme
    assert "docs/img/report.png" in readme


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(PROJECT_DIR).as_posix())
def test_every_link_reaches_a_file_and_heading_that_exist(page):
    broken = []
    for target, anchor in _local_links(page):
        path = PROJECT_DIR / target
        if not path.exists():
            broken.append(target)
        elif anchor and path.suffix == ".md" and anchor not in _anchors(path):
            broken.append(f"{target}#{anchor}")
    assert not broken


def test_every_docs_page_is_in_the_index():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in DOCS.glob("*.md") if p.name != "README.md" and f"]({p.name})" not in index]
    assert not missing


def test_every_command_is_in_the_readme_table():
    """A new subcommand without a line in the README's table is a command no one finds."""
    from analyzer.cli import app

    readme = (PROJECT_DIR / "README.md").read_text(encoding="utf-8")
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert commands
    missing = [name for name in commands if f"| `analyzer {name}" not in readme]
    assert not missing

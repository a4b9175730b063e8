"""The design documents the code cites live in the repository and say what the citation claims.

A comment that cites `docs/architecture.md, rule N` names a numbered house rule; `docs/domain.md, "Section"` names a
section heading; every `docs/...` file a comment names exists; every repository path the two documents name in
backticks exists, and every house rule names at least one module as its example.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SOURCES = [path for folder in ("sigap", "config", "tests", "benchmarks", "scripts", "templates")
           for path in (ROOT / folder).rglob("*") if path.suffix in {".py", ".html", ".txt"}
           and "migrations" not in path.parts]
CITED_FILE = re.compile(r"docs/[A-Za-z0-9_./-]*[A-Za-z0-9_/-]")
CITED_RULE = re.compile(r"docs/architecture\.md, (?:house )?rules? (\d+)")
CITED_SECTION = re.compile(r"docs/domain\.md,? \(?\"([^\"]+)\"")
REPO_PATH = re.compile(r"`((?:sigap|tests|docs|config|benchmarks|scripts)/[A-Za-z0-9_./-]*)`")
RULES_SECTION = re.compile(r"^## Rules of the house\n(.*?)(?=^## )", re.S | re.M)
RULE = re.compile(r"^ ?(\d+)\. \*\*", re.M)


def _citations(pattern: re.Pattern[str]) -> list[tuple[str, str]]:
    return [(str(path.relative_to(ROOT)), match) for path in SOURCES
            for match in pattern.findall(path.read_text(errors="ignore")) if path.name != Path(__file__).name]


def _house_rules() -> dict[int, str]:
    section = RULES_SECTION.search((DOCS / "architecture.md").read_text())
    assert section is not None, "docs/architecture.md has its house rules"
    starts = list(RULE.finditer(section.group(1)))
    ends = [*(m.start() for m in starts[1:]), len(section.group(1))]
    return {int(m.group(1)): section.group(1)[m.start():end] for m, end in zip(starts, ends, strict=True)}


def test_every_design_document_the_code_cites_exists() -> None:
    missing = [(source, cited) for source, cited in _citations(CITED_FILE)
               if not (ROOT / cited).exists() and not list((ROOT / cited).parent.glob(Path(cited).name + "*"))]

    assert missing == []


def test_every_cited_house_rule_is_one_docs_architecture_numbers() -> None:
    rules = _house_rules()

    assert [(source, n) for source, n in _citations(CITED_RULE) if int(n) not in rules] == []


def test_every_cited_domain_section_is_a_heading_of_docs_domain() -> None:
    headings = re.findall(r"^## (.+)$", (DOCS / "domain.md").read_text(), re.M)

    assert [(source, name) for source, name in _citations(CITED_SECTION)
            if not any(heading.startswith(name) for heading in headings)] == []


@pytest.mark.parametrize("document", ["architecture.md", "domain.md"])
def test_every_repository_path_a_design_document_names_exists(document: str) -> None:
    named = REPO_PATH.findall((DOCS / document).read_text())

    assert [path for path in named if not (ROOT / path).exists()] == []


def test_every_house_rule_names_a_module_as_its_example() -> None:
    rules = _house_rules()

    assert sorted(rules) == list(range(1, len(rules) + 1))
    assert [n for n, text in rules.items() if not re.search(r"Example: `[^`]+\.(?:py|po)`", text)] == []

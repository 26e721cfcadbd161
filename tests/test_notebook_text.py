"""The notebooks' prose stays true to the texts: every quoted example occurs verbatim in
data/raw/*.txt, every study notebook 01-07 states its question, what it shows and what it
cannot show, and every figure in them is followed by a reading (quoting the texts) and a cell that
checks the reading's claims against the computed numbers."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell

from discourse import build, paths

NOTEBOOKS = build.notebook_paths()
STUDY = [p for p in NOTEBOOKS if p.name[:2] in {f"0{i}" for i in range(1, 8)}]
# Text between curly double quotes, or straight double quotes that are not code (no backticks); a
# straight quote may run over one line break (markdown source is wrapped), not over a blank line.
QUOTE = re.compile(r"“([^”]+)”|(?<![\w`])\"((?:[^\"`\n]|\n(?!\n))+)\"(?![\w`])")
SECTIONS = {
    "question": re.compile(r"^#+\s*(the\s+)?question\b", re.I | re.M),
    "what it shows": re.compile(r"^#+\s*what (it|this|the figure) shows?\b", re.I | re.M),
    "what it cannot show": re.compile(r"^#+\s*what (it|this|the figure) cannot show\b", re.I | re.M),
}


def _norm(s: str) -> str:
    """Fold curly quotes/apostrophes to straight ones and collapse whitespace."""
    s = s.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return re.sub(r"\s+", " ", s).strip().lower()


def _raw_text() -> str:
    return _norm(" ".join(p.read_text(encoding="utf-8") for p in sorted(paths.RAW_DIR.glob("*.txt"))))


def quotes(markdown: str) -> list[str]:
    """Quoted passages of four or more words in a markdown string."""
    found = [a or b for a, b in QUOTE.findall(markdown)]
    return [q for q in found if len(q.split()) >= 4]


def missing_quotes(markdown: str, raw: str) -> list[str]:
    """The quoted passages of ``markdown`` that do not occur verbatim in ``raw`` (normalised).

    An ellipsis ("…" or "...") marks an omission: each part around it must occur."""
    def ok(q):
        parts = [_norm(x.strip(" .,;:")) for x in re.split(r"…|\.\.\.", q)]
        return all(x in raw for x in parts if x)
    return [q for q in quotes(markdown) if not ok(q)]


def _markdown(path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_study_notebooks_found():
    assert len(STUDY) == 7, [p.name for p in NOTEBOOKS]


def test_quote_check_catches_a_made_up_quote():
    raw = _raw_text()
    real = "the text says “we are not anywhere near a breakthrough” here"
    fake = "the text says “we are very near a breakthrough indeed” here"
    straight = 'and "It\'s late for diplomacy" too'
    assert quotes(real) == ["we are not anywhere near a breakthrough"]
    assert missing_quotes(real, raw) == []
    assert missing_quotes(straight, raw) == []
    assert missing_quotes(fake, raw) == ["we are very near a breakthrough indeed"]
    assert missing_quotes("“Previous administrations … chose to underwrite and appease”", raw) == []
    assert missing_quotes("“Previous administrations … chose to fight and win”", raw) != []
    assert quotes("“too short” and `\"not a quote in code\"`") == []
    # a quote wrapped over a line of the markdown source is still checked, and an elided "she said" is caught
    assert missing_quotes('"It\'s late for diplomacy, but\nnot too late."', raw) == ["It's late for diplomacy, but\nnot too late."]
    assert missing_quotes('"It\'s late for diplomacy," she\nsaid, "but not too late."', raw) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_quote_is_verbatim(path):
    assert missing_quotes(_markdown(path), _raw_text()) == []


@pytest.mark.parametrize("path", STUDY, ids=lambda p: p.stem)
def test_study_notebook_has_sections(path):
    text = _markdown(path)
    absent = [name for name, rx in SECTIONS.items() if not rx.search(text)]
    assert absent == [], f"{path.name} lacks sections: {absent}"


READING = "**Reading.**"


def unread_figures(cells) -> list[str]:
    """The figure cells (code that calls ``plots.save(``) not followed by a reading and its check.

    A reading is a markdown cell that starts with "**Reading.**" and quotes the texts at least once
    (four or more words in quotation marks); its check is the code cell right after it, which calls
    ``check_claims``. Returns one line per figure cell that breaks the pattern, saying what is missing."""
    problems = []
    for i, c in enumerate(cells):
        if c.cell_type != "code" or "plots.save(" not in c.source:
            continue
        head = c.source.strip().splitlines()[0][:60] if c.source.strip() else ""
        nxt = cells[i + 1] if i + 1 < len(cells) else None
        check = cells[i + 2] if i + 2 < len(cells) else None
        if nxt is None or nxt.cell_type != "markdown" or not nxt.source.lstrip().startswith(READING):
            problems.append(f"cell {i} ({head}): no markdown cell starting {READING!r} after it")
        elif not quotes(nxt.source):
            problems.append(f"cell {i} ({head}): its reading quotes nothing from the texts")
        elif check is None or check.cell_type != "code" or "check_claims(" not in check.source:
            problems.append(f"cell {i} ({head}): its reading is not followed by a check_claims cell")
    return problems


def test_unread_figures_catches_each_missing_part():
    code, md = new_code_cell, new_markdown_cell
    fig = code('fig = plots.f(x)\nplots.save(fig, "f")\nfig')
    good = md("**Reading.** The news analysis quotes “we are not anywhere near a breakthrough”.")
    check = code('report.check_claims({"a": True})')
    assert unread_figures([fig, good, check]) == []
    assert unread_figures([code("x = 1"), md("no figure, no reading needed")]) == []
    assert "no markdown cell" in unread_figures([fig])[0]
    assert "no markdown cell" in unread_figures([fig, md("The news analysis “we are not anywhere near”."), check])[0]
    assert "no markdown cell" in unread_figures([fig, code("x = 1"), good, check])[0]
    assert "quotes nothing" in unread_figures([fig, md("**Reading.** The news analysis hedges more."), check])[0]
    assert "check_claims" in unread_figures([fig, good])[0]
    assert "check_claims" in unread_figures([fig, good, code("assert True")])[0]
    assert len(unread_figures([fig, good, check, fig])) == 1


@pytest.mark.parametrize("path", STUDY, ids=lambda p: p.stem)
def test_every_figure_has_a_checked_reading(path):
    cells = nbformat.read(path, as_version=4).cells
    assert any("plots.save(" in c.source for c in cells if c.cell_type == "code"), f"{path.name} has no figure"
    assert unread_figures(cells) == []


def test_the_study_notebooks_read_all_thirteen_figures():
    saved = [c.source for p in STUDY for c in nbformat.read(p, as_version=4).cells
             if c.cell_type == "code" and "plots.save(" in c.source]
    assert len(saved) == 13, len(saved)

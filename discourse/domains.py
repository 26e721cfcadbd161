"""Domain lexicon sets: the topic-specific word lists, switched on by name or by file.

The generic measures (sentiment, hedges, boosters, modality, voice/attribution, stance markers)
run on any English text. Three measures depend on what a corpus is *about* and therefore on a
topic-specific word list:

``frames``     issue frames (Entman 1993; de Vreese 2005), one row per frame cue;
``actors``     an actor gazetteer (entry -> side, canonical name, type);
``prospects``  markers of an assessment of the prospects of the frames in ``prospect_frames``
               (for diplomacy: "fail", "unlikely", "breakthrough", ...).

A :class:`Domain` names the TSV files of a set (any part may be missing: that measure is then
off). The library default is **no domain** (``domain=None``): a dock strike or a recipe gets
no frame, actor or prospect rows, rather than US-Iran frames found in words such as "deal" or
"strike". The one named set that ships with the package is :data:`US_IRAN_DIPLOMACY`, built for
the study (news on US-Iran diplomacy, 2019-2020); the study corpus carries it
(``load_corpus().domain``). Run on other text, it tags what its words say in that domain:
"a strike" -> ``military_escalation``, "a deal to be had" -> ``nuclear_deal_compliance``,
"Europe" -> a mediator, every "deal"/"talks" sentence with a prospect marker -> a prospect.

Give your own set as a mapping of parts to TSV paths, e.g.
``analyze_all(corpus, domain={"frames": "my_frames.tsv", "actors": "my_actors.tsv"})``
(columns below; ``#`` lines are comments; a ``# version: N`` line, required, versions the list and a
``# citation: ...`` line cites it; the format is :mod:`discourse.lexicon`'s).

frames.tsv     ``entry`` (lowercase lemma(s), space separated), ``frame`` (a frame name, or
               ``none``: a fixed expression that contains a cue but is not one, e.g.
               "according to"), optional ``verb_class`` (cooperative | hostile | neutral, used
               by ``svo_table``), ``source`` (citation).
actors.tsv     ``entry`` (lowercase), ``side``, ``canonical``, ``type``, ``source``.
prospects.tsv  ``entry`` (lowercase), ``category``, ``polarity`` (-1 | 0 | +1), ``source``; a
               ``kind`` column, if present, keeps only the rows of kind ``prospect``. Prospects
               need a frames file too (a prospect statement is about one of ``prospect_frames``).

Why no domain by default: the lists are the study's, compiled while reading its two texts; on
news they were not written from, 28 of 80 judged frame hits are right (precision 0.35, after
the "according to" exclusion; ``scripts/frame_precision.py``), and on other topics they find
frames that are not there. A
library default must be neutral, so the study passes its domain explicitly (its corpus carries
it), and anyone else opts in knowing what the lists were built for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import lexicon
from .errors import InputError
from .lexicon import LEXICON_DIR
from .measures.attribution import STANCE_FILE

#: The value of ``frame`` that marks an exclusion entry of a frames file (see the module doc).
NO_FRAME = "none"
PARTS = ("frames", "actors", "prospects")
_REQUIRED = {"frames": ("entry", "frame"), "actors": ("entry", "side", "canonical", "type"),
             "prospects": ("entry", "polarity")}


@dataclass(frozen=True)
class Domain:
    """A named set of domain lexicons (paths to TSV files; ``None`` = that measure off).

    ``prospect_frames`` are the frames whose prospects the prospect measure assesses (a sentence
    is a prospect statement only if it carries one of them, see :mod:`discourse.measures.prospects`).
    """

    name: str
    frames: Path | None = None
    actors: Path | None = None
    prospects: Path | None = None
    prospect_frames: tuple[str, ...] = ()
    description: str = ""

    def lexicon(self, part: str) -> tuple[list[dict], str]:
        """Rows and ``"file vN"`` label of one part (``frames`` | ``actors`` | ``prospects``)."""
        path = getattr(self, part)
        if path is None:
            raise InputError(f"Domain {self.name!r} has no {part} lexicon.")
        return read_lexicon(path, part)


US_IRAN_DIPLOMACY = Domain(
    name="us_iran_diplomacy",
    frames=LEXICON_DIR / "frames.tsv",
    actors=LEXICON_DIR / "actors.tsv",
    prospects=LEXICON_DIR / STANCE_FILE,
    prospect_frames=("diplomacy_negotiation", "mediation_third_party", "nuclear_deal_compliance"),
    description="News on US-Iran diplomacy (2019-2020): the study's frames, actor gazetteer and "
                "prospect markers, compiled while reading the two study texts (in-sample).",
)

#: The named domain sets that ship with the package.
DOMAINS: dict[str, Domain] = {US_IRAN_DIPLOMACY.name: US_IRAN_DIPLOMACY}


def _path(value, part: str) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if not path.is_file():
        raise InputError(f"The {part} lexicon {path} does not exist: give the path of a TSV file "
                         f"(columns {', '.join(_REQUIRED[part])}), or leave {part!r} out to switch it off.")
    return path


def resolve_domain(domain) -> Domain | None:
    """A :class:`Domain` (or ``None``: no domain lexicons) from what a caller passed.

    ``None``/``False``/``"none"``: off. A name of :data:`DOMAINS` (``"us_iran_diplomacy"``).
    A :class:`Domain`. A mapping with any of ``frames``, ``actors``, ``prospects`` (TSV paths),
    ``prospect_frames`` (frame names; default: every frame of the frames file) and ``name``.
    """
    if domain is None or domain is False or (isinstance(domain, str) and domain.lower() == "none"):
        return None
    if isinstance(domain, Domain):
        return domain
    if isinstance(domain, str):
        if domain not in DOMAINS:
            raise InputError(f"Unknown domain {domain!r}: the named domains are {sorted(DOMAINS)}; pass "
                             "domain=None to switch domain lexicons off, or a mapping such as "
                             "{'frames': 'my_frames.tsv', 'actors': 'my_actors.tsv'} for your own.")
        return DOMAINS[domain]
    if isinstance(domain, Mapping):
        unknown = set(domain) - {*PARTS, "prospect_frames", "name"}
        if unknown:
            raise InputError(f"Unknown domain key(s) {sorted(unknown)}: use {list(PARTS)}, "
                             "'prospect_frames' and 'name'.")
        parts = {p: _path(domain.get(p), p) for p in PARTS}
        if not any(parts.values()):
            return None
        pf = domain.get("prospect_frames")
        if pf is None and parts["frames"] is not None:
            pf = sorted({r["frame"] for r in read_lexicon(parts["frames"], "frames")[0]} - {NO_FRAME})
        if isinstance(pf, str):
            pf = [pf]
        return Domain(name=str(domain.get("name", "custom")), prospect_frames=tuple(pf or ()), **parts)
    raise InputError(f"domain must be None, a name ({sorted(DOMAINS)}), a Domain or a mapping of "
                     f"{list(PARTS)} to TSV paths; got {type(domain).__name__}.")


def domain_name(domain) -> str | None:
    """The name of a resolved domain (``None`` when off), for provenance columns and attrs."""
    d = resolve_domain(domain)
    return None if d is None else d.name


def read_lexicon(path: Path, part: str) -> tuple[list[dict], str]:
    """Rows of a domain TSV with its required columns checked; label ``"<file name> vN"``.

    Entries are stripped and must be lowercase (they are matched on lowercase forms and lemmas).
    Read once per file version (the cache is keyed on the file's modification time, so an edited
    file is read again).
    """
    path = Path(path)
    return _read_lexicon(path, part, path.stat().st_mtime_ns)


@lru_cache(maxsize=32)
def _read_lexicon(path: Path, part: str, mtime: int) -> tuple[list[dict], str]:
    lex = lexicon.read_lexicon(path, required=_REQUIRED[part], what=f"{part} lexicon")
    rows = list(lex.rows)
    if part == "prospects" and "kind" in lex.columns:
        rows = [r for r in rows if r["kind"] == "prospect"]
    for i, r in enumerate(rows, start=1):
        if not r["entry"] or r["entry"] != r["entry"].lower():
            raise InputError(f"The {part} lexicon {path}, entry {i} ({r['entry']!r}): entries must be "
                             "non-empty and lowercase.")
    return rows, lex.label


# ------------------------------------------------------------------ in-sample marking (issue 13 item 8)
#: the lexicon files whose entries are marked in-sample, and which rows of each are marked
IN_SAMPLE_FILES = {"frames.tsv": None, "actors.tsv": None,
                   "stance_markers.tsv": ("kind", ("prospect", "prospect_noun", "prospect_evaluation"))}


def in_sample_rows(rows: list[dict], only: tuple[str, tuple[str, ...]] | None) -> list[dict]:
    """The rows of a lexicon file that :data:`IN_SAMPLE_FILES` marks: all (``only`` None) or those whose
    column ``only[0]`` is one of ``only[1]`` (the prospect kinds of stance_markers.tsv)."""
    return [r for r in rows if only is None or (r[only[0]] or "").strip() in only[1]]


def entry_hits(docs: Mapping[str, object], entry: str) -> list[str]:
    """Where ``entry`` (space-separated lowercase tokens) matches in ``docs`` (``{label: Doc}``):
    each token equal to the token's lowercase form or lemma, as the detectors match. Returns the
    labels ``"<doc label>:<sentence start token>"`` of the hits."""
    toks = entry.split()
    out = []
    for label, doc in docs.items():
        low = [t.lower_ for t in doc]
        lem = [t.lemma_.lower() for t in doc]
        n = len(toks)
        for i in range(len(low) - n + 1):
            if all(toks[k] in (low[i + k], lem[i + k]) for k in range(n)):
                out.append(f"{label}:{doc[i].sent.start}")
    return out


def in_sample_marks(docs: Mapping[str, object], entries) -> dict[str, tuple[bool, str]]:
    """``{entry: (in_sample, evidence)}``: in_sample = the entry matches in the study texts
    ``docs`` (the lexicons were written while reading them, so such entries are in-sample: their
    precision there is not a test); evidence = hit count and the first hit."""
    marks = {}
    for e in entries:
        hits = entry_hits(docs, e)
        marks[e] = (bool(hits), f"{len(hits)} hits in study texts" + (f", first {hits[0]}" if hits else ""))
    return marks

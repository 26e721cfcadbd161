"""One article's body text as self-contained HTML with every measured cue highlighted.

For reading the measures against the text (the close reading a quantitative claim needs): each
body sentence is a row with its index, voice (authorial | reported | quoted) and speaker, a
left border coloured by voice; hedges and boosters are highlighted, modal expressions are
underlined in the colour of their sense (epistemic | deontic | dynamic), and every cue carries a
tooltip with its kind, lemma, category, sense, strength, negation and rule.

The offsets in the cue table index the raw text of the source (``corpus.text(source_id)``); they
are checked against it (each cue's ``text`` must equal the raw characters at its offsets) before
anything is drawn, so a highlighted word is always the word that was counted. Overlapping cues
(e.g. "probably" as a hedge and as an epistemic modal) are shown together on the same characters.

The output is deterministic: no timestamps, no random ids, attributes in a fixed order, so
rewriting it gives the same bytes.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from . import paths, style
from .errors import InputError
from .measures.attribution import VOICES
from .measures.modality import SENSES

#: highlight (background) per cue kind
KIND_BACKGROUNDS = {"hedge": "#FFF0A0", "booster": "#FFCBA4"}
#: underline colour per modal sense (Tol bright blue / vibrant red / bright green)
SENSE_COLORS = {"epistemic": "#4477AA", "deontic": "#CC3311", "dynamic": "#228833", "other": "#777777"}
#: underline colours for further cue kinds (self_mention, attitude, ...), in order of appearance
EXTRA_KIND_COLORS = ["#AA3377", "#66CCEE", "#EE7733", "#999933"]
#: sentence border per voice
VOICE_COLORS = {"authorial": "#BBBBBB", "reported": "#66CCEE", "quoted": "#AA3377"}
UNKNOWN_VOICE_COLOR = "#444444"

SENTENCE_COLUMNS = ["source_id", "sent_id", "start_char", "end_char"]
CUE_COLUMNS = ["source_id", "kind", "text", "start_char", "end_char"]

_CSS = """
body{font-family:"DejaVu Sans",Verdana,Arial,sans-serif;font-size:15px;line-height:1.75;color:#222;
max-width:58em;margin:1.5em auto;padding:0 1em}
h1{font-size:1.25em;margin:0 0 .2em}
.sub{color:#555;font-size:.9em;margin:0 0 1em}
.legend{border:1px solid #ddd;border-radius:4px;padding:.5em .8em;font-size:.82em;line-height:2;margin-bottom:1.2em;
position:sticky;top:0;background:#fff;z-index:1}
.legend b{margin-right:.4em}
.sw{padding:0 .35em;margin-right:.9em;white-space:nowrap}
.vs{display:inline-block;width:.35em;height:1.1em;vertical-align:middle;margin-right:.3em}
.para{margin:0 0 .9em}
.s{display:grid;grid-template-columns:7.5em 1fr;column-gap:.8em;border-left:5px solid #bbb;padding:.05em 0 .05em .6em;
margin:.1em 0}
.meta{font-size:.7em;color:#666;line-height:1.35;padding-top:.35em;overflow-wrap:anywhere}
.meta b{color:#333}
.c{border-radius:2px;padding:0 0 2px}
.note{color:#666;font-size:.8em;margin-top:1.5em;border-top:1px solid #ddd;padding-top:.5em}
"""


def _require(df, cols: list[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise InputError(f"render: the {what} must be a pandas DataFrame, got {type(df).__name__}.")
    missing = [c for c in cols if c not in df.columns]
    if missing:
        raise InputError(f"render: the {what} lacks column(s) {missing}; it has {list(map(str, df.columns))}.")


def _val(row, col):
    """A cell as a clean string ('' for missing)."""
    v = row.get(col) if hasattr(row, "get") else getattr(row, col, None)
    if v is None or (isinstance(v, float) and v != v) or v is pd.NA:
        return ""
    return str(v)


def _check_offsets(raw: str, table: pd.DataFrame, what: str, source_id: str, text_col: str = "text") -> None:
    """Every row's ``text`` must equal ``raw[start_char:end_char]``."""
    bad = []
    for r in table.itertuples(index=False):
        s, e = int(r.start_char), int(r.end_char)
        if not (0 <= s <= e <= len(raw)):
            bad.append(f"[{s}, {e}) outside the text (length {len(raw)})")
        elif text_col in table.columns and raw[s:e] != getattr(r, text_col):
            bad.append(f"[{s}, {e}) is {raw[s:e]!r} in the raw text, the table says {getattr(r, text_col)!r}")
        if len(bad) >= 5:
            break
    if bad:
        raise InputError(
            f"render: the {what} offsets do not index the raw text of {source_id!r} "
            f"(were they computed on another text or version?): " + "; ".join(bad)
        )


def _cue_title(c: dict) -> str:
    parts = [c["kind"]]
    lemma = c.get("lemma") or c["text"]
    parts.append(f"\u201c{lemma}\u201d")
    details = [x for x in (c.get("category", ""), c.get("sense", ""),
                           f"strength {c['strength']}" if c.get("strength") else "",
                           "negated" if c.get("negated") in (True, "True", "true", "1") else "",
                           f"rule {c['rule']}" if c.get("rule") else "") if x]
    return " ".join(parts) + (f" ({', '.join(d.replace('_', ' ') for d in details)})" if details else "")


def _chunk_style(active: list[dict], extra_colors: dict[str, str]) -> str:
    """Inline CSS for characters covered by ``active`` cues: backgrounds, then stacked underlines."""
    bgs = [KIND_BACKGROUNDS[k] for k in KIND_BACKGROUNDS if any(c["kind"] == k for c in active)]
    lines = []
    for c in active:
        if c["kind"] == "modal":
            col = SENSE_COLORS.get(c.get("sense") or "other", SENSE_COLORS["other"])
        elif c["kind"] in KIND_BACKGROUNDS:
            continue
        else:
            col = extra_colors[c["kind"]]
        if col not in lines:
            lines.append(col)
    css = []
    if len(bgs) == 1:
        css.append(f"background:{bgs[0]}")
    elif len(bgs) > 1:
        step = 100 / len(bgs)
        stops = ",".join(f"{b} {i * step:.0f}% {(i + 1) * step:.0f}%" for i, b in enumerate(bgs))
        css.append(f"background:linear-gradient({stops})")
    if lines:
        css.append("box-shadow:" + ",".join(f"inset 0 -{3 * (i + 1)}px 0 {c}" for i, c in enumerate(lines)))
    return ";".join(css)


def _render_sentence(raw: str, start: int, end: int, cues: list[dict], extra_colors: dict[str, str]) -> str:
    """The sentence's characters, split at every cue boundary; covered pieces wrapped in spans."""
    cuts = sorted({start, end, *(max(start, c["start_char"]) for c in cues), *(min(end, c["end_char"]) for c in cues)})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a >= b:
            continue
        piece = html.escape(raw[a:b], quote=False)
        active = [c for c in cues if c["start_char"] <= a and c["end_char"] >= b]
        if not active:
            out.append(piece)
            continue
        title = html.escape("; ".join(_cue_title(c) for c in active), quote=True)
        kinds = " ".join(dict.fromkeys(f"k-{c['kind']}" for c in active))
        out.append(f'<span class="c {kinds}" style="{_chunk_style(active, extra_colors)}" title="{title}">{piece}</span>')
    return "".join(out)


def _legend(kinds_present: list[str], counts: dict[str, int], voices: list[str], extra_colors: dict[str, str],
            sense_counts: dict[str, int]) -> str:
    items = ["<b>Cues</b>"]
    for k, bg in KIND_BACKGROUNDS.items():
        items.append(f'<span class="sw" style="background:{bg}">{k} ({counts.get(k, 0)})</span>')
    for s in SENSES:
        items.append(f'<span class="sw" style="box-shadow:inset 0 -3px 0 {SENSE_COLORS[s]}">modal: {s} '
                     f"({sense_counts.get(s, 0)})</span>")
    if sense_counts.get("other"):
        items.append(f'<span class="sw" style="box-shadow:inset 0 -3px 0 {SENSE_COLORS["other"]}">modal: no sense '
                     f"({sense_counts['other']})</span>")
    for k in kinds_present:
        if k in extra_colors:
            items.append(f'<span class="sw" style="box-shadow:inset 0 -3px 0 {extra_colors[k]}">'
                         f"{html.escape(k.replace('_', ' '))} ({counts.get(k, 0)})</span>")
    items.append("<br><b>Voice</b>")
    if not voices:
        items.append('<span class="sw" style="color:#666">not in the sentence table</span>')
    for v in voices:
        col = VOICE_COLORS.get(v, UNKNOWN_VOICE_COLOR)
        items.append(f'<span class="sw"><span class="vs" style="background:{col}"></span>{html.escape(v)}</span>')
    items.append('<span style="color:#666">(hover a cue for its lemma, category, strength and rule)</span>')
    return '<div class="legend">' + " ".join(items) + "</div>"


def render_annotated(corpus, sentences: pd.DataFrame, cues: pd.DataFrame, source_id: str, *,
                     labels: Mapping | None = None) -> str:
    """Self-contained HTML of one source's body text with its cues and sentence voices marked.

    ``sentences`` and ``cues`` are the tables of :func:`discourse.tables.analyze` (``voice`` and
    ``speaker`` are used when present). Offsets are checked against ``corpus.text(source_id)``
    (:class:`~discourse.errors.InputError` if they do not match); an unknown ``source_id`` raises
    :class:`~discourse.errors.UnknownSourceError`. ``labels``: source id -> display label for the
    subtitle (default: the id). Returns the HTML document as a string.
    """
    raw = corpus.text(source_id)
    _require(sentences, SENTENCE_COLUMNS, "sentence table")
    _require(cues, CUE_COLUMNS, "cue table")
    sent = sentences[sentences["source_id"] == source_id].sort_values(["start_char", "sent_id"], kind="stable")
    if sent.empty:
        raise InputError(f"render: the sentence table has no sentence of {source_id!r}; "
                         f"its sources are {sorted(map(str, sentences['source_id'].unique()))}.")
    cue = cues[cues["source_id"] == source_id].sort_values(["start_char", "end_char", "kind"], kind="stable")
    _check_offsets(raw, sent, "sentence", source_id)
    _check_offsets(raw, cue, "cue", source_id)

    cue_rows = [{k: (_val(r, k) if k not in ("start_char", "end_char") else int(r[k])) for k in r.index}
                for _, r in cue.iterrows()]
    for c in cue_rows:
        c["negated"] = bool(c.get("negated") in ("True", "true", "1"))
    kinds_present = list(dict.fromkeys(c["kind"] for c in cue_rows))
    extra = [k for k in kinds_present if k not in KIND_BACKGROUNDS and k != "modal"]
    extra_colors = {k: EXTRA_KIND_COLORS[i % len(EXTRA_KIND_COLORS)] for i, k in enumerate(sorted(extra))}
    counts = {k: sum(1 for c in cue_rows if c["kind"] == k) for k in kinds_present}
    sense_counts: dict[str, int] = {}
    for c in cue_rows:
        if c["kind"] == "modal":
            key = c.get("sense") if c.get("sense") in SENSES else "other"
            sense_counts[key] = sense_counts.get(key, 0) + 1

    has_voice = "voice" in sent.columns
    voices = list(VOICES)
    if has_voice:
        voices += sorted({_val(r, "voice") for _, r in sent.iterrows()} - set(voices) - {""})
    placed = 0
    body, para_key, para = [], object(), []
    for _, s in sent.iterrows():
        a, b = int(s["start_char"]), int(s["end_char"])
        inside = [c for c in cue_rows if c["start_char"] >= a and c["end_char"] <= b]
        placed += len(inside)
        voice = _val(s, "voice") if has_voice else ""
        speaker = _val(s, "speaker")
        col = VOICE_COLORS.get(voice, UNKNOWN_VOICE_COLOR) if voice else "#dddddd"
        meta = [f"<b>{int(s['sent_id'])}</b>"]
        if voice:
            meta.append(html.escape(voice))
        if speaker:
            meta.append(f"<br>{html.escape(speaker)}")
        if "sentiment" in s.index and _val(s, "sentiment"):
            meta.append(f"<br>sentiment {float(s['sentiment']):+.2f}")
        row = (f'<div class="s" style="border-left-color:{col}" id="s{int(s["sent_id"])}">'
               f'<span class="meta">{" ".join(meta)}</span>'
               f'<span class="t">{_render_sentence(raw, a, b, inside, extra_colors)}</span></div>')
        key = _val(s, "segment_id") if "segment_id" in s.index else ""
        if para and key != para_key:
            body.append('<div class="para">' + "".join(para) + "</div>")
            para = []
        para_key = key
        para.append(row)
    if para:
        body.append('<div class="para">' + "".join(para) + "</div>")

    title = source_id
    src = getattr(corpus, "sources", None)
    if isinstance(src, pd.DataFrame) and "title" in src.columns:
        match = src.loc[src["source_id"] == source_id, "title"]
        if len(match) and isinstance(match.iloc[0], str):
            title = match.iloc[0]
    n_tok = f", {int(sent['n_tokens'].sum()):,} word tokens" if "n_tokens" in sent.columns else ""
    sub = f"{html.escape(style.label(source_id, labels))} \u00b7 <code>{html.escape(source_id)}</code> \u00b7 {len(sent)} body sentences{n_tok}"
    notes = ["Offsets checked against the raw text: every highlighted span is the exact text counted."]
    if placed < len(cue_rows):
        notes.append(f"{len(cue_rows) - placed} cue(s) lie outside the body sentences shown and are not drawn.")
    if not has_voice:
        notes.append("The sentence table has no <code>voice</code> column: sentence borders are grey.")
    doc = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{html.escape(title)} \u2014 annotated</title>",
        f"<style>{_CSS.strip()}</style>",
        "</head>",
        "<body>",
        f"<h1>{html.escape(title)}</h1>",
        f'<p class="sub">{sub}</p>',
        _legend(kinds_present, counts, voices if has_voice else [], extra_colors, sense_counts),
        *body,
        '<p class="note">' + " ".join(notes) + "</p>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(doc)


def write_annotated(corpus, sentences: pd.DataFrame, cues: pd.DataFrame, folder: str | Path | None = None,
                    *, sources=None, labels: Mapping | None = None) -> list[Path]:
    """Write ``annotated_<source_id>.html`` for every source (or those in ``sources``) into
    ``folder`` (default :func:`discourse.paths.figures_dir`). Same inputs, same bytes.
    ``labels``: see :func:`render_annotated`."""
    folder = Path(folder) if folder is not None else paths.figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    _require(sentences, SENTENCE_COLUMNS, "sentence table")
    ids = list(sources) if sources is not None else [s for s in corpus.source_ids if (sentences["source_id"] == s).any()]
    if not ids:
        raise InputError("render: no source of the corpus has sentences in the sentence table.")
    out = []
    for sid in ids:
        p = folder / f"annotated_{sid}.html"
        p.write_text(render_annotated(corpus, sentences, cues, sid, labels=labels), encoding="utf-8", newline="\n")
        out.append(p)
    return out

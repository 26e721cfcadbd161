"""VADER and TextBlob scores, identical to the packages' own, with their per-call repeated work removed.

Both analysers are pure Python and, per sentence, redo work that depends only on a word:
VADER lower-cases the sentence's words again for every lexicon word it checks (its negation and
idiom checks rebuild the lower-cased word list each time) and walks the text character by
character looking for emoji; TextBlob's PatternAnalyzer splits each token's punctuation in a
Python loop and, in ``assessments``, looks every word up in a lazily loaded dict and lower-cases
every emoticon set for each short non-alphabetic word. Here:

* :class:`FastVader` is ``vaderSentiment``'s ``SentimentIntensityAnalyzer`` (3.3.2) with
  ``polarity_scores`` computing the lower-cased words once per sentence and skipping the emoji
  walk when no character of the text is an emoji key. The rules (boosters, "kind of", "no",
  capitals, negation, idioms, "least", "but", punctuation emphasis) are the package's, in its
  order, with its own ``scalar_inc_dec``, ``_but_check`` and ``score_valence``.
* :class:`FastPattern` is TextBlob's ``textblob.en.sentiment`` scorer for a string: the same
  tokeniser (``textblob._text.find_tokens`` with the parser's arguments) with the punctuation
  split of each whitespace token cached per token type, and ``assessments`` driven by per-word
  facts (lexicon entry, modifier, negation, emoticon) cached per lower-cased word type.

No cache is keyed by a sentence: only by a token or a word, what a real corpus repeats.
``tests/test_sentiment_fast.py`` compares both with the packages' own scorers on hand-written
sentences that exercise each rule; when this was written, 44,478 texts (every validation file,
the benchmark's sentence pool, the study paragraphs) also scored identically, types included.
"""

from __future__ import annotations

import re
from importlib import metadata as _metadata

from textblob import _text as _tb
from textblob.en import sentiment as _pattern
from vaderSentiment import vaderSentiment as _vs

__all__ = ["FAST_CHECKED", "FastVader", "FastPattern", "installed_version"]

#: the package versions whose internals these scorers re-use and against which their scores were
#: checked identical (tests/test_sentiment_fast.py); any other version gets the package's own scorer
FAST_CHECKED = {"vaderSentiment": frozenset({"3.3.2"}), "textblob": frozenset({"0.20.1"})}


def installed_version(dist: str) -> str | None:
    """The installed version of distribution ``dist`` (None if its metadata is missing)."""
    try:
        return _metadata.version(dist)
    except _metadata.PackageNotFoundError:
        return None

_NEGATE = frozenset(_vs.NEGATE)
_BOOSTERS = _vs.BOOSTER_DICT
_SPECIAL = _vs.SPECIAL_CASES
_N_SCALAR = _vs.N_SCALAR
_C_INCR = _vs.C_INCR
_scalar_inc_dec = _vs.scalar_inc_dec
_strip_punc_if_word = _vs.SentiText._strip_punc_if_word
_allcap_differential = _vs.allcap_differential


#: size past which the per-token cache of FastVader is cleared
_WORDS_LIMIT = 200_000


def _negated_one(word_lower: str) -> bool:
    """vaderSentiment's ``negated([word])`` (include_nt=True) for one word."""
    w = word_lower.lower()
    return w in _NEGATE or "n't" in w


class FastVader(_vs.SentimentIntensityAnalyzer):
    """``SentimentIntensityAnalyzer`` whose ``polarity_scores`` gives the same dict, faster."""

    def __init__(self):
        super().__init__()
        # polarity_scores tests ``chr in self.emojis`` character by character: only one-character
        # keys can match
        self._emoji_chars = frozenset(k for k in self.emojis if len(k) == 1)
        #: ``(word, lower-cased word)`` of each whitespace token seen (``_strip_punc_if_word``)
        self._words_cache: dict[str, tuple[str, str]] = {}

    def polarity_scores(self, text):
        if not isinstance(text, str):
            return super().polarity_scores(text)
        if not self._emoji_chars.isdisjoint(text):
            return super().polarity_scores(text)  # the package's emoji replacement, unchanged
        text = text.strip()
        cache = self._words_cache
        if len(cache) > _WORDS_LIMIT:
            cache.clear()
        words, lower = [], []  # SentiText._words_and_emoticons, and the same lower-cased
        for token in text.split():
            got = cache.get(token)
            if got is None:
                word = _strip_punc_if_word(token)
                got = cache[token] = (word, word.lower())
            words.append(got[0])
            lower.append(got[1])
        is_cap_diff = _allcap_differential(words)
        last = len(words) - 1
        lexicon = self.lexicon
        # a word has a valence when it is in the lexicon, unless it is a booster or the "kind" of
        # "kind of" (the package's checks, in an order that tests the rarest condition first)
        sentiments = [self._valence(words, lower, is_cap_diff, words[i], lw, i)
                      if lw in lexicon and lw not in _BOOSTERS and not (i < last and lw == "kind" and lower[i + 1] == "of")
                      else 0
                      for i, lw in enumerate(lower)]
        if "but" in lower:
            sentiments = self._but_check(words, sentiments)
        return self.score_valence(sentiments, text)

    def _valence(self, words, lower, is_cap_diff, item, lw, i):
        """``sentiment_valence`` for a word in the lexicon, on the precomputed lower-cased words."""
        lexicon = self.lexicon
        valence = lexicon[lw]
        if lw == "no" and i != len(words) - 1 and lower[i + 1] in lexicon:
            valence = 0.0
        if (i > 0 and lower[i - 1] == "no") \
                or (i > 1 and lower[i - 2] == "no") \
                or (i > 2 and lower[i - 3] == "no" and lower[i - 1] in ["or", "nor"]):
            valence = lexicon[lw] * _N_SCALAR
        if item.isupper() and is_cap_diff:
            if valence > 0:
                valence += _C_INCR
            else:
                valence -= _C_INCR
        for start_i in range(0, 3):
            if i > start_i and lower[i - (start_i + 1)] not in lexicon:
                s = _scalar_inc_dec(words[i - (start_i + 1)], valence, is_cap_diff)
                if start_i == 1 and s != 0:
                    s = s * 0.95
                if start_i == 2 and s != 0:
                    s = s * 0.9
                valence = valence + s
                valence = _negation_check(valence, lower, start_i, i)
                if start_i == 2:
                    valence = _special_idioms_check(valence, lower, i)
        # _least_check
        if i > 1 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            if lower[i - 2] != "at" and lower[i - 2] != "very":
                valence = valence * _N_SCALAR
        elif i > 0 and lower[i - 1] not in lexicon and lower[i - 1] == "least":
            valence = valence * _N_SCALAR
        return valence


def _negation_check(valence, low, start_i, i):
    """vaderSentiment's ``_negation_check`` on the lower-cased words."""
    if start_i == 0:
        if _negated_one(low[i - (start_i + 1)]):
            valence = valence * _N_SCALAR
    if start_i == 1:
        if low[i - 2] == "never" and (low[i - 1] == "so" or low[i - 1] == "this"):
            valence = valence * 1.25
        elif low[i - 2] == "without" and low[i - 1] == "doubt":
            valence = valence
        elif _negated_one(low[i - (start_i + 1)]):
            valence = valence * _N_SCALAR
    if start_i == 2:
        if low[i - 3] == "never" and (low[i - 2] == "so" or low[i - 2] == "this") or \
                (low[i - 1] == "so" or low[i - 1] == "this"):
            valence = valence * 1.25
        elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
            valence = valence
        elif _negated_one(low[i - (start_i + 1)]):
            valence = valence * _N_SCALAR
    return valence


def _special_idioms_check(valence, low, i):
    """vaderSentiment's ``_special_idioms_check`` on the lower-cased words."""
    onezero = f"{low[i - 1]} {low[i]}"
    twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
    twoone = f"{low[i - 2]} {low[i - 1]}"
    threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
    threetwo = f"{low[i - 3]} {low[i - 2]}"
    for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
        if seq in _SPECIAL:
            valence = _SPECIAL[seq]
            break
    if len(low) - 1 > i:
        zeroone = f"{low[i]} {low[i + 1]}"
        if zeroone in _SPECIAL:
            valence = _SPECIAL[zeroone]
    if len(low) - 1 > i + 1:
        zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
        if zeroonetwo in _SPECIAL:
            valence = _SPECIAL[zeroonetwo]
    for n_gram in (threetwoone, threetwo, twoone):
        if n_gram in _BOOSTERS:
            valence = valence + _BOOSTERS[n_gram]
    return valence


# --------------------------------------------------------------------------- TextBlob

_PUNCT = tuple(_tb.PUNCTUATION.replace(".", ""))
_PUNCT_DOT = _PUNCT + (".",)
_REPLACE = _tb.replacements
_ABBREVIATIONS = _tb.ABBREVIATIONS
_LINEBREAK = re.compile(r"\n{2,}")
_SPACES = re.compile(r"\s+")
_EOS = _tb.EOS
_SENT_END = ("...", ".", "!", "?", _EOS)
_SENT_TAIL = ("'", '"', "”", "’", "...", ".", "!", "?", ")", _EOS)
_LITERAL = re.compile(r"[\\.^$*+?{}\[\]|()]")
if any(_LITERAL.search(a) or "\\" in b for a, b in _REPLACE.items()):  # pragma: no cover - textblob 0.18
    raise ImportError("textblob's contraction replacements are no longer literal strings; update _sentiment_fast")


def _split_token(t: str) -> tuple[str, ...]:
    """The tokens ``textblob._text.find_tokens`` makes of one whitespace token (its loop body)."""
    tokens = []
    tail = []
    while t.startswith(_PUNCT) and t not in _REPLACE:
        if t.startswith(_PUNCT):
            tokens.append(t[0])
            t = t[1:]
    while t.endswith(_PUNCT_DOT) and t not in _REPLACE:
        if t.endswith(_PUNCT):
            tail.append(t[-1])
            t = t[:-1]
        if t.endswith("..."):
            tail.append("...")
            t = t[:-3].rstrip(".")
        if t.endswith("."):
            if (t in _ABBREVIATIONS or _tb.RE_ABBR1.match(t) is not None or _tb.RE_ABBR2.match(t) is not None
                    or _tb.RE_ABBR3.match(t) is not None):
                break
            else:
                tail.append(t[-1])
                t = t[:-1]
    if t != "":
        tokens.append(t)
    tokens.extend(reversed(tail))
    return tuple(tokens)


class FastPattern:
    """``textblob.en.sentiment(text)[:2]`` for a string: ``(polarity, subjectivity)``."""

    _LIMIT = 200_000  # cache sizes (token and word types); cleared past it

    def __init__(self):
        self.lex = _pattern
        len(self.lex)  # load the lazy lexicon
        if self.lex.tokenizer.__func__ is not _tb.Parser.find_tokens:  # pragma: no cover
            raise ImportError("textblob's sentiment tokenizer changed; update _sentiment_fast")
        self._tokens: dict[str, tuple[str, ...]] = {}
        self._facts: dict[str, tuple] = {}
        #: words of ``_facts`` that change nothing when no modifier or negation is pending: no
        #: lexicon entry, not a negation, not an emoticon, not "!" or "(!)"
        self._inert: set[str] = set()

    def find_tokens(self, string: str) -> list[str]:
        """``textblob._text.find_tokens(string)`` with the parser's arguments (its sentences)."""
        return self._sentences(self._tokens_of(string))

    def _tokens_of(self, string: str) -> list[str]:
        """The tokens ``find_tokens`` groups into sentences (before the sentence split)."""
        for a, b in _REPLACE.items():
            string = string.replace(a, b)  # re.sub of a literal pattern
        string = (string.replace("“", " “ ").replace("”", " ” ").replace("‘", " ‘ ").replace("’", " ’ ")
                  .replace("'", " ' ").replace('"', ' " '))
        string = string.replace("\r\n", "\n")
        string = _LINEBREAK.sub(" %s " % _EOS, string)
        string = _SPACES.sub(" ", string)
        cache = self._tokens
        tokens = []
        for t in _tb.TOKEN.findall(string + " "):
            got = cache.get(t)
            if got is None:
                if len(cache) > self._LIMIT:
                    cache.clear()
                got = cache[t] = _split_token(t)
            tokens.extend(got)
        return tokens

    @staticmethod
    def _sentences(tokens: list[str]) -> list[str]:
        """``find_tokens``'s sentences of ``tokens``: split after end marks, sarcasm marks and
        emoticons joined."""
        sentences, i, j = [[]], 0, 0
        while j < len(tokens):
            if tokens[j] in _SENT_END:
                while j < len(tokens) and tokens[j] in _SENT_TAIL:
                    if tokens[j] in ("'", '"') and sentences[-1].count(tokens[j]) % 2 == 0:
                        break
                    j += 1
                sentences[-1].extend(t for t in tokens[i:j] if t != _EOS)
                sentences.append([])
                i = j
            j += 1
        sentences[-1].extend(tokens[i:j])
        sentences = (" ".join(s) for s in sentences if len(s) > 0)
        sentences = (_tb.RE_SARCASM.sub("(!)", s) for s in sentences)
        return [_tb.RE_EMOTICONS.sub(lambda m: m.group(1).replace(" ", "") + m.group(2), s) for s in sentences]

    def _word(self, w: str) -> tuple:
        """Facts ``assessments`` reads about a word: (psi or None, is a modifier, is a negation,
        len(w.strip("'")) > 1, len(w) > 2, emoticon polarity or None)."""
        lex = self.lex
        entry = dict.get(lex, w)
        psi = tuple(entry[None]) if entry is not None and None in entry else None
        is_mod = psi is not None and any(map(entry.__contains__, lex.modifiers))
        emo = None
        if psi is None and w.isalpha() is False and len(w) <= 5 and w not in _tb.PUNCTUATION:
            for (_type, p), e in _tb.EMOTICONS.items():
                if w in map(lambda e: e.lower(), e):
                    emo = p
                    break
        return psi, is_mod, w in lex.negations, len(w.strip("'")) > 1, len(w) > 2, emo

    def _words(self, text: str) -> list[str]:
        """The lower-cased words textblob scores: ``" ".join(find_tokens(text)).split()``.

        Joining the sentences and splitting again gives back the tokens themselves (no token holds
        whitespace) unless a step of the sentence split changes them: an end-of-sentence marker
        (from a paragraph break) dropped, a sarcasm mark "( ! )" joined, or an emoticon with spaces
        joined. When the joined tokens hold none of these (no marker, no sarcasm match, no emoticon
        match at all), the tokens are the words and the sentence split is skipped."""
        tokens = self._tokens_of(text)
        joined = " ".join(tokens)
        if (_EOS in tokens or ("(" in joined and _tb.RE_SARCASM.search(joined))
                or _tb.RE_EMOTICONS.search(joined)):
            tokens = " ".join(self._sentences(tokens)).split()
        return [w.lower() for w in tokens]

    def __call__(self, text: str) -> tuple[float, float]:
        words = self._words(text)
        facts = self._facts
        if len(facts) > self._LIMIT:
            facts.clear()
            self._inert.clear()
        modifier = self.lex.modifier
        a = []  # [p, s, i, n] per assessment, as textblob's dicts
        m = None
        n = None
        inert = self._inert
        for w in words:
            if m is None and n is None and w in inert:
                continue  # no entry, negation, emoticon or mark, and no modifier or negation pending
            f = facts.get(w)
            if f is None:
                f = facts[w] = self._word(w)
                if f[0] is None and not f[2] and f[5] is None and w not in ("!", "(!)"):
                    inert.add(w)
            psi, is_mod, is_neg, long1, long2, emo = f
            if psi is not None:
                p, s, i = psi
                if m is None:
                    a.append([p, s, i, 1])
                if m is not None:
                    last = a[-1]
                    last[0] = max(-1.0, min(p * last[2], +1.0))
                    last[1] = max(-1.0, min(s * last[2], +1.0))
                    last[2] = i
                if n is not None:
                    a[-1][2] = 1.0 / a[-1][2]
                    a[-1][3] = -1
                m = None
                n = None
                if is_mod:
                    m = w
                if is_neg:
                    n = w
            else:
                if is_neg:
                    n = w
                elif n and long1:
                    n = None
                if n is not None and m is not None and modifier(m):
                    a[-1][3] = -1
                    n = None
                elif m and long2:
                    m = None
                if w == "!" and len(a) > 0:
                    a[-1][0] = max(-1.0, min(a[-1][0] * 1.25, +1.0))
                if w == "(!)":
                    a.append([0.0, 1.0, 1.0, 1])
                if emo is not None:
                    a.append([emo, 1.0, 1.0, 1])
        sp, ss, k = 0, 0, 0
        for p, s, _i, neg in a:
            sp += 1 * (p * -0.5 if neg < 0 else p)
            ss += 1 * s
            k += 1
        return sp / float(k or 1), ss / float(k or 1)

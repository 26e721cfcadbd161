"""The faster VADER and TextBlob scorers give the packages' own scores, rule by rule.

Each sentence below exercises one rule of vaderSentiment 3.3.2 or of TextBlob's PatternAnalyzer;
the expected value is what the package itself returns for it, and a sentence whose rule changes
the score is paired with one where it does not apply, so a rule dropped or reordered shows up.
"""

from __future__ import annotations

import pytest
from textblob.en import sentiment as pattern_sentiment
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from discourse.measures import sentiment as S
from discourse.measures._sentiment_fast import FastPattern, FastVader, _split_token

SENTENCES = [
    "The talks were a great success.",                      # plain lexicon word
    "The talks were a very great success.",                 # booster before
    "The talks were a great success, but the deal failed.",  # "but" reweights both sides
    "The talks were not a success.",                        # negation 2 words before
    "The talks were never so good.",                        # "never so" boosts
    "Without a doubt, an excellent idea.",                  # "without ... doubt" is no negation
    "It was kind of good.",                                 # "kind of" dampener
    "There was no good answer.",                            # "no" before a lexicon word
    "No good, no deal, no peace.",                          # "no" as a lexicon word itself
    "The plan is at least compelling.",                     # "at least" is not negation
    "The plan is the least compelling one.",                # "least" negates
    "The deal is GOOD, the talks are not.",                 # capitals, some not all
    "THE DEAL IS GOOD.",                                    # all capitals: no cap boost
    "What a great deal!!!",                                 # exclamation emphasis
    "Is this a good deal?? Really???",                      # question-mark emphasis
    "That was the bomb, yeah right.",                       # special cases
    "Iran can't accept a bad deal, they won't.",            # contractions
    "Make sure you :) or :D today!",                        # emoticons
    "Catch utf-8 emoji such as 💘 and 💋 and 😁",            # emoji: replaced by their names
    "It is not really good (!)",                            # TextBlob sarcasm mark
    "He said 'no' . . . really?! :-( :'(",                  # ellipsis, quotes, crying emoticon
    "The U.S. and Iran met at 3 p.m. in Oman, etc.",        # abbreviations keep their periods
    "Sanctions were (very) harmful; relief is welcome.",    # brackets split from words
    "A first paragraph.\n\nA second one, quite wonderful.",  # paragraph break: end of sentence
    "It was really not good at all.",                       # modifier before negation
    "Tehran's offer wasn't terribly generous.",             # 's and n't split
    "",                                                     # nothing to score
    "   ",
]


@pytest.fixture(scope="module")
def analysers():
    return SentimentIntensityAnalyzer(), FastVader(), FastPattern()


@pytest.mark.parametrize("text", SENTENCES)
def test_fast_vader_equals_vader(analysers, text):
    vader, fast, _ = analysers
    assert fast.polarity_scores(text) == vader.polarity_scores(text)


@pytest.mark.parametrize("text", SENTENCES)
def test_fast_pattern_equals_textblob(analysers, text):
    *_, fast = analysers
    want = tuple(pattern_sentiment(text))[:2]
    got = fast(text)
    assert got == want
    assert [type(x) for x in got] == [type(x) for x in want]


def test_rules_change_the_scores(analysers):
    """The pairs above really differ (so the equality tests compare rules that do something)."""
    _, vader, blob = analysers
    c = {t: vader.polarity_scores(t)["compound"] for t in SENTENCES[:6]}
    assert c["The talks were a very great success."] > c["The talks were a great success."] > 0
    assert c["The talks were not a success."] < 0
    assert blob("It is not really good (!)")[1] > blob("It is not really good")[1]
    assert blob("What a great deal!!!")[0] > blob("What a great deal")[0]


def test_split_token_keeps_abbreviations_and_splits_punctuation():
    assert _split_token("U.S.") == ("U.S.",)
    assert _split_token("(very)") == ("(", "very", ")")
    assert _split_token("really?!") == ("really", "?", "!")
    assert _split_token("end...") == ("end", "...")
    assert _split_token("Oman.") == ("Oman", ".")


def test_word_caches_are_per_type_not_per_sentence(analysers):
    *_, blob = analysers
    blob("The talks were a great success.")
    assert "The talks were a great success." not in blob._tokens and "great" in blob._facts


def test_package_scores_use_the_fast_analysers():
    assert isinstance(S._vader(), FastVader) and isinstance(S._textblob(), FastPattern)


def test_other_package_versions_get_the_packages_own_scorers(monkeypatch):
    """The fast scorers re-use the packages' internals, checked for the versions in FAST_CHECKED only;
    with another installed version the package's own analyser scores (same scores, slower)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from discourse.measures import _sentiment_fast, sentiment

    assert isinstance(sentiment._vader(), _sentiment_fast.FastVader)
    assert isinstance(sentiment._textblob(), _sentiment_fast.FastPattern)
    monkeypatch.setattr(_sentiment_fast, "installed_version", lambda dist: "99.0")
    sentiment._vader.cache_clear()
    sentiment._textblob.cache_clear()
    try:
        vader, blob = sentiment._vader(), sentiment._textblob()
        assert type(vader) is SentimentIntensityAnalyzer
        assert not isinstance(blob, _sentiment_fast.FastPattern)
        text = "The talks were not very good, but hardly a disaster :)"
        assert vader.polarity_scores(text) == _sentiment_fast.FastVader().polarity_scores(text)
        assert tuple(blob(text)) == _sentiment_fast.FastPattern()(text)
    finally:
        sentiment._vader.cache_clear()
        sentiment._textblob.cache_clear()


@pytest.mark.parametrize("text", SENTENCES + [
    "A fine day : ) for talks",           # emoticon with a space: joined by the sentence split
    "Not good ( ! ) at all",              # sarcasm mark with spaces
    "Bad news : - ( today",               # three-character emoticon with spaces
    "He said XD and left",                # emoticon without a space (found, nothing to join)
    "END-OF-SENTENCE marker as a word",   # textblob's own end-of-sentence marker in the text
    "Plain words, nothing to join.",
    "It is not a very good deal.",        # a short word between a negation and its word
    "Very much the best, not the worst!",  # modifier and negation pending across plain words
])
def test_pattern_words_equal_the_joined_sentences(analysers, text):
    """FastPattern skips the sentence split when it cannot change the words; the words must be
    what textblob scores: the joined sentences of find_tokens, split and lower-cased."""
    *_, fast = analysers
    assert fast._words(text) == [w.lower() for w in " ".join(fast.find_tokens(text)).split()]
    assert fast(text) == tuple(pattern_sentiment(text))[:2]


def test_vader_word_cache_is_per_token_not_per_sentence(analysers):
    _, fast, _ = analysers
    fast.polarity_scores("The talks were a GREAT success!")
    assert fast._words_cache["success!"] == ("success", "success")
    assert fast._words_cache["GREAT"] == ("GREAT", "great")
    assert "The talks were a GREAT success!" not in fast._words_cache

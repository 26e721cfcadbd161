"""discourse.dask gives the same tables on a Dask cluster as the single-machine path."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("dask")
pytest.importorskip("distributed")

from discourse import io  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "other_genres"


@pytest.fixture(scope="module")
def records():
    recs = [{"doc_id": p.stem, "text": p.read_text(encoding="utf-8"), "genre_group": "a" if i % 2 else "b"}
            for i, p in enumerate(sorted(FIXTURES.glob("*.txt")))]
    return recs + [{"doc_id": "empty", "text": "   ", "genre_group": "a"}]


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as c:
        yield c


#: every level has rows only with a domain lexicon set (frames and actors are off by default)
DOMAIN = "us_iran_diplomacy"


def _local(records, cache):
    docs = [io.Document(r["doc_id"], r["text"], f"record {r['doc_id']!r}", {"genre_group": r["genre_group"]})
            for r in records]
    results = list(io.iter_results(docs, io.ScoreOptions(cache=cache, domain=DOMAIN), on_error="skip"))
    return {lvl: io.assemble(results, lvl, ["genre_group"]) for lvl in io.LEVELS}


def test_cluster_tables_equal_local_tables(client, records, tmp_path):
    import dask.bag as db

    from discourse.dask import score_bag, to_tables

    bag = db.from_sequence(records, npartitions=4)
    results = score_bag(bag, cache=str(tmp_path / "cache"), domain=DOMAIN).compute()
    assert [r.doc_id for r in results] == [r["doc_id"] for r in records]
    tables = to_tables(results, on_error="skip")
    local = _local(records, str(tmp_path / "cache-local"))
    for lvl in io.LEVELS:
        assert len(tables[lvl]) > 0, lvl
        pd.testing.assert_frame_equal(tables[lvl], local[lvl], check_exact=True)
    assert tables["errors"][["doc_id", "reason"]].values.tolist() == [["empty", "empty"]]


def test_bad_document_fails_by_default(client, records, tmp_path):
    from discourse.dask import score_dask
    from discourse.errors import InputError

    with pytest.raises(InputError, match="'empty'.*empty"):
        score_dask(records[-3:], npartitions=2, cache=False)


def test_duplicate_ids_across_partitions_are_reported(client, records):
    from discourse.dask import score_dask

    recs = [records[0], records[1], dict(records[0])]
    tables = score_dask(recs, npartitions=3, cache=False, on_error="skip", levels=("source",))
    assert tables["source"]["doc_id"].tolist() == [records[0]["doc_id"], records[1]["doc_id"]]
    assert tables["errors"]["reason"].tolist() == ["duplicate_id"]


def test_read_bag_reads_txt_files_on_the_workers(client, tmp_path):
    from discourse.dask import read_bag, score_bag, to_tables

    bag = read_bag([FIXTURES], npartitions=3, source_col="outlet")
    tables = to_tables(score_bag(bag, cache=False).compute(), levels=("source",))
    assert tables["source"]["doc_id"].tolist() == sorted(p.stem for p in FIXTURES.glob("*.txt"))
    assert set(tables["source"]["outlet"]) == {"other_genres"}


def test_duplicate_ids_fail_before_anything_is_scored(tmp_path, monkeypatch):
    """No cluster needed: the ids are checked on the client, and no partition is scored."""
    from discourse import dask as ddask
    from discourse.errors import InputError

    def no_scoring(*args, **kwargs):
        raise AssertionError("scored despite duplicate ids")

    monkeypatch.setattr(ddask, "score_bag", no_scoring)
    recs = [{"doc_id": "a", "text": "Talks may resume."}, {"doc_id": "b", "text": "No."},
            {"doc_id": "a", "text": "Again."}]
    with pytest.raises(InputError, match=r"(?s)1 duplicate id.*'a' \(record 'a'\): the id was already used"):
        ddask.score_dask(recs, cache=False)
    # with several inputs a file's id keeps its folder's name (issue 15): only two folders of the
    # same name holding the same file name clash
    one, two = tmp_path / "one" / "news", tmp_path / "two" / "news"
    one.mkdir(parents=True)
    two.mkdir(parents=True)
    (one / "x.txt").write_text("Talks may resume.", encoding="utf-8")
    (two / "x.txt").write_text("Talks may not.", encoding="utf-8")
    with pytest.raises(InputError, match=r"'news/x' \(.*two/news/x.txt\)"):
        ddask.read_bag([one, two])
    assert ddask.read_bag([one, two], unique_ids=False).npartitions >= 1

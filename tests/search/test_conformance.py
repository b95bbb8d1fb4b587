from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from briefing.corpus import Article, write_article
from briefing.errors import QueryError
from briefing.search import SearchIndex
from briefing.search.api import ENGINES
from tests.conftest import run_cli

NAMES_CSTO = {
    "turkey-coup-russia-central-asia",
    "csto-kazakhstan-russia-turkey-rivalry",
    "kazakhstan-crisis-russia-post-soviet-sway",
}


@pytest.fixture(params=ENGINES)
def engine(request):
    return request.param


@pytest.fixture
def index(corpus_dir, tmp_path, engine):
    with SearchIndex(corpus_dir, tmp_path / "index", engine=engine) as idx:
        report = idx.update()
        assert report.added == 5
        yield idx


def ids(index: SearchIndex, query: str, **kw) -> set[str]:
    return {h.id for h in index.search(query, limit=50, **kw).hits}


def test_csto_found_in_text_not_in_comments(index):
    assert ids(index, "CSTO") == NAMES_CSTO
    assert ids(index, "csto") == NAMES_CSTO


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("published:2016", {"turkey-coup-russia-central-asia"}),
        ("published:2016-07", {"turkey-coup-russia-central-asia"}),
        ("published:[2016 to 2018]", {"turkey-coup-russia-central-asia", "central-asia-military-agreements-kremlin"}),
        ("published:[2017 TO 2018]", {"central-asia-military-agreements-kremlin"}),
        (
            "published:>2020-06",
            {
                "kazakh-protest-or-failed-coup",
                "csto-kazakhstan-russia-turkey-rivalry",
                "kazakhstan-crisis-russia-post-soviet-sway",
            },
        ),
        ("published:<2017", {"turkey-coup-russia-central-asia"}),
        ('"Collective Security Treaty Organization" published:2016', {"turkey-coup-russia-central-asia"}),
        ("paratroop*", {"kazakh-protest-or-failed-coup"}),
        ("Tokaev~", {"csto-kazakhstan-russia-turkey-rivalry", "kazakhstan-crisis-russia-post-soviet-sway"}),
        ("title:sway", {"kazakhstan-crisis-russia-post-soviet-sway"}),
        ("source:caravanserai", {"central-asia-military-agreements-kremlin"}),
        ("author:blagov", {"turkey-coup-russia-central-asia"}),
        ("tag:kyrgyzstan", {"central-asia-military-agreements-kremlin"}),
        ("Shoigu OR Jeenbekov", {"turkey-coup-russia-central-asia", "central-asia-military-agreements-kremlin"}),
        ("CSTO AND Shoigu", {"turkey-coup-russia-central-asia"}),
        ("CSTO -Shoigu", NAMES_CSTO - {"turkey-coup-russia-central-asia"}),
        ("CSTO NOT Shoigu", NAMES_CSTO - {"turkey-coup-russia-central-asia"}),
        ("Geneva talks", {"kazakh-protest-or-failed-coup"}),
        ("event:2017-12", {"central-asia-military-agreements-kremlin"}),
        ("event:2022-01-06", {"kazakh-protest-or-failed-coup", "csto-kazakhstan-russia-turkey-rivalry"}),
        (
            "event:[2016 to 2017] published:<2020",
            {"turkey-coup-russia-central-asia", "central-asia-military-agreements-kremlin"},
        ),
        ("event:2016 published:>2020", {"kazakh-protest-or-failed-coup"}),
        ("Almaty café", set()),
    ],
)
def test_query_forms(index, query, expected):
    assert ids(index, query) == expected


def test_accents_and_stemming(index):
    assert ids(index, "Erdoğan") == ids(index, "erdogan") != set()
    assert ids(index, "protester") == ids(index, "protesters")


def test_as_you_type_prefix(index):
    assert ids(index, "kaza", as_you_type=True) == ids(index, "Kazakhstan") | ids(index, "Kazakh")
    assert ids(index, "kaza") == set()
    assert ids(index, "russia kaza", as_you_type=True)
    assert ids(index, "kazakhstan ", as_you_type=True) == ids(index, "kazakhstan")


def test_did_you_mean(index):
    result = index.search("Kazakstan")
    assert result.suggestion == "Kazakhstan"
    assert index.search("Kazakhstan").suggestion is None
    assert index.search("Tokaev coup").suggestion == "Tokayev coup"


def test_no_did_you_mean_when_every_word_is_found(index):
    """A word the index holds, however rare, is no typo: 'interest rates' is never 'interest rather'. Nor is
    a word absent as written that finds articles once stemmed ('rates' finds 'rated')."""
    assert index.search("interest rates").suggestion is None
    assert index.search("interest rates", as_you_type=True).suggestion is None
    assert index.search("rates").total and index.search("rates").suggestion is None
    vocabulary = index.engine.vocabulary()
    rare = [w for letter in "rsti" for w in vocabulary.words(letter) if len(w) > 3 and vocabulary.frequency(w) <= 2]
    assert len(rare) > 20
    for word in rare:
        assert index.search(word).suggestion is None, word
        assert index.search(f"russia {word}").suggestion is None, word
    assert index.search("Kazakstan rates").suggestion == "Kazakhstan rates"  # the typo corrected, alone


def test_did_you_mean_while_typing_once_the_last_word_starts_nothing(index):
    """While typing, an unfinished last word is not misspelt ('kaza' is on its way to Kazakhstan); one that no
    word starts with is, and the suggestion comes without waiting for enter."""
    assert index.search("kaza", as_you_type=True).suggestion is None
    typed = index.search("Kazakstan", as_you_type=True)
    assert typed.total == 0 and typed.suggestion == "Kazakhstan"
    assert index.search("russia Kazakstan", as_you_type=True).suggestion == "russia Kazakhstan"


def test_snippets_mark_matched_words(index):
    result = index.search("paratroopers")
    (hit,) = result.hits
    snippet = hit.snippets[0]
    marked = [snippet.text[a:b].lower() for a, b in snippet.spans]
    assert marked and all(word.startswith("paratroop") for word in marked)
    assert len(snippet.text) < 400
    title_hit = index.search("sway").hits[0]
    assert [title_hit.title[a:b] for a, b in title_hit.title_spans] == ["sway"]


def test_empty_query_lists_everything_newest_first(index):
    hits = index.search("").hits
    assert len(hits) == 5
    assert hits[0].published == "2022-01-07" and hits[-1].published == "2016-07"
    oldest = index.search("CSTO", sort="oldest").hits
    assert oldest[0].id == "turkey-coup-russia-central-asia"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("title:(", "unclosed '('"),
        ("published:[2022 to", "unclosed '['"),
        ("colour:red", "unknown field 'colour:'"),
        ('"open quote', "unclosed quote"),
        ("published:soon", "cannot read 'soon' as a date"),
        ("published:2022-13", "not a real calendar date"),
        ("a) b", "closes nothing"),
        ("title: x", "needs a value"),
    ],
)
def test_bad_queries(index, query, message):
    with pytest.raises(QueryError, match=message.replace("(", r"\(").replace("[", r"\[").replace(")", r"\)")):
        index.search(query)


def test_incremental_updates(corpus_dir, tmp_path, engine):
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir, engine=engine) as idx:
        idx.update()
        write_article(corpus_dir, Article(id="new-one", title="Zebra crossing", body="A zebra story from Almaty."))
        report = idx.update()
        assert (report.added, report.changed, report.removed, report.unchanged) == (1, 0, 0, 5)
        assert ids(idx, "zebra") == {"new-one"}
        write_article(corpus_dir, Article(id="new-one", title="Giraffe", body="Now a giraffe."), replace_existing=True)
        report = idx.update()
        assert (report.added, report.changed) == (0, 1)
        assert ids(idx, "zebra") == set() and ids(idx, "giraffe") == {"new-one"}
        (corpus_dir / "new-one.md").unlink()
        report = idx.update()
        assert report.removed == 1 and ids(idx, "giraffe") == set()
        # touching a file without changing it re-reads nothing
        os.utime(corpus_dir / "kazakh-protest-or-failed-coup.md")
        assert idx.update().touched == 0
    with SearchIndex(corpus_dir, index_dir, engine=engine) as again:  # a new process sees the same state
        assert again.update().touched == 0 and again.doc_count() == 5


def test_two_processes_indexing_at_once(tmp_path, engine):
    corpus = tmp_path / "corpus"
    for i in range(300):
        write_article(corpus, Article(id=f"a-{i}", title=f"Title {i}", body=f"Body number {i} about wombats."))
    index_dir = tmp_path / "index"
    cmd = [
        sys.executable,
        "-m",
        "briefing",
        "--engine",
        engine,
        "index",
        "--corpus",
        str(corpus),
        "--index",
        str(index_dir),
    ]
    procs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [p.communicate(timeout=180) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err
        assert "Traceback" not in err
    with SearchIndex(corpus, index_dir, engine=engine) as idx:
        assert idx.update().touched == 0
        assert idx.doc_count() == 300
        assert len(idx.search("wombats", limit=500).hits) == 300


def test_cli_search(corpus_dir, tmp_path, engine):
    common = ["--engine", engine, "--corpus", str(corpus_dir), "--index", str(tmp_path / "index")]
    result = run_cli("search", "Shoigu", *common, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["total"] == 1 and data["hits"][0]["id"] == "turkey-coup-russia-central-asia"
    assert data["hits"][0]["snippets"][0]["spans"]
    plain = run_cli("search", "Shoigu", *common)
    assert "turkey-coup-russia-central-asia" in plain.stdout and "1 hit" in plain.stdout
    none = run_cli("search", "Kazakstan", *common)
    assert none.returncode == 1 and "Did you mean: Kazakhstan?" in none.stdout
    bad = run_cli("search", "title:(", *common)
    assert bad.returncode == 2 and "unclosed" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    newest = json.loads(run_cli("search", "CSTO", "--sort", "newest", "--json", *common).stdout)
    dates = [h["published"] for h in newest["hits"]]
    assert dates == sorted(dates, reverse=True)
    idx = run_cli("index", "--rebuild", *common)
    assert idx.returncode == 0 and "5 articles indexed" in idx.stdout


def test_a_cancelled_build_leaves_nothing_behind(corpus_dir, tmp_path, engine):
    import threading

    from briefing.search import IndexUnavailable

    stop = threading.Event()
    stop.set()
    index_dir = tmp_path / "index"
    with SearchIndex(corpus_dir, index_dir, engine=engine) as idx, pytest.raises(IndexUnavailable, match="cancelled"):
        idx.open(cancel=stop)
    assert not index_dir.exists()
    assert not list(tmp_path.glob("index.building-*"))
    with SearchIndex(corpus_dir, index_dir, engine=engine) as idx:  # the next start builds it
        assert idx.update().added == 5


def test_an_empty_corpus_answers_every_query_with_nothing(tmp_path, engine):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    with SearchIndex(corpus, tmp_path / "index", engine=engine) as idx:
        idx.update()
        for query in ["", "oil", "oil gas", "oil*", "oil~", '"a b"', "published:2020", "NOT oil", "title:x", "a OR b"]:
            for as_you_type in (False, True):
                result = idx.search(query, as_you_type=as_you_type)
                assert (result.total, result.hits) == (0, ())
        assert idx.messages == []
        write_article(corpus, Article(id="first", title="Oil first", body="Oil prices rose.", published="2020-01-02"))
        idx.update()
        assert [h.id for h in idx.search("oil").hits] == ["first"]


def test_snippets_never_repeat_text():
    from briefing.search.highlight import Marker

    body = " ".join(
        ["Oil traders said the price of heating oil fell."]
        + ["Filler words about nothing in particular here."] * 3
        + ["Barge prices followed oil prices down."]
        + ["More filler text that matches no query word at all."] * 12
        + ["Crude oil prices rose later, oil traders said."]
    )
    snippets = Marker(["oil", "price"]).snippets(body)
    assert snippets
    places = []
    for snippet in snippets:
        text = snippet.text.removeprefix("… ").removesuffix(" …")
        start = body.find(text)
        assert start >= 0
        places.append((start, start + len(text)))
        for a, b in snippet.spans:
            assert snippet.text[a:b].lower().startswith(("oil", "pric"))
    assert all(first[1] <= second[0] for first, second in zip(places, places[1:], strict=False))


def test_suggest_offers_the_nearest_index_words(index):
    assert index.suggest("Kazakstan")[0] == "kazakhstan"
    assert "kazakhstan" not in index.suggest("Kazakhstan")  # a word is no suggestion for itself
    assert len(index.suggest("ru", limit=2)) <= 2
    assert index.suggest("zzzzqqq") == []


def test_open_date_ranges_hold_to_their_edge_day(corpus_dir, tmp_path, engine):
    """An open range (`>2020-06`, `<2017-05-10`) reaches over centuries; its partial edge year is still cut at
    the day it names (Whoosh's backend once took in the whole edge year: 2020-03 for `>2020-06`)."""
    write_article(corpus_dir, Article(id="march-2020", title="Okapi", body="Okapi.", published="2020-03-02"))
    write_article(corpus_dir, Article(id="may-2017", title="Okapi", body="Okapi.", published="2017-05-10"))
    with SearchIndex(corpus_dir, tmp_path / "index", engine=engine) as idx:
        idx.update()
        assert ids(idx, "okapi published:>2020-06") == set()
        assert ids(idx, "okapi published:>2020-02") == {"march-2020"}
        assert ids(idx, "okapi published:<2017-05-10") == set()
        assert ids(idx, "okapi published:<=2017-05-10") == {"may-2017"}
        assert ids(idx, "okapi published:<2020") == {"may-2017"}
        assert ids(idx, "okapi published:>=2017-05-10") == {"march-2020", "may-2017"}

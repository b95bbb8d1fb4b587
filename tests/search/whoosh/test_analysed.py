"""A build's segments written from documents analysed ahead (`analysed.SegmentBuild`) are the segments Whoosh's
own `add_document` writes: every segment file the same, byte for byte (terms, postings, lengths, stored fields,
columns), for documents of every shape: accents, notes, tags, dates, empty fields, and words frequent enough
to fill several posting blocks."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from whoosh import index as whoosh_index

from briefing.search.document import Document
from briefing.search.whoosh import analysed
from briefing.search.whoosh.analysed import SegmentBuild, analyse, supported
from briefing.search.whoosh.engine import WhooshEngine
from briefing.search.whoosh.schema import schema, whoosh_fields

WORDS = (
    "oil price crude opec output barrel gulf kuwait export quota bank rate loan credit interest dollar yen "
    "café naïve Zürich résumé Øresund straße coöperate déjà-vu U.S. 1987 3.5% o'neil e-mail"
).split()


def _document(rng: random.Random, number: int) -> Document:
    body = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 300)))
    days = tuple(sorted({dt.date(1987, rng.randint(1, 12), rng.randint(1, 28)) for _ in range(rng.randint(0, 4))}))
    published = dt.date(1987, 1 + number % 12, 1 + number % 28) if number % 5 else None
    tags = tuple(sorted({rng.choice(["Energy", "Banks", "Crédit"]) for _ in range(number % 3)}))
    notes = " ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12))) if number % 4 == 0 else ""
    return Document(
        id=f"doc-{number:04d}",
        title=" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 7))),
        body=body,
        published=published,
        published_text=published.isoformat() if published else None,
        source=rng.choice(["Reuters", "AP Wire", ""]),
        author=rng.choice(["", "A. Écrivain", "B. Reporter"]),
        tags=tags,
        notes=notes,
        has_notes=bool(notes),
        event_days=days,
    )


def _segment_files(directory: Path) -> list[list[tuple[str, bytes]]]:
    """Each segment's files (by extension) in the index's segment order, with their bytes."""
    ix = whoosh_index.open_dir(str(directory))
    found = []
    for segment in ix._segments():
        name = segment.segment_id()
        files = sorted((p.name[len(name) :], p.read_bytes()) for p in directory.glob(f"{name}*"))
        assert files
        found.append(files)
    ix.close()
    return found


def _build(directory: Path, documents: list[Document], segment: int, ahead: bool) -> None:
    engine = WhooshEngine()
    directory.mkdir()
    engine.create(directory)
    for start in range(0, len(documents), segment):
        writer = engine.writer(building=True)
        for document in documents[start : start + segment]:
            if ahead:
                writer.add(document, analyse(document))
            else:
                writer.add(document)
        assert (writer._build is not None) is ahead
        writer.commit(merge=False)
    engine.close()


@pytest.mark.parametrize("seed", [1, 2])
def test_segments_written_from_analysed_documents_are_whooshs_own(tmp_path, seed):
    rng = random.Random(seed)
    documents = [_document(rng, n) for n in range(420)]
    _build(tmp_path / "whoosh", documents, 250, ahead=False)
    _build(tmp_path / "ahead", documents, 250, ahead=True)
    ours, theirs = _segment_files(tmp_path / "ahead"), _segment_files(tmp_path / "whoosh")
    assert len(ours) == len(theirs) == 2
    assert [[ext for ext, _ in files] for files in ours] == [[ext for ext, _ in files] for files in theirs]
    for mine, whoosh in zip(ours, theirs, strict=True):
        for (ext, data), (_, expected) in zip(mine, whoosh, strict=True):
            assert data == expected, f"segment file {ext} differs"


def test_a_segment_build_asks_for_a_commit_when_its_postings_fill_the_memory_allowed(tmp_path, monkeypatch):
    monkeypatch.setattr(analysed, "SEGMENT_POSTINGS", 500)
    rng = random.Random(3)
    engine = WhooshEngine()
    engine.create(tmp_path)
    writer = engine.writer(building=True)
    assert not writer.full()
    document = _document(rng, 1)
    while not writer.full():
        writer.add(document, analyse(document))
    assert writer._build.postings >= 500
    writer.commit(merge=False)
    engine.close()


def test_the_schema_and_codec_are_the_ones_the_segment_build_knows(tmp_path):
    ix = whoosh_index.create_in(str(tmp_path), schema())
    writer = ix.writer()
    assert supported(writer)
    build = SegmentBuild(writer)
    document = _document(random.Random(4), 2)
    build.add(analyse(document))
    writer.commit(merge=False)
    with ix.searcher() as searcher:
        stored = searcher.stored_fields(0)
    fields = whoosh_fields(document)
    assert stored == {k: v for k, v in fields.items() if schema()[k].stored and v is not None}
    ix.close()


def test_a_segment_build_is_never_merged_with_the_segments_before_it(tmp_path):
    """Whoosh's merge would add the older segments' postings to its own pool, which the segment build does not
    write: a commit asking for a merge keeps every segment, and every document is still found."""
    rng = random.Random(5)
    documents = [_document(rng, n) for n in range(60)]
    engine = WhooshEngine()
    engine.create(tmp_path)
    for start in (0, 30):
        writer = engine.writer(building=True)
        for document in documents[start : start + 30]:
            writer.add(document, analyse(document))
        writer.commit(merge=True, optimize=True)
    ix = whoosh_index.open_dir(str(tmp_path))
    assert len(ix._segments()) == 2
    with ix.searcher() as searcher:
        assert searcher.doc_count() == 60
        for document in documents:
            assert searcher.document(id=document.id)["title"] == document.title
            assert len(list(searcher.documents(id=document.id))) == 1
    ix.close()
    engine.close()


def test_a_writer_whose_first_document_is_not_analysed_ahead_leaves_every_document_to_whoosh(tmp_path):
    rng = random.Random(6)
    documents = [_document(rng, n) for n in range(20)]
    engine = WhooshEngine()
    engine.create(tmp_path)
    writer = engine.writer(building=True)
    writer.add(documents[0])
    for document in documents[1:]:
        writer.add(document, analyse(document))
    assert writer._build is None
    writer.commit(merge=False)
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        ids = {text for field, text in searcher.reader().all_terms() if field == "id"}  # every one's postings
        assert ids == {d.id.encode() for d in documents}
        for document in documents:
            assert searcher.document(id=document.id)["title"] == document.title
    engine.close()

"""The use cases both shells call (`briefing.services`): plain values in, frozen records out, one-line errors."""

from __future__ import annotations

import dataclasses

import pytest

from briefing import services
from briefing.errors import BriefingError
from briefing.export import BriefSpec
from briefing.notes import notes_path
from briefing.paths import Paths
from briefing.search import SearchIndex

ARTICLE = "kazakh-protest-or-failed-coup"


@pytest.fixture
def paths(corpus_dir, tmp_path) -> Paths:
    return Paths(corpus=corpus_dir, index=tmp_path / "index")


def test_open_article_reads_text_timeline_and_notes_and_survives_broken_notes(paths):
    opened = services.open_article(paths, ARTICLE)
    assert opened.article.id == ARTICLE and opened.timeline is not None and opened.timeline.events
    assert opened.notes is not None and opened.notes_error is None
    with pytest.raises(dataclasses.FrozenInstanceError):
        opened.article = None  # type: ignore[misc]
    notes_path(paths.corpus, ARTICLE).write_text("notes: [", encoding="utf-8")
    broken = services.open_article(paths, ARTICLE)
    assert broken.notes is None and broken.notes_error and "\n" not in broken.notes_error
    bare = services.open_article(paths, ARTICLE, timeline=False, notes=False)
    assert bare.timeline is None and bare.notes is None
    with pytest.raises(BriefingError):
        services.open_article(paths, "no-such-article")


def test_a_saved_note_is_searchable_at_once_and_a_deleted_one_is_not(paths):
    with SearchIndex(paths.corpus, paths.index) as index:
        index.update()
        saved = services.save_note(paths, ARTICLE, "zanzibarine remark", tags=("watch",), index=index)
        assert saved.index.problem is None and saved.index.report is not None
        note_id = saved.result.note_id
        assert [hit.id for hit in index.search("notes:zanzibarine").hits] == [ARTICLE]
        edited = services.save_note(paths, ARTICLE, "quokkaesque remark", note_id=note_id, index=index)
        assert edited.result.notes.get(note_id).tags == ("watch",)  # an edit leaves what it is not given
        assert index.search("notes:zanzibarine").total == 0
        services.delete_note(paths, ARTICLE, note_id, index=index)
        assert index.search("notes:quokkaesque").total == 0


def test_refresh_index_without_an_index_does_nothing_and_reports_no_problem(paths):
    assert services.refresh_index(paths) == services.IndexRefresh()
    assert not paths.index.exists()


def test_export_brief_writes_terminal_safe_text_and_says_when_nothing_matches(paths, tmp_path):
    target = tmp_path / "brief.md"
    exported = services.export_brief(paths, BriefSpec(title="All"), "md", output=target)
    assert exported.written == target and target.read_text(encoding="utf-8") == exported.text
    assert exported.brief.articles and "\x1b" not in exported.text
    with pytest.raises(services.NothingToExport, match="nothing to export"):
        services.export_brief(paths, BriefSpec(query="xyzzyplughnothing"), "md")


def test_json_rows_have_one_shape(paths):
    opened = services.open_article(paths, ARTICLE)
    event = opened.timeline.events[0]
    row = services.event_row(event, opened.article.title)
    assert row["article"] == ARTICLE and row["title"] == opened.article.title and row["date"] == event.date
    assert services.article_row(opened.article)["id"] == ARTICLE

"""A table the cleaner kept line for line is shown as it is in the article pane: unwrapped, aligned."""

from __future__ import annotations

from briefing.clean import clean_text
from briefing.corpus import Article, write_article
from briefing.ui.widgets.article import ArticleView
from tests.app.conftest import settle

RAW = (
    "Grain prices at the close were, in dlrs per bushel --\n"
    "              Close    Prev\n"
    "    Wheat     4.65     4.50\n"
    "    V         4.65      --\n"
    "    V         4.65      --\n"
    "    Traders said the market was quiet on Monday.\n"
)


async def test_preformatted_block_is_shown_unwrapped_and_offsets_still_land(make, corpus_dir):
    body = clean_text(RAW, title="GRAIN").body
    write_article(corpus_dir, Article(id="grain", title="GRAIN", body=body, published="1987-03-02"))
    app = make()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot, app)
        app.main.open_article("grain")
        await settle(pilot, app)
        view = app.main.query_one("#article", ArticleView)
        table = view.paragraph_widgets[1]
        assert table.has_class("preformatted") and not view.paragraph_widgets[0].has_class("preformatted")
        assert table.styles.text_wrap == "nowrap"
        rows = "          Close    Prev\nWheat     4.65     4.50\nV         4.65      --\nV         4.65      --"
        assert str(table.render()) == rows
        assert table.size.height == 4  # one screen line per row, repeated rows included
        start, end = view.paragraphs[1]
        assert body[start:end] == rows
        offset = body.index("Traders")
        assert view._paragraph_of(offset) == 2


async def test_a_table_wider_than_the_pane_is_not_wrapped(make, corpus_dir):
    wide = "\n".join(f"    Row{n}  " + "   ".join(f"{n * k:8.2f}" for k in range(1, 12)) for n in range(1, 4))
    body = clean_text(f"Prices were as follows --\n{wide}\n    Traders said so.\n", title="WIDE").body
    write_article(corpus_dir, Article(id="wide", title="WIDE", body=body))
    app = make()
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot, app)
        app.main.open_article("wide")
        await settle(pilot, app)
        table = app.main.query_one("#article", ArticleView).paragraph_widgets[1]
        assert table.has_class("preformatted") and table.size.width < 120
        assert table.size.height == 3

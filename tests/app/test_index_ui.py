"""The index as the app shows it: files it could not read named together; usable while it is being built;
a rebuild from the palette asks first."""

from __future__ import annotations

from briefing.ui.app import unreadable_line
from tests.app.conftest import settle


async def test_the_toast_names_every_unreadable_file(make, corpus_dir):
    for name in ("broken-one.md", "broken-two.md", "broken-three.md"):
        (corpus_dir / name).write_bytes(b"\xff\xfe not utf-8 at all")
    app = make()
    async with app.run_test(size=(140, 45), notifications=True) as pilot:
        await settle(pilot, app)
        toasts = [n.message for n in app._notifications if "unreadable" in n.message]
        assert toasts, [n.message for n in app._notifications]
        assert toasts[0].startswith("3 files unreadable: ")
        for name in ("broken-one.md", "broken-two.md", "broken-three.md"):
            assert name in toasts[0]


def test_the_unreadable_line_says_one_in_the_singular_and_cuts_a_long_list():
    assert unreadable_line(["a.md: not UTF-8"]) == "1 file unreadable: a.md: not UTF-8"
    many = unreadable_line([f"f{i}.md: empty file" for i in range(9)])
    assert many.startswith("9 files unreadable: f0.md, f1.md, f2.md, f3.md, …")

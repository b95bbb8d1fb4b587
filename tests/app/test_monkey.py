"""Random sessions with invariants after every step (see tests/app/monkey.py; more seeds: bench/monkey.py)."""

from __future__ import annotations

import pytest

from tests.app.conftest import settle
from tests.app.monkey import Monkey
from tests.app.test_session import add_articles

STEPS = 100  # each step is a key, a typed word or a palette command: several hundred keys per seed


@pytest.mark.parametrize(("seed", "size"), [(1, (140, 45)), (2, (100, 30)), (3, (60, 15))])
async def test_random_session_keeps_its_invariants(make, corpus_dir, seed, size):
    add_articles(corpus_dir, 6)
    app = make()
    async with app.run_test(size=size) as pilot:
        await settle(pilot, app)
        monkey = Monkey(app, seed)
        await monkey.run(pilot, STEPS)
        assert sum(len(step.split()) for step in monkey.log) >= 200

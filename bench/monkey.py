"""Random analyst sessions (tests/app/monkey.py) over many seeds: the app's real keys, typed words and palette
commands, with invariants checked after every step. Prints one row per seed and the failures with their replay.

Usage: python bench/monkey.py [--seeds 20] [--first 100] [--steps 300] [--size 100x30] [--seed N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the monkey lives with the tests


async def one(seed: int, steps: int, size: tuple[int, int]) -> tuple[int, float, str]:
    from briefing.paths import resolve
    from briefing.settings import Settings
    from briefing.ui.app import make_app
    from tests.app.conftest import settle
    from tests.app.monkey import Monkey
    from tests.app.test_session import add_articles

    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        for name, sub in (("HOME", ""), ("XDG_STATE_HOME", "state"), ("XDG_CONFIG_HOME", "config")):
            os.environ[name] = str(home / sub)
        os.environ["XDG_CACHE_HOME"] = str(home / "cache")
        corpus = home / "corpus"
        shutil.copytree(ROOT / "corpus", corpus, ignore=shutil.ignore_patterns("*.notes.yaml"))
        add_articles(corpus, 6)
        app = make_app(resolve(corpus, home / "index"), Settings(), home / "state.json")
        started = time.perf_counter()
        error = ""
        async with app.run_test(size=size) as pilot:
            await settle(pilot, app)
            monkey = Monkey(app, seed)
            try:
                await monkey.run(pilot, steps)
            except AssertionError as exc:
                error = str(exc)
        keys = sum(len(step.split()) for step in monkey.log)
        return keys, time.perf_counter() - started, error


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seeds", type=int, default=20, help="how many seeds")
    parser.add_argument("--first", type=int, default=100, help="the first seed")
    parser.add_argument("--seed", type=int, help="replay just this seed")
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--size", default="100x30", help="terminal size, COLSxROWS")
    args = parser.parse_args()
    cols, rows = (int(v) for v in args.size.split("x"))
    seeds = [args.seed] if args.seed is not None else range(args.first, args.first + args.seeds)
    failures = []
    print(f"{'seed':>6} {'keys':>6} {'seconds':>8}  result")
    for seed in seeds:
        keys, seconds, error = asyncio.run(one(seed, args.steps, (cols, rows)))
        print(f"{seed:>6} {keys:>6} {seconds:>8.1f}  {'FAILED' if error else 'ok'}", flush=True)
        if error:
            failures.append(error)
    for failure in failures:
        print("\n" + failure)
    print(f"\n{len(seeds) - len(failures)} of {len(seeds)} seeds kept every invariant")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

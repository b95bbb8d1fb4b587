"""The app, driven for real (Textual's Pilot, in a fresh process per launch): launch to first results on
screen, keystroke to updated results, and the app's resident memory.

Usage: python bench/app_bench.py [--sizes 5 10000 100000] [--corpus DIR [--index DIR]] [--engine whoosh|tantivy]
Uses the corpora and indexes that bench/search_bench.py built in bench/.work/ (run it first); 5 means the
bundled seed corpus. --corpus measures one corpus of your own instead (a big archive, say), with its index in
--index (default: the engine's index folder beside it; built first when missing, which is not timed).
--engine chooses the search engine, as the config file's `engine:` does (default whoosh).
"""

from __future__ import annotations

import argparse
import json
import math
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
WORK = HERE / ".work"
SEEDS = HERE.parent / "corpus"

DRIVER = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from briefing.paths import resolve
from briefing.settings import Settings
from briefing.ui.app import make_app
from textual import events

corpus, index, state, mode, engine = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5]
TYPED = ["oil prices opec", "interest rates", "coffee quota", "trade deficit japan", "kazakhstan csto"]


def rss_mb(field="VmRSS:"):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) / 1024
    return 0.0


SHOWN = {}  # query -> when its results were put in the list (after on_search_finished ran)


def _record_shown():
    from briefing.ui.screens.main import MainScreen

    original = MainScreen.on_search_finished

    def on_search_finished(self, message):
        original(self, message)
        SHOWN.setdefault(message.result.query, time.perf_counter())

    MainScreen.on_search_finished = on_search_finished


async def main():
    _record_shown()
    app = make_app(resolve(corpus, index, engine), Settings(engine=engine), state)
    out = {}
    async with app.run_test(size=(140, 45)) as pilot:
        results = None
        while True:
            await asyncio.sleep(0.002)
            try:
                results = app.main.query_one("#results")
            except Exception:
                continue
            if results.option_count:
                break
        out["launch_ms"] = (time.perf_counter() - t0) * 1000
        if mode == "full":
            await app.workers.wait_for_complete()
            latencies = []
            search = app.main.query_one("#search")
            for query in TYPED:
                search.value = ""
                await pilot.pause(0.2)
                await app.workers.wait_for_complete()
                search.focus()
                for end in range(1, len(query) + 1):
                    char = query[end - 1]
                    SHOWN.pop(query[:end], None)
                    start = time.perf_counter()
                    # the key goes straight into the app's queue; Pilot.press would add its own settling time
                    app.post_message(events.Key("space" if char == " " else char, char))
                    while query[:end] not in SHOWN:
                        await asyncio.sleep(0.001)
                    latencies.append((SHOWN[query[:end]] - start) * 1000)
                    await asyncio.sleep(0.12)  # a fast typist: about 8 keys a second
            out["keystrokes"] = latencies
        await app.workers.wait_for_complete()
        out["rss_mb"] = rss_mb()
        out["anon_mb"] = rss_mb("RssAnon:")  # the process's own memory; the rest is the index's mapped files
    print(json.dumps(out))


asyncio.run(main())
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = math.floor(k), math.ceil(k)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def index_folder(engine: str) -> str:
    """The index folder's name beside a corpus, as bench/search_bench.py makes it."""
    return "index" if engine == "whoosh" else f"index-{engine}"


def drive(corpus: Path, index: Path, mode: str, engine: str) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", DRIVER, str(corpus), str(index), str(Path(tmp) / "state.json"), mode, engine],
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 10_000, 100_000])
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--corpus", type=Path, help="measure this corpus instead of --sizes")
    parser.add_argument("--index", type=Path, help="its index folder (default: the engine's, beside it)")
    parser.add_argument("--engine", choices=["whoosh", "tantivy"], default="whoosh")
    args = parser.parse_args()
    rows: dict[int | str, dict] = {}
    targets: list[int | str] = [str(args.corpus)] if args.corpus else list(args.sizes)
    for size in targets:
        if isinstance(size, str):
            corpus = Path(size).resolve()
            index = (args.index or corpus.parent / index_folder(args.engine)).resolve()
            if not index.exists():
                drive(corpus, index, "launch", args.engine)  # build the index once, untimed
        elif size == 5:
            tmp = Path(tempfile.mkdtemp())
            corpus = tmp / "corpus"
            shutil.copytree(SEEDS, corpus, ignore=shutil.ignore_patterns("*.notes.yaml"))
            index = tmp / "index"
            drive(corpus, index, "launch", args.engine)  # build the index once
        else:
            corpus = WORK / f"reuters-{size}" / "corpus"
            index = WORK / f"reuters-{size}" / index_folder(args.engine)
            if not index.exists():
                sys.exit(f"{index} missing: run bench/search_bench.py first")
        launches = [drive(corpus, index, "launch", args.engine)["launch_ms"] for _ in range(args.launches)]
        full = drive(corpus, index, "full", args.engine)
        rows[size] = {
            "launch_ms": statistics.median(launches),
            "key_p50": percentile(full["keystrokes"], 0.5),
            "key_p95": percentile(full["keystrokes"], 0.95),
            "rss_mb": full["rss_mb"],
            "anon_mb": full.get("anon_mb", math.nan),
            "keys": len(full["keystrokes"]),
        }
        print(f"  {size}: {rows[size]}", flush=True)
    print(
        f"\nengine: {args.engine}\n{'corpus':>16} {'launch→results ms':>18} "
        f"{'keystroke p50 ms':>17} {'keystroke p95 ms':>17} "
        f"{'keys':>5} {'RSS MB':>8} {'of it anon MB':>14}"
    )
    for size, row in rows.items():
        name = "seeds (5)" if size == 5 else str(size)
        if isinstance(size, str):  # a corpus folder: named by its parent when it is called `corpus`
            folder = Path(size)
            name = folder.parent.name if folder.name == "corpus" else folder.name
        print(
            f"{name:>16} {row['launch_ms']:>18.0f} {row['key_p50']:>17.1f} {row['key_p95']:>17.1f} "
            f"{row['keys']:>5} {row['rss_mb']:>8.0f} {row['anon_mb']:>14.0f}"
        )
    print(
        "\nTargets: launch < 1 s (seeds), < 1.5 s (10,000, indexed); keystroke p95 < 100 ms at 10,000; "
        "RSS < 300 MB at 100,000;\n"
        "1,000,000 with tantivy (--corpus bench/.work/reuters-1000000/corpus --engine tantivy): launch <= 2 s, "
        "keystroke p95 <= 100 ms, RSS <= 600 MB."
    )


if __name__ == "__main__":
    main()

"""Hostile input, at length: longer runs of the tests in tests/test_hostile_*.py, with counts.

1. raw files of random bytes and escape sequences through `briefing add`, then every output command;
2. hand-written corpus files and notes files carrying escapes in every field, through every output command;
3. random YAML (scalars, tags, shapes, aliases, byte mutations) as article front matter, notes file and config;
4. aliases of growing size: those expanding past MAX_ALIAS_EXPANSION must be refused, the others read;
5. concurrent note writers on one article, some of them SIGKILLed at random moments.

Prints one table: inputs tried, refused with a one-line message, crashes (a traceback, an internal error or a
multi-line message), ESC/C1 characters that reached the output, and notes lost (saves a writer reported done
that are not in the file afterwards). Everything but "tried" and "refused" should read 0.

Usage: python bench/fuzz.py [--inputs 600] [--writers 40] [--seed 1]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import random
import re
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from briefing.cli import main as cli
from briefing.corpus import load_corpus
from briefing.errors import BriefingError
from briefing.fsio import MAX_ALIAS_EXPANSION
from briefing.notes import load_notes
from briefing.settings import load_settings

ESC_C1 = re.compile("[\x1b\x80-\x9f]")
ESCAPES = [
    "\x1b]52;c;aGVsbG8gd29ybGQ=\x07",
    "\x1b]0;pwned\x1b\\",
    "\x1b]8;;javascript:alert(1)\x1b\\click\x1b]8;;\x1b\\",
    "\x1b[2J\x1b[H",
    "\x1b[31;1m",
    "\x1bc",
    "\x1bP1;2|x\x1b\\",
    "\x9b2J",
    "\x9d52;c;Zm9v\x9c",
    "\x1b]0;unterminated",
    "\u202eevil\u202c",
    "\r",
    "\x08\x08",
    "\x07",
]
SCALARS = [
    "2022-02-30",
    "2022-13-01",
    "0000",
    "2022-01-01 25:00:00",
    "!!float abc",
    "!!timestamp x",
    "!!int 1e400",
    "!!binary '@@'",
    "!!set {a, b}",
    "!!omap [a: 1]",
    ".nan",
    ".inf",
    "~",
    "yes",
    "0x1F",
    "12345",
    "99999999999999999999999999",
    "[a, b]",
    "{a: 1}",
    "[[1], {b: [2]}]",
    "''",
    '"\\e]52;c;eA==\\a"',
    "&x 1",
    "*x",
    "!custom tag",
    "? a",
    "[",
    "{",
    ": :",
    "@",
    "`",
    "!!python/name:os.system",
    "!!python/object/apply:os.system [id]",
    "2022-01-05T10:00:00+99:00",
    "2022-01",
    "-1",
    "1.5e300",
    "kazakhstan",
    "russia,nato",
]
KEYS = ["id", "title", "source", "author", "published", "url", "tags", "ingested", "original", "extra", "notes"]


@dataclass
class Row:
    name: str
    tried: int = 0
    refused: int = 0
    crashes: int = 0
    escapes: int = 0
    lost: int = 0
    seconds: float = 0.0


def run_cli(args: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli(args)
        except SystemExit as exc:  # argparse
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def crashed(err: str) -> bool:
    return "internal error" in err or "Traceback" in err


def hostile_text(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(1, 10)):
        pick = rng.random()
        if pick < 0.4:
            parts.append(rng.choice(ESCAPES))
        elif pick < 0.7:
            parts.append("".join(chr(rng.randint(0, 0x2FF)) for _ in range(rng.randint(1, 8))))
        else:
            parts.append(rng.choice(["Kazakhstan ", "on 5 January 2022 ", "\n\n", "word ", "\t"]))
    return "".join(parts)


def output_commands(corpus: Path, index: Path) -> list[list[str]]:
    where = ["--corpus", str(corpus), "--index", str(index)]
    commands = [["list"], ["search", "kazakhstan"], ["search", "kazakhstan", "--json"], ["timeline"], ["notes"]]
    commands += [["export", "--format", fmt] for fmt in ("md", "html", "csv", "json", "ics")]
    commands += [["show", p.stem] for p in sorted(corpus.glob("*.md"))[:20]]
    return [[*c, *where] for c in commands]


def check_outputs(row: Row, corpus: Path, index: Path) -> None:
    for command in output_commands(corpus, index):
        _, out, err = run_cli(command)
        row.crashes += crashed(err)
        row.escapes += len(ESC_C1.findall(out + err))


def fuzz_ingest(rng: random.Random, count: int, tmp: Path) -> Row:
    row = Row("random bytes -> add -> output")
    started = time.perf_counter()
    batch = 25
    for start in range(0, count, batch):
        root = tmp / f"ingest-{start}"
        raw = root / "raw"
        raw.mkdir(parents=True)
        for i in range(min(batch, count - start)):
            suffix = rng.choice([".txt", ".md", ".html", ".jsonl"])
            text = hostile_text(rng).encode("utf-8", "surrogatepass") + rng.randbytes(rng.randint(0, 40))
            if suffix == ".jsonl":
                text = b"\n".join(
                    json.dumps({"body": hostile_text(rng), "tags": rng.choice([5, "a,b", ["x"], None])}).encode()
                    for _ in range(3)
                )
            (raw / f"f{i}{suffix}").write_bytes(text)
            row.tried += 1
        code, out, err = run_cli(["add", "--corpus", str(root / "corpus"), "--index", str(root / "index"), str(raw)])
        row.crashes += crashed(err)
        row.refused += sum(1 for line in err.splitlines() if line.startswith("briefing: error"))
        row.escapes += len(ESC_C1.findall(out + err))
        if (root / "corpus").exists():
            check_outputs(row, root / "corpus", root / "index")
    row.seconds = time.perf_counter() - started
    return row


def fuzz_files_on_disk(rng: random.Random, count: int, tmp: Path) -> Row:
    row = Row("hostile corpus and notes files")
    started = time.perf_counter()
    for n in range(count):
        corpus = tmp / f"disk-{n}" / "corpus"
        corpus.mkdir(parents=True)
        header = {key: hostile_text(rng) for key in ("title", "source", "author", "url")}
        header.update(id="evil", published="2021-03-10", tags=[hostile_text(rng)], extra=hostile_text(rng))
        body = f"Kazakhstan {hostile_text(rng)}\n\nOn 12 March 2021 {hostile_text(rng)}"
        (corpus / "evil.md").write_text(f"---\n{yaml.safe_dump(header)}---\n\n{body}\n", "utf-8")
        note = {"id": "n1", "text": hostile_text(rng), "tags": [hostile_text(rng)], "quote": hostile_text(rng)}
        (corpus / "evil.notes.yaml").write_text(yaml.safe_dump({"article": "evil", "notes": [note]}), "utf-8")
        row.tried += 1
        check_outputs(row, corpus, corpus.parent / "index")
    row.seconds = time.perf_counter() - started
    return row


def random_yaml(rng: random.Random) -> str:
    lines = [f"{rng.choice(KEYS)}: {rng.choice(SCALARS)}" for _ in range(rng.randint(0, 6))]
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.3:  # mutate bytes
        chars = list(text)
        for _ in range(rng.randint(1, 4)):
            chars.insert(
                rng.randint(0, len(chars)), rng.choice(["'", '"', "[", "{", "&a ", "*a", "\t", ":", "-", "\\"])
            )
        text = "".join(chars)
    return text


def fuzz_yaml(rng: random.Random, count: int, tmp: Path) -> Row:
    row = Row("random YAML: article, notes, config")
    started = time.perf_counter()
    corpus = tmp / "yaml" / "corpus"
    corpus.mkdir(parents=True)
    config = tmp / "yaml" / "config.yaml"
    for _ in range(count):
        text = random_yaml(rng)
        (corpus / "hand.md").write_text(f"---\nid: hand\ntitle: Hand\n{text}---\n\nBody on 5 May 2020.\n", "utf-8")
        (corpus / "hand.notes.yaml").write_text(f"article: hand\nnotes:\n- text: hi\n  {text.replace(chr(10), ' ')}\n")
        config.write_text(text, "utf-8")
        row.tried += 3
        try:
            loaded = load_corpus(corpus)
            row.refused += len(loaded.errors)
            row.crashes += sum("\n" in e for e in loaded.errors)
            for article in loaded.articles:
                _ = (article.published_start, article.body_hash, list(article.tags))
        except Exception:  # noqa: BLE001 - counting crashes is the point
            row.crashes += 1
        try:
            load_notes(corpus, "hand")
        except BriefingError as exc:
            row.refused += 1
            row.crashes += "\n" in str(exc)
        except Exception:  # noqa: BLE001
            row.crashes += 1
        try:
            settings = load_settings(config)
            row.refused += bool(settings.warnings)
        except Exception:  # noqa: BLE001
            row.crashes += 1
    row.seconds = time.perf_counter() - started
    return row


def expanded_size(width: int, depth: int) -> int:
    """How many values the document of `fuzz_alias_bombs` holds once every alias is expanded."""
    sizes = [1 + width]
    for _ in range(depth):
        sizes.append(1 + width * sizes[-1])
    return 1 + len(sizes) + sum(sizes)  # the mapping, its keys, its values


def fuzz_alias_bombs(tmp: Path) -> tuple[Row, float, float]:
    row = Row("aliases 3x3 .. 9x12 (bombs refused)")
    started = time.perf_counter()
    worst = 0.0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    corpus = tmp / "bombs" / "corpus"
    corpus.mkdir(parents=True)
    for width in (3, 6, 9):
        for depth in (3, 6, 9, 12):
            names = [f"n{i}" for i in range(depth + 1)]
            text = f"{names[0]}: &{names[0]} [{', '.join(['lol'] * width)}]\n" + "".join(
                f"{names[i]}: &{names[i]} [{', '.join(['*' + names[i - 1]] * width)}]\n" for i in range(1, depth + 1)
            )
            for target in ("article", "notes", "config"):
                t0 = time.perf_counter()
                row.tried += 1
                if target == "article":
                    (corpus / "bomb.md").write_text(f"---\nid: bomb\ntitle: T\n{text}---\n\nB.\n", "utf-8")
                    refused = any("alias" in e for e in load_corpus(corpus).errors)
                    (corpus / "bomb.md").unlink()
                elif target == "notes":
                    (corpus / "x.notes.yaml").write_text(f"article: x\n{text}notes: []\n", "utf-8")
                    try:
                        load_notes(corpus, "x")
                        refused = False
                    except BriefingError as exc:
                        refused = "alias" in str(exc)
                else:
                    (corpus.parent / "config.yaml").write_text(text, "utf-8")
                    refused = any("alias" in w for w in load_settings(corpus.parent / "config.yaml").warnings)
                is_bomb = expanded_size(width, depth) > MAX_ALIAS_EXPANSION
                row.refused += refused
                row.crashes += refused != is_bomb  # a bomb let through, or an honest small document refused
                worst = max(worst, time.perf_counter() - t0)
    row.seconds = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    return row, worst, grown_mb


WRITER = """
import sys
from pathlib import Path
from briefing.notes import add_note
corpus, article, name = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
for i in range(1, 1000000):
    result = add_note(corpus, article, f"{name} note {i}\\n" + "padding line\\n" * 20)
    print(result.note_id, flush=True)
"""


def fuzz_writers(rng: random.Random, writers: int, tmp: Path) -> Row:
    row = Row(f"{writers} note writers, half SIGKILLed")
    started = time.perf_counter()
    corpus = tmp / "writers" / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "target.md").write_text("---\nid: target\ntitle: T\n---\n\nBody.\n", "utf-8")
    procs = []
    for n in range(writers):
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(corpus), "target", f"w{n}"],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    time.sleep(4.0)  # every writer started and saving
    killed = set(rng.sample(range(writers), writers // 2))
    for n in sorted(killed):
        time.sleep(rng.random() * 0.1)
        procs[n].send_signal(signal.SIGKILL)
    time.sleep(2.0)
    for n, proc in enumerate(procs):
        if n not in killed:
            proc.send_signal(signal.SIGTERM)
    acknowledged: set[str] = set()
    for proc in procs:
        out, err = proc.communicate()
        acknowledged.update(line.strip() for line in out.splitlines() if line.strip())
        row.crashes += "Traceback" in err and "KeyboardInterrupt" not in err and proc.returncode not in (-15, -9)
    row.tried = len(acknowledged)
    try:
        on_disk = {note.id for note in load_notes(corpus, "target").notes}
    except BriefingError:
        row.crashes += 1  # a torn or unreadable notes file
        on_disk = set()
    row.lost = len(acknowledged - on_disk)
    row.seconds = time.perf_counter() - started
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=600, help="random inputs per kind (default 600)")
    parser.add_argument("--writers", type=int, default=40, help="concurrent note writers (default 40)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        rows = [
            fuzz_ingest(rng, args.inputs, tmp),
            fuzz_files_on_disk(rng, max(1, args.inputs // 20), tmp),
            fuzz_yaml(rng, args.inputs, tmp),
        ]
        bombs, worst, grown = fuzz_alias_bombs(tmp)
        rows.append(bombs)
        rows.append(fuzz_writers(rng, args.writers, tmp))
    print(
        f"{'kind':38} {'tried':>7} {'refused':>8} {'crashes':>8} {'ESC/C1 out':>11} {'notes lost':>11} {'seconds':>8}"
    )
    for row in rows:
        print(
            f"{row.name:38} {row.tried:7d} {row.refused:8d} {row.crashes:8d} {row.escapes:11d} {row.lost:11d}"
            f" {row.seconds:8.1f}"
        )
    total = Row(
        "total", *(sum(getattr(r, f) for r in rows) for f in ("tried", "refused", "crashes", "escapes", "lost"))
    )
    print(
        f"{total.name:38} {total.tried:7d} {total.refused:8d} {total.crashes:8d} {total.escapes:11d} {total.lost:11d}"
    )
    print(f"alias bombs: slowest refusal {worst * 1000:.1f} ms, peak memory grew by {grown:.0f} MB")
    ok = total.crashes == 0 and total.escapes == 0 and total.lost == 0
    print("result:", "ok" if ok else "FAILED")


if __name__ == "__main__":
    main()

"""File input and output that never loses what the user wrote."""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from briefing.errors import YamlProblem


def atomic_write_text(path: Path, text: str, *, sync_folder: bool = True) -> None:
    """Write `text` to `path` so that a crash leaves either the old file or the new one, never a part.

    The file keeps the mode it had (a notes file shared 0664 stays 0664); a new file gets the mode the user's
    umask gives, as any other program's would. A failure (full disk, read-only folder) leaves no temporary file.
    `sync_folder=False` leaves the folder's fsync (the new name made durable) to the caller, who writes many
    files and syncs the folder once for them (`sync_folder`): a crash before it may lose the new name, never
    leave a part of a file.
    """
    atomic_write_bytes(path, text.encode("utf-8"), sync_folder=sync_folder)


def atomic_write_bytes(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """`atomic_write_text` for bytes: the old file or the new one after a crash, its mode kept."""
    path = Path(path)
    try:
        mode: int | None = stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        mode = None
    fd, tmp_name = _create_temp(path)
    try:
        if mode is not None:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except FileNotFoundError:
            pass
        raise
    if sync_folder:
        fsync_folder(path.parent)


def make_folders(folder: Path) -> tuple[Path, ...]:
    """Make `folder` and the parents it lacks; the folders made, outermost first. A file in the way is a
    NotADirectoryError whose `filename` is that file; a folder that cannot be made, an OSError whose
    `filename` is that folder, the ones made before it taken away again."""
    folder = Path(folder)
    missing: list[Path] = []
    there = folder
    while not there.exists() and there != there.parent:
        missing.insert(0, there)
        there = there.parent
    if not there.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(there))
    made: list[Path] = []
    for step in missing:
        try:
            os.mkdir(step)
        except OSError as exc:
            unmake_folders(tuple(made))
            raise OSError(exc.errno, exc.strerror or str(exc), str(step)) from None
        made.append(step)
    return tuple(made)


def unmake_folders(folders: tuple[Path, ...]) -> None:
    """Take away folders `make_folders` made, deepest first, as far as they are empty."""
    for folder in reversed(folders):
        try:
            os.rmdir(folder)
        except OSError:
            return


def fsync_folder(folder: Path) -> None:
    """Make the names created or replaced in `folder` durable; a folder that cannot be synced is left as is."""
    try:
        dir_fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


TEMP_SUFFIX = ".tmp"


def temp_prefix(path: Path) -> str:
    """The start of the names of `path`'s temporary files (`.<name>.<random>.tmp`, in the same folder)."""
    return f".{Path(path).name}."


def _create_temp(path: Path) -> tuple[int, str]:
    """A new empty file beside `path`, created with mode 0666 so the kernel applies the umask (mkstemp's
    0600 would make every rewritten file private)."""
    for _ in range(100):
        name = os.path.join(path.parent, f"{temp_prefix(path)}{secrets.token_hex(4)}{TEMP_SUFFIX}")
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666), name
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file beside {path}")


def remove_stale_temps(path: Path) -> int:
    """Remove the temporary files a killed writer of `path` left behind; call it while holding the file's lock
    (every writer holds it while its temporary file exists). Returns how many were removed."""
    pattern = re.compile(re.escape(temp_prefix(path)) + r"[A-Za-z0-9_]{8}" + re.escape(TEMP_SUFFIX))
    removed = 0
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return 0
    for entry in entries:
        if pattern.fullmatch(entry.name):
            try:
                os.unlink(entry.path)
                removed += 1
            except OSError:
                pass
    return removed


MAX_ALIAS_EXPANSION = 100_000
"""A document whose aliases would expand to more values than this (and ten times its own size) is refused."""


_LIBYAML_ESCAPES = re.compile("[\x85\U00010000-\U0010ffff]")  # libyaml writes these as \N, \U0001F600


def dump_yaml(data: Any) -> str:
    """Block-style YAML, keys in order, text as it is. libyaml writes the same text four times faster than
    the Python emitter but escapes emoji: data holding one is written by the Python emitter, readable."""
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    if any(_LIBYAML_ESCAPES.search(text) for text in _texts(data)):
        dumper = yaml.SafeDumper
    return yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=100000)


def _texts(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list | tuple):
        for item in value.items() if isinstance(value, dict) else value:
            yield from _texts(item)


def safe_load_yaml(text: str, *, first_line: int = 1) -> Any:
    """Plain data from YAML text, like `yaml.safe_load` (libyaml's C parser when installed: 10x faster).

    Only plain data comes out: tags such as `!!python/object` are refused. Every problem is one YamlProblem
    naming the line (counted from `first_line`) or the key whose value cannot be built
    ("published: day is out of range (2022-02-30)"); aliases that would expand to millions of values
    ("billion laughs") and recursive aliases are refused after composing, before anything is built.
    """
    loader_class = getattr(yaml, "CSafeLoader", None) or yaml.SafeLoader
    loader = loader_class(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as exc:
            raise _syntax_problem(exc, text, first_line) from None
        except RecursionError:
            raise YamlProblem("nested too deeply") from None
        if node is None:
            return None
        if "*" in text:  # no alias without an asterisk: the walk is only paid for by documents that use them
            _check_aliases(node, first_line)
        try:
            return loader.construct_document(node)
        except _CONSTRUCTION_ERRORS:
            pass
    finally:
        loader.dispose()
    raise _construction_problem(loader_class, node, first_line)


_CONSTRUCTION_ERRORS = (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError, AttributeError)


def _syntax_problem(exc: yaml.YAMLError, text: str, first_line: int) -> YamlProblem:
    """One line naming where the problem is. yaml's marks count lines and columns from 0. A problem found only
    at the end of the text (a list, a mapping or a quote never closed) is reported where the unclosed thing
    begins, not on a line past the last one."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or " ".join(str(exc).split()[:12]) or "invalid YAML"
    if mark is None:
        return YamlProblem(problem)
    lines = text.splitlines()
    if _only_blank_after(lines, mark.line, mark.column):
        context, begun = getattr(exc, "context", None), getattr(exc, "context_mark", None)
        opened = re.fullmatch(r"while (?:parsing|scanning) (?:an? |the )?(?!for )(.+)", context or "")
        if begun is not None and opened:  # "while parsing a flow sequence": the sequence is never closed
            return YamlProblem(f"{_where(begun, first_line)}: this {opened[1]} is still open at the end ({problem})")
        last = max(len(lines), 1) - 1 + first_line
        return YamlProblem(f"line {last}, at the end: {problem}")
    return YamlProblem(f"{_where(mark, first_line)}: {problem}")


def _where(mark: Any, first_line: int) -> str:
    return f"line {mark.line + first_line}, column {mark.column + 1}"


def _only_blank_after(lines: list[str], line: int, column: int) -> bool:
    """Nothing but blanks and comments from (line, column), both counted from 0, to the end of the text."""
    rest = [lines[line][column:]] if line < len(lines) else []
    rest += lines[line + 1 :]
    return all(not r.strip() or r.lstrip().startswith("#") for r in rest)


def _check_aliases(root: yaml.Node, first_line: int) -> None:
    """Refuse recursive aliases, and aliases that would expand the document beyond MAX_ALIAS_EXPANSION values.

    The composed document is a graph where an alias is a shared node: its expanded size is computed once
    per distinct node, so the check itself takes time and memory in proportion to the text.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            if size[key] > MAX_ALIAS_EXPANSION and size[key] > 10 * len(size):
                raise YamlProblem(
                    f"aliases would expand to more than {MAX_ALIAS_EXPANSION:,} values (an alias bomb); refused"
                )
            continue
        if key in size:
            continue
        if key in on_path:
            raise YamlProblem(
                f"line {node.start_mark.line + first_line}: recursive alias (a value that contains itself)"
            )
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node) if id(child) not in size)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _construction_problem(loader_class: type, node: yaml.Node, first_line: int) -> YamlProblem:
    """Build the values one by one to name the key (path) of the one that cannot be built."""
    path: list[str] = []
    while True:
        for label, child in _labelled_children(node):
            try:
                _construct(loader_class, child)
            except _CONSTRUCTION_ERRORS:
                path.append(label)
                node = child
                break
        else:
            break
    try:
        _construct(loader_class, node)
    except _CONSTRUCTION_ERRORS as exc:
        error = exc
    else:  # only the whole fails (a duplicate or unhashable key): report it where the mapping is
        return YamlProblem(f"line {node.start_mark.line + first_line}: a list or mapping used as a key")
    if isinstance(error, yaml.MarkedYAMLError):
        problem = error.problem or "cannot be read"
    elif isinstance(error, RecursionError):
        problem = "nested too deeply"
    elif isinstance(error, AttributeError | TypeError) or not str(error):
        problem = f"not a valid {node.tag.rsplit(':', 1)[-1]}"
    else:
        problem = str(error).splitlines()[0]
    value = f" ({node.value})" if isinstance(node, yaml.ScalarNode) and len(node.value) <= 60 else ""
    where = "".join(path).lstrip(".") if path else f"line {node.start_mark.line + first_line}"
    return YamlProblem(f"{where}: {problem}{value}")


def _labelled_children(node: yaml.Node) -> list[tuple[str, yaml.Node]]:
    if isinstance(node, yaml.SequenceNode):
        return [(f"[{i + 1}]", child) for i, child in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        labelled = []
        for key_node, value_node in node.value:
            label = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            labelled.append((f".{label} (key)", key_node))
            labelled.append((f".{label}", value_node))
        return labelled
    return []


def _construct(loader_class: type, node: yaml.Node) -> Any:
    loader = loader_class("")
    try:
        return loader.construct_document(node)
    finally:
        loader.dispose()


@contextlib.contextmanager
def file_lock(lock_path: Path) -> Iterator[None]:
    """An exclusive advisory lock (flock) on `lock_path`, released by the OS if the holder dies."""
    import fcntl

    with open(lock_path, "a+") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

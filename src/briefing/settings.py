"""User preferences (config file) and the app's remembered state (last query, open article).

The config file is `$BRIEFING_CONFIG`, else `$XDG_CONFIG_HOME/briefing/config.yaml`:

```yaml
theme: textual-light          # any Textual theme, or briefing-high-contrast
keys:                         # binding id -> key(s), e.g. to free a key for your terminal
  add_note: ctrl+n
  quit: ctrl+q
panes: [results, article, timeline, notes]   # the panes shown at launch
engine: whoosh                # the search engine: whoosh, or tantivy for large corpora (briefing[tantivy])
```

A bad value gets a one-line warning and its default; nothing in the file can stop the app from starting.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefing.errors import YamlProblem
from briefing.fsio import atomic_write_text, safe_load_yaml
from briefing.index_home import DEFAULT_ENGINE, ENGINES

CONFIG_ENV = "BRIEFING_CONFIG"
PANES = ("results", "article", "timeline", "notes")
DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True)
class Settings:
    """What the user chose in the config file, already checked."""

    theme: str = DEFAULT_THEME
    """The colour theme: a Textual theme name ('textual-light', 'nord', ...) or 'briefing-high-contrast'."""
    keys: dict[str, str] = field(default_factory=dict)
    """Key bindings overridden by binding id (see the help screen, `?`, for the ids)."""
    panes: tuple[str, ...] = PANES
    """The panes shown at launch, among results, article, timeline and notes."""
    engine: str = DEFAULT_ENGINE
    """The search engine: whoosh, or tantivy for large corpora (`pip install 'briefing[tantivy]'`)."""
    warnings: tuple[str, ...] = ()
    path: Path | None = None


def config_path() -> Path:
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "briefing" / "config.yaml"


def state_path() -> Path:
    base = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    return Path(base) / "briefing" / "state.json"


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file; every problem becomes a warning and the default for that value."""
    path = path or config_path()
    warnings: list[str] = []
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(path=path)
    except (OSError, UnicodeDecodeError) as exc:
        return Settings(path=path, warnings=(f"{path}: cannot read ({exc}); using the defaults",))
    try:
        data = safe_load_yaml(text)
    except YamlProblem as exc:
        return Settings(path=path, warnings=(f"{path}: not valid YAML ({exc}); using the defaults",))
    if data is None:
        return Settings(path=path)
    if not isinstance(data, dict):
        return Settings(path=path, warnings=(f"{path}: expected keys theme, keys, panes, engine; using the defaults",))
    theme = data.get("theme", DEFAULT_THEME)
    if not isinstance(theme, str) or not theme.strip():
        warnings.append(f"{path}: theme {theme!r} is not a name; using {DEFAULT_THEME}")
        theme = DEFAULT_THEME
    keys: dict[str, str] = {}
    raw_keys = data.get("keys") or {}
    if not isinstance(raw_keys, dict):
        warnings.append(f"{path}: 'keys' must map binding ids to keys; ignored")
        raw_keys = {}
    for binding_id, key in raw_keys.items():
        if not isinstance(key, str) or not key.strip():
            warnings.append(f"{path}: key for {binding_id!r} must be text such as 'ctrl+n'; ignored")
            continue
        keys[str(binding_id)] = key.strip()
    panes: tuple[str, ...] = PANES
    raw_panes = data.get("panes")
    if raw_panes is not None:
        if isinstance(raw_panes, list) and all(p in PANES for p in raw_panes) and raw_panes:
            panes = tuple(raw_panes)
        else:
            warnings.append(f"{path}: panes must be a list among {', '.join(PANES)}; showing all")
    engine = data.get("engine", DEFAULT_ENGINE)
    if engine not in ENGINES:
        warnings.append(f"{path}: engine {engine!r} is not one of {', '.join(ENGINES)}; using {DEFAULT_ENGINE}")
        engine = DEFAULT_ENGINE
    unknown = sorted({str(key) for key in data} - {"theme", "keys", "panes", "engine"})
    if unknown:
        names = ", ".join(repr(name) for name in unknown[:5]) + (", …" if len(unknown) > 5 else "")
        plural = "s" if len(unknown) > 1 else ""
        warnings.append(f"{path}: unknown setting{plural} {names} ignored (known: theme, keys, panes, engine)")
    return Settings(theme=theme, keys=keys, panes=panes, engine=engine, warnings=tuple(warnings), path=path)


@dataclass(frozen=True)
class AppState:
    """What the app restores on the next launch."""

    query: str = ""
    article_id: str | None = None
    corpus: str | None = None
    advised: tuple[str, ...] = ()  # the corpora already told they have outgrown Whoosh (told once each)
    # the layout as the user left it (kept across corpora); a config value changed since the choice wins
    theme: str | None = None  # picked in the palette
    theme_config: str | None = None  # the config's theme when it was picked
    panes: tuple[str, ...] | None = None  # shown, after F2-F4
    panes_config: tuple[str, ...] | None = None  # the config's panes then
    results_width: int | None = None  # percent, after + and -
    timeline_filters: tuple[str, str, bool, bool] = ("", "", False, False)  # from, to, only search, stated only


def load_state(path: Path | None = None) -> AppState:
    path = path or state_path()
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return AppState()
    if not isinstance(data, dict):
        return AppState()
    query = data.get("query") if isinstance(data.get("query"), str) else ""
    article = data.get("article_id") if isinstance(data.get("article_id"), str) else None
    corpus = data.get("corpus") if isinstance(data.get("corpus"), str) else None
    advised = data.get("advised") if isinstance(data.get("advised"), list) else []

    def text(key: str) -> str | None:
        return data[key] if isinstance(data.get(key), str) else None

    def panes(key: str) -> tuple[str, ...] | None:
        value = data.get(key)
        ok = isinstance(value, list) and all(p in PANES for p in value)
        return tuple(value) if ok else None

    width = data.get("results_width")
    filters = data.get("timeline_filters")
    if not (
        isinstance(filters, list)
        and len(filters) == 4
        and all(isinstance(v, str) for v in filters[:2])
        and all(isinstance(v, bool) for v in filters[2:])
    ):
        filters = ["", "", False, False]
    return AppState(
        query=query,
        article_id=article,
        corpus=corpus,
        advised=tuple(c for c in advised if isinstance(c, str)),
        theme=text("theme"),
        theme_config=text("theme_config"),
        panes=panes("panes"),
        panes_config=panes("panes_config"),
        results_width=width if isinstance(width, int) and not isinstance(width, bool) and 20 <= width <= 80 else None,
        timeline_filters=tuple(filters),  # type: ignore[arg-type]
    )


def save_state(state: AppState, path: Path | None = None) -> None:
    path = path or state_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(path, json.dumps(state.__dict__, ensure_ascii=False))
    except OSError:
        pass  # remembering the last query is a courtesy; failing to must not bother the user

"""Every key binding is in the help screen, and every key the help screen lists is in the README's key table:
the three cannot drift apart."""

from __future__ import annotations

import re
from pathlib import Path

from textual.binding import Binding

from briefing.ui.app import BriefingApp
from briefing.ui.screens.help import SECTIONS, help_rows

README = Path(__file__).parents[2] / "README.md"
SAME = {"esc": "escape", "pgup": "pageup", "pgdn": "pagedown", "del": "delete"}


def readme_keys() -> set[str]:
    """The `code` spans of the README's key table (the table under "## The app")."""
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| key | does |") :]
    table = table[: table.index("\n\n")]
    return {normal(span) for span in re.findall(r"`([^`]+)`", table)}


def normal(key: str) -> str:
    key = key.strip()
    key = SAME.get(key, key)
    return key.lower() if re.fullmatch(r"F\d+", key) else key


def all_bindings() -> list[Binding]:
    return [b for owner in BriefingApp._binding_owners() for b in owner.BINDINGS if isinstance(b, Binding)]


def test_every_binding_has_its_row_in_help():
    listed = {entry for _section, entries in SECTIONS for entry in entries if isinstance(entry, str)}
    missing = sorted({b.id for b in all_bindings() if b.id} - listed)
    assert not missing, f"bindings missing from help.SECTIONS: {missing}"
    unknown = sorted(listed - {b.id for b in all_bindings()})
    assert not unknown, f"help.SECTIONS names bindings that do not exist: {unknown}"


def test_every_key_of_help_is_in_the_readme_key_table():
    documented = readme_keys()
    missing = []
    for section, keys, description, _binding_id in help_rows(all_bindings(), {}):
        if keys == "letters":
            continue
        for key in keys.split(" or "):
            if normal(key) not in documented:
                missing.append(f"{section}: {key} ({description})")
    assert not missing, "keys missing from the README key table:\n" + "\n".join(missing)


def test_history_keys_are_in_the_readme():
    documented = readme_keys()
    assert {"alt+←", "alt+→", "H", "L"} <= documented

"""The query language, read into the engine-neutral tree of `ast`.

Words, `"phrases"` (`"a b"~3` within three positions), `prefix*`, `wild?ard`, `fuzzy~` (`~2`: two edits),
`field:value` and `field:(group)`, `AND`, `OR`, `NOT`, `-word`, `+word`, parentheses, and dates:
`published:2022`, `published:2022-01`, `event:2022-01-06`, `published:[2016 to 2018]`, `published:>2020-06`
(`>`, `>=`, `<`, `<=`). Precedence is Whoosh's: NOT binds tightest, then AND, then OR, and words side by
side must all match. Every mistake is a `QueryError` with a one-line message; so is a query too large to
answer quickly (more than MAX_CLAUSES words or MAX_DEPTH nested groups).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from briefing.errors import BriefingError, QueryError
from briefing.search import ast

FIELD_ALIASES = {"tag": "tags", "date": "published", "note": "notes"}
FIELDS = ("title", "body", "source", "author", "tags", "published", "event", "notes", "id")
DEFAULT_FIELDS = ("title", "body", "tags", "notes")
DATE_FIELDS = ("published", "event")
MAX_CLAUSES = 1_000  # words, phrases and dates in one query: 10,000 ORs are refused, not run for seconds
MAX_DEPTH = 40  # nested parentheses
MAX_CHARS = 20_000
# Whoosh's stop words, for natural-language questions (match="any")
STOP_WORDS = frozenset(
    "a an and are as at be by can for from have if in is it may not of on or tbd that the this to us we when will "
    "with yet you your".split()
)

_FIELD_RE = re.compile(r'(?<![\w"])([A-Za-z_]+):(?=\S)')
_DATE_VALUE = r"(?:\d{4}(?:-\d{1,2}(?:-\d{1,2})?)?)"
_DATE_CLAUSE = re.compile(
    rf"(?:\[\s*(?P<lo>{_DATE_VALUE})?\s*to\s*(?P<hi>{_DATE_VALUE})?\s*\]"
    rf"|(?P<op>[<>]=?)(?P<cmp>{_DATE_VALUE})|(?P<one>{_DATE_VALUE}))(?![\w-])",
    re.IGNORECASE,
)
_TOKEN = re.compile(
    r"""\s+
    | (?P<lparen>\()
    | (?P<rparen>\))
    | "(?P<phrase>[^"]*)"(?:~(?P<slop>\d+))?
    | (?P<field>[A-Za-z_]+):(?=\S)
    | (?P<sign>(?<![^\s(])[-+](?=[\w"(]))
    | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)
_FUZZY = re.compile(r"(?P<text>.+?)~(?P<distance>[0-9])?(?:/[1-9])?")


def check_syntax(text: str) -> None:
    """The analyst deserves to hear what is wrong, in one line, rather than a silent guess."""
    if len(text) > MAX_CHARS:
        raise QueryError(f"the query is {len(text):,} characters long: at most {MAX_CHARS:,}")
    if text.count('"') % 2:
        raise QueryError('unclosed quote: add the closing "')
    outside_quotes = re.sub(r'"[^"]*"', '""', text)
    depth = 0
    for ch in outside_quotes:
        depth += ch == "("
        depth -= ch == ")"
        if depth < 0:
            raise QueryError("a ')' closes nothing")
        if depth > MAX_DEPTH:
            raise QueryError(f"too many nested parentheses: at most {MAX_DEPTH}")
    if depth:
        raise QueryError("unclosed '(': add the closing ')'")
    if outside_quotes.count("[") != outside_quotes.count("]"):
        raise QueryError("unclosed '[': a range is written [2016 to 2018]")
    empty = re.search(r"\b([A-Za-z_]+):(?:\s|$|\))", outside_quotes)
    if empty:
        raise QueryError(f"'{empty.group(1)}:' needs a value after it")
    for match in _FIELD_RE.finditer(outside_quotes):
        if field_name(match.group(1)) not in FIELDS:
            known = ", ".join(
                f + ":" for f in ("title", "body", "source", "author", "tag", "published", "event", "notes")
            )
            raise QueryError(f"unknown field '{match.group(1)}:' (fields: {known})")
    for match in re.finditer(r"\b(published|event|date):(\[[^\]]*\]|[^\s)]+)", outside_quotes, re.IGNORECASE):
        value = match.group(2)
        if not re.fullmatch(rf"(?:[<>]=?)?{_DATE_VALUE}|\[\s*{_DATE_VALUE}?\s*to\s*{_DATE_VALUE}?\s*\]", value, re.I):
            raise QueryError(
                f"cannot read {value!r} as a date for {match.group(1)}: "
                "use 2022, 2022-01, 2022-01-07, [2016 to 2018] or >2020-06"
            )


def field_name(name: str) -> str:
    name = name.lower()
    return FIELD_ALIASES.get(name, name)


def parse(text: str) -> ast.Node:
    """The query language as a tree; an empty query is `Every`."""
    check_syntax(text)
    if not text.strip():
        return ast.Every()
    node = _Parser(text).parse()
    clauses = sum(
        isinstance(n, ast.Term | ast.Phrase | ast.Prefix | ast.Wildcard | ast.Fuzzy | ast.DateRange)
        for n in ast.walk(node)
    )
    if clauses > MAX_CLAUSES:
        raise QueryError(f"the query has {clauses:,} words or dates: at most {MAX_CLAUSES:,}")
    return node


def parse_as_typed(text: str) -> ast.Node:
    """A query being typed: its unfinished last word stands for every word it begins (`russia kaza`)."""
    head, partial = split_partial_word(text)
    if partial is None:
        return parse(text)
    check_syntax(text)
    rest = parse(head) if head.strip() else None
    completion = ast.Partial(partial)
    return completion if rest is None else ast.And((rest, completion))


def any_words(text: str) -> ast.Node:
    """Plain words of which any may match, in titles and bodies (natural-language questions)."""
    words = [w for w in re.findall(r"[^\W_]+", text) if w.lower() not in STOP_WORDS]
    if len(words) > MAX_CLAUSES:
        raise QueryError(f"the question has {len(words):,} words: at most {MAX_CLAUSES:,}")
    if not words:
        return ast.Nothing()
    return ast.Or(tuple(ast.Or((ast.Field("title", ast.Term(w)), ast.Field("body", ast.Term(w)))) for w in words))


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens: list[tuple[str, str, re.Match[str]]] = []
        self.pos = 0
        self._lex()

    # -- tokens -------------------------------------------------------------------------------------------
    def _lex(self) -> None:
        text, i = self.text, 0
        while i < len(text):
            match = _TOKEN.match(text, i)
            if match is None:  # cannot happen: a word takes any other character
                raise QueryError(f"cannot read the query at {text[i : i + 20]!r}")
            i = match.end()
            kind = match.lastgroup
            if kind is None:
                continue
            if kind == "slop":
                kind = "phrase"
            if kind == "field":
                name = field_name(match.group("field"))
                if name in DATE_FIELDS:
                    date = _DATE_CLAUSE.match(text, i)
                    if date is None:  # check_syntax said it all already; a last word of defence
                        raise QueryError(f"cannot read {text[i:].split()[0]!r} as a date for {name}")
                    self.tokens.append(("date", name, date))
                    i = date.end()
                    continue
                self.tokens.append(("field", name, match))
                continue
            if kind == "word" and match.group("word") in ("AND", "OR", "NOT"):
                kind = "op"
            self.tokens.append((kind, match.group(kind if kind != "op" else "word"), match))
        # an operator needs something on its side(s) to apply to; a dangling one is read as a word
        for n, (kind, value, match) in enumerate(self.tokens):
            if kind != "op":
                continue
            after = self.tokens[n + 1][0] if n + 1 < len(self.tokens) else None
            before = self.tokens[n - 1][0] if n else None
            if after in (None, "rparen", "op") and not (after == "op" and value == "NOT"):
                self.tokens[n] = ("word", value, match)
            elif value != "NOT" and before in (None, "lparen", "op", "sign", "field"):
                self.tokens[n] = ("word", value, match)

    def peek(self) -> str | None:
        return self.tokens[self.pos][0] if self.pos < len(self.tokens) else None

    def take(self) -> tuple[str, str, re.Match[str]]:
        token = self.tokens[self.pos]
        self.pos += 1
        return token

    def peek_op(self, op: str) -> bool:
        return self.peek() == "op" and self.tokens[self.pos][1] == op

    # -- grammar ------------------------------------------------------------------------------------------
    def parse(self) -> ast.Node:
        node = self.sequence()
        if self.pos < len(self.tokens):  # an unmatched ')' (check_syntax catches it first)
            raise QueryError("a ')' closes nothing")
        return node

    def sequence(self) -> ast.Node:
        """Clauses side by side: all must match."""
        items: list[ast.Node] = []
        while self.peek() not in (None, "rparen"):
            items.append(self.disjunction())
        if not items:
            return ast.Nothing()
        return items[0] if len(items) == 1 else ast.And(tuple(items))

    def disjunction(self) -> ast.Node:
        items = [self.conjunction()]
        while self.peek_op("OR"):
            self.take()
            if self.peek() in (None, "rparen"):
                break
            items.append(self.conjunction())
        return items[0] if len(items) == 1 else ast.Or(tuple(items))

    def conjunction(self) -> ast.Node:
        items = [self.unary()]
        while self.peek_op("AND"):
            self.take()
            if self.peek() in (None, "rparen"):
                break
            items.append(self.unary())
        return items[0] if len(items) == 1 else ast.And(tuple(items))

    def unary(self) -> ast.Node:
        kind = self.peek()
        if kind == "op" and self.tokens[self.pos][1] == "NOT" or kind == "sign" and self.tokens[self.pos][1] == "-":
            self.take()
            if self.peek() in (None, "rparen"):
                return ast.Nothing()
            return ast.Not(self.unary())
        if kind == "sign":  # '+word' is the same as 'word': every word is required anyway
            self.take()
            if self.peek() in (None, "rparen"):
                return ast.Nothing()
            return self.unary()
        return self.primary()

    def primary(self) -> ast.Node:
        kind, value, match = self.take()
        if kind == "lparen":
            node = self.sequence()
            if self.peek() == "rparen":
                self.take()
            return node
        if kind == "phrase":
            slop = match.group("slop")
            return ast.Phrase(match.group("phrase"), int(slop) if slop else 1)
        if kind == "date":
            return _date_range(value, match)
        if kind == "field":
            if self.peek() is None:
                raise QueryError(f"'{value}:' needs a value after it")
            if self.peek() in ("op", "sign"):  # 'title:NOT' and 'title:-x' read as words, as Whoosh does
                self.tokens[self.pos] = ("word", self.tokens[self.pos][1], self.tokens[self.pos][2])
            inner = self.primary()
            return ast.Field(value, inner)
        if kind == "rparen":
            raise QueryError("a ')' closes nothing")
        return _word(value)


def _word(text: str) -> ast.Node:
    if text == "*":
        return ast.Every()
    fuzzy = _FUZZY.fullmatch(text)
    if fuzzy and not re.search(r"[*?]", fuzzy.group("text")):
        return ast.Fuzzy(fuzzy.group("text"), int(fuzzy.group("distance") or 1))
    if "*" in text or "?" in text:
        if text.endswith("*") and "*" not in text[:-1] and "?" not in text:
            return ast.Prefix(text[:-1])
        if len(text.strip("*?")) == 0:
            return ast.Every()
        return ast.Wildcard(text)
    return ast.Term(text)


def _date_range(field: str, match: re.Match[str]) -> ast.DateRange:
    """A date clause as the days it covers (both ends included); one line on an impossible or empty one."""
    clause = f"{field}:{match.group(0)}"

    def bounds(value: str) -> tuple[dt.date, dt.date]:
        from briefing.dates import partial_bounds

        try:
            return partial_bounds(_pad(value))
        except (BriefingError, ValueError) as exc:
            raise QueryError(f"{clause}: {exc}") from None

    low, high = dt.date.min, dt.date.max
    try:
        if match["one"]:
            low, high = bounds(match["one"])
        elif match["op"]:
            first, last = bounds(match["cmp"])
            op = match["op"]
            if op == ">":
                low = last + dt.timedelta(days=1)
            elif op == ">=":
                low = first
            elif op == "<":
                high = first - dt.timedelta(days=1)
            else:
                high = last
        else:
            if match["lo"]:
                low = bounds(match["lo"])[0]
            if match["hi"]:
                high = bounds(match["hi"])[1]
    except OverflowError:
        raise QueryError(f"{clause}: no date lies beyond the calendar's end (9999-12-31)") from None
    if low > high:
        raise QueryError(f"empty date range in {match.group(0)!r}")
    return ast.DateRange(field, low, high)


def _pad(value: str) -> str:
    parts = value.split("-")
    return "-".join([parts[0]] + [p.zfill(2) for p in parts[1:]])


def split_partial_word(text: str) -> tuple[str, str | None]:
    """Take the unfinished last word off a query typed so far ('russia kaza' -> 'russia', 'kaza')."""
    match = re.search(r"(?:^|\s)([^\W_][\w'’-]*)$", text)
    if not match or re.search(r"[:*~\"]", match.group(1)):
        return text, None
    word = match.group(1)
    if word.upper() in ("AND", "OR", "NOT"):
        return text[: match.start(1)].rstrip(), None
    head = text[: match.start(1)].rstrip()
    head = re.sub(r"(?:\b(?:AND|OR|NOT)|[-+])$", "", head).rstrip()
    return head, word


def query_words(text: str) -> tuple[str, ...]:
    """The words of a query as typed (no fields, operators or dates)."""
    stripped = re.sub(r"\b[A-Za-z_]+:(?:\[[^\]]*\]|\"[^\"]*\"|\S+)", " ", text)
    stripped = re.sub(r"\b(?:AND|OR|NOT)\b", " ", stripped)
    words = re.findall(r"[^\W_][\w'’-]*", stripped)
    return tuple(dict.fromkeys(w.rstrip("*~") for w in words))


def fold(word: str) -> str:
    """Lower case without accents."""
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.combining(c))


def ranks(node: ast.Node, field: str | None = None) -> bool:
    """Whether the query has anything to rank by: a word outside a NOT in a text field (not only filters)."""
    if isinstance(node, ast.Not | ast.DateRange | ast.Every | ast.Nothing):
        return False
    if isinstance(node, ast.Field):
        return ranks(node.query, node.name)
    if isinstance(node, ast.And | ast.Or):
        return any(ranks(child, field) for child in node.children)
    return field not in ast.FILTER_FIELDS

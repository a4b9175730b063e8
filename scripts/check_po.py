#!/usr/bin/env python3
"""Check the gettext catalogues: complete, not fuzzy, placeholders intact.

Usage: scripts/check_po.py [PO_FILE ...]
Without arguments, checks locale/*/LC_MESSAGES/*.po and
sigap/*/locale/*/LC_MESSAGES/*.po. Exits 1 if any entry has an empty msgstr,
a fuzzy flag, or placeholders (%(name)s, %s, %d, {name}, {0}) that differ
between msgid and msgstr; also if the header lacks "Language: id" or the
Indonesian plural rule. Standard library only.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# %(name)s / %s / %d / %.1f ... (but not %%), and {name} / {0} / {} (not {{ }}).
PERCENT_RE = re.compile(r"%(?:\((?P<name>[^)]+)\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGcou]|%%")
BRACE_RE = re.compile(r"\{\{|\}\}|\{(?P<field>[^{}]*)\}")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # 0-based; -1 for singular
    obsolete: bool = False


def _unquote(s: str) -> str:
    return ast.literal_eval(s.strip())


def parse_po(path: Path) -> list[Entry]:
    entries: list[Entry] = []
    cur: Entry | None = None
    key: tuple[str, int] | None = None
    pending_flags: set[str] = set()
    pending_line = 0

    def finish() -> None:
        nonlocal cur
        if cur is not None:
            entries.append(cur)
        cur = None

    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line:
            finish()
            key = None
            continue
        if line.startswith("#~"):
            continue  # obsolete entries are ignored
        if line.startswith("#,"):
            finish()
            pending_flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            pending_line = pending_line or lineno
            continue
        if line.startswith("#"):
            if cur is not None and key is not None and key[0] == "msgstr":
                finish()
            pending_line = pending_line or lineno
            continue
        m = re.match(r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(\".*\")$", line)
        if m:
            kw, idx, text = m.group(1), m.group(2), _unquote(m.group(3))
            if kw in ("msgctxt", "msgid") and cur is not None and key and key[0] == "msgstr":
                finish()
            if cur is None:
                cur = Entry(line=pending_line or lineno, flags=pending_flags)
                pending_flags, pending_line = set(), 0
            n = int(idx) if idx is not None else -1
            key = (kw, n)
            if kw == "msgctxt":
                cur.msgctxt = text
            elif kw == "msgid":
                cur.msgid = text
            elif kw == "msgid_plural":
                cur.msgid_plural = text
            else:
                cur.msgstr[n] = text
            continue
        if line.startswith('"') and cur is not None and key is not None:
            text = _unquote(line)
            kw, n = key
            if kw == "msgctxt":
                cur.msgctxt = (cur.msgctxt or "") + text
            elif kw == "msgid":
                cur.msgid += text
            elif kw == "msgid_plural":
                cur.msgid_plural = (cur.msgid_plural or "") + text
            else:
                cur.msgstr[n] = cur.msgstr.get(n, "") + text
            continue
        raise ValueError(f"{path}:{lineno}: cannot parse {raw!r}")
    finish()
    return entries


def placeholders(text: str) -> tuple[Counter[str], list[str]]:
    """Named placeholders (as a multiset) and positional ones (in order)."""
    named: Counter[str] = Counter()
    positional: list[str] = []
    for m in PERCENT_RE.finditer(text):
        tok = m.group(0)
        if tok == "%%":
            continue
        if m.group("name") is not None:
            named[tok] += 1
        else:
            positional.append(tok)
    for m in BRACE_RE.finditer(text):
        f = m.group("field")
        if f is None:
            continue
        name = re.split(r"[!:.\[]", f, maxsplit=1)[0]
        if name == "" or name.isdigit():
            positional.append("{" + f + "}")
        else:
            named["{" + f + "}"] += 1
    return named, positional


def check_file(path: Path) -> list[str]:
    problems: list[str] = []
    try:
        entries = parse_po(path)
    except (ValueError, SyntaxError) as exc:
        return [f"{path}: {exc}"]
    header = next((e for e in entries if e.msgid == "" and e.msgctxt is None), None)
    if header is None:
        problems.append(f"{path}: no header entry")
    else:
        text = header.msgstr.get(-1, "")
        if not re.search(r"^Language: id\s*$", text, re.M):
            problems.append(f"{path}: header lacks 'Language: id'")
        if "Plural-Forms: nplurals=1; plural=0;" not in text:
            problems.append(f"{path}: header lacks 'Plural-Forms: nplurals=1; plural=0;'")
        if "fuzzy" in header.flags:
            problems.append(f"{path}:{header.line}: header is marked fuzzy")
    for e in entries:
        if e is header:
            continue
        where = f"{path}:{e.line}: {e.msgid!r}"
        if "fuzzy" in e.flags:
            problems.append(f"{where}: fuzzy")
        if e.msgid_plural is None:
            strs = {-1: e.msgstr.get(-1, "")}
            sources = {-1: e.msgid}
        else:
            strs = {0: e.msgstr.get(0, "")}
            sources = {0: e.msgid_plural}
            extra = sorted(k for k in e.msgstr if k != 0)
            if extra:
                problems.append(f"{where}: has msgstr{extra} but nplurals=1")
        for n, s in strs.items():
            if not s.strip():
                problems.append(f"{where}: empty msgstr")
                continue
            src_named, src_pos = placeholders(sources[n])
            dst_named, dst_pos = placeholders(s)
            if e.msgid_plural is not None:
                # The one Indonesian form may use the singular's or plural's names.
                sing_named, _ = placeholders(e.msgid)
                ok_named = set(dst_named) <= set(src_named) | set(sing_named) and set(src_named) <= set(dst_named)
            else:
                ok_named = set(src_named) == set(dst_named)
            if not ok_named or src_pos != dst_pos:
                problems.append(
                    f"{where}: placeholders differ: {sorted(src_named) + src_pos} vs {sorted(dst_named) + dst_pos}"
                )
    return problems


def main(argv: list[str]) -> int:
    if argv:
        files = [Path(a) for a in argv]
    else:
        files = sorted(ROOT.glob("locale/*/LC_MESSAGES/*.po")) + sorted(ROOT.glob("sigap/*/locale/*/LC_MESSAGES/*.po"))
    if not files:
        print("no .po files found", file=sys.stderr)
        return 1
    problems: list[str] = []
    total = 0
    for f in files:
        found = check_file(f)
        try:
            n = sum(1 for e in parse_po(f) if e.msgid)
        except (ValueError, SyntaxError):
            n = 0
        total += n
        try:
            name = str(f.resolve().relative_to(ROOT))
        except ValueError:
            name = str(f)
        print(f"{name}: {n} strings, {'ok' if not found else f'{len(found)} problem(s)'}")
        problems.extend(found)
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{len(files)} catalogue(s), {total} strings, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

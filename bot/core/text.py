"""Text folding shared by role-name resolution and question matching.

Both must treat "Program-Mgmt", "program management" and "programs" alike, so the
folding lives in one place and the two never disagree about what a word is.
"""

from __future__ import annotations

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")
"""A word of folded text."""


def fold(text: str) -> str:
    """Lowercase ASCII-ish text: accents dropped, curly quotes and dashes made plain."""
    if text.isascii():  # the common case, and the same result without the Unicode work
        return text.replace("&", " and ").lower()
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.replace("’", "'").replace("&", " and ").lower()


def singular(word: str) -> str:
    """A crude singular: enough to make "managers" meet "manager" and "pms" meet "pm"."""
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 2 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words(text: str) -> list[str]:
    """The folded words of a text, apostrophes joined ("what's" -> "whats")."""
    return WORD.findall(fold(text).replace("'", ""))


def word_table(table: str) -> dict[str, str]:
    """A word table written as text, "btwn=between mgr=manager", as a mapping in the order written.

    Long tables read best several pairs to a line; written as a string they stay that way, with no
    formatter exception, as the thesaurus's groups do."""
    pairs: dict[str, str] = {}
    for item in table.split():
        key, equals, value = item.partition("=")
        if not (key and equals and value):
            raise ValueError(f"'{item}' in a word table is not word=meaning")
        pairs[key] = value
    return pairs

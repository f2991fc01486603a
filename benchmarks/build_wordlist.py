"""Build ``pipeline/segment/data/two_char_words.txt``, the words ``segment`` looks up.

``segment.words.splits_word`` asks only whether a two-character string is a common word
(jieba frequency ≥ ``MIN_FREQ``). Loading jieba's whole dictionary for that costs about
1.7 CPU-seconds per process; this list of the 33 k qualifying words (200 KB, from jieba's
``dict.txt``, MIT License) loads in milliseconds, and ``tests/test_segment.py`` checks
that it still equals what the installed jieba says.

    pip install jieba && python benchmarks/build_wordlist.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.segment.words import MIN_FREQ, WORD_LIST, jieba_two_char_words  # noqa: E402

HEADER = (
    "# Two-character words of frequency >= {min_freq} in jieba {version}'s dict.txt\n"
    "# (https://github.com/fxsjy/jieba, MIT License, Copyright (c) 2013 Sun Junyi).\n"
    "# Built by benchmarks/build_wordlist.py; one word a line, sorted.\n"
)


def main() -> None:
    import jieba

    words = sorted(jieba_two_char_words())
    WORD_LIST.parent.mkdir(parents=True, exist_ok=True)
    with WORD_LIST.open("w", encoding="utf-8", newline="\n") as out:
        out.write(HEADER.format(min_freq=MIN_FREQ, version=jieba.__version__))
        out.writelines(w + "\n" for w in words)
    print(f"{WORD_LIST.relative_to(ROOT)}: {len(words)} words")


if __name__ == "__main__":
    main()

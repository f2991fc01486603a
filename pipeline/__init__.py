"""wenku: a versioned archive of Chinese documents and the pipeline that cleans it.

Stages (each a subpackage with a pure per-document function and a thin runner):
decode -> repair -> convert -> segment -> publish. ``core`` holds what they share.
"""

__version__ = "0.1.0"

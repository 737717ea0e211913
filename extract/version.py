"""The extractor's version: a run reads again what an older version read (identity.py).
A module of its own, so that `import tongbao` and the command line's start import nothing
else."""

EXTRACTOR_VERSION = "0.4.0"

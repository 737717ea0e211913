"""great-expectations suites for the warehouse, kept as files (suites/*.json), and the two
custom expectations they use (custom.py). great-expectations is imported only here and
in pipelines/validate.py, never on the extraction path."""

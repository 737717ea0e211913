"""Imported by the client only (tests/test_batch.py): a worker that has it was forked from the client."""

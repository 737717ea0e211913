"""One exception for "this input is bad", kept apart from bugs.

A reader raises BadInput with a message a person can act on; the batch turns
it into a `documents` row with status 'failed'. Any other exception is a bug
in tongbao and is recorded as such, naming the file.
"""


class BadInput(Exception):
    """The file cannot be read as a document; the message says what to do next."""

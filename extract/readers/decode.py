"""Bytes of a text file to str: UTF-8 first, then the encodings Chinese sites use."""

from __future__ import annotations

from charset_normalizer import from_bytes

from tongbao.extract.errors import BadInput

_CJK_ENCODINGS = ["gb18030", "big5", "utf_16", "utf_8"]


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise BadInput("the file is empty (no text at all); nothing to extract")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:  # an unpaired surrogate, or an odd byte count
            raise BadInput(f"UTF-16 text (it starts with a byte-order mark) with an invalid "
                           f"sequence at byte {e.start}; re-save it as UTF-8") from e
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise BadInput(
            f"binary data, not text (a NUL byte at offset {nul}); if this is a PDF, Word "
            "or Excel file, give it its real extension, otherwise re-export it as text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:1 << 20], cp_isolation=_CJK_ENCODINGS).best()
    if best is None:
        raise BadInput("not decodable as UTF-8, GB18030 or Big5 text; re-save it as UTF-8")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError as e:
        raise BadInput(f"text in {best.encoding} with an invalid byte at offset {e.start}; "
                       "re-save it as UTF-8") from e

"""Bytes of a text file to str: UTF-8 first, then what charset-normalizer finds among
the encodings Chinese sites use (GB18030, which covers GBK; Big5; UTF-16 and UTF-32,
with or without a byte-order mark, which charset-normalizer recognises)."""

from __future__ import annotations

import codecs

from tongbao.extract.errors import BadInput

_CJK_ENCODINGS = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"]
# charset-normalizer drops an encoding when any chunk it samples looks messy beyond this.
# Its default (0.2) drops GBK tables of tabs and digits whose whole text reads cleanly
# (chaos 0.03); among the few encodings above, the least chaotic reading is kept anyway.
MESS_THRESHOLD = 0.6
# A byte-order mark says the encoding outright (UTF-32's before UTF-16's: FF FE 00 00
# starts with FF FE).
_BOMS = [(codecs.BOM_UTF32_LE, "utf_32", "UTF-32"), (codecs.BOM_UTF32_BE, "utf_32", "UTF-32"),
         (codecs.BOM_UTF16_LE, "utf_16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf_16", "UTF-16")]
SAMPLE = 1 << 20  # bytes charset-normalizer looks at; the whole file is then decoded


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise BadInput("the file is empty (no text at all); nothing to extract")
    try:
        text = data.decode("utf-8-sig")  # the common case, and fast on a 50 MB file
    except UnicodeDecodeError:
        text = None
    if text is None or "\x00" in text[:65536]:
        # Text has no NUL: UTF-16 without a BOM whose bytes all lie below 0x80 (民政局\t0 is
        # 11 6C 3F 65 40 5C 09 00 ...) is valid UTF-8 with NULs; the other encodings decide.
        text = _by_bom(data)
    if text is None:
        best = _best(data[:SAMPLE])
        if best is None:
            _refuse_binary(data)
            raise BadInput("not decodable as UTF-8, GB18030, Big5 or UTF-16 text; "
                           "re-save it as UTF-8") from None
        try:
            text = data.decode(best.encoding)  # a BOM is consumed by utf_16 / utf_32
        except UnicodeDecodeError as e:
            raise BadInput(f"text in {best.encoding} with an invalid byte at offset {e.start}; "
                           "re-save it as UTF-8") from e
    if "\x00" in text[:65536]:
        _refuse_binary(data)
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise BadInput("the file is empty (no text at all); nothing to extract")
    return text


def _by_bom(data: bytes) -> str | None:
    """The text a byte-order mark announces; None without one."""
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as e:
                raise BadInput(f"{name} text (it starts with a byte-order mark) with an invalid "
                               f"sequence at byte {e.start}; re-save it as UTF-8") from e
    return None


def _best(sample: bytes):
    """charset-normalizer's most coherent reading; ties (a short line fits GB18030, Big5
    and UTF-16 alike) go to the encoding listed first, the one mainland sites use."""
    from charset_normalizer import from_bytes  # here: only a file that is not UTF-8 (26 ms)

    # Without a BOM, UTF-16 and UTF-32 print a NUL beside every ASCII character (a line's
    # end, a tab, a digit): a sample with none is not in them, however coherent it reads
    # (救灾领域\t13 in GBK reads as Hangul in UTF-16).
    wide = b"\x00" in sample
    encodings = [e for e in _CJK_ENCODINGS if wide or not e.startswith(("utf_16", "utf_32"))]
    matches = list(from_bytes(sample, cp_isolation=encodings, threshold=MESS_THRESHOLD))
    return min(matches, default=None, key=lambda m: (
        round(m.chaos, 2), -round(m.coherence, 2), _CJK_ENCODINGS.index(m.encoding)))


def _refuse_binary(data: bytes) -> None:
    nul = data.find(b"\x00", 0, 65536)
    if nul >= 0:
        raise BadInput(
            f"binary data, not text (a NUL byte at offset {nul}); if this is a PDF, Word "
            "or Excel file, give it its real extension, otherwise re-export it as text")

"""An office file's bytes checked before any library parses them.

DOCX and XLSX are ZIP packages of XML parts. Before python-docx or calamine
sees one, every member is decompressed here under limits (a zip bomb declares
small sizes and inflates to gigabytes, or packs thousands of members), XML
parts that declare a DTD are refused (office XML never has one; entity
expansion is how an XML bomb is built, and the parsers run with entities off
besides), and a macro-enabled package (.docm, .xlsm) is handed over as its
plain type: its VBA project is never read, let alone run. What comes out is a
clean package of the members that passed, uncompressed, so the library's own
reading costs no more than the limits allow.

The old binary formats (DOC, XLS, WPS, ET) and encrypted OOXML files are OLE
files; msoffcrypto-tool says whether one is encrypted.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import msoffcrypto
import olefile
from msoffcrypto.exceptions import FileFormatError, ParseError

from tongbao.extract.errors import BadInput

MAX_MEMBERS = 10_000
MAX_UNPACKED = 256 * 1024 * 1024  # bytes, every member together
MAX_RATIO = 200  # uncompressed / compressed, for a member over RATIO_FLOOR bytes
RATIO_FLOOR = 1024 * 1024
_PLAIN_TYPES = {  # macro-enabled main part -> the same part without macros
    b"application/vnd.ms-word.document.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml":
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
}
_KIND = {"docx": "Word", "xlsx": "Excel", "doc": "Word", "xls": "Excel"}


@dataclass
class Package:
    data: bytes  # a clean ZIP package
    notes: list[str] = field(default_factory=list)  # what was left out, for the documents row


def encrypted_message(kind: str) -> str:
    return (f"the {_KIND.get(kind, 'office')} file is encrypted with a password; open it in "
            "Word, Excel or WPS with the password, save a copy without one, and run again")


def refuse_encrypted(data: bytes, kind: str) -> None:
    """BadInput when an OLE file (DOC, XLS, or an encrypted DOCX/XLSX) needs a password."""
    if not data.startswith(olefile.MAGIC):
        return
    try:
        encrypted = msoffcrypto.OfficeFile(io.BytesIO(data)).is_encrypted()
    except (FileFormatError, ParseError, OSError, ValueError, AssertionError, IndexError):
        return  # not a format it knows: the reader says what is wrong
    if encrypted:
        raise BadInput(encrypted_message(kind))


def ole_streams(data: bytes) -> set[str] | None:
    """The stream names (lower case) of an OLE file, or None when it is not a readable one."""
    try:
        with olefile.OleFileIO(data) as ole:
            return {"/".join(entry).lower() for entry in ole.listdir()}
    except (OSError, ValueError, IndexError):  # olefile's own errors are OSErrors
        return None


def refuse_unless_ole(data: bytes, kind: str, streams: tuple[str, ...]) -> None:
    """BadInput unless an old binary file holds the stream its format needs: LibreOffice
    would import anything else as plain text and call it a document."""
    found = ole_streams(data)
    if found is None or not found & set(streams):
        what = "an OLE file at all" if found is None else f"one (no {streams[0]} stream)"
        raise BadInput(f"not a readable {_KIND[kind]} file ({kind.upper()}): it is not {what}; "
                       "the file is damaged or not what its name says - download it again")


def open_package(data: bytes, kind: str) -> Package:
    """The package's members within the limits, as a clean ZIP, or BadInput saying why not."""
    name = _KIND[kind]
    if data.startswith(olefile.MAGIC):
        refuse_encrypted(data, kind)
        raise BadInput(f"not a {name} package: this is an older binary office file (DOC/XLS) "
                       f"named .{kind}; give it its real extension")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as e:
        raise BadInput(f"not a readable {name} file: the ZIP package is truncated or damaged "
                       f"({e}); download it again or re-save it in {name}") from e
    if len(infos) > MAX_MEMBERS:
        raise _bomb(f"{len(infos)} members (the limit is {MAX_MEMBERS})")
    if sum(i.file_size for i in infos) > MAX_UNPACKED:
        raise _bomb(f"it declares {sum(i.file_size for i in infos) >> 20} MB uncompressed "
                    f"(the limit is {MAX_UNPACKED >> 20} MB)")
    out, notes, budget = io.BytesIO(), [], MAX_UNPACKED
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as clean:
        for info in infos:
            body = _member(archive, info, budget, kind)
            budget -= len(body)
            if info.filename == "[Content_Types].xml":
                for macro, plain in _PLAIN_TYPES.items():
                    if macro in body:
                        body = body.replace(macro, plain)
                        notes.append(f"a macro-enabled {name} file: its macros (VBA project) "
                                     "were neither run nor read; the text and tables were read")
            clean.writestr(info.filename, body)
    return Package(out.getvalue(), notes)


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, budget: int, kind: str) -> bytes:
    name = _KIND[kind]
    if info.flag_bits & 0x1:  # a ZIP password, not Office's own encryption
        raise BadInput(encrypted_message(kind))
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise _bomb(f"member {info.filename} inflates {info.file_size // max(info.compress_size, 1)}"
                    f" times (the limit is {MAX_RATIO})")
    try:
        with archive.open(info) as f:
            body = f.read(min(budget, info.file_size) + 1)  # never more than declared
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise BadInput(f"not a readable {name} file: member {info.filename} is damaged ({e}); "
                       f"download it again or re-save it in {name}") from e
    if len(body) > budget:
        raise _bomb(f"it inflates past {MAX_UNPACKED >> 20} MB")
    if info.filename.endswith((".xml", ".rels")) and _declares_dtd(body):
        raise BadInput(f"the {name} file's part {info.filename} declares a DTD, which office "
                       "files never do (an XML entity bomb); it was not parsed")
    return body


def _declares_dtd(body: bytes) -> bool:
    head = body[:4096].lower()
    return b"<!doctype" in head or b"<!entity" in body[:1 << 20].lower()


def _bomb(what: str) -> BadInput:
    return BadInput(f"refused as a zip bomb: {what}; a real office file is far smaller. If it "
                    "is genuine, re-save it without embedded objects")

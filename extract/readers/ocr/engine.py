"""The OCR engine: rapidocr (PP-OCR models in ONNX, run by onnxruntime on the CPU).

rapidocr 3.x ships its Chinese detection, recognition and orientation models
inside the wheel (rapidocr/models/*.onnx). They are handed to it by path, so
its download code is never reached: with no path it would look for them and
fetch what is missing. Nothing is downloaded at run time; a package without
the models is reported as such, never completed from the network.

The engine is optional (`pip install 'tongbao[ocr]'`): without it a scanned
page is reported as needing OCR and the rest of the file is read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

# The model files, by the task in their names (PP-OCRv6_det_small.onnx, ...).
_TASKS = {"Det": "det", "Rec": "rec", "Cls": "cls"}
INSTALL = "pip install 'tongbao[ocr]'"
SPECK_SURE = 0.9  # a point read with less confidence after a number is dust


class OcrUnavailable(Exception):
    """No OCR engine here; the message says how to get one."""


@dataclass
class Word:
    """A run of text the engine read: one CJK character, or a word of digits or Latin."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float


def model_files() -> dict[str, Path]:
    """The ONNX models inside the installed rapidocr package, by task."""
    try:
        import rapidocr
    except ImportError as e:
        raise OcrUnavailable(f"no OCR engine is installed ({INSTALL})") from e
    folder = Path(rapidocr.__file__).parent / "models"
    found = {}
    for task, word in _TASKS.items():
        files = sorted(folder.glob(f"*_{word}_*.onnx")) + sorted(folder.glob(f"*_{word}.onnx"))
        if not files:
            raise OcrUnavailable(f"the installed rapidocr has no {word} model in {folder}; "
                                 f"install a version that ships them ({INSTALL})")
        found[task] = files[0]
    return found


@cache
def engine():
    from rapidocr import RapidOCR

    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    params = {f"{task}.model_path": str(path) for task, path in model_files().items()}
    params |= {"Global.use_cls": False,  # scanned pages are upright: skip the 180° check
               "Global.log_level": "error",
               # Text is found on the page shrunk to 1280 pixels (9 pt type is still 14
               # pixels high there), and read at full size: a third of the time.
               "Det.limit_type": "max", "Det.limit_side_len": 1280,
               # One thread per engine: a batch runs one worker per core.
               "EngineConfig.onnxruntime.intra_op_num_threads": 1,
               "EngineConfig.onnxruntime.inter_op_num_threads": 1}
    return RapidOCR(params=params)


def _rgb(image: np.ndarray) -> np.ndarray:
    return np.repeat(image[:, :, None], 3, axis=2) if image.ndim == 2 else image


def _run(image: np.ndarray, **switches):
    """The engine on an image. onnxruntime reports an allocation it could not make (under
    a worker's memory cap) as a RuntimeException naming std::bad_alloc: that is a
    MemoryError, which the batch reports with the limit to raise, not an internal error."""
    try:
        return engine()(_rgb(image), **switches)
    except Exception as e:
        if "bad_alloc" in str(e):
            raise MemoryError(f"OCR could not allocate memory ({e})") from e
        raise


def read_line(image: np.ndarray) -> tuple[str, float]:
    """The text of an image holding one line of it (no detection), and the confidence of
    its least sure character."""
    # rapidocr keeps the switches of the last call: every call sets all of them.
    out = _run(image, use_det=False, use_cls=False, use_rec=True, return_word_box=True,
               return_single_char_box=True)
    if not out.txts:
        return "", 0.0
    info = out.word_results[0] if out.word_results else None
    confs = list(getattr(info, "confs", None) or [out.scores[0]])
    return without_speck(out.txts[0].strip(), confs), float(min(confs))


def read_words(image: np.ndarray) -> tuple[list[Word], list[tuple[float, float, float, float]]]:
    """Every word on a greyscale page image, with its box in pixels and the confidence of its
    least sure character: one CJK character, or a run of digits and Latin letters (a speck
    read as the point of 1.4 is as unsure as it should be, though 1 and 4 are not). And
    the boxes (x0, top, x1, bottom) of the lines of text the detector found."""
    out = _run(image, use_det=True, use_cls=False, use_rec=True, return_word_box=True,
               return_single_char_box=True)
    boxes = [(float(b[:, 0].min()), float(b[:, 1].min()), float(b[:, 0].max()),
              float(b[:, 1].max())) for b in (out.boxes if out.boxes is not None else [])]
    words: list[tuple[Word, list[float]]] = []  # each word with its characters' confidences
    for line in out.word_results or ():
        run: Word | None = None
        for text, score, box in _items(line):
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            char = Word(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score))
            if not char.text:
                run = None
                continue
            if run is not None and _latin(char.text) and \
                    char.x0 - run.x1 < 0.3 * (char.bottom - char.top):
                run.text += char.text
                run.x1, run.top = max(run.x1, char.x1), min(run.top, char.top)
                run.bottom = max(run.bottom, char.bottom)
                run.confidence = min(run.confidence, char.confidence)
                words[-1][1].append(char.confidence)
                continue
            words.append((char, [char.confidence]))
            run = char if _latin(char.text) else None
    for word, confs in words:
        word.text = without_speck(word.text, confs)
    return [word for word, _ in words], boxes


def _items(line) -> list[tuple]:
    """A line's (text, confidence, box) per character. A page where nothing was read comes
    back as one such item with no box, not wrapped in a line."""
    if len(line) == 3 and isinstance(line[0], str):
        line = (line,)
    return [item for item in line
            if len(item) == 3 and isinstance(item[0], str) and item[2] is not None]


def without_speck(text: str, confs: list[float]) -> str:
    """A number ending in a point the reader was unsure of ends in a speck of dust (28.
    for 28): a printed number never ends in a point. The word keeps its low confidence."""
    if len(text) > 1 and text.endswith(".") and confs and confs[-1] < SPECK_SURE and \
            text[:-1].replace(".", "").replace(",", "").isdigit():
        return text[:-1]
    return text


def _latin(text: str) -> bool:
    return text.isascii()

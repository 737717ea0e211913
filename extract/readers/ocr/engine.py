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
               "Global.log_level": "error"}
    return RapidOCR(params=params)


def _rgb(image: np.ndarray) -> np.ndarray:
    return np.repeat(image[:, :, None], 3, axis=2) if image.ndim == 2 else image


def read_line(image: np.ndarray) -> tuple[str, float]:
    """The text of an image holding one line of it (no detection), and the confidence."""
    out = engine()(_rgb(image), use_det=False, use_cls=False, use_rec=True)
    if not out.txts:
        return "", 0.0
    return out.txts[0].strip(), float(out.scores[0])


def read_words(image: np.ndarray) -> list[Word]:
    """Every word on a greyscale page image, with its box in pixels and its confidence."""
    out = engine()(_rgb(image), return_word_box=True)
    words = []
    for line in out.word_results or ():
        for text, score, box in line:
            if not text.strip():
                continue
            xs, ys = [p[0] for p in box], [p[1] for p in box]
            words.append(Word(text.strip(), min(xs), min(ys), max(xs), max(ys), float(score)))
    return words

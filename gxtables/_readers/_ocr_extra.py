"""Whether the optional ``ocr`` extra is installed, asked without importing it.

Kept apart from :mod:`._ocr` so that sniffing and the PDF reader can ask cheaply: importing
OpenCV and onnxruntime costs a second and ~100 MB, and ``import gxtables`` must stay light.
"""

from __future__ import annotations

import importlib.util

__all__ = ["INSTALL_HINT", "ocr_installed"]

#: What to do when a scan is met without the extra.
INSTALL_HINT = "install the OCR extra: pip install \".[ocr]\" in the gxtables clone"


def ocr_installed() -> bool:
    """True when rapidocr-onnxruntime (with OpenCV and numpy, which it requires) is importable."""
    return all(importlib.util.find_spec(name) is not None
               for name in ("rapidocr_onnxruntime", "cv2", "numpy"))

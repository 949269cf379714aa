"""A page's bytes as text: the encoding it declares (byte-order mark, Content-Type, <meta>), else UTF-8 or detected."""
import codecs
import re

import chardet

META_SCAN_BYTES = 8192  # bytes at the start of a page searched for a <meta> charset
DETECT_SAMPLE_BYTES = 64 * 1024  # bytes an undeclared encoding is detected from (detection time grows with them)

# Browsers read these labels as the wider encodings (WHATWG Encoding Standard), and pages depend on it:
# "iso-8859-1" pages are full of windows-1252 quotes and dashes.
_BROWSER_ENCODINGS = {
    "iso8859-1": "cp1252", "ascii": "cp1252", "shift_jis": "cp932", "gb2312": "gb18030", "gbk": "gb18030",
    "euc_kr": "cp949",
}
_CHARSET_RE = re.compile(r"""charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)
_META_CHARSET_RE = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([\w.:-]+)""", re.IGNORECASE)


def decode_html(body: bytes, content_type: str = "") -> str:
    """A page's text in the encoding it declares (byte-order mark, then Content-Type, then <meta>), else UTF-8 when
    the bytes are valid UTF-8, else the encoding chardet detects."""
    for label in _declared_encodings(body, content_type):
        text = _decoded(body, label)
        if text is not None:
            return text
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # chardet rather than charset_normalizer: measured here, the latter read a French windows-1252 page as cp775
    # and a Japanese Shift_JIS one as Korean.
    detected = chardet.detect(body[:DETECT_SAMPLE_BYTES])["encoding"]
    text = _decoded(body, detected) if detected else None
    return text if text is not None else body.decode("utf-8", errors="replace")


def _declared_encodings(body: bytes, content_type: str):
    if body.startswith(codecs.BOM_UTF8):
        yield "utf-8-sig"
    elif body.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield "utf-16"
    if match := _CHARSET_RE.search(content_type):
        yield match.group(1)
    if match := _META_CHARSET_RE.search(body[:META_SCAN_BYTES]):
        label = match.group(1).decode("ascii")
        # A <meta> that could be read as ASCII is not in UTF-16, whatever it says (WHATWG: read such pages as UTF-8).
        yield "utf-8" if label.lower().startswith("utf-16") else label


def _decoded(body: bytes, label: str) -> str | None:
    """`body` read as browsers read the encoding `label` names; None when no text codec goes by that name."""
    try:
        name = codecs.lookup(label).name
        return body.decode(_BROWSER_ENCODINGS.get(name, name), errors="replace")
    except LookupError:  # an unknown label, or a codec that is not a text encoding, such as "base64"
        return None

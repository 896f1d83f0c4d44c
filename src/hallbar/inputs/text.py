"""Text files as users save them: UTF-8 with or without BOM, and a clear word when it is not."""

from __future__ import annotations

from ..errors import Problems

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_utf8(raw: bytes, shown: str, problems: Problems, *, unit: str, fix: str) -> str | None:
    """`raw` as text; None (and a problem naming the `unit` "row"/"line" and byte) when it is not UTF-8."""
    if raw.startswith(_UTF16_BOMS):
        problems.error(shown, f"{unit} 1", "is UTF-16 text ('Unicode text' in Excel and Notepad), not UTF-8.", fix)
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        guess = ""
        try:
            raw.decode("cp1252")
            guess = " It looks like Windows-1252/Latin-1 (e.g. 'å', 'ä', 'ö' saved by older Excel or an older editor)."
        except UnicodeDecodeError:
            pass
        problems.error(shown, f"{unit} {line}", f"is not UTF-8 text (byte 0x{raw[exc.start]:02x}).{guess}", fix)
        return None

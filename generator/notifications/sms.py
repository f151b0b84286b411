"""How many SMS parts a text takes: GSM-7 where every character allows it, else UCS-2.

The alphabet is the GSM 7-bit default alphabet and its extension table from 3GPP TS 23.038
(§6.2.1 and §6.2.1.1; the same mapping as unicode.org's GSM0338.TXT). National language shift
tables (Turkish, Spanish, Portuguese, Indian scripts) are left out: not every carrier and phone
supports them, so a text that needs one is counted as UCS-2, the encoding every phone reads.

- GSM-7: 160 septets in one SMS, 153 per part of a concatenated SMS (the user data header takes
  the rest); a character of the extension table takes two septets (escape + code) and is never
  split between two parts.
- UCS-2: 70 UTF-16 code units in one SMS, 67 per part; a character outside the Basic
  Multilingual Plane (most emoji) takes two units and is never split either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Encoding = Literal["GSM-7", "UCS-2"]

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅå"
    "Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ"  # 0x1B is the escape to the extension table, not a character
    " !\"#¤%&'()*+,-./"
    "0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNO"
    "PQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmno"
    "pqrstuvwxyzäöñüà")
"""The 127 characters of the GSM 7-bit default alphabet (3GPP TS 23.038 §6.2.1), one septet
each."""

GSM7_EXTENSION = frozenset("\f^{}\\[~]|€")
"""The extension table (3GPP TS 23.038 §6.2.1.1): two septets each (escape + code)."""

MAX_PARTS = 2
"""The most SMS parts a notification may take: longer texts arrive in pieces on some phones
and cost more."""


@dataclass(frozen=True)
class SmsLimits:
    """One encoding's capacity: in one SMS, and per part of a concatenated one."""

    single: int
    part: int


LIMITS: dict[Encoding, SmsLimits] = {"GSM-7": SmsLimits(160, 153),
                                     "UCS-2": SmsLimits(70, 67)}


@dataclass(frozen=True)
class SmsLength:
    """A text as an SMS: its encoding, length in that encoding's units, and parts."""

    encoding: Encoding
    units: int
    """Septets for GSM-7, UTF-16 code units for UCS-2."""
    parts: int

    @property
    def fits(self) -> bool:
        return self.parts <= MAX_PARTS

    @property
    def capacity(self) -> int:
        """The units its parts can hold: one SMS's, or that of each part of a longer one."""
        limits = LIMITS[self.encoding]
        return limits.single if self.parts <= 1 else limits.part * self.parts


def encoding(text: str) -> Encoding:
    """GSM-7 when every character is in the default alphabet or its extension, else UCS-2."""
    allowed = GSM7_BASIC | GSM7_EXTENSION
    return "GSM-7" if all(char in allowed for char in text) else "UCS-2"


def _units(char: str, used: Encoding) -> int:
    if used == "GSM-7":
        return 2 if char in GSM7_EXTENSION else 1
    return 2 if ord(char) > 0xFFFF else 1


def sms_length(text: str) -> SmsLength:
    """The encoding, length and number of parts ``text`` takes (0 parts for no text)."""
    used = encoding(text)
    sizes = [_units(char, used) for char in text]
    total = sum(sizes)
    limits = LIMITS[used]
    if total <= limits.single:
        return SmsLength(used, total, 1 if total else 0)
    parts, room = 1, limits.part
    for size in sizes:  # a two-unit character that does not fit starts the next part
        if size > room:
            parts, room = parts + 1, limits.part
        room -= size
    return SmsLength(used, total, parts)

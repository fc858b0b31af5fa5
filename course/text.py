"""Text from code under test, made safe for every terminal and every file it is written to.

An app's error message or printed output may hold what an output cannot take: half of a
UTF-16 pair (no UTF-8 file can hold one: writing feedback.md failed for the whole batch),
or control characters (XML 1.0 forbids them, so junit.xml would not parse; in a terminal
an escape sequence recolours the text, moves the cursor or renames the window).
"""

import re

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The C0 controls but tab and newline, then DEL and the C1 controls.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """`text` with each lone surrogate as U+FFFD (�) and each control character written out
    as Python writes it ('\\x1b'), so the reader sees that it was there."""
    text = LONE_SURROGATE.sub("\ufffd", text.replace("\r\n", "\n"))
    return CONTROL.sub(lambda found: f"\\x{ord(found.group()):02x}", text)

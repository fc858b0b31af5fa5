"""Text from code under test, as every output shows it (course.text)."""

from course.text import printable


def test_control_characters_are_written_out():
    assert printable("\x1b[2Jgone\x07") == "\\x1b[2Jgone\\x07"
    assert printable("nul\x00 del\x7f csi\x9b") == "nul\\x00 del\\x7f csi\\x9b"
    assert printable("a lone\rreturn") == "a lone\\x0dreturn"


def test_lines_tabs_and_letters_stay_as_they_are():
    text = "Zoë wrote:\n\tStep ✔ — done"
    assert printable(text) == text
    assert printable("from Windows\r\nlines\r\n") == "from Windows\nlines\n"


def test_half_of_a_utf16_pair_becomes_the_replacement_character():
    assert printable("half \udc80 and \ud83d alone") == "half \ufffd and \ufffd alone"
    assert printable("a whole pair: 😀") == "a whole pair: 😀"

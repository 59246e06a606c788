from sitrep.sentences import split_sentences


def sents(t: str) -> list[str]:
    return [t[s:e] for s, e in split_sentences(t)]


def test_glued_sentences_and_headings_split():
    t = 'Two soldiers lost their legs.==Background==In 1975 the IRA agreed to a truce. It held in 2013.The bomb squad came.'
    assert sents(t) == ["Two soldiers lost their legs.", "In 1975 the IRA agreed to a truce.", "It held in 2013.",
                        "The bomb squad came."]


def test_abbreviations_initials_and_decimals_do_not_split():
    t = "Gen. J. Smith said the U.S. military struck at 9 a.m. on Monday. It cost 3.5 million."
    assert sents(t) == ["Gen. J. Smith said the U.S. military struck at 9 a.m. on Monday.", "It cost 3.5 million."]


def test_quotes_and_line_breaks():
    t = 'He said."We have information."\nA caption line without a period\nNext.'
    assert sents(t) == ['He said."', 'We have information."', "A caption line without a period", "Next."]


def test_offsets_index_the_text():
    t = "  First one.   Second one!  "
    for s, e in split_sentences(t):
        assert t[s:e] in ("First one.", "Second one!")

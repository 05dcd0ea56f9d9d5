"""Art. 17 with issue 29: what makes a second objection the same as the first — the same
signed objector (name AND contact) and the same content, whitespace normalised; an
unsigned objection is never the same as any other."""
from award_publicity.domain.objections import duplicate_key, normalised

CONTENT = "该单位 2018 年曾发生质量事故，公示材料未如实反映。"


def test_runs_of_any_whitespace_are_one_space_and_none_at_the_ends():
    assert normalised(" 该单位\n\n2018\u3000年\t事故 ") == "该单位 2018 年 事故"
    assert normalised(None) == ""


def test_the_same_signed_objector_and_content_differently_spaced_is_the_same_objection():
    key = duplicate_key(CONTENT, "王某某", "13800000000")
    assert len(key) == 64
    assert duplicate_key(f"  {CONTENT.replace(' ', chr(0x3000) + chr(10))}\n", " 王某某", "13800000000 ") == key


def test_another_name_contact_content_or_spacing_inside_a_word_is_another_objection():
    key = duplicate_key(CONTENT, "王某某", "13800000000")
    assert duplicate_key(CONTENT, "王某", "13800000000") != key
    assert duplicate_key(CONTENT, "王某某", "13700000000") != key
    assert duplicate_key(CONTENT + "另", "王某某", "13800000000") != key
    assert duplicate_key(CONTENT.replace("2018", "20 18"), "王某某", "13800000000") != key
    # the fields cannot run into each other
    assert duplicate_key(CONTENT, "王 某某", "13800000000") != duplicate_key(CONTENT, "王", "某某 13800000000")


def test_an_unsigned_objection_has_no_key_and_so_is_never_merged():
    assert duplicate_key(CONTENT, " ", "13800000000") is None
    assert duplicate_key(CONTENT, "王某某", "\u3000") is None
    assert duplicate_key(CONTENT, None, None) is None

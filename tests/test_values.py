"""Cell values are normalised exactly as the spec says; anything uncertain is not a number."""

import pytest

from extract.values import is_value_token, parse_value


@pytest.mark.parametrize(
    ("raw", "kind", "hint", "want"),
    [
        ("增50", "signed", None, (50, "ok")),
        ("减114", "signed", None, (-114, "ok")),
        ("-8", "signed", None, (-8, "ok")),
        ("+21", "signed", None, (21, "ok")),
        ("0", "signed", None, (0, "ok")),
        ("75647.67万元", "money", None, (75647.67, "ok")),
        ("251000元", "money", None, (25.1, "ok")),
        ("178.479", "money", "万元", (178.479, "ok")),
        ("178.479", "money", None, (None, "unparsed")),
        ("11,492", "count", None, (11492, "ok")),
        ("1.2万", "count", None, (12000, "ok")),
        ("１２", "count", None, (12, "ok")),
        ("12件", "count", None, (12, "ok")),
        ("2.5", "count", None, (None, "unparsed")),
        ("见附件", "count", None, (None, "unparsed")),
        ("", "count", None, (None, "blank")),
        ("\u00a0", "count", None, (None, "blank")),
        ("/", "count", None, (None, "blank")),
        ("—", "count", None, (None, "blank")),
        ("-", "signed", None, (None, "blank")),
        ("无", "count", None, (None, "blank")),
    ],
)
def test_parse_value(raw, kind, hint, want):
    assert parse_value(raw, kind, hint) == want


@pytest.mark.parametrize("label", ["1.属于国家秘密", "1.", "第二十条第（一）项", "(七) 总计", "本年增/减"])
def test_labels_are_not_values(label):
    assert not is_value_token(label)

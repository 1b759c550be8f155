"""The stylesheet joiner (hooks/style_bundle.py): parts in cascade order, and what cannot move."""

from __future__ import annotations

import pytest

import style_bundle


def test_parts_are_joined_in_order_without_their_source_maps() -> None:
    text = style_bundle.join([
        ("Material's palette", "[data-md-color-primary=teal]{--x:1}\n"
                               "/*# sourceMappingURL=palette.fb2fffe2.min.css.map*/"),
        ("stylesheets/course.css", ".a { background: url(data:image/svg+xml;base64,AA) }\n"),
    ])
    assert text.index("--x:1") < text.index(".a {")
    assert "sourceMappingURL" not in text
    assert "/* ---- stylesheets/course.css ---- */" in text


@pytest.mark.parametrize(("line", "message"), [
    ('@import "more.css";', "`@import` cannot be joined"),
    (".logo { background: url(../images/logo.png) }", "a relative `url(…)`"),
    (".logo { background: url('logo.png') }", "a relative `url(…)`"),
])
def test_what_would_break_once_joined_names_the_file_and_line(line: str, message: str) -> None:
    with pytest.raises(style_bundle.StyleError) as caught:
        style_bundle.join([("stylesheets/course.css", f"/* course */\n{line}\n")])
    assert str(caught.value).startswith("stylesheets/course.css:2: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("url", ["data:image/png;base64,AA", "https://example.org/a.png",
                                 "/assets/a.png", "#marker"])
def test_urls_that_mean_the_same_anywhere_are_kept(url: str) -> None:
    assert url in style_bundle.join([("course.css", f".a {{ background: url({url}) }}")])


def test_comments_are_left_out_and_text_in_quotes_is_kept() -> None:
    text = style_bundle.join([("stylesheets/course.css", (
        "/* Why: the evidence labels keep their colour in print. */\n"
        ".a::after { content: \"/* kept */\"; }\n\n"
        ".b { color: red; /* trailing */ }\n"
        ".c::before { content: '\\'/*' }\n"))])
    assert "Why:" not in text and "trailing" not in text
    assert '.a::after { content: "/* kept */"; }' in text
    assert ".c::before { content: '\\'/*' }" in text
    assert "\n\n." not in text

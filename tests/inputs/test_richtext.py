"""Running text in Markdown: what each construct reads as, what is refused and why, and plain text as it was."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from kldocs.engine.inline import RichText, Run
from kldocs.inputs.fieldtypes import InlineText, ListItem, Text, TextBlock, parse_blocks, plain_blocks
from kldocs.inputs.richtext import to_html, to_markdown


def one(source: str) -> TextBlock:
    (block,) = parse_blocks(source)
    return block


def runs(source: str) -> tuple[Run, ...]:
    text = one(source).text
    assert isinstance(text, RichText), f"{text!r} is plain"
    return text.runs


class DescribeParagraphs:
    def it_joins_the_lines_of_a_paragraph_and_splits_at_blank_lines(self):
        blocks = parse_blocks("Første linje\nfortsætter her.\n\n  Andet afsnit.  \n")
        assert [(b.kind, b.text) for b in blocks] == [
            ("paragraph", "Første linje fortsætter her."), ("paragraph", "Andet afsnit."),
        ]

    def it_keeps_plain_text_a_plain_str(self):
        assert type(one("Helt almindelig tekst.").text) is str

    def it_reads_a_list_of_strings_block_by_block(self):
        assert [b.text for b in parse_blocks(["Et afsnit.", "- a\n- b"])] == ["Et afsnit.", "- a\n- b"]

    def it_breaks_a_line_ending_in_a_backslash_or_two_spaces(self):
        assert one("Linje et\\\nlinje to  \nlinje tre").text == "Linje et\nlinje to\nlinje tre"

    @pytest.mark.parametrize("source", ['a & b < c > d "e" \'f\'', "R&D", "&amp; &copy;", "<b>nu</b>", "x<y og z>w"])
    def it_reads_characters_and_html_as_the_text_written(self, source):
        assert one(source).text == source

    def it_writes_an_escaped_character_itself(self):
        assert one(r"\*ikke fed\* og 2 \_ 3 og \[x\]").text == "*ikke fed* og 2 _ 3 og [x]"


class DescribeInlineFormatting:
    def it_reads_bold_and_italic(self):
        assert runs("Meget **vigtigt** og *lidt* og ***begge*** og __også__") == (
            Run("Meget "), Run("vigtigt", bold=True), Run(" og "), Run("lidt", italic=True), Run(" og "),
            Run("begge", bold=True, italic=True), Run(" og "), Run("også", bold=True),
        )

    def it_reads_a_link_and_an_angle_bracketed_address(self):
        assert runs("Se [KL's side](https://www.kl.dk/x) eller <https://kl.dk> og <kl@kl.dk>.") == (
            Run("Se "), Run("KL's side", link="https://www.kl.dk/x"), Run(" eller "),
            Run("https://kl.dk", link="https://kl.dk"), Run(" og "), Run("kl@kl.dk", link="mailto:kl@kl.dk"),
            Run("."),
        )

    def it_keeps_bold_inside_a_link(self):
        assert runs("[**Tilmeld** jer](https://x.dk)") == (
            Run("Tilmeld", bold=True, link="https://x.dk"), Run(" jer", link="https://x.dk"),
        )

    def it_reads_as_plain_text_with_each_links_address(self):
        text = one("**Fed** [Tilmeld jer her](https://x.dk/t), [kl.dk](https://kl.dk/), <https://y.dk> og "
                   "[skriv](mailto:a@b.dk)").text
        assert str(text) == "Fed Tilmeld jer her (https://x.dk/t), kl.dk, https://y.dk og skriv (a@b.dk)"

    def it_tells_rich_text_from_plain_text_of_the_same_words(self):
        assert one("**fed**").text != "fed"
        assert one("**fed**").text == one("__fed__").text
        assert one("**fed**") != one("fed")


class DescribeLists:
    def it_reads_bullets_as_before(self):
        block = one("- En langvarig udviklingsproces med\n  specifikt indhold\n- Sparringsgrupper\n• Med prik")
        assert block.kind == "bullets" and block.is_bullets and block.is_list and not block.is_numbered
        assert [item.text for item in block.items] == [
            "En langvarig udviklingsproces med specifikt indhold", "Sparringsgrupper", "Med prik",
        ]

    def it_numbers_a_list_from_one(self):
        block = one("1. Først\n2. Så\n3. Til sidst")
        assert block.kind == "numbered" and block.is_numbered
        assert [(i.number, i.numbered, i.text) for i in block.items] == [(1, True, "Først"), (2, True, "Så"),
                                                                       (3, True, "Til sidst")]
        assert [i.numbering.first for i in block.items] == [True, False, False]

    def it_reads_a_list_under_an_item_as_the_second_level(self):
        block = one("1. Et\n   - a\n   - **b**\n2. To\n   1. i\n   2. ii")
        first, second = block.items
        assert [(i.level, i.numbered, i.number, i.text) for i in first.items] == [
            (1, False, 1, "a"), (1, False, 2, RichText([Run("b", bold=True)])),
        ]
        assert [(i.level, i.numbered, i.number) for i in second.items] == [(1, True, 1), (1, True, 2)]
        assert [i.numbering.first for i in second.items] == [True, False]

    def it_marks_the_paragraph_that_ends_the_list(self):
        block = one("- a\n- b\n  - b1\n  - b2")
        assert [i.ends_list for i in block.items] == [False, False]
        assert [i.ends_list for i in block.items[1].items] == [False, True]
        assert [i.ends_list for i in one("1. a\n2. b").items] == [False, True]

    @pytest.mark.parametrize(("source", "kept"), [
        ("- a", []),  # one paragraph, ending the list: kept with nothing
        ("- a\n- b", ["a"]),
        ("- a\n- b\n- c", ["a", "b"]),
        ("1. a\n2. b\n3. c\n4. d\n5. e", ["a", "d"]),
        ("- a\n  - a1\n- b\n  - b1\n  - b2", ["a", "b1"]),  # the paragraphs in their order, the items under too
    ])
    def it_keeps_the_first_paragraph_and_the_one_before_the_last_with_the_next(self, source, kept):
        """No list begins with one line at the foot of a page, nor ends with one at the head of the next."""
        block = one(source)
        paragraphs = [p for item in block.items for p in (item, *item.items)]
        assert [str(p.text) for p in paragraphs if p.kept_with_next] == kept
        assert [str(p.text) for p in paragraphs if p.ends_list] == [str(paragraphs[-1].text)]

    def it_prints_a_list_as_plain_lines(self):
        block = one("1. Et **fed**\n   - under\n2. [To](https://x.dk)")
        assert str(block.text) == "1. Et fed\n   - under\n2. To (https://x.dk)"
        assert str(block.items[0]) == "Et fed\n   - under"
        assert f"- {one('- a').items[0]}" == "- a"

    def it_starts_a_paragraph_at_a_line_flush_left_after_a_list(self):
        blocks = parse_blocks("Indled:\n- a\n- b\nDerefter et afsnit.")
        assert [(b.kind, str(b.text)) for b in blocks] == [
            ("paragraph", "Indled:"), ("bullets", "- a\n- b"), ("paragraph", "Derefter et afsnit."),
        ]

    @pytest.mark.parametrize("source", [
        "1. januar 2022 træder aftalen i kraft.", "14. september holder vi møde.", "3. kvartal 2025 begynder vi.",
        "Vi begynder\n1. januar 2022.", "2. halvår er afsat til afprøvning.",
    ])
    def it_reads_a_date_at_the_start_of_a_line_as_text(self, source):
        assert [(b.kind, b.text) for b in parse_blocks(source)] == [("paragraph", " ".join(source.split("\n")))]


class DescribeWhatCannotBeShown:
    @pytest.mark.parametrize(("source", "message"), [
        ("# Baggrund\n\nTekst.", "'# Baggrund' is a heading, which running text cannot hold; "
                                 "use a section (sections:) instead"),
        ("Baggrund\n===\n\nTekst.", "'Baggrund' (with a line of === under it) is a heading"),
        ("Tekst.\n\n---\n\nMere.", "'---' is a horizontal rule, which cannot be shown here"),
        ("```\nkode\n```", "'```' starts a code block, which cannot be shown here"),
        ("Se `kldocs build`.", "'`kldocs build`' is code, which cannot be shown here; remove the backticks"),
        ("> Et citat", "'> Et citat' is a block quote, which cannot be shown here; remove the '>'"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "'| a | b |' is a table, which cannot be shown here"),
        ("Logo: ![KL](logo.png)", "'![KL](…)' is an image, which running text cannot hold"),
        ("- a\n  - b\n    - c", "'- c' is a list three levels deep; a list has at most two levels"),
        ("1. a\n\n   Mere om a.\n2. b", "'Mere om a.' is a second paragraph in a list item"),
        ("3. gang i år", "'3. gang i år' reads as a numbered list starting at 3; a numbered list starts at 1"),
        ("- a\n-\n- c", "'-' is a list item without text"),
        ("Se [her](side.html).", "the link '[her](side.html)' must go to an http://, https:// or mailto: address"),
        # links markdown-it itself will not read as links, which used to print as written and pass check
        ("[a](javascript:alert(1))", "the link '[a](javascript:alert(1))' must go to an http://, https:// or mailto:"),
        ("[a](data:text/html;base64,PGI+)", "the link '[a](data:text/html;base64,PGI+)' must go to an http://"),
        ("Se [ref].\n\n[ref]: vbscript:msgbox", "the link '[ref](vbscript:msgbox)' must go to an http://"),
    ])
    def it_refuses_it_naming_what_it_is(self, source, message):
        with pytest.raises(ValueError) as caught:
            parse_blocks(source)
        assert message in str(caught.value)

    def it_names_every_problem_of_a_text_at_once(self):
        with pytest.raises(ValueError) as caught:
            parse_blocks("# Et\n\nTekst med `kode`.\n\n> citat")
        assert str(caught.value).count("; ") >= 2
        assert all(word in str(caught.value) for word in ("heading", "code", "block quote"))

    def it_reports_the_field_through_validation(self):
        class Holder(BaseModel):
            text: Text = ()

        with pytest.raises(ValueError, match=r"text\n.*'## Mål' is a heading"):
            Holder.model_validate({"text": "Indledning.\n\n## Mål"})


class DescribeInlineText:
    class Holder(BaseModel):
        item: InlineText

    def it_reads_one_paragraph_of_rich_text(self):
        assert self.Holder(item="At **alle**\n deltager").item == RichText(
            [Run("At "), Run("alle", bold=True), Run(" deltager")])
        assert type(self.Holder(item="Almindelig tekst").item) is str

    @pytest.mark.parametrize("source", ["- a\n- b", "Et.\n\nTo.", ""])
    def it_refuses_anything_but_one_paragraph(self, source):
        with pytest.raises(ValueError, match="must be one paragraph"):
            self.Holder(item=source)

    def it_refuses_what_cannot_be_shown(self):
        with pytest.raises(ValueError, match="is a heading"):
            self.Holder(item="# Mål")


class DescribePlainBlocks:
    def it_reads_nothing_as_markdown(self):
        blocks = plain_blocks("KL og *Aarhus_Kommune* [x](y)\nfortsat.\n\n# Ikke en overskrift")
        assert [(b.kind, b.text) for b in blocks] == [
            ("paragraph", "KL og *Aarhus_Kommune* [x](y) fortsat."), ("paragraph", "# Ikke en overskrift"),
        ]


class DescribeWritingBack:
    def it_writes_markdown_that_reads_back_as_the_same_runs(self):
        source = "Hej **fed**, *kursiv* og [et *link*](https://x.dk/a_b) med 2 \\* 3 og linje\\\nbrud"
        text = one(source).text
        assert one(to_markdown(text)).text == text

    def it_writes_escaped_html(self):
        text = one('**<b>** & [kl](https://x.dk/?a=1&b=2 "t")\\\nslut').text
        assert to_html(text) == ('<strong>&lt;b&gt;</strong> &amp; <a href="https://x.dk/?a=1&amp;b=2">kl</a>'
                                 "<br />\nslut")


class DescribeTheModel:
    def it_serialises_rich_text_as_markdown_and_plain_text_as_it_is(self):
        block = one("Et **fed** ord")
        assert block.model_dump(mode="json")["text"] == "Et **fed** ord"
        assert one("Et ord").model_dump(mode="json")["text"] == "Et ord"

    def it_groups_the_items_under_an_item_into_lists(self):
        item = one("- a\n  - x\n  - y\n  1. n\n  2. m").items[0]
        assert [(numbered, [i.text for i in items]) for numbered, items in item.sublists] == [
            (False, ["x", "y"]), (True, ["n", "m"]),
        ]

    def it_takes_blocks_already_read(self):
        blocks = parse_blocks("- a")
        assert parse_blocks(blocks) == blocks
        assert isinstance(blocks[0].items[0], ListItem)


# --- Plain text reads back as it was written -----------------------------------------------------

WORD = st.text(
    alphabet=st.characters(
        codec="utf-8", categories=("L", "N", "Zs", "Pd", "Po", "Ps", "Pe", "Sm", "Sc", "So"),
        exclude_characters="\\`*_[]<>#!&~|=+-{}\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
                           "\u2008\u2009\u200a\u202f\u205f\u3000•",
    ),
    min_size=1, max_size=12,
).map(lambda s: " ".join(s.split())).filter(bool)
"""A word or a few of plain text: no Markdown syntax, no space but the ordinary one."""
LINE = st.lists(WORD, min_size=1, max_size=8).map(" ".join).filter(lambda line: not re.match(r"\d+[.)]", line))
PARAGRAPH = st.lists(LINE, min_size=1, max_size=4)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.lists(PARAGRAPH, min_size=1, max_size=4))
def test_plain_text_reads_back_unchanged(paragraphs):
    source = "\n\n".join("\n".join(lines) for lines in paragraphs)
    blocks = parse_blocks(source)
    assert [(b.kind, b.text) for b in blocks] == [("paragraph", " ".join(lines)) for lines in paragraphs]
    assert all(type(b.text) is str for b in blocks)


def test_rich_text_written_back_keeps_its_later_lines_from_reading_as_lists():
    from kldocs.engine.inline import RichText, Run
    from kldocs.inputs.richtext import parse_markdown, to_markdown

    rich = RichText((Run("Mødet", bold=True), Run(" er flyttet\n- til mandag\n2. maj kl. 10")))
    (block,) = parse_markdown(to_markdown(rich))
    assert block.kind == "paragraph"
    assert str(block.text) == "Mødet er flyttet\n- til mandag\n2. maj kl. 10"

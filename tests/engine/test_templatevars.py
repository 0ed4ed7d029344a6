import io

import docx

from kldocs.engine.templatevars import keys_read


def template(*paragraphs: str) -> bytes:
    doc = docx.Document()
    for text in paragraphs:
        doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


class DescribeKeysRead:
    def it_finds_keys_read_by_attribute_and_by_item(self):
        data = template("{{ recipient.navn }} og {{ recipient['andel i pct'] }}")
        assert keys_read(data, "t.docx", ("recipient",)) == ({"navn", "andel i pct"}, set())

    def it_counts_get_and_is_defined_as_guarded(self):
        data = template('{{ recipient.get("titel", "") }}',
                        "{% if recipient.afdeling is defined %}{{ recipient.afdeling }}{% endif %}")
        used, guarded = keys_read(data, "t.docx", ("recipient",))
        assert used == {"afdeling"} and guarded == {"titel", "afdeling"}

    def it_follows_a_longer_path_and_ignores_others(self):
        data = template("{{ registration.extra.Forvaltning }} {{ registration.contact_name }} {{ extra.x }}",
                        "{{ registration.extra['Antal børn'] }}")
        assert keys_read(data, "t.docx", ("registration", "extra")) == ({"Forvaltning", "Antal børn"}, set())

    def it_reads_headers_and_footers_too(self):
        doc = docx.Document()
        doc.sections[0].header.paragraphs[0].text = "{{ recipient.initialer }}"
        out = io.BytesIO()
        doc.save(out)
        assert keys_read(out.getvalue(), "t.docx", ("recipient",))[0] == {"initialer"}

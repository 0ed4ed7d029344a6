"""results.yaml: the insights of a partnership, read like program.yaml and checked against its folder."""

from pathlib import Path

import pytest

from kldocs.app import check_folder
from kldocs.errors import InputError
from kldocs.inputs.program import load_program
from kldocs.inputs.results import BLOCK_KINDS, RESULTS_FILE, load_results

MINIMAL = "date: 2022-04-05\n"


def write(folder: Path, text: str) -> None:
    (folder / RESULTS_FILE).write_text(text, encoding="utf-8")


def problems(folder: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_results(folder, load_program(folder))
    return info.value.problems


def section(*blocks: str) -> str:
    body = "".join(f"      - {b}\n" for b in blocks)
    return f"{MINIMAL}sections:\n  - heading: Indsigter\n    blocks:\n{body}"


class DescribeTheExample:
    def it_uses_every_kind_of_block(self, example_dir, program):
        loaded = load_results(example_dir, program)
        kinds = {block.kind for _, block in loaded.results.blocks()}
        assert kinds == set(BLOCK_KINDS)

    def it_reads_quotes_with_name_and_title(self, example_dir, program):
        quotes = [b.quote for _, b in load_results(example_dir, program).results.blocks() if b.quote]
        assert (quotes[0].name, quotes[0].title) == ("Anne Bust", "dagtilbudschef i Horsens Kommune")

    def it_loads_its_photo_as_a_jpeg(self, example_dir, program):
        loaded = load_results(example_dir, program)
        (photo,) = [p for _, p in loaded.results.photos()]
        data, media_type = loaded.image(photo)
        assert media_type == "image/jpeg"
        assert data == (example_dir / photo.file).read_bytes()
        assert photo.credit == "Illustration: kldocs"

    def it_keeps_the_programme_contacts_when_it_names_none(self, example_dir, program):
        assert load_results(example_dir, program).contacts == program.contacts

    def it_reads_when_the_next_activities_take_place(self, example_dir, program):
        activities = load_results(example_dir, program).results.next_activities
        assert [str(a.when) for a in activities] == ["2022-05-10", "2022-05-12", "2022-Q2", "2023-01"]
        assert activities[3].place == "Aalborg Kongres & Kultur Center"


class DescribeContacts:
    def it_takes_programme_contacts_by_id(self, example_copy):
        write(example_copy, MINIMAL + "contacts: [ldpe]\n")
        loaded = load_results(example_copy, load_program(example_copy))
        assert [c.name for c in loaded.contacts] == ["Lisbeth Due Pedersen"]

    def it_takes_people_written_out(self, example_copy):
        write(example_copy, MINIMAL + "contacts:\n  - arbe\n  - {title: konsulent, name: Jens Hansen, email: jh@kl.dk}\n")
        loaded = load_results(example_copy, load_program(example_copy))
        assert [(c.name, c.title) for c in loaded.contacts] == [
            ("Aleksandra Raaschou Beck", "specialkonsulent"), ("Jens Hansen", "konsulent")]


class DescribeProblems:
    def it_names_file_line_and_path_and_suggests_a_misspelt_kind(self, example_copy):
        write(example_copy, section("paragraf: Tekst"))
        assert problems(example_copy) == [
            "results.yaml, line 5: sections[0].blocks[0].paragraf: unknown key (did you mean 'paragraph'?)"]

    def it_refuses_a_block_of_two_kinds(self, example_copy):
        write(example_copy, section("{paragraph: Tekst, bullets: [a]}"))
        (problem,) = problems(example_copy)
        assert problem.startswith("results.yaml, line 5: sections[0].blocks[0]: must have exactly one of paragraph,")

    def it_refuses_plain_text_where_a_block_belongs(self, example_copy):
        write(example_copy, section("Bare tekst"))
        (problem,) = problems(example_copy)
        assert "sections[0].blocks[0]: must be a block such as 'paragraph: …'" in problem

    def it_wants_the_name_of_whoever_is_quoted(self, example_copy):
        write(example_copy, section("quote: {text: Godt sagt}"))
        assert problems(example_copy) == ["results.yaml, line 5: sections[0].blocks[0].quote.name: is required"]

    def it_reports_every_problem_at_once(self, example_copy):
        write(example_copy, "date: 2022-02-30\nleed: x\nnext_activities:\n  - {title: Møde, when: snart}\n")
        found = problems(example_copy)
        assert len(found) == 3
        assert found[0] == "results.yaml, line 1: date: '2022-02-30' is not a real date (day is out of range for month)"
        assert "next_activities[0].when: 'snart' is not a date" in found[1]
        assert found[2] == "results.yaml, line 2: leed: unknown key (did you mean 'lead'?)"

    def it_wants_links_to_be_web_addresses(self, example_copy):
        write(example_copy, MINIMAL + "next_activities:\n  - {title: Møde, when: 2022-05, link: www.kl.dk}\n")
        assert problems(example_copy) == [
            "results.yaml, line 3: next_activities[0].link: must be a web address starting with https://, "
            "not 'www.kl.dk'"]

    def it_wants_an_image_file_in_the_folder(self, example_copy, monkeypatch):
        write(example_copy, section("image: {file: billeder/mangler.jpg, alt: Et billede}"))
        assert problems(example_copy) == [
            "results.yaml, line 5: sections[0].blocks[0].image.file: 'billeder/mangler.jpg' is not a file in program"]
        monkeypatch.chdir(example_copy)  # the folder given as '.': named all the same
        assert problems(Path(".")) == [
            "results.yaml, line 5: sections[0].blocks[0].image.file: 'billeder/mangler.jpg' is not a file in program"]

    def it_wants_a_png_or_jpeg(self, example_copy):
        write(example_copy, section("image: {file: program.yaml, alt: Et billede}"))
        assert problems(example_copy) == [
            "results.yaml, line 5: sections[0].blocks[0].image.file: 'program.yaml' is not a PNG or JPEG image"]

    def it_keeps_images_inside_the_programme_folder(self, example_copy):
        write(example_copy, section("image: {file: ../billede.png, alt: Et billede}", "image: {file: /etc/passwd, alt: x}"))
        found = problems(example_copy)
        assert len(found) == 2
        assert all("must be a path inside the programme folder" in p for p in found)

    def it_wants_alt_text_for_every_image(self, example_copy):
        write(example_copy, section("image: {file: billeder/faellesskab.jpg}"))
        assert problems(example_copy) == ["results.yaml, line 5: sections[0].blocks[0].image.alt: is required"]

    def it_suggests_a_contact_id(self, example_copy):
        write(example_copy, MINIMAL + "contacts: [arbe, ldep]\n")
        assert problems(example_copy) == [
            "results.yaml, line 2: contacts[1]: 'ldep' is not the id of a contact (did you mean 'ldpe'?)"]

    def it_wants_a_written_out_contact_complete(self, example_copy):
        write(example_copy, MINIMAL + "contacts:\n  - {name: Jens Hansen}\n")
        assert problems(example_copy) == [
            "results.yaml, line 3: contacts[0]: a contact written out needs title and email too"]

    def it_says_what_to_do_when_the_file_is_missing(self, example_copy):
        (example_copy / RESULTS_FILE).unlink()
        (problem,) = problems(example_copy)
        assert problem.startswith("program: has no results.yaml")


class DescribeTheCheck:
    def it_reports_the_results_of_the_example(self, example_dir):
        report = check_folder(example_dir)
        assert report.problems == []
        assert "results.yaml: 3 sections of insights, 1 image, 4 next activities" in report.ok

    def it_reports_a_bad_results_file_with_its_path(self, example_copy):
        write(example_copy, section("quote: {text: Godt sagt}"))
        report = check_folder(example_copy)
        assert report.problems == ["results.yaml, line 5: sections[0].blocks[0].quote.name: is required"]

    def it_does_not_need_results_before_the_end(self, example_copy):
        (example_copy / RESULTS_FILE).unlink()
        report = check_folder(example_copy)
        assert report.problems == []
        assert "results.yaml: none yet (only the summary needs it)" in report.ok

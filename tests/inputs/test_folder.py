"""A programme folder: each input read once per run, its problems kept and raised again, not re-read."""

from __future__ import annotations

import pytest

from kldocs.errors import InputError
from kldocs.inputs.folder import Folder


class DescribeFolder:
    def it_reads_each_input_once_however_often_it_is_asked_for(self, example_dir, input_reads):
        folder = Folder(example_dir)
        for _ in range(3):
            assert folder.program.title
            assert len(folder.registrations) == 24
        assert input_reads == {"program.yaml": 1, "registrations.csv": 1}

    def it_raises_the_same_problems_again_without_reading_the_file_again(self, example_copy, input_reads):
        (example_copy / "program.yaml").write_text("title: [", encoding="utf-8")
        folder = Folder(example_copy)
        with pytest.raises(InputError) as first:
            _ = folder.program
        with pytest.raises(InputError) as second:
            _ = folder.program
        assert first.value is second.value
        assert input_reads == {"program.yaml": 1}

    def it_says_when_there_are_no_registrations_yet(self, example_copy):
        (example_copy / "registrations.csv").unlink()
        folder = Folder(example_copy)
        assert not folder.has_registrations
        with pytest.raises(InputError, match=r"has no registrations\.csv or registrations\.xlsx yet"):
            _ = folder.registrations

    def it_prepares_a_template_once(self, example_dir):
        folder = Folder(example_dir)
        assert folder.template("invitation.docx") is folder.template("invitation.docx")

    def it_says_a_missing_folder_is_not_a_folder(self, tmp_path):
        with pytest.raises(InputError, match="is not a folder"):
            _ = Folder(tmp_path / "nowhere").program


from kldocs.networks.chart import caption, counts, focus_heatmap


class DescribeTheHeatmap:
    def it_counts_the_members_that_prioritised_each_area(self, lineup, program):
        catalogue = program.focus_areas.catalogue
        table = counts(lineup, catalogue)
        assert len(table) == len(catalogue) and all(len(row) == 3 for row in table)
        for c, network in enumerate(lineup.networks):
            for r, area in enumerate(catalogue):
                expected = sum(1 for reg in network.members if area.id in [p.area.id for p in reg.priorities])
                assert table[r][c] == expected
        # every municipality chose 3–5 areas, so each column sums to between 3 and 5 per member
        for c, network in enumerate(lineup.networks):
            assert 3 * network.size <= sum(row[c] for row in table) <= 5 * network.size

    def it_is_a_png_drawn_for_the_text_width(self, lineup, program):
        chart = focus_heatmap(lineup, program.focus_areas.catalogue)
        assert chart.png.startswith(b"\x89PNG\r\n\x1a\n")
        width, height = chart.size
        assert abs(width - 160 / 25.4 * 200) < 2  # 16 cm at 200 dpi
        assert height > 400
        assert chart.caption == caption()

    def it_gives_the_same_bytes_for_the_same_line_up_without_stamps(self, lineup, program, monkeypatch):
        monkeypatch.setenv("KLDOCS_NO_CACHE", "1")  # drawn each time, not read back
        first = focus_heatmap(lineup, program.focus_areas.catalogue).png
        assert focus_heatmap(lineup, program.focus_areas.catalogue).png == first
        assert b"Software" not in first and b"tIME" not in first and b"matplotlib" not in first

    def it_describes_each_network_in_its_alt_text(self, lineup, program):
        alt = focus_heatmap(lineup, program.focus_areas.catalogue).alt
        assert alt.startswith("Varmekort med 8 indsatsområder og 3 netværk")
        for network in lineup.networks:
            assert f"{network.name} (8 kommuner): " in alt
            for area in network.focus_areas:
                assert area.title in alt

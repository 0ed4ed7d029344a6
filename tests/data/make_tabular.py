"""Writes tests/data/registrations-*.csv/.xlsx as Danish Excel would save the same small sheet."""
import csv
import io
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parent
HEAD = ["Kommune", "Kontaktperson", "Titel", "E-mail", "Telefon", "Indsatsområde 1", "Indsatsområde 2",
        "Indsatsområde 3", "Antal deltagere", "Antal politikere", "Tilkøb"]
ROWS = [
    ["Københavns Kommune", "Søren Ærø-Åsted", "Dagtilbudschef", "sea@kk.example.dk", "3366 3366",
     "Mellemformer i dagtilbud og kommunal tilbudsvifte", "co-teaching", "Dialog mellem forvaltning og institution", "5", "2", ""],
    ["Århus", "Birthe Øster", "Konsulent", "bo@aarhus.example.dk", "8940 2000",
     "ledelse", "Det gode og differentierede forældresamarbejde", "overgange", "4", "1", "lokal-workshop"],
    ["0580", "Anne \"Aase\" Møller; Jensen", "Chef, dagtilbud", "aam@aabenraa.example.dk", "",
     "udsatte-positioner", "tvaerfagligt", "mellemformer", "3", "0", ""],
]

def csv_text(delimiter):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(HEAD)
    w.writerows(ROWS)
    return out.getvalue()

# "CSV (semikolonsepareret)" in Danish Excel on Windows: cp1252, ';', CRLF.
(OUT / "registrations-cp1252-semicolon.csv").write_bytes(csv_text(";").encode("cp1252"))
# "CSV UTF-8 (kommasepareret)" in Danish Excel: UTF-8 with BOM, ';' (the list separator in da-DK).
(OUT / "registrations-utf8bom-semicolon.csv").write_bytes(b"\xef\xbb\xbf" + csv_text(";").encode("utf-8"))
# A form tool's export: UTF-8 without BOM, ','.
(OUT / "registrations-utf8-comma.csv").write_bytes(csv_text(",").encode("utf-8"))
# "Unicode-tekst" in Excel: UTF-16 LE with BOM, tab-separated.
(OUT / "registrations-utf16-tab.txt").write_bytes(csv_text("\t").encode("utf-16"))
# The Windows-1252 file with its row 3 pasted in from a UTF-8 file: refused at that row, never read as "Ã…rhus".
(OUT / "registrations-cp1252-with-utf8-row.csv").write_bytes(b"\r\n".join(
    line.encode("utf-8" if i == 2 else "cp1252") for i, line in enumerate(csv_text(";").split("\r\n"))))

wb = Workbook()
ws = wb.active
ws.title = "Tilmeldinger"
ws.append(HEAD)
for r in ROWS:
    ws.append([int(v) if v.isdigit() and i >= 8 else v for i, v in enumerate(r)])
wb.properties.creator = "kldocs tests"
wb.save(OUT / "registrations.xlsx")

# The example programme's registrations.csv, as the same sheet saved as .xlsx.
example = OUT.parent.parent / "fixtures/programs/staerke-boernefaellesskaber-2021/registrations.csv"
rows = list(csv.reader(io.StringIO(example.read_bytes().decode("cp1252")), delimiter=";"))
wb = Workbook()
ws = wb.active
ws.title = "Tilmeldinger"
ws.append(rows[0])
for r in rows[1:]:
    ws.append([int(v) if v.isdigit() and rows[0][i].startswith("Antal") else v or None for i, v in enumerate(r)])
wb.save(OUT / "example-registrations.xlsx")

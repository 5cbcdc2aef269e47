#!/usr/bin/env python3
"""Writes tests/data/offices/*.xlsx: case lists as ward offices send them.

Each workbook is built from its parts with the standard library only (zipfile),
so what Excel would hold is exactly what is written: a title block of merged
cells above the header row, an STT (row number) column, dates typed as text
("24/01/25") beside real date cells (serial numbers with a date format), ages
written as "17 tuổi", old ward names and jobs in free Vietnamese text.

    python3 scripts/make_office_xlsx.py   # from the repository root
"""
import os
import zipfile
from xml.sax.saxutils import escape

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "data", "offices")


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, value):
    if value is None or value == "":
        return ""
    if isinstance(value, tuple) and value[0] == "date":  # (date, serial): a real date cell
        return f'<c r="{ref}" s="1"><v>{value[1]}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def workbook(path, rows, merges=()):
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, values in enumerate(rows, start=1):
        cells = "".join(cell(f"{col(c)}{r}", v) for c, v in enumerate(values))
        sheet.append(f'<row r="{r}">{cells}</row>')
    sheet.append("</sheetData>")
    if merges:
        sheet.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    sheet.append("</worksheet>")
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        "</Relationships>",
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>",
        "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts>'
        '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
        '<cellStyleXfs count="1"><xf/></cellStyleXfs>'
        '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))  # the same bytes on every run
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


def serial(y, m, d):
    import datetime
    return (datetime.date(y, m, d) - datetime.date(1899, 12, 30)).days


def main():
    os.makedirs(OUT, exist_ok=True)
    # A ward office's list: title block, STT, Vietnamese headers, no case id.
    workbook(os.path.join(OUT, "title_block_stt.xlsx"), [
        ["UBND PHƯỜNG AN BIÊN"],
        ["DANH SÁCH TRẺ EM LAO ĐỘNG TRÁI QUY ĐỊNH CỦA PHÁP LUẬT NĂM 2025"],
        ["(Kèm theo báo cáo số 12/BC-UBND ngày 24/01/2026)"],
        [],
        ["STT", "Họ và tên", "Ngày phát hiện", "Tuổi", "Giới tính", "Công việc", "Phường/Xã"],
        [1, "Nguyễn Văn A", "24/01/25", "17 tuổi", "Nam", "phụ hồ công trình", "Phường An Biên"],
        [2, "Trần Thị B", ("date", serial(2025, 3, 5)), "15 tuổi", "Nữ", "bán hàng rong", "Phường An Biên"],
        [3, "Lê Văn C", "5/7/25", 16, "nam", "rửa xe máy", "Phường Lê Chân"],
        [4, "Phạm Thị D", "12/08/2025", "14 Tuổi", "nữ", "phục vụ quán karaoke", "Phường An Biên"],
        [5, "Hoàng Văn E", "30/02/25", "13 tuổi", "Nam", "khai thác đá", "Phường An Biên"],
        [6, "Vũ Thị G", "01/09/25", "mười hai", "Nữ", "may gia công", "Phường An Biên"],
        [],
        ["Người lập biểu", "", "", "", "Chủ tịch UBND phường"],
    ], merges=("A1:G1", "A2:G2", "A3:G3"))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes the malformed-input corpus in tests/data/bad/ and its expectations.

Run from the repository root: python3 scripts/make_bad_corpus.py
Each file is listed in tests/data/bad/expected.csv with what it must give:
  error:TEXT            the command stops with an input error whose message names
                        the file and contains TEXT
  rejects:R=N;R=N       the run succeeds; exactly these reject reasons (accepted +
                        rejected = rows read is checked for every file)
  ok:N                  the run succeeds with N rows accepted and none rejected
  ward-warning:TEXT     a ward layer that loads with a warning containing TEXT
  no-crash              anything but a crash
"""
import json, os, random

OUT = "tests/data/bad"
HEADER = "case_id,detected_on,sex,age,sector,hazardous,status,ward_code,ward_name,lon,lat"
# Phường Lê Chân (11383): a point inside it, and its code.
LON, LAT, CODE = "106.684", "20.843", "11383"
entries = []

def row(i, date="2024-03-15", sex="M", age="12", code=CODE, name="", lon=LON, lat=LAT, hazard="no"):
    return f"B{i},{date},{sex},{age},thủ công,{hazard},đang hỗ trợ,{code},{name},{lon},{lat}"

def write(name, data, expect, kind="cases", binary=False):
    path = os.path.join(OUT, name)
    with open(path, "wb") as f:
        f.write(data if binary else data.encode("utf-8"))
    entries.append((name, kind, expect))

def cases(name, rows, expect, header=HEADER, sep="\n"):
    write(name, header + sep + sep.join(rows) + sep, expect)

os.makedirs(OUT, exist_ok=True)
for f in os.listdir(OUT):
    p = os.path.join(OUT, f)
    if os.path.isfile(p):
        os.remove(p)

# -- whole-file problems
write("empty.csv", "", "error:is empty")
write("header_only.csv", HEADER + "\n", "ok:0")
write("only_newline.csv", "\n", "error:header row is empty")
write("bom_comma.csv", "\ufeff" + HEADER + "\n" + row(1) + "\n" + row(2) + "\n", "ok:2")
cases("semicolon.csv", [row(1).replace(",", ";"), row(2).replace(",", ";")], "ok:2", header=HEADER.replace(",", ";"))
cases("tab.tsv", [row(1).replace(",", "\t")], "ok:1", header=HEADER.replace(",", "\t"))
cases("crlf.csv", [row(1), row(2), row(3)], "ok:3", sep="\r\n")
write("header_cp1258.csv", "m\xe3 h\xf4\xec s\xf5,ng\xe0y,tu\xf4\xecI,m\xe3 x\xe3\n1,2024-01-01,12,11383\n".encode("latin-1"), "error:not valid UTF-8", binary=True)
cases("missing_case_id_column.csv", ["2024-01-01,12,11383"], "ok:1", header="detected_on,age,ward_code")
cases("no_location_columns.csv", ["B1,2024-01-01,12"], "error:no location columns", header="case_id,detected_on,age")
cases("unknown_mapping_header.csv", ["B1,2024-01-01"], "error:missing required column", header="case_id,detected_on")
write("binary_garbage.csv", bytes(random.Random(1).randrange(256) for _ in range(4096)), "error:missing required column", binary=True)
write("fake_spreadsheet.xlsx", "this is not a spreadsheet\n", "error:cannot be read")
write("fake_geopackage.gpkg", "SQLite format 3\0 but not really", "error:cannot be read")
entries.append(("no_such_file.csv", "cases", "error:no such file"))
os.makedirs(os.path.join(OUT, "a_directory.csv"), exist_ok=True)
entries.append(("a_directory.csv", "cases", "error:is a directory"))

# -- encodings inside rows (legacy Vietnamese encodings are not UTF-8)
def enc_rows(name, raw_name_bytes):
    data = (HEADER + "\n" + row(1) + "\n").encode() + (f"B2,2024-03-15,M,12,x,no,x,{CODE},".encode() + raw_name_bytes + f",{LON},{LAT}\n".encode()) + (row(3) + "\n").encode()
    write(name, data, "rejects:invalid_utf8=1", binary=True)
enc_rows("row_windows1258.csv", b"Ph\xfd\xf5\xccng L\xea Ch\xe2n")  # Windows-1258 (tones as combining bytes)
enc_rows("row_tcvn3.csv", b"Ph\xad\xeang L\xaa Ch\xa9n")      # TCVN3 (ABC) bytes
enc_rows("row_vni.csv", b"Ph\xf6\xf4\xf8ng Le\xe2 Cha\xe2n")     # VNI Windows bytes
enc_rows("row_latin1.csv", "Lê Chân".encode("latin-1"))
enc_rows("row_truncated_utf8.csv", "Lê Chân".encode()[:-3] + b"\xc3")

# -- rows
cases("nan_coordinates.csv", [row(1), row(2, lon="NaN"), row(3, lat="nan")], "rejects:invalid_coordinate=2")
cases("inf_coordinates.csv", [row(1, lon="inf"), row(2, lat="-Infinity"), row(3)], "rejects:invalid_coordinate=2")
cases("text_coordinates.csv", [row(1, lon="106°41'E"), row(2)], "rejects:invalid_coordinate=1")
cases("swapped_lat_lon.csv", [row(1, lon=LAT, lat=LON), row(2)], "rejects:swapped_lat_lon=1")
cases("out_of_range.csv", [row(1, lon="200.1", lat="20.8"), row(2, lon="106.6", lat="-95"), row(3)], "rejects:coordinate_out_of_range=2")
cases("one_coordinate.csv", [row(1, lat=""), row(2)], "rejects:incomplete_coordinates=1")
cases("outside_study_area.csv", [row(1, lon="105.8542", lat="21.0285"), row(2, lon="0", lat="0"), row(3)], "rejects:outside_study_area=2")
cases("duplicate_ids.csv", [row(1), row(1), row(2), row(2), row(2)], "rejects:duplicate_id=3")
cases("future_dates.csv", [row(1, date="2031-01-01"), row(2, date="31/12/2099"), row(3)], "rejects:future_date=2")
cases("old_dates.csv", [row(1, date="1999-12-31"), row(2)], "rejects:date_out_of_range=1")
cases("impossible_dates.csv", [row(1, date="2023-02-29"), row(2, date="2024-04-31"), row(3, date="2024-13-01"), row(4)], "rejects:impossible_date=3")
cases("malformed_dates.csv", [row(1, date="March 2024"), row(2, date="15/03"), row(3, date="")], "rejects:invalid_date=2;missing_date=1")
cases("ages_outside.csv", [row(1, age="4"), row(2, age="18"), row(3, age="-1"), row(4, age="12")], "rejects:age_out_of_range=3")
cases("ages_text.csv", [row(1, age="twelve"), row(2, age="12.5"), row(3, age="")], "rejects:invalid_age=2;missing_age=1")
cases("bad_sex.csv", [row(1, sex="X"), row(2, sex="nữ"), row(3, sex="")], "rejects:invalid_sex=1")
cases("bad_boolean.csv", [row(1, hazard="maybe"), row(2, hazard="có")], "rejects:invalid_boolean=1")
cases("too_few_fields.csv", [row(1), "B2,2024-01-01,M"], "rejects:field_count=1")
cases("too_many_fields.csv", [row(1) + ",extra,more", row(2)], "rejects:field_count=1")
cases("wrong_delimiter_rows.csv", [row(1), row(2).replace(",", ";"), row(3)], "rejects:wrong_delimiter=1")
cases("empty_lines.csv", [row(1), "", row(2), "   ", row(3)], "rejects:empty_row=2")
cases("unterminated_quote.csv", [row(1), 'B2,"2024-03-15,M,12', row(3)], "rejects:unterminated_quote=1")
cases("quoted_newlines.csv", [row(1), 'B2,2024-03-15,M,12,"thủ công\nlàng nghề",no,"a ""quoted"" note",11383,,106.684,20.843'], "ok:2")
cases("missing_id.csv", [row(1).replace("B1,", ",", 1), row(2)], "rejects:missing_id=1")
cases("missing_location.csv", [row(1, code="", lon="", lat=""), row(2)], "rejects:missing_location=1")
cases("unknown_ward_code.csv", [row(1, code="99999", lon="", lat=""), row(2, code="11383", lon="", lat="")], "rejects:unknown_ward_code=1")
cases("unknown_ward_name.csv", [row(1, code="", name="Phường Không Có", lon="", lat=""), row(2, code="", name="Lê Chân", lon="", lat="")], "rejects:unknown_ward_name=1")
cases("ambiguous_ward_name.csv", [row(1, code="", name="Cam Giang", lon="", lat=""), row(2, code="", name="Xã Cẩm Giàng", lon="", lat="")], "rejects:ambiguous_ward_name=1")
cases("code_mismatch.csv", [row(1, code="10507"), row(2)], "ok:2")
cases("extra_columns.csv", [row(1) + ",ghi chú,x"], "ok:1", header=HEADER + ",note,other")
cases("vietnamese_headers.csv", ["H1;15/03/2024;Nam;12;11383;106,684;20,843"], "ok:1", header="Mã hồ sơ;Ngày phát hiện;Giới tính;Tuổi;Mã xã;Kinh độ;Vĩ độ")
cases("decimal_comma_quoted.csv", [row(1, lon='"106,684"', lat='"20,843"')], "ok:1")
write("long_line_10mb.csv", HEADER + "\n" + row(1) + "\n" + "B2,2024-03-15,M,12," + "x" * (10 * 1024 * 1024) + ",no,x,11383,,106.684,20.843\n" + row(3) + "\n", "rejects:field_too_long=1")
write("nul_bytes.csv", HEADER + "\n" + row(1) + "\n" + "B\0002,2024-03-15,M,12,x,no,x,11383,,106.684,20.843\n", "no-crash")
cases("spreadsheet_codes.csv", [row(1, code="11383.0", lon="", lat=""), row(2, code=" 011383 ", lon="", lat="")], "ok:2")

# -- survey rows
SH = "survey_id,surveyed_on,ward_code,ward_name,lon,lat,children_5_17,children_working,children_out_of_school,poor,migrant"
write("survey_inconsistent.csv", SH + "\nS1,2024-01-01,11383,,,,2,3,0,có,không\nS2,2024-01-01,11383,,,,3,1,1,có,không\n", "rejects:inconsistent_counts=1", kind="survey")
write("survey_bad_counts.csv", SH + "\nS1,2024-01-01,11383,,,,-1,0,0,,\nS2,2024-01-01,11383,,,,two,0,0,,\nS3,2024-01-01,11383,,,,2,0,0,,\n", "rejects:invalid_count=2", kind="survey")
write("survey_missing_children_column.csv", "survey_id,surveyed_on,ward_code\nS1,2024-01-01,11383\n", "error:missing required column 'children_5_17'", kind="survey")

# -- ward layers (GeoJSON, small squares near Hai Phong)
def square(x, y, d=0.01):
    return [[[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]]
def feature(code, geom, **props):
    p = {"code": code, "name": f"Phường {code}"}
    p.update(props)
    return {"type": "Feature", "properties": p, "geometry": geom}
def wards(name, feats, expect):
    write(name, json.dumps({"type": "FeatureCollection", "features": feats}, ensure_ascii=False), expect, kind="wards")
good = [feature("1", {"type": "Polygon", "coordinates": square(106.68, 20.84)}),
        feature("2", {"type": "Polygon", "coordinates": square(106.69, 20.84)})]
wards("wards_self_intersecting.geojson", good + [feature("3", {"type": "Polygon", "coordinates": [[[106.70, 20.84], [106.71, 20.85], [106.71, 20.84], [106.70, 20.85], [106.70, 20.84]]]})], "ward-warning:repaired with GEOS MakeValid")
wards("wards_mixed_geometry.geojson", good + [feature("3", {"type": "Point", "coordinates": [106.7, 20.8]}), feature("4", {"type": "LineString", "coordinates": [[106.7, 20.8], [106.71, 20.81]]})], "ward-warning:not a polygon")
wards("wards_null_geometry.geojson", good + [{"type": "Feature", "properties": {"code": "5"}, "geometry": None}], "ward-warning:no geometry")
wards("wards_empty_code.geojson", good + [feature("", {"type": "Polygon", "coordinates": square(106.72, 20.84)})], "ward-warning:empty ward id")
wards("wards_duplicate_codes.geojson", good + [feature("1", {"type": "Polygon", "coordinates": square(106.72, 20.84)})], "error:duplicate ward codes")
wards("wards_no_features.geojson", [], "error:no ward id field")
wards("wards_only_points.geojson", [feature("1", {"type": "Point", "coordinates": [106.7, 20.8]})], "error:no polygon features")
wards("wards_zero_population.geojson", [feature("1", {"type": "Polygon", "coordinates": square(106.68, 20.84)}, pop=0), feature("2", {"type": "Polygon", "coordinates": square(106.69, 20.84)}, pop=0)], "ward-warning:")
write("wards_no_crs.csv", "WKT,code,name\n\"POLYGON((106.68 20.84,106.69 20.84,106.69 20.85,106.68 20.85,106.68 20.84))\",1,A\n", "ward-warning:", kind="wards")
wards("wards_huge_coordinates.geojson", [feature("1", {"type": "Polygon", "coordinates": [[[106.6, 20.8], [1e80, 20.8], [106.7, 20.9], [106.6, 20.8]]]})], "error:outside the longitude/latitude range")
write("wards_broken.geojson", '{"type": "FeatureCollection", "features": [', "error:cannot be read", kind="wards")

with open(os.path.join(OUT, "expected.csv"), "w", encoding="utf-8") as f:
    f.write("file,kind,expect\n")
    for name, kind, expect in entries:
        f.write(f"{name},{kind},\"{expect}\"\n")
print(len(entries), "entries")

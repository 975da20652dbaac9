#!/usr/bin/env python3
"""Generate Hanoi's commune-level units of 1 July 2025 and their predecessors.

    pip install vietnamadminunits==1.0.4 && python3 tools/generate_units_2025.py

Resolution 1656/NQ-UBTVQH15 abolished Hanoi's 30 district-level units and
merged its 526 communes, wards and townships into 126 commune-level units (51
phường, 75 xã) directly under the city. This script writes:

- data/ntm.unit-2025.csv: the 126 new units (xml id ``unit_2025_<GSO code>``,
  parent ``unit_hanoi``, valid from 2025-07-01), sorted by code;
- data/ntm.unit-reform_2025.csv: the reform, as an update of the former units
  of data/ntm.unit.csv: each of the 30 district-level units ``dissolved``; each
  of the 526 commune-level units ``merged``, with ``successor_id`` the new
  unit that takes it over and ``receiving_unit_ids`` every new unit that
  received all or part of it (the successor first);
- data/ntm.unit-end_2025.csv: the last day of the same former units,
  ``valid_until`` 2025-06-30. It loads before the new units (see the
  manifest): a code names one unit at a time, and the new units take the
  codes of former ones.

Source: the PyPI package ``vietnamadminunits`` 1.0.4
(https://github.com/tranngocminhhieu/vietnamadminunits, MIT License,
Copyright (c) 2025 Tran Ngoc Minh Hieu), read from where it is installed:

- data/dataset.db (SQLite): table ``admin_units`` holds the units of 2025
  (``provinceCode``, ``wardCode``, ``ward``, ``wardType`` "Phường"/"Xã",
  ``wardKey``), table ``admin_units_legacy`` the units before 2025
  (``provinceCode``, ``districtCode``, ``wardCode``, ``ward``, and the keys
  ``provinceKey``, ``districtKey``, ``wardKey``);
- data/converter_2025.json: for each new province key,
  ``DICT_PROVINCE_WARD_NO_DIVIDED`` maps a new ward key to the former units it
  absorbed whole ("<provinceKey>_<districtKey>_<wardKey>" of the legacy table),
  and ``DICT_PROVINCE_WARD_DIVIDED`` maps a former unit divided between several
  new units to those units (``newWardKey``), one of them flagged
  ``isDefaultNewWard``: that is the unit which takes the former unit over.

Every figure is checked (126 units, 51 phường, 75 xã, 526 former units, each
former unit of data/ntm.unit.csv mapped, to new units only, with exactly one
main successor) before anything is written; any mismatch stops the script with
exit status 1 and a message, leaving the files as they were.
"""

import csv
import importlib.metadata
import importlib.util
import json
import os
import sqlite3
import sys
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
UNITS_CSV = os.path.join(ROOT, "data", "ntm.unit.csv")
NEW_UNITS_CSV = os.path.join(ROOT, "data", "ntm.unit-2025.csv")
REFORM_CSV = os.path.join(ROOT, "data", "ntm.unit-reform_2025.csv")
END_CSV = os.path.join(ROOT, "data", "ntm.unit-end_2025.csv")

PACKAGE = "vietnamadminunits"
PACKAGE_VERSION = "1.0.4"
HANOI_CODE = "01"
HANOI_ID = "unit_hanoi"
VALID_FROM = "2025-07-01"
VALID_UNTIL = "2025-06-30"
# Commune-level units come after the city's agencies (11-20) and the former
# districts (100), as the former communes (1000) in data/ntm.unit.csv.
SEQUENCE = 1000
# wardType of the dataset -> unit_type of ntm.unit (data/ntm.unit.csv's words).
NEW_TYPES = {"Phường": "ward", "Xã": "commune"}
DISTRICT_TYPES = ("urban_district", "rural_district", "town")
COMMUNE_TYPES = ("ward", "commune", "township")
EXPECTED = {"units": 126, "ward": 51, "commune": 75, "former": 526, "districts": 30}
# (former unit, its main successor, whether it was divided), by name.
HAND_CHECKS = [
    ("Xã Vân Nội", "Xã Phúc Thịnh", False),
    ("Xã Cổ Loa", "Xã Đông Anh", False),
    ("Xã Đường Lâm", "Phường Sơn Tây", False),
    ("Xã Bát Tràng", "Xã Bát Tràng", True),
]


class DataError(Exception):
    """The dataset does not say what this script expects: nothing is written."""


def new_id(code):
    return f"unit_2025_{code}"


def package_dir():
    """Folder of the installed package, found without importing it."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise DataError(
            f"package {PACKAGE} is not installed: "
            f"pip install {PACKAGE}=={PACKAGE_VERSION}"
        )
    version = importlib.metadata.version(PACKAGE)
    if version != PACKAGE_VERSION:
        raise DataError(
            f"{PACKAGE} {version} is installed, this script reads "
            f"{PACKAGE_VERSION}: pip install {PACKAGE}=={PACKAGE_VERSION}"
        )
    return next(iter(spec.submodule_search_locations))


def check_count(what, found, expected):
    if found != expected:
        raise DataError(f"{what}: {found} found, {expected} expected")


def read_units_csv():
    with open(UNITS_CSV, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def district_ids(rows):
    return [
        row["id"]
        for row in rows
        if row["unit_type"] in DISTRICT_TYPES and row["parent_id:id"] == HANOI_ID
    ]


def read_former_units():
    """Former commune-level units of data/ntm.unit.csv: GSO code -> row."""
    rows = read_units_csv()
    districts = {
        row["id"]
        for row in rows
        if row["unit_type"] in DISTRICT_TYPES and row["parent_id:id"] == HANOI_ID
    }
    check_count(
        "district-level units in ntm.unit.csv", len(districts), EXPECTED["districts"]
    )
    former = {}
    for row in rows:
        if row["unit_type"] in COMMUNE_TYPES and row["parent_id:id"] in districts:
            if row["code"] in former:
                raise DataError(f"code {row['code']} twice in ntm.unit.csv")
            former[row["code"]] = row
    check_count("commune-level units in ntm.unit.csv", len(former), EXPECTED["former"])
    return former


def read_dataset(folder):
    """Hanoi's province key, new units by key, former units by key."""
    db = sqlite3.connect(
        f"file:{os.path.join(folder, 'data', 'dataset.db')}?mode=ro", uri=True
    )
    try:
        new_rows = db.execute(
            "SELECT provinceKey, wardKey, wardCode, ward, wardType "
            "FROM admin_units WHERE provinceCode = ? ORDER BY wardCode",
            (HANOI_CODE,),
        ).fetchall()
        legacy_rows = db.execute(
            "SELECT provinceKey, districtKey, wardKey, wardCode, ward "
            "FROM admin_units_legacy WHERE provinceCode = ? ORDER BY wardCode",
            (HANOI_CODE,),
        ).fetchall()
    finally:
        db.close()
    province_keys = {row[0] for row in new_rows}
    if len(province_keys) != 1:
        raise DataError(f"Hanoi has province keys {sorted(province_keys)}")
    new_units = {}
    for _province, key, code, name, ward_type in new_rows:
        if ward_type not in NEW_TYPES:
            raise DataError(f"new unit {code} {name}: unknown type {ward_type!r}")
        if key in new_units:
            raise DataError(f"new unit key {key} twice in the dataset")
        new_units[key] = {
            "code": code,
            "name": name,
            "unit_type": NEW_TYPES[ward_type],
        }
    legacy = {}
    for province, district, ward, code, name in legacy_rows:
        key = f"{province}_{district}_{ward}"
        if key in legacy:
            raise DataError(f"former unit key {key} twice in the dataset")
        legacy[key] = {"code": code, "name": name}
    return province_keys.pop(), new_units, legacy


def read_mapping(folder, province_key):
    """Former unit key -> [(new unit key, is_main)], main first."""
    with open(
        os.path.join(folder, "data", "converter_2025.json"), encoding="utf-8"
    ) as f:
        converter = json.load(f)
    if converter["DICT_PROVINCE"].get(province_key) != [province_key]:
        raise DataError(
            f"{province_key} is not a province of its own in 2025: "
            f"{converter['DICT_PROVINCE'].get(province_key)}"
        )
    mapping = {}
    whole = converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(province_key, {})
    for new_key, former_keys in whole.items():
        for former_key in former_keys:
            if former_key in mapping:
                raise DataError(f"{former_key} merged whole into two units")
            mapping[former_key] = [(new_key, True)]
    divided = converter["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {})
    for former_key, parts in divided.items():
        if former_key in mapping:
            raise DataError(f"{former_key} both merged whole and divided")
        keys = [part["newWardKey"] for part in parts]
        mains = [part["newWardKey"] for part in parts if part["isDefaultNewWard"]]
        if len(set(keys)) < 2 or len(set(keys)) != len(keys):
            raise DataError(f"{former_key} divided between {keys}")
        if len(mains) != 1:
            raise DataError(f"{former_key}: main successors {mains}, one expected")
        mapping[former_key] = [(mains[0], True)] + [
            (key, False) for key in keys if key != mains[0]
        ]
    return mapping


def build(former, new_units, legacy, mapping):
    """Rows of both files, after checking every figure."""
    units = sorted(new_units.values(), key=lambda unit: unit["code"])
    check_count("new units", len(units), EXPECTED["units"])
    types = Counter(unit["unit_type"] for unit in units)
    check_count("new wards (phường)", types["ward"], EXPECTED["ward"])
    check_count("new communes (xã)", types["commune"], EXPECTED["commune"])
    codes = Counter(unit["code"] for unit in units)
    if len(codes) != len(units):
        raise DataError(
            f"new codes used twice: {[c for c, n in codes.items() if n > 1]}"
        )

    by_code = {}
    for key, unit in legacy.items():
        if unit["code"] in by_code:
            raise DataError(f"former code {unit['code']} twice in the dataset")
        by_code[unit["code"]] = key
    check_count("former units in the dataset", len(by_code), EXPECTED["former"])
    errors = []
    for code, row in sorted(former.items()):
        key = by_code.get(code)
        if key is None:
            errors.append(f"{row['id']} ({row['name']}): code not in the dataset")
        elif legacy[key]["name"] != row["name"]:
            errors.append(
                f"{row['id']}: '{row['name']}' in ntm.unit.csv, "
                f"'{legacy[key]['name']}' in the dataset"
            )
        elif key not in mapping:
            errors.append(f"{row['id']} ({row['name']}): no successor in the mapping")
        else:
            errors.extend(
                f"{row['id']} ({row['name']}): successor {new_key} is not a new unit"
                for new_key, _main in mapping[key]
                if new_key not in new_units
            )
    errors.extend(
        f"{key}: in the mapping, not a former unit of ntm.unit.csv"
        for key in sorted(mapping)
        if key not in legacy or legacy[key]["code"] not in former
    )
    if errors:
        raise DataError("\n  ".join(["the mapping does not fit:", *errors]))

    unit_rows = [
        {
            "id": new_id(unit["code"]),
            "name": unit["name"],
            "code": unit["code"],
            "unit_type": unit["unit_type"],
            "parent_id:id": HANOI_ID,
            "sequence": SEQUENCE,
            "valid_from": VALID_FROM,
        }
        for unit in units
    ]
    districts = district_ids(read_units_csv())
    reform_rows = [
        {
            "id": district,
            "reorganization": "dissolved",
            "successor_id:id": "",
            "receiving_unit_ids:id": "",
        }
        for district in districts
    ]
    for key in sorted(mapping, key=lambda k: legacy[k]["code"]):
        receivers = sorted(mapping[key], key=lambda pair: not pair[1])
        ids = [new_id(new_units[new_key]["code"]) for new_key, _main in receivers]
        reform_rows.append(
            {
                "id": former[legacy[key]["code"]]["id"],
                "reorganization": "merged",
                "successor_id:id": ids[0],
                "receiving_unit_ids:id": ",".join(ids),
            }
        )
    return unit_rows, reform_rows


def hand_check(former, new_units, legacy, mapping):
    """Lines of the hand checks; DataError if one of them fails."""
    key_by_code = {unit["code"]: key for key, unit in legacy.items()}
    lines = []
    for former_name, main_name, divided in HAND_CHECKS:
        rows = [row for row in former.values() if row["name"] == former_name]
        if len(rows) != 1:
            raise DataError(f"hand check: {len(rows)} former units {former_name}")
        row = rows[0]
        successors = mapping[key_by_code[row["code"]]]
        names = [new_units[key]["name"] for key, _main in successors]
        main = [new_units[key]["name"] for key, is_main in successors if is_main]
        ok = main == [main_name] and (len(successors) > 1) == divided
        how = f"divided between {', '.join(names)}" if len(names) > 1 else "whole"
        lines.append(
            f"  {'ok ' if ok else 'BAD'} {former_name} ({row['id']}) -> "
            f"{main[0]} ({how}); expected {main_name}"
            f"{', divided' if divided else ', whole'}"
        )
        if not ok:
            raise DataError("hand check failed:\n" + "\n".join(lines))
    return lines


def write(path, fieldnames, rows):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def end_rows(reform_rows):
    """The last day of each unit the reform ended."""
    return [{"id": row["id"], "valid_until": VALID_UNTIL} for row in reform_rows]


def summary(former, unit_rows, reform_rows, checks):
    types = Counter(row["unit_type"] for row in unit_rows)
    receivers = {
        row["id"]: len(row["receiving_unit_ids:id"].split(","))
        for row in reform_rows
        if row["reorganization"] == "merged"
    }
    sizes = Counter(n for n in receivers.values() if n > 1)
    former_types = {(row["code"], row["unit_type"]) for row in former.values()}
    same_code = [row for row in unit_rows if row["code"] in former]
    same_code_type = [
        row for row in unit_rows if (row["code"], row["unit_type"]) in former_types
    ]
    lines = [
        f"new units: {len(unit_rows)} ({types['ward']} ward, "
        f"{types['commune']} commune) -> {os.path.relpath(NEW_UNITS_CSV, ROOT)}",
        f"former commune-level units: {len(receivers)}, "
        f"{sum(1 for n in receivers.values() if n == 1)} merged whole into one "
        f"unit, {sum(1 for n in receivers.values() if n > 1)} divided ("
        + ", ".join(f"{sizes[n]} between {n}" for n in sorted(sizes))
        + f"), {len(reform_rows) - len(receivers)} district-level units "
        f"dissolved -> {len(reform_rows)} rows in "
        f"{os.path.relpath(REFORM_CSV, ROOT)}",
        f"new units reusing the code of a former unit: {len(same_code)}, "
        f"{len(same_code_type)} of them with the former unit's type too",
        "hand checks:",
        *checks,
    ]
    sys.stdout.write("\n".join(lines) + "\n")


def main():
    try:
        folder = package_dir()
        former = read_former_units()
        province_key, new_units, legacy = read_dataset(folder)
        mapping = read_mapping(folder, province_key)
        unit_rows, reform_rows = build(former, new_units, legacy, mapping)
        checks = hand_check(former, new_units, legacy, mapping)
    except DataError as error:
        sys.stderr.write(f"generate_units_2025: ERROR: {error}\n")
        return 1
    write(NEW_UNITS_CSV, list(unit_rows[0]), unit_rows)
    write(REFORM_CSV, list(reform_rows[0]), reform_rows)
    write(END_CSV, ["id", "valid_until"], end_rows(reform_rows))
    summary(former, unit_rows, reform_rows, checks)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Hanoi's units of 1 July 2025 as tools/generate_units_2025.py writes them.

Reads the data files with the csv module only (no Odoo, no database), and
compares them with the dataset itself (``vietnamadminunits`` 1.0.4, a test
requirement) through the generator's own reading of it.
"""

import csv
import importlib.util
import os
import unittest
from collections import Counter

ROOT = os.path.dirname(os.path.dirname(os.path.realpath(__file__)))
DATA = os.path.join(ROOT, "data")
DISTRICT_TYPES = ("urban_district", "rural_district", "town")
COMMUNE_TYPES = ("ward", "commune", "township")


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def generator():
    """tools/generate_units_2025.py, loaded from its path (tools/ is no package)."""
    path = os.path.join(ROOT, "tools", "generate_units_2025.py")
    spec = importlib.util.spec_from_file_location("generate_units_2025", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestUnits2025Data(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = read("ntm.unit-2025.csv")
        cls.by_id = {row["id"]: row for row in cls.units}
        cls.reform = {row["id"]: row for row in read("ntm.unit-reform_2025.csv")}
        cls.ends = {
            row["id"]: row["valid_until"] for row in read("ntm.unit-end_2025.csv")
        }
        cls.old = read("ntm.unit.csv")
        districts = {row["id"] for row in cls.old if row["unit_type"] in DISTRICT_TYPES}
        cls.districts = districts
        cls.former = {
            row["id"]: row
            for row in cls.old
            if row["unit_type"] in COMMUNE_TYPES and row["parent_id:id"] in districts
        }

    def receivers(self, former_id):
        return self.reform[former_id]["receiving_unit_ids:id"].split(",")

    def successor_name(self, name):
        ids = [row["id"] for row in self.former.values() if row["name"] == name]
        self.assertEqual(len(ids), 1, name)
        return self.by_id[self.reform[ids[0]]["successor_id:id"]]["name"], ids[0]

    def test_126_units_51_wards_75_communes(self):
        self.assertEqual(len(self.units), 126)
        types = Counter(row["unit_type"] for row in self.units)
        self.assertEqual(types, {"ward": 51, "commune": 75})
        self.assertEqual(len({row["code"] for row in self.units}), 126)

    def test_all_under_hanoi_from_july_2025(self):
        for row in self.units:
            self.assertEqual(row["parent_id:id"], "unit_hanoi")
            self.assertEqual(row["valid_from"], "2025-07-01")

    def test_every_district_dissolved_and_every_commune_merged(self):
        self.assertEqual(len(self.districts), 30)
        self.assertEqual(len(self.former), 526)
        self.assertEqual(set(self.reform), self.districts | set(self.former))
        for unit_id in self.districts:
            self.assertEqual(self.reform[unit_id]["reorganization"], "dissolved")
            self.assertFalse(self.reform[unit_id]["successor_id:id"])
        for unit_id in self.former:
            self.assertEqual(self.reform[unit_id]["reorganization"], "merged")

    def test_every_ended_unit_ends_on_30_june_2025(self):
        self.assertEqual(set(self.ends), set(self.reform))
        self.assertEqual(set(self.ends.values()), {"2025-06-30"})

    def test_the_successor_is_the_first_receiving_unit_and_all_are_new(self):
        divided = 0
        for unit_id in self.former:
            receivers = self.receivers(unit_id)
            self.assertEqual(receivers[0], self.reform[unit_id]["successor_id:id"])
            self.assertEqual(len(set(receivers)), len(receivers))
            for receiver in receivers:
                self.assertIn(receiver, self.by_id)
            divided += len(receivers) > 1
        self.assertEqual(divided, 199)

    def test_hand_checks(self):
        self.assertEqual(self.successor_name("Xã Vân Nội")[0], "Xã Phúc Thịnh")
        self.assertEqual(self.successor_name("Xã Cổ Loa")[0], "Xã Đông Anh")
        self.assertEqual(self.successor_name("Xã Đường Lâm")[0], "Phường Sơn Tây")
        name, unit_id = self.successor_name("Xã Bát Tràng")
        self.assertEqual(name, "Xã Bát Tràng")
        self.assertGreater(len(self.receivers(unit_id)), 1)

    @unittest.skipUnless(
        importlib.util.find_spec("vietnamadminunits"),
        "vietnamadminunits is not installed (requirements-test.txt)",
    )
    def test_the_files_are_what_the_dataset_gives(self):
        gen = generator()
        folder = gen.package_dir()
        former = gen.read_former_units()
        province_key, new_units, legacy = gen.read_dataset(folder)
        mapping = gen.read_mapping(folder, province_key)
        unit_rows, reform_rows = gen.build(former, new_units, legacy, mapping)
        self.assertEqual(
            [{k: str(v) for k, v in row.items()} for row in unit_rows], self.units
        )
        self.assertEqual(
            {row["id"]: {k: str(v) for k, v in row.items()} for row in reform_rows},
            self.reform,
        )

"""Hanoi's units of 1 July 2025 as tools/generate_units_2025.py writes them.

Reads data/ntm_unit_2025.csv, data/ntm_unit_reform_2025.csv and
data/ntm.unit.csv with the csv module only: no Odoo, no database.
"""

import csv
import os
import unittest
from collections import Counter, defaultdict

DATA = os.path.join(
    os.path.dirname(os.path.dirname(os.path.realpath(__file__))), "data"
)
DISTRICT_TYPES = ("urban_district", "rural_district", "town")
COMMUNE_TYPES = ("ward", "commune", "township")


def read(name):
    with open(os.path.join(DATA, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class TestUnits2025Data(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.units = read("ntm_unit_2025.csv")
        cls.by_id = {row["id"]: row for row in cls.units}
        cls.reform = read("ntm_unit_reform_2025.csv")
        cls.old = read("ntm.unit.csv")
        cls.old_by_id = {row["id"]: row for row in cls.old}
        districts = {row["id"] for row in cls.old if row["unit_type"] in DISTRICT_TYPES}
        cls.former = {
            row["id"]: row
            for row in cls.old
            if row["unit_type"] in COMMUNE_TYPES and row["parent_id:id"] in districts
        }
        cls.successors = defaultdict(list)
        for row in cls.reform:
            cls.successors[row["former_id"]].append(row)

    def former_id(self, name):
        ids = [row["id"] for row in self.former.values() if row["name"] == name]
        self.assertEqual(len(ids), 1, name)
        return ids[0]

    def main_successor(self, former_id):
        mains = [r for r in self.successors[former_id] if r["is_main"] == "1"]
        self.assertEqual(len(mains), 1, former_id)
        return self.by_id[mains[0]["successor_id"]]["name"]

    def test_columns(self):
        with open(os.path.join(DATA, "ntm_unit_2025.csv"), encoding="utf-8") as f:
            self.assertEqual(
                f.readline().strip(),
                "id,name,code,unit_type,parent_id:id,sequence,valid_from",
            )
        with open(
            os.path.join(DATA, "ntm_unit_reform_2025.csv"), encoding="utf-8"
        ) as f:
            self.assertEqual(f.readline().strip(), "former_id,successor_id,is_main")

    def test_126_units_51_wards_75_communes(self):
        self.assertEqual(len(self.units), 126)
        self.assertEqual(
            Counter(row["unit_type"] for row in self.units),
            {"ward": 51, "commune": 75},
        )

    def test_all_under_hanoi_from_july_2025(self):
        self.assertIn("unit_hanoi", self.old_by_id)
        self.assertEqual({row["parent_id:id"] for row in self.units}, {"unit_hanoi"})
        self.assertEqual({row["valid_from"] for row in self.units}, {"2025-07-01"})

    def test_ids_and_codes_unique(self):
        ids = [row["id"] for row in self.units]
        codes = [row["code"] for row in self.units]
        self.assertEqual(len(set(ids)), 126)
        self.assertEqual(len(set(codes)), 126)
        self.assertEqual(codes, sorted(codes))
        for row in self.units:
            self.assertEqual(row["id"], f"unit_2025_{row['code']}")
            self.assertRegex(row["code"], r"^\d{5}$")
        # The new ids never collide with the units shipped before 2025.
        self.assertFalse(set(ids) & set(self.old_by_id))

    def test_names_and_types_as_the_dataset_spells_them(self):
        expected = {
            "00292": ("Phường Bạch Mai", "ward"),
            "00454": ("Xã Đông Anh", "commune"),
            "00466": ("Xã Phúc Thịnh", "commune"),
            "00577": ("Xã Bát Tràng", "commune"),
            "09574": ("Phường Sơn Tây", "ward"),
        }
        by_code = {row["code"]: row for row in self.units}
        for code, (name, unit_type) in expected.items():
            self.assertEqual(
                (by_code[code]["name"], by_code[code]["unit_type"]), (name, unit_type)
            )
        for row in self.units:
            prefix = "Phường " if row["unit_type"] == "ward" else "Xã "
            self.assertTrue(row["name"].startswith(prefix), row["name"])

    def test_every_former_unit_has_one_main_successor(self):
        self.assertEqual(len(self.former), 526)
        self.assertEqual(set(self.successors), set(self.former))
        for former_id, rows in self.successors.items():
            self.assertEqual([row["is_main"] for row in rows].count("1"), 1, former_id)
            self.assertTrue(
                all(row["is_main"] in ("0", "1") for row in rows), former_id
            )
            targets = [row["successor_id"] for row in rows]
            self.assertEqual(len(targets), len(set(targets)), former_id)

    def test_districts_are_not_in_the_reform_file(self):
        districts = {
            row["id"] for row in self.old if row["unit_type"] in DISTRICT_TYPES
        }
        self.assertEqual(len(districts), 30)
        self.assertFalse(districts & set(self.successors))

    def test_every_successor_is_a_new_unit(self):
        for row in self.reform:
            self.assertIn(row["successor_id"], self.by_id, row)

    def test_merged_whole_or_divided(self):
        sizes = Counter(len(rows) for rows in self.successors.values())
        self.assertEqual(sizes[1], 327)
        self.assertEqual(sum(n for size, n in sizes.items() if size > 1), 199)

    def test_hand_checks(self):
        for former, successor in (
            ("Xã Vân Nội", "Xã Phúc Thịnh"),
            ("Xã Cổ Loa", "Xã Đông Anh"),
            ("Xã Đường Lâm", "Phường Sơn Tây"),
        ):
            former_id = self.former_id(former)
            self.assertEqual(len(self.successors[former_id]), 1, former)
            self.assertEqual(self.main_successor(former_id), successor)
        bat_trang = self.former_id("Xã Bát Tràng")
        self.assertEqual(bat_trang, "unit_commune_00583")
        self.assertGreater(len(self.successors[bat_trang]), 1)
        self.assertEqual(self.main_successor(bat_trang), "Xã Bát Tràng")
        self.assertEqual(self.former_id("Xã Vân Nội"), "unit_commune_00481")


if __name__ == "__main__":
    unittest.main()

import os
import re

import polib

from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

VI_PO = os.path.join(os.path.dirname(os.path.dirname(__file__)), "i18n", "vi.po")


@tagged("post_install", "-at_install")
class TestI18n(TransactionCase):
    def test_every_term_of_the_addon_has_a_vietnamese_translation(self):
        translated = {
            e.msgid for e in polib.pofile(VI_PO) if e.msgstr and not e.obsolete
        }
        terms = {
            row[4]
            for row in TranslationModuleReader(self.env.cr, ["ntm_exemplar"])
            if row[0] == "ntm_exemplar"
        }
        self.assertTrue(terms)
        missing = sorted(terms - translated)
        self.assertFalse(
            missing,
            "terms without a Vietnamese translation in i18n/vi.po "
            f"(run tools/i18n_update.py): {missing}",
        )

    def test_vietnamese_translations_keep_their_placeholders(self):
        placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
        for entry in polib.pofile(VI_PO):
            with self.subTest(msgid=entry.msgid[:40]):
                self.assertEqual(
                    sorted(placeholder.findall(entry.msgid)),
                    sorted(placeholder.findall(entry.msgstr)),
                )

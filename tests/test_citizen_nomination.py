"""Citizens' proposals from the honour board (/dien-hinh/de-xuat), posted as
an anonymous visitor: one discovered dossier in the commune named, or a
refusal that writes nothing."""

import re
from io import BytesIO

from PIL import Image

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import BoardCommon, image_bytes

FORM = "/dien-hinh/de-xuat"
PROPOSAL = {
    "nominee_kind": "household",
    "nominee_name": "Hộ bà Nguyễn Thị Lan",
    "description": "Hiến 200 m² đất mở rộng đường thôn, vận động 10 hộ cùng làm.",
    "proposer_name": "Trần Văn Bình",
    "proposer_phone": "0912 345 678",
    "consent": "1",
    "homepage": "",
}


def jpeg_with_exif():
    """A JPEG as a phone takes it, with the camera's make in its metadata."""
    exif = Image.Exif()
    exif[0x010F] = "NTM-Test-Camera"
    buffer = BytesIO()
    Image.new("RGB", (80, 60), (200, 120, 40)).save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@tagged("post_install", "-at_install")
class TestCitizenNomination(BoardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Nomination = cls.env["ntm.citizen.nomination"]
        cls.commune = cls.commune_a1
        cls.activity = cls.env.ref("ntm_exemplar.mail_act_citizen_nomination")

    def _post(self, photos=(), csrf=True, **overrides):
        """The form as the visitor fills it and sends it."""
        self.authenticate(None, None)
        html = self.url_open(FORM).text
        token = re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
        data = {
            **PROPOSAL,
            "commune_id": str(self.commune.id),
            **({"csrf_token": token} if csrf else {}),
            **overrides,
        }
        files = [("photos", (name, raw, "image/jpeg")) for name, raw in photos]
        return self.url_open(
            FORM, data=data, files=files or None, allow_redirects=False, timeout=30
        )

    def _filed(self, response):
        self.assertEqual(response.status_code, 303, response.text[:500])
        token = re.search(
            r"/dien-hinh/de-xuat/([\w-]+)\?moi=1", response.headers["Location"]
        )
        return self.Nomination.search([("token", "=", token.group(1))])

    def test_a_proposal_files_one_discovered_dossier_in_its_commune(self):
        dossiers = self.Exemplar.search_count([])
        response = self._post(
            photos=[("ngo_xom.jpg", jpeg_with_exif()), ("anh.png", image_bytes())]
        )
        nomination = self._filed(response)
        self.assertEqual(len(nomination), 1)
        self.assertEqual(self.Exemplar.search_count([]), dossiers + 1)
        dossier = nomination.exemplar_id
        self.assertRecordValues(
            dossier,
            [
                {
                    "stage_id": self.env.ref("ntm_exemplar.stage_discovered").id,
                    "source": "citizen",
                    "unit_id": self.commune.id,
                    "category": "other",
                    "nominee_type": "household",
                    "user_id": False,
                }
            ],
        )
        self.assertRecordValues(
            dossier.partner_id,
            [
                {
                    "name": "Hộ bà Nguyễn Thị Lan",
                    "ntm_is_nominee": True,
                    "ntm_unit_id": self.commune.id,
                }
            ],
        )
        self.assertIn("Hiến 200 m² đất", dossier.achievements)
        self.assertRecordValues(
            nomination,
            [
                {
                    "unit_id": self.commune.id,
                    "proposer_name": "Trần Văn Bình",
                    "proposer_phone": "0912345678",
                    "photo_count": 2,
                    "status": "received",
                }
            ],
        )
        self.assertRegex(nomination.name, r"^ĐXND/\d{4}/\d{5}$")
        self.assertNotEqual(nomination.remote_key, "127.0.0.1")
        # The photos, re-encoded as JPEG: the camera's metadata is gone.
        photos = dossier.evidence_ids.sudo()
        self.assertEqual(photos.mapped("mimetype"), ["image/jpeg", "image/jpeg"])
        self.assertEqual(set(photos.mapped("res_model")), {"ntm.exemplar"})
        self.assertFalse(photos.filtered("public"))
        for photo in photos:
            self.assertNotIn(b"NTM-Test-Camera", photo.raw)
        # The commune's officers are asked to check it; the visitor follows
        # nothing.
        asked = dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity
        ).user_id
        self.assertEqual(
            asked,
            self.users["officer", self.commune] | self.users["manager", self.commune],
        )
        public = self.env.ref("base.public_partner")
        self.assertNotIn(public, dossier.message_partner_ids)
        self.assertIn(nomination.name, dossier.message_ids[:1].body)
        # The receipt and the state, nothing more.
        page = self._anonymous(response.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(nomination.name, page.text)
        self.assertIn("Đã tiếp nhận", page.text)
        for private in ("Nguyễn Thị Lan", "Trần Văn Bình", "0912345678", "Hiến 200"):
            self.assertNotIn(private, page.text)

    def test_the_form_asks_for_each_answer_in_vietnamese(self):
        html = self._anonymous(FORM).text
        for name in (
            'name="nominee_kind"',
            'name="nominee_name"',
            'name="commune_id"',
            "<textarea",
            'name="description"',
            'name="photos"',
            'name="proposer_name"',
            'name="proposer_phone"',
            'name="consent"',
            'name="homepage"',
            'name="csrf_token"',
            'enctype="multipart/form-data"',
            f'<option value="{self.commune.id}">Xã A1</option>',
            "Bạn đề xuất ai?",
            "Gửi đề xuất",
        ):
            self.assertIn(name, html)
        self.assertNotIn(f'<option value="{self.district_a.id}">', html)

    def test_the_status_page_follows_the_dossier(self):
        nomination = self._filed(self._post())
        dossier = nomination.exemplar_id
        url = f"{FORM}/{nomination.token}"
        self.assertIn("Đã tiếp nhận", self._anonymous(url).text)
        dossier.with_user(self.users["officer", self.commune]).stage_id = self.env.ref(
            "ntm_exemplar.stage_fostering"
        )
        self.assertIn("Đang xem xét", self._anonymous(url).text)
        self.env.cr.execute(
            "UPDATE ntm_exemplar SET stage_id = %s WHERE id = %s",
            [self.env.ref("ntm_exemplar.stage_recognized").id, dossier.id],
        )
        self.env.invalidate_all()
        self.assertIn("Được công nhận điển hình", self._anonymous(url).text)
        self.env.cr.execute(
            "UPDATE ntm_exemplar SET stage_id = %s, active = false WHERE id = %s",
            [self.env.ref("ntm_exemplar.stage_fostering").id, dossier.id],
        )
        self.env.invalidate_all()
        self.assertIn("Không được lựa chọn", self._anonymous(url).text)
        self.assertEqual(self._anonymous(f"{FORM}/khong-co").status_code, 404)
        self.assertEqual(self._anonymous(f"{FORM}/{nomination.id}").status_code, 404)

    def _refused_post(self, label, status, words=(), **kwargs):
        """A submission refused with `status`, its page saying `words`, and
        the database as it was."""
        before = self._snapshot()
        response = self._post(**kwargs)
        self.assertEqual(
            response.status_code, status, f"{label}: {response.text[:300]}"
        )
        for word in words:
            self.assertIn(word, response.text, label)
        self.assertEqual(self._snapshot(), before, f"{label}: the database changed")
        type(self).attempts += 1
        type(self).refused += 1
        return response

    def test_spam_and_bad_input_are_refused_and_write_nothing(self):
        closed = self.env["ntm.unit"].create(
            {
                "name": "Xã Đã Sáp Nhập",
                "unit_type": "commune",
                "parent_id": self.district_a.id,
                "valid_until": "2020-12-31",
            }
        )
        self.env["ir.config_parameter"].set_param(
            "ntm_exemplar.nomination_photo_max_kb", "2"
        )
        big = image_bytes("BMP", size=(60, 60))
        cases = [
            ("a robot fills the hidden field", 400, [], {"homepage": "http://spam"}),
            ("an unknown commune", 400, ["danh sách"], {"commune_id": "999999999"}),
            (
                "a commune no longer in operation",
                400,
                ["danh sách"],
                {"commune_id": str(closed.id)},
            ),
            (
                "a district instead of a commune",
                400,
                ["danh sách"],
                {"commune_id": str(self.district_a.id)},
            ),
            ("no commune", 400, ["danh sách"], {"commune_id": "abc"}),
            ("a photo too large", 400, ["KB"], {"photos": [("lon.bmp", big)]}),
            (
                "a PDF as a photo",
                400,
                ["JPEG"],
                {"photos": [("anh.jpg", b"%PDF-1.4\n" + b"0" * 100)]},
            ),
            (
                "a script as a photo",
                400,
                ["JPEG"],
                {"photos": [("anh.jpg", b"#!/bin/sh\nrm -rf /\n")]},
            ),
            (
                "four photos",
                400,
                ["3"],
                {"photos": [(f"{i}.png", image_bytes()) for i in range(4)]},
            ),
            (
                "a wrong phone number",
                400,
                ["Số điện thoại Việt Nam"],
                {"proposer_phone": "12345"},
            ),
            ("no consent", 400, ["đồng ý"], {"consent": ""}),
            ("a description too short", 400, ["20"], {"description": "Tốt"}),
            ("an unknown kind", 400, [], {"nominee_kind": "company"}),
            ("no CSRF token", 400, [], {"csrf": False}),
        ]
        before = self.Nomination.search([])
        for label, status, words, kwargs in cases:
            with self.subTest(label):
                self._refused_post(label, status, words, **kwargs)
        self.assertEqual(self.Nomination.search([]), before)

    def test_an_address_sending_too_many_is_refused(self):
        self.env["ir.config_parameter"].set_param(
            "ntm_exemplar.nomination_hourly_limit", "2"
        )
        before = self.Nomination.search_count([])
        self._filed(self._post())
        self._filed(self._post(nominee_name="Ông Lê Văn Hòa"))
        self._refused_post(
            "a third proposal within the hour",
            429,
            ["thử lại sau"],
            nominee_name="Bà Phạm Thị Mai",
        )
        self.assertEqual(self.Nomination.search_count([]), before + 2)

    def test_officers_read_their_communes_proposals_and_nobody_writes_them(self):
        nomination = self._filed(self._post())
        own = self.users["officer", self.commune]
        self.assertEqual(self.Nomination.with_user(own).search([]).ids, nomination.ids)
        other = self.users["officer", self.commune_b1]
        self.assertFalse(self.Nomination.with_user(other).search([]))
        self.assertEqual(
            nomination.exemplar_id.with_user(own).citizen_nomination_ids, nomination
        )
        for user in (own, self.user_coordinator, self.user_admin):
            self._refused(
                f"{user.login} rewrites a proposal",
                lambda user=user: nomination.with_user(user).write(
                    {"proposer_phone": "0987654321"}
                ),
                [],
                exc=AccessError,
            )
            self._refused(
                f"{user.login} files a proposal",
                lambda user=user: self.Nomination.with_user(user).create(
                    {
                        "unit_id": self.commune.id,
                        "nominee_kind": "person",
                        "nominee_name": "X",
                        "description": "Y",
                        "proposer_name": "Z",
                        "proposer_phone": "0912345678",
                    }
                ),
                [],
                exc=AccessError,
            )

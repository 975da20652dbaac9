"""The public honour board (/dien-hinh), as an anonymous visitor sees it, and
what publishing, taking down and the nominee's consent do."""

import re
from datetime import date
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import file_open

from ..controllers import honour_board
from .common import BoardCommon, image_bytes

# Personal data of the nominee, recorded in the dossier: never public.
BIRTHDATE = date(1961, 7, 23)
ID_NUMBER = "001061012345"
STREET = "Số 17 ngõ 42 thôn Đoài"
INTERNAL_NOTE = "Ghi chú nội bộ của cán bộ"


@tagged("post_install", "-at_install")
class TestHonourBoard(BoardCommon):
    def setUp(self):
        super().setUp()
        self.shown, self.hidden = self._recognised(2)
        self.shown.partner_id.write(
            {
                "name": "Hộ ông Trần Văn Hiến",
                "ntm_birthdate": BIRTHDATE,
                "ntm_id_number": ID_NUMBER,
                "street": STREET,
            }
        )
        self.shown.write(
            {
                "nominee_birthdate": BIRTHDATE,
                "achievements": f"<p>{INTERNAL_NOTE}</p>",
            }
        )
        self.page = self._page(
            self.shown,
            photos=2,
            name="Hộ gia đình hiến 320 m² đất mở rộng đường thôn",
            public_name="Hộ ông Trần Văn Hiến",
        )
        self.page.with_user(self.leader).action_publish()
        self.draft = self._page(self.hidden, name="Hồ sơ chưa công bố", consent=False)

    def _html(self, url, status=200):
        response = self._anonymous(url)
        self.assertEqual(response.status_code, status, url)
        return response.text

    def test_the_listing_shows_published_exemplars_only(self):
        html = self._html("/dien-hinh")
        self.assertIn("Hộ gia đình hiến 320 m² đất mở rộng đường thôn", html)
        self.assertIn("Hộ ông Trần Văn Hiến", html)
        self.assertIn(self.page.unit_id.name, html)
        self.assertIn(str(self.shown.year), html)
        self.assertIn(f'href="/dien-hinh/{self.page.slug}"', html)
        self.assertIn(f"/web/image/{self.page.photo_ids[0].id}/600x400", html)
        self.assertNotIn("Hồ sơ chưa công bố", html)
        self.assertNotIn(self.draft.slug, html)
        # In Vietnamese, for citizens.
        self.assertIn("Gương điển hình tiên tiến", html)

    def test_the_listing_filters_by_unit_and_year_and_pages(self):
        other = self._recognised(1, unit=self.commune_a1)
        page = self._page(other, name="Điển hình của xã A1")
        page.with_user(self.leader).action_publish()
        by_unit = self._html(f"/dien-hinh?don_vi={self.commune_a1.id}")
        self.assertIn("Điển hình của xã A1", by_unit)
        self.assertNotIn("đường thôn", by_unit)
        self.assertNotIn(
            "đường thôn", self._html(f"/dien-hinh?nam={self.shown.year - 1}")
        )
        self.assertIn("đường thôn", self._html(f"/dien-hinh?nam={self.shown.year}"))
        # A nonsense filter shows everything rather than an error.
        self.assertIn("đường thôn", self._html("/dien-hinh?nam=abc&don_vi=-3"))
        # District A's two pages, one a page; the filter follows the pager.
        with patch.object(honour_board, "PER_PAGE", 1):
            first = self._html(f"/dien-hinh?don_vi={self.district_a.id}")
            second = self._html(f"/dien-hinh/page/2?don_vi={self.district_a.id}")
        self.assertIn(f'href="/dien-hinh/page/2?don_vi={self.district_a.id}"', first)
        self.assertEqual(
            {"Điển hình của xã A1" in html for html in (first, second)},
            {True, False},
            "each page shows its own exemplar",
        )

    def test_the_story_tells_the_exemplar_and_shares_with_its_photo(self):
        rewarded = self._recognised(1)
        self._approved(rewarded, number="27/QĐ-UBND")
        press = self.env["ntm.propagation"].create(
            {
                "name": "Phóng sự trên Đài Hà Nội",
                "unit_id": self.district_a.id,
                "channel": "television",
                "url": "https://hanoitv.vn/phong-su",
                "date": date(2026, 2, 3),
                "exemplar_ids": [(4, rewarded.id)],
            }
        )
        page = self._page(rewarded, name="Hợp tác xã tiêu biểu của huyện A")
        page.with_user(self.leader).write({"coverage_ids": [(4, press.id)]})
        page.with_user(self.leader).action_publish()
        html = self._html(f"/dien-hinh/{page.slug}")
        for text in (
            "Hợp tác xã tiêu biểu của huyện A",
            "Câu chuyện dành cho người dân.",
            self.form.with_context(lang="vi_VN").name,
            "27/QĐ-UBND",
            "01/02/2026",
            "Phóng sự trên Đài Hà Nội",
            'href="https://hanoitv.vn/phong-su"',
        ):
            self.assertIn(text, html)
        og = dict(re.findall(r'<meta property="(og:[a-z:]+)" content="([^"]*)"', html))
        self.assertEqual(og["og:title"], "Hợp tác xã tiêu biểu của huyện A")
        self.assertEqual(og["og:type"], "article")
        self.assertTrue(og["og:url"].endswith(f"/dien-hinh/{page.slug}"))
        self.assertTrue(
            og["og:image"].endswith(f"/web/image/{page.photo_ids[0].id}/1200x630"),
            og["og:image"],
        )
        self.assertEqual(og["og:description"], "Câu chuyện dành cho người dân.")
        image = self._anonymous(f"/web/image/{page.photo_ids[0].id}/1200x630")
        self.assertEqual(image.status_code, 200)
        self.assertEqual(image.headers["Content-Type"], "image/png")

    def test_a_unit_page_lists_the_unit_and_the_units_below(self):
        below = self._recognised(1, unit=self.commune_a2)
        self._page(below, name="Điển hình của xã A2").with_user(
            self.leader
        ).action_publish()
        url = self.Publication._unit_url(self.district_a)
        self.assertRegex(url, r"^/dien-hinh/don-vi/huyen-a-\d+$")
        html = self._html(url)
        self.assertIn("Điển hình của xã A2", html)
        self.assertIn("đường thôn", html)
        commune = self._html(self.Publication._unit_url(self.commune_a2))
        self.assertIn("Điển hình của xã A2", commune)
        self.assertNotIn("đường thôn", commune)
        # The canonical address, whatever words precede the id; no unit, 404.
        moved = self._anonymous(f"/dien-hinh/don-vi/ten-cu-{self.district_a.id}")
        self.assertEqual(moved.status_code, 301)
        self.assertTrue(moved.headers["Location"].endswith(url))
        self._html("/dien-hinh/don-vi/khong-co-999999999", status=404)

    def test_nothing_of_an_unpublished_dossier_is_reachable(self):
        photos = self.draft.photo_ids
        self._html(f"/dien-hinh/{self.draft.slug}", status=404)
        for record in (self.draft, self.page, self.shown, self.hidden):
            self._html(f"/dien-hinh/{record.id}", status=404)
        placeholder = file_open("web/static/img/placeholder.png", "rb").read()
        for photo in photos | self.hidden.evidence_ids:
            self._assert_private(photo, placeholder)
        # Taken down: its address, its photos and its card are gone at once.
        slug = self.page.slug
        self.page.with_user(self.leader).action_unpublish()
        self._html(f"/dien-hinh/{slug}", status=404)
        self.assertNotIn(slug, self._html("/dien-hinh"))
        for photo in self.page.photo_ids:
            self._assert_private(photo, placeholder)

    def test_the_sitemap_lists_published_stories_only(self):
        sitemap = self._html("/sitemap.xml")
        self.assertIn(f"/dien-hinh/{self.page.slug}", sitemap)
        self.assertNotIn(self.draft.slug, sitemap)

    def _assert_private(self, photo, placeholder):
        image = self._anonymous(f"/web/image/{photo.id}")
        self.assertNotEqual(image.content, photo.sudo().raw)
        self.assertEqual(image.content, placeholder, "Odoo's placeholder instead")
        for url in (
            f"/web/content/{photo.id}",
            f"/web/content/ir.attachment/{photo.id}/datas",
            f"/web/image/ir.attachment/{photo.id}/datas?download=1",
        ):
            response = self._anonymous(url)
            self.assertIn(response.status_code, (403, 404), url)
            self.assertNotEqual(response.content, photo.sudo().raw, url)

    def test_no_personal_data_on_any_public_page(self):
        pages = [
            "/dien-hinh",
            f"/dien-hinh/{self.page.slug}",
            self.Publication._unit_url(self.page.unit_id),
        ]
        forbidden = (
            BIRTHDATE.strftime("%d/%m/%Y"),
            BIRTHDATE.isoformat(),
            BIRTHDATE.strftime("%-d/%-m/%Y"),
            ID_NUMBER,
            STREET,
            INTERNAL_NOTE,
            self.shown.ref,
        )
        for url in pages:
            html = self._html(url)
            for value in forbidden:
                self.assertNotIn(value, html, f"{value} on {url}")

    def test_publishing_logs_a_propagation_that_counts_for_the_month(self):
        propagation = self.page.propagation_id
        self.assertRecordValues(
            propagation,
            [
                {
                    "channel": "portal",
                    "unit_id": self.district_a.id,
                    "url": f"{self.page.get_base_url()}/dien-hinh/{self.page.slug}",
                    "exemplar_ids": self.shown.ids,
                    "create_uid": self.leader.id,
                }
            ],
        )
        self.assertEqual(
            self.page.with_context(lang="vi_VN")
            .propagation_id._fields["channel"]
            .convert_to_export("portal", propagation.with_context(lang="vi_VN")),
            "Cổng/trang thông tin điện tử của đơn vị",
        )
        self.env["ntm.propagation"]._cron_monthly_check()
        reminded = self.env["mail.activity"].search(
            [
                ("res_model", "=", "ntm.unit"),
                ("res_id", "=", self.district_a.id),
                (
                    "activity_type_id",
                    "=",
                    self.env.ref("ntm_exemplar.mail_act_propagate").id,
                ),
            ]
        )
        self.assertFalse(reminded, "the unit propagated this month")

    def test_only_a_leader_publishes_with_consent_and_a_story(self):
        dossier = self._recognised(1)
        page = self._page(dossier, user=self.officer, consent=False, summary=False)
        other_leader = self.users["manager", self.district_b]
        council = self.members[0]
        self._refused(
            "an officer publishes",
            lambda: page.with_user(self.officer).action_publish(),
            ["leader"],
        )
        self._refused(
            "a leader publishes without the nominee's consent",
            lambda: page.with_user(self.leader).action_publish(),
            ["consent"],
        )
        self._consent(page, self.officer)
        self._refused(
            "a leader publishes without a story",
            lambda: page.with_user(self.leader).action_publish(),
            ["story"],
        )
        page.with_user(self.officer).summary = "<p>Câu chuyện.</p>"
        self._refused(
            "another unit's leader publishes",
            lambda: page.with_user(other_leader).action_publish(),
            [],
            exc=AccessError,
        )
        self._refused(
            "a council member publishes",
            lambda: page.with_user(council).action_publish(),
            ["leader"],
        )
        self._refused(
            "a council member reads the page",
            lambda: page.with_user(council).read(["summary"]),
            [],
            exc=AccessError,
        )
        self._refused(
            "an officer writes the state",
            lambda: page.with_user(self.officer).write({"state": "published"}),
            ["written only by the action"],
        )
        self._refused(
            "an officer creates a page already published",
            lambda: self.Publication.with_user(self.officer).create(
                {
                    "exemplar_id": self._recognised(1).id,
                    "summary": "<p>x</p>",
                    "state": "published",
                    "consent_state": "given",
                }
            ),
            ["written only by the action"],
        )
        self._refused(
            "a leader writes the consent",
            lambda: page.with_user(self.leader).write({"consent_state": "withdrawn"}),
            ["written only by the action"],
        )
        self.assertTrue(page.with_user(self.leader).can_publish)
        self.assertFalse(page.with_user(self.officer).can_publish)
        page.with_user(self.leader).action_publish()
        self.assertEqual(page.state, "published")
        self._refused(
            "an officer rewrites a published story",
            lambda: page.with_user(self.officer).write({"summary": "<p>Khác</p>"}),
            ["leader"],
        )
        self._refused(
            "an officer takes a page down",
            lambda: page.with_user(self.officer).action_unpublish(),
            ["leader"],
        )

    def test_a_page_is_only_for_a_recognised_exemplar(self):
        open_dossier = self._new_dossier(self.officer, self.district_a)
        self._refused(
            "a page for a dossier under review",
            lambda: self.Publication.with_user(self.leader).create(
                {"exemplar_id": open_dossier.id, "summary": "<p>x</p>"}
            ),
            ["recognised"],
        )
        self._refused(
            "a second page for the same dossier",
            lambda: self.Publication.with_user(self.leader).create(
                {"exemplar_id": self.shown.id}
            ),
            [],
            exc=Exception,
        )

    def test_withdrawn_consent_takes_the_page_down_at_once(self):
        photo = self.page.photo_ids[:1]
        self.assertTrue(photo.sudo().public)
        wizard = (
            self.env["ntm.publication.consent.wizard"]
            .with_user(self.officer)
            .create(
                {
                    "publication_id": self.page.id,
                    "mode": "withdraw",
                    "date": date(2026, 3, 1),
                    "note": "Ông Hiến gọi điện đến UBND xã",
                }
            )
        )
        wizard.action_confirm()
        self.assertRecordValues(
            self.page,
            [
                {
                    "state": "draft",
                    "consent_state": "withdrawn",
                    "consent_withdrawn_date": date(2026, 3, 1),
                }
            ],
        )
        self.assertFalse(photo.sudo().public)
        self._html(f"/dien-hinh/{self.page.slug}", status=404)
        self._refused(
            "republished without a new consent",
            lambda: self.page.with_user(self.leader).action_publish(),
            ["consent"],
        )

    def test_the_consent_records_who_when_and_how(self):
        self.assertRecordValues(
            self.page,
            [
                {
                    "consent_state": "given",
                    "consent_by": "Người đại diện",
                    "consent_date": date(2026, 1, 5),
                    "consent_method": "signed_form",
                }
            ],
        )
        proof = self.page.consent_attachment_ids
        self.assertEqual(proof.res_model, self.Publication._name)
        self.assertFalse(proof.sudo().public)
        for values, words in (
            ({"given_by": " "}, ["who gave"]),
            ({"date": date(2099, 1, 1)}, ["future"]),
            ({"attachment_ids": []}, ["proof"]),
        ):
            attachment = self._photo(self.officer, "phieu.pdf", b"%PDF-1.4\n")
            vals = {
                "publication_id": self.draft.id,
                "mode": "record",
                "given_by": "Bà Lan",
                "date": date(2026, 1, 2),
                "method": "signed_form",
                "attachment_ids": [(6, 0, attachment.ids)],
                **values,
            }
            if "attachment_ids" in values:
                vals["attachment_ids"] = []
            self._refused(
                f"consent with {values}",
                lambda vals=vals: self.env["ntm.publication.consent.wizard"]
                .with_user(self.officer)
                .create(vals)
                .action_confirm(),
                words,
            )

    def test_the_consent_form_prints_what_will_be_published(self):
        html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
            "ntm_exemplar.action_report_publication_consent", self.page.ids
        )
        text = " ".join(html.decode().split())
        for expected in (
            "PHIẾU ĐỒNG Ý",
            "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
            "Hộ ông Trần Văn Hiến",
            "Hộ gia đình hiến 320 m² đất mở rộng đường thôn",
            "Câu chuyện dành cho người dân.",
            "rút lại sự đồng ý",
            "2 ảnh",
        ):
            self.assertIn(expected, text)
        for value in (ID_NUMBER, STREET, BIRTHDATE.strftime("%d/%m/%Y")):
            self.assertNotIn(value, text)

    def test_a_dossier_reopened_or_archived_leaves_the_board(self):
        self.shown.with_user(self.user_admin)._reopen("Phát hiện sai sót")
        self.assertEqual(self.page.state, "draft")
        self._html(f"/dien-hinh/{self.page.slug}", status=404)

    def test_photos_are_images_and_only_publishing_makes_files_public(self):
        text = self._photo(self.leader, "anh.png", b"#!/bin/sh\necho\n")
        self._refused(
            "a script as a photo",
            lambda: self.draft.with_user(self.leader).write(
                {"photo_ids": [(4, text.id)]}
            ),
            ["photo"],
        )
        pdf = self._photo(self.leader, "anh.pdf", b"%PDF-1.4\n")
        self._refused(
            "a PDF as a photo",
            lambda: self.draft.with_user(self.leader).write(
                {"photo_ids": [(4, pdf.id)]}
            ),
            ["photo"],
        )
        photo = self.draft.photo_ids[:1]
        self._refused(
            "a leader makes an unpublished photo public",
            lambda: photo.with_user(self.leader).write({"public": True}),
            ["public"],
        )
        evidence = self._photo(self.officer, "minh_chung.png")
        self.hidden.with_user(self.officer).write({"evidence_ids": [(4, evidence.id)]})
        self._refused(
            "an officer makes a dossier's evidence public",
            lambda: evidence.with_user(self.officer).write({"public": True}),
            ["public"],
        )
        self._refused(
            "a public file bound to a page",
            lambda: self.env["ir.attachment"]
            .with_user(self.leader)
            .create(
                {
                    "name": "x.png",
                    "raw": image_bytes(),
                    "public": True,
                    "res_model": self.Publication._name,
                    "res_id": self.draft.id,
                }
            ),
            ["public"],
        )
        # A photo added to a published page is public with it.
        added = self._photo(self.leader, "them.jpg", image_bytes("JPEG"))
        self.page.with_user(self.leader).write({"photo_ids": [(4, added.id)]})
        self.assertTrue(added.sudo().public)
        self.assertEqual(self._anonymous(f"/web/image/{added.id}").status_code, 200)

    def test_a_published_page_is_taken_down_before_it_is_deleted(self):
        self._refused(
            "a published page deleted",
            lambda: self.page.with_user(self.leader).unlink(),
            ["taken down"],
        )
        with self.assertRaises(UserError):
            self.page.with_user(self.leader).unlink()

"""Reward certificates: issued with the decision, numbered in the deciding
authority's register (số sổ vàng) per year without gaps, printed with a QR
code whose page says valid or revoked, and revoked by the authority only."""

import re
import shutil
import subprocess
import tempfile
from datetime import date
from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import BoardCommon


@tagged("post_install", "-at_install")
class TestRewardCertificate(BoardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Certificate = cls.env["ntm.reward.certificate"]
        cls.commune_form = cls.env.ref("ntm_exemplar.reward_form_commune_commendation")
        cls.commune_manager = cls.users["manager", cls.commune_a1]
        cls.city.write({"signer_name": "Nguyễn Văn Thành Phố", "place_name": "Hà Nội"})

    def _commune_award(self, count=1):
        """A commune's own commendation (Giấy khen of its chairman), approved."""
        dossiers = self._recognised(count, unit=self.commune_a1)
        proposal = (
            self.env["ntm.reward.proposal"]
            .with_user(self.commune_manager)
            .create(
                {
                    "unit_id": self.commune_a1.id,
                    "date": date(2026, 1, 20),
                    "kind": "thematic",
                    "reward_form_id": self.commune_form.id,
                    "line_ids": [(0, 0, {"exemplar_id": d.id}) for d in dossiers],
                }
            )
        )
        for document in proposal.document_ids:
            document.attachment_ids = [
                (
                    0,
                    0,
                    {"name": "tep.pdf", "raw": b"%PDF-1.4\n"},
                )
            ]
        proposal.with_user(self.commune_manager).action_submit()
        proposal.with_user(self.user_coordinator).action_approve(
            "03/QĐ-UBND", date(2026, 2, 2)
        )
        return proposal

    def _revoke(self, certificate, user, number="45/QĐ-UBND", day=date(2026, 3, 1)):
        wizard = (
            self.env["ntm.reward.certificate.revoke.wizard"]
            .with_user(user)
            .create(
                {
                    "certificate_id": certificate.id,
                    "decision_number": number,
                    "decision_date": day,
                    "reason": "Kê khai thành tích không trung thực",
                }
            )
        )
        return wizard.action_confirm()

    def test_a_decision_issues_certificates_numbered_per_authority_and_year(self):
        first = self._approved(self._recognised(2), number="15/QĐ-UBND")
        second = self._approved(self._recognised(1), number="16/QĐ-UBND")
        numbers = [
            (c.authority_key, c.register_year, c.register_number)
            for c in (
                first.certificate_ids.sorted("register_number") | second.certificate_ids
            )
        ]
        key = f"city.{self.city.id}"
        self.assertEqual(numbers, [(key, 2026, 1), (key, 2026, 2), (key, 2026, 3)])
        certificate = first.certificate_ids.sorted("register_number")[:1]
        self.assertRecordValues(
            certificate,
            [
                {
                    "state": "valid",
                    "kind": "bang_khen",
                    "decision_number": "15/QĐ-UBND",
                    "decision_date": date(2026, 2, 1),
                    "authority_level": "city",
                    "authority_unit_id": self.city.id,
                    "signer_name": "Nguyễn Văn Thành Phố",
                    "register_display": "1/2026",
                }
            ],
        )
        self.assertEqual(
            certificate.authority_title, f"Chủ tịch {self.city.document_body}"
        )
        self.assertEqual(len(certificate.token), 32)
        # Another authority keeps its own register.
        commune = self._commune_award().certificate_ids
        self.assertRecordValues(
            commune,
            [
                {
                    "kind": "giay_khen",
                    "authority_key": f"commune.{self.commune_a1.id}",
                    "register_number": 1,
                    "authority_unit_id": self.commune_a1.id,
                }
            ],
        )
        # A new year, a new count; the same authority's.
        third = self._proposal(self._recognised(1))
        self._provide_documents(third)
        third.with_user(self.manager).action_submit()
        third.with_user(self.user_coordinator).action_approve(
            "01/QĐ-UBND", date(2027, 1, 5)
        )
        self.assertEqual(
            (
                third.certificate_ids.register_year,
                third.certificate_ids.register_number,
            ),
            (2027, 1),
        )
        # Issuing again gives nothing twice; a number is never given twice.
        self.assertFalse(self.Certificate._issue(first))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    "UPDATE ntm_reward_certificate SET register_number = 1 "
                    "WHERE id = %s",
                    [second.certificate_ids.id],
                )

    def test_the_certificate_prints_the_form_the_decision_and_the_qr_code(self):
        proposal = self._approved(self._recognised(1), number="15/QĐ-UBND")
        certificate = proposal.certificate_ids
        Report = type(self.env["ir.actions.report"])
        original, encoded = Report.barcode, []

        def spy(report, barcode_type, value, **kwargs):
            encoded.append((barcode_type, value))
            return original(report, barcode_type, value, **kwargs)

        with patch.object(Report, "barcode", spy):
            html, _fmt = self.env["ir.actions.report"]._render_qweb_html(
                "ntm_exemplar.action_report_reward_certificate", certificate.ids
            )
        html = html.decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        for expected in (
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "BẰNG KHEN",
            f"CHỦ TỊCH {self.city.document_body.upper()}",
            "TẶNG",
            certificate.recipient_name,
            "Quyết định số 15/QĐ-UBND",
            "ngày 01/02/2026",
            "Số sổ vàng: 1/2026",
            "Hà Nội, ngày 01 tháng 02 năm 2026",
            "Nguyễn Văn Thành Phố",
            "Toàn dân chung sức xây dựng nông thôn mới",
        ):
            self.assertIn(expected, text)
        # The QR code is the verification page's address, embedded.
        self.assertEqual(encoded, [("QR", certificate.verify_url)])
        self.assertRegex(html, r'src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"')
        self.assertTrue(
            certificate.verify_url.endswith(f"/dien-hinh/xac-minh/{certificate.token}")
        )
        if not (
            self.env["ir.actions.report"].get_wkhtmltopdf_state() == "ok"
            and shutil.which("pdffonts")
        ):
            self.skipTest("wkhtmltopdf and poppler are needed to read the PDF")
        pdf, _fmt = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(
                "ntm_exemplar.action_report_reward_certificate", certificate.ids
            )
        )
        with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
            file.write(pdf)
            file.flush()
            fonts = subprocess.run(
                ["pdffonts", file.name], capture_output=True, check=True
            ).stdout.decode()
            pdf_text = subprocess.run(
                ["pdftotext", file.name, "-"], capture_output=True, check=True
            ).stdout.decode()
        families = {
            line.split()[0].split("+")[-1].split("-")[0]
            for line in fonts.splitlines()[2:]
            if line
        }
        self.assertEqual(families, {"Tinos"})
        self.assertIn("BẰNG KHEN", pdf_text)
        self.assertIn("Số sổ vàng: 1/2026", pdf_text)

    def test_the_qr_page_says_valid_then_revoked_and_nothing_else(self):
        proposal = self._approved(self._recognised(1), number="15/QĐ-UBND")
        certificate = proposal.certificate_ids
        dossier = certificate.exemplar_id
        url = f"/dien-hinh/xac-minh/{certificate.token}"
        page = self._anonymous(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("Văn bản khen thưởng này còn hiệu lực", page.text)
        self.assertIn("15/QĐ-UBND", page.text)
        for private in (
            certificate.recipient_name,
            dossier.partner_id.name,
            dossier.unit_id.name,
            dossier.ref,
        ):
            self.assertNotIn(private, page.text)
        self._revoke(certificate, self.user_coordinator)
        page = self._anonymous(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn("đã bị thu hồi", page.text)
        self.assertIn("45/QĐ-UBND", page.text)
        self.assertIn("01/03/2026", page.text)
        self.assertNotIn("Văn bản khen thưởng này còn hiệu lực", page.text)
        # The reward is gone with it; the dossier may be proposed again.
        self.assertFalse(certificate.line_id.is_rewarded)
        self.assertEqual(dossier.stage_id, self.stage["recognized"])
        self._refused(
            "a revoked certificate printed",
            lambda: self.env["ir.actions.report"]._render_qweb_html(
                "ntm_exemplar.action_report_reward_certificate", certificate.ids
            ),
            ["revoked"],
        )
        for unknown in ("khong-co-ma-nay", str(certificate.id), certificate.token[:-1]):
            self.assertEqual(
                self._anonymous(f"/dien-hinh/xac-minh/{unknown}").status_code, 404
            )

    def test_only_the_authority_revokes(self):
        city_award = self._approved(self._recognised(1)).certificate_ids
        commune_award = self._commune_award().certificate_ids
        refusals = (
            (city_award, self.manager, ["authority"]),
            (city_award, self.users["officer", self.district_a], []),
            (commune_award, self.users["officer", self.commune_a1], []),
            (commune_award, self.manager, ["authority"]),
            (commune_award, self.users["manager", self.commune_a2], []),
            (commune_award, self.members[0], []),
            (commune_award, self.user_internal, []),
        )
        for certificate, user, words in refusals:
            self._refused(
                f"{user.login} revokes {certificate.authority_key}",
                lambda c=certificate, u=user: self._revoke(c, u),
                words,
            )
        for user in (self.commune_manager, self.user_coordinator, self.user_admin):
            self._refused(
                f"{user.login} writes the state",
                lambda u=user: commune_award.with_user(u).write({"state": "revoked"}),
                [],
            )
        self._refused(
            "a revocation without its decision",
            lambda: self._revoke(commune_award, self.commune_manager, number=" "),
            ["number"],
        )
        self._refused(
            "a revocation before the reward",
            lambda: self._revoke(
                commune_award, self.commune_manager, day=date(2025, 1, 1)
            ),
            ["dated"],
        )
        self._revoke(commune_award, self.commune_manager)
        self.assertEqual(commune_award.state, "revoked")
        self.assertEqual(commune_award.revoked_uid, self.commune_manager)
        self._refused(
            "a second revocation",
            lambda: self._revoke(commune_award, self.user_coordinator),
            ["already revoked"],
        )
        self._revoke(city_award, self.user_coordinator)
        self.assertEqual(city_award.state, "revoked")

    def test_revoking_the_decision_revokes_its_certificates(self):
        proposal = self._approved(self._recognised(2))
        wizard = (
            self.env["ntm.reward.decision.wizard"]
            .with_user(self.user_coordinator)
            .create(
                {
                    "proposal_id": proposal.id,
                    "mode": "revoke",
                    "decision_number": "50/QĐ-UBND",
                    "decision_date": date(2026, 4, 1),
                    "reason": "Thu hồi theo kết luận thanh tra",
                }
            )
        )
        wizard.action_confirm()
        self.assertRecordValues(
            proposal.certificate_ids,
            [
                {
                    "state": "revoked",
                    "revoke_decision_number": "50/QĐ-UBND",
                    "revoke_decision_date": date(2026, 4, 1),
                }
            ]
            * 2,
        )
        page = self._anonymous(
            f"/dien-hinh/xac-minh/{proposal.certificate_ids[0].token}"
        )
        self.assertIn("50/QĐ-UBND", page.text)

    def test_a_revoked_reward_leaves_the_public_page(self):
        proposal = self._approved(self._recognised(1), number="15/QĐ-UBND")
        page = self._page(proposal.line_ids.exemplar_id)
        page.with_user(self.leader).action_publish()
        self.assertIn("15/QĐ-UBND", self._anonymous(f"/dien-hinh/{page.slug}").text)
        self._revoke(proposal.certificate_ids, self.user_coordinator)
        story = self._anonymous(f"/dien-hinh/{page.slug}").text
        self.assertNotIn("15/QĐ-UBND", story)
        self.assertIn(page.name, story)

import json

from odoo.exceptions import UserError
from odoo.tests import Form

from ..models.ntm_decision_mixin import as_decision
from .common import NtmCommon


class TestPipeline(NtmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.stage = {
            name: cls.env.ref(f"ntm_exemplar.stage_{name}")
            for name in (
                "discovered",
                "fostering",
                "nominated",
                "council",
                "recognized",
                "returned",
                "not_selected",
            )
        }

    def setUp(self):
        super().setUp()
        self.dossier = self.Exemplar.with_user(self.user_officer).create(
            self._dossier_vals(category="enterprise")
        )

    def _as(self, user):
        return self.dossier.with_user(user)

    def _nominated(self):
        self._evaluate_all(self.dossier)
        self._as(self.user_officer).action_nominate()
        return self.dossier

    def test_a_new_dossier_starts_discovered(self):
        self.assertEqual(self.dossier.stage_id, self.stage["discovered"])

    def test_nomination_is_refused_while_mandatory_criteria_are_missing(self):
        self._evaluate_all(self.dossier, except_codes=("TC.C4", "TC.D1"))
        self._line(self.dossier, "TC.D1").value_bool = "no"
        self.assertFalse(self.dossier.can_nominate)
        for attempt in (
            lambda: self._as(self.user_officer).action_nominate(),
            lambda: self._as(self.user_officer).write(
                {"stage_id": self.stage["nominated"].id}
            ),
        ):
            with self.assertRaises(UserError) as err:
                attempt()
            self.assertIn("TC.C4", str(err.exception))
            self.assertIn("TC.D1", str(err.exception))
        self.assertEqual(self.dossier.stage_id, self.stage["discovered"])

    def test_nomination_is_refused_through_the_kanban_call_too(self):
        # Dropping a card in another column saves the record with web_save.
        with self.assertRaises(UserError):
            self._as(self.user_manager).web_save(
                {"stage_id": self.stage["nominated"].id}, specification={}
            )
        self.assertEqual(self.dossier.stage_id, self.stage["discovered"])

    def test_officer_nominates_and_the_unit_managers_get_an_activity(self):
        self._evaluate_all(self.dossier)
        self.assertTrue(self.dossier.can_nominate)
        self._as(self.user_officer).action_nominate()
        self.assertEqual(self.dossier.stage_id, self.stage["nominated"])
        review = self.env.ref("ntm_exemplar.mail_act_review")
        activity = self.dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == review
        )
        self.assertEqual(activity.user_id, self.user_manager)

    def test_nearest_managers_above_get_the_activity_when_the_unit_has_none(self):
        self.user_manager.ntm_unit_ids = [(5, 0, 0)]
        self._nominated()
        review = self.env.ref("ntm_exemplar.mail_act_review")
        activity = self.dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == review
        )
        self.assertEqual(activity.user_id, self.users["manager", self.district_a])

    def test_only_managers_move_past_nomination(self):
        self._nominated()
        self.assertFalse(self._as(self.user_officer).can_decide)
        for stage, reason in (("council", "unit manager"), ("not_selected", "by hand")):
            with self.subTest(stage=stage), self.assertRaises(UserError) as err:
                self._as(self.user_officer).write({"stage_id": self.stage[stage].id})
            self.assertIn(reason, str(err.exception))
        with self.assertRaises(UserError):
            self._as(self.user_officer).web_save(
                {"stage_id": self.stage["council"].id}, specification={}
            )
        self.assertTrue(self._as(self.user_manager).can_decide)
        self._as(self.user_manager).web_save(
            {"stage_id": self.stage["council"].id}, specification={}
        )
        self.assertEqual(self.dossier.stage_id, self.stage["council"])

    def test_recognition_waits_for_a_council_session_and_the_heads_decision(self):
        self._nominated()
        self._as(self.user_manager).action_send_to_council()
        # A plain write never recognises; even the decision's own write, without
        # a closed session and a recorded decision of this round, is refused.
        with self.assertRaises(UserError) as err:
            self._as(self.user_manager).write({"stage_id": self.stage["recognized"].id})
        self.assertIn("by hand", str(err.exception))
        with self.assertRaises(UserError) as err:
            as_decision(self._as(self.user_manager)).write(
                {"stage_id": self.stage["recognized"].id}
            )
        self.assertIn("head of the unit", str(err.exception))
        self.assertEqual(self.dossier.stage_id, self.stage["council"])

    def test_returning_needs_a_reason(self):
        self._nominated()
        with self.assertRaises(UserError):
            self._as(self.user_manager).write({"stage_id": self.stage["returned"].id})
        with self.assertRaises(UserError):
            self._as(self.user_manager).write(
                {"stage_id": self.stage["returned"].id, "return_reason": "   "}
            )
        self.assertEqual(self.dossier.stage_id, self.stage["nominated"])

    def test_returning_sends_the_dossier_back_to_its_officer(self):
        self._nominated()
        action = self._as(self.user_manager).action_return()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.user_manager)
            .with_context(**action["context"])
        )
        wizard.reason = "Bổ sung xác nhận của UBND huyện về thu nhập"
        wizard.save().action_return()
        self.assertEqual(self.dossier.stage_id, self.stage["returned"])
        complete = self.env.ref("ntm_exemplar.mail_act_complete")
        activity = self.dossier.activity_ids.filtered(
            lambda a: a.activity_type_id == complete
        )
        self.assertEqual(activity.user_id, self.user_officer)
        self.assertIn("xác nhận của UBND huyện", str(activity.note))
        # Completed, the officer nominates it again.
        self._as(self.user_officer).action_nominate()
        self.assertEqual(self.dossier.stage_id, self.stage["nominated"])

    def test_a_move_is_tracked_and_notifies_followers(self):
        follower = self.env["res.partner"].create(
            {"name": "Người theo dõi", "email": "f@example.com"}
        )
        self.dossier.message_subscribe(partner_ids=follower.ids)
        self.env.flush_all()
        self.env.cr.precommit.run()
        self._nominated()
        self.env.flush_all()
        self.env.cr.precommit.run()
        message = self.dossier.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("ntm_exemplar.mt_exemplar_stage")
        )
        self.assertEqual(len(message), 1)
        self.assertEqual(
            message.tracking_value_ids.new_value_char, self.stage["nominated"].name
        )
        self.assertIn(follower, message.notified_partner_ids)

    def test_kanban_shows_every_stage_even_empty(self):
        groups = self.Exemplar.with_user(self.user_officer).web_read_group(
            [("id", "=", self.dossier.id)], ["stage_id"], ["stage_id"]
        )["groups"]
        self.assertEqual(len(groups), len(self.env["ntm.exemplar.stage"].search([])))


class TestMoveFeedback(NtmCommon):
    def _notifications(self, user):
        """simple_notification messages sent to `user`'s web client."""
        self.env.cr.precommit.run()  # the bus writes its messages at commit
        messages = (
            self.env["bus.bus"].sudo().search([("channel", "like", "res.partner")])
        )
        return [
            json.loads(message.message)["payload"]["message"]
            for message in messages
            if json.loads(message.channel)[-1] == user.partner_id.id
            and json.loads(message.message)["type"] == "simple_notification"
        ]

    def test_a_move_tells_its_user_where_the_dossier_went_and_what_next(self):
        dossier = self.Exemplar.with_user(self.user_officer).create(
            self._dossier_vals()
        )
        self._evaluate_all(dossier)
        dossier.with_user(self.user_officer).action_nominate()
        messages = self._notifications(self.user_officer)
        self.assertEqual(len(messages), 1)
        self.assertIn(dossier.display_name, messages[0])
        self.assertIn("The unit manager submits it to the council.", messages[0])

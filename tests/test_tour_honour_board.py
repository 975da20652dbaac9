"""Browser tour: a unit leader publishes an exemplar on the honour board and
finds its public page (static/src/js/tours/ntm_leader_publishes_tour.js).
Run by Odoo's test runner (tag ntm_tour), like tests/test_tour_workday.py."""

from odoo.tests import tagged

from .common import BoardCommon
from .test_tour_workday import DOSSIERS_URL, TourCommon


@tagged("post_install", "-at_install", "ntm_tour")
class TestTourLeaderPublishes(TourCommon, BoardCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = cls._in_vietnamese(cls.users["manager", cls.district_a])

    def test_a_leader_publishes_an_exemplar_and_the_board_shows_it(self):
        dossier = self._recognised(1)
        officer = self.users["officer", self.district_a]
        page = self._page(
            dossier,
            user=officer,
            summary="<p>Câu chuyện về con đường thôn Thử Nghiệm.</p>",
        )
        self.assertEqual(page.state, "draft")
        self._tour("leader_publishes", self.leader, url=f"{DOSSIERS_URL}/{dossier.id}")
        self.assertRecordValues(
            page,
            [
                {
                    "state": "published",
                    "name": "Hộ gia đình hiến đất làm đường Thử Nghiệm",
                    "published_uid": self.leader.id,
                }
            ],
        )
        self.assertEqual(page.propagation_id.channel, "portal")
        self.assertEqual(page.propagation_id.create_uid, self.leader)
        # Anyone reads it now, photo included.
        story = self._anonymous(f"/dien-hinh/{page.slug}")
        self.assertEqual(story.status_code, 200)
        self.assertIn("Hộ gia đình hiến đất làm đường Thử Nghiệm", story.text)
        photo = self._anonymous(f"/web/image/{page.photo_ids.id}")
        self.assertEqual(photo.content, page.photo_ids.sudo().raw)


@tagged("post_install", "-at_install", "ntm_tour")
class TestTourBoardOnAPhone(TourCommon, BoardCommon):
    """The public pages, as a visitor who is not logged in sees them on a
    phone."""

    browser_size = "390x844"
    touch_enabled = True

    def test_the_public_pages_fit_a_phone(self):
        page = self._page(
            self._recognised(1),
            name="Hộ gia đình hiến đất làm đường Thử Nghiệm",
            summary="<p>" + "Câu chuyện dài cho người dân. " * 40 + "</p>",
        )
        page.with_user(self.leader).action_publish()
        self.start_tour("/dien-hinh", "ntm_exemplar_board_on_a_phone", login=None)

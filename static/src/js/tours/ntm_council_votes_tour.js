/**
 * 3. A council member votes on the agenda of an open session, from My
 * Ballots (tests/test_tour_workday.py, TestTourCouncilVotes).
 */
import { registry } from "@web/core/registry";
import { openMenu } from "./ntm_tour_utils";

const AGREE_ON = "Hợp tác xã rau hữu cơ Thử Nghiệm";
const DISAGREE_ON = "Hộ kinh doanh sinh vật cảnh Thử Nghiệm";
const SESSION = "Phiên bình xét năm 2025";

function ballot(dossier) {
    return `.o_list_view .o_data_row:has(td[name=exemplar_id]:contains(${dossier}))`;
}

registry.category("web_tour.tours").add("ntm_exemplar_council_votes", {
    url: "/odoo/action-ntm_exemplar.ntm_exemplar_action",
    steps: () => [
        ...openMenu("ntm_council_menu_root", "Hội đồng", "ntm_ballot_menu", "Phiếu bầu của tôi"),
        {
            content: "The session's agenda: two dossiers to vote on",
            trigger: `.o_list_view:has(.o_data_row:eq(1)):not(:has(.o_data_row:eq(2))) .o_data_row td[name=session_id]:contains(${SESSION})`,
        },
        {
            content: "Not voted yet",
            trigger: `${ballot(AGREE_ON)} button[name=action_cast_vote]:contains(Đồng ý)`,
        },
        {
            content: "Agree",
            trigger: `${ballot(AGREE_ON)} button[name=action_cast_vote]:contains(/^\\s*Đồng ý\\s*$/)`,
            run: "click",
        },
        {
            content: "A vote is final: the member confirms it",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The vote shows, and it is final: no button left",
            trigger: `${ballot(AGREE_ON)}:not(:has(button[name^=action_])) td[name=vote]:contains(/^\\s*Đồng ý\\s*$/)`,
        },
        {
            content: "Disagree on the other dossier",
            trigger: `${ballot(DISAGREE_ON)} button[name=action_cast_vote]:contains(Không đồng ý)`,
            run: "click",
        },
        {
            content: "Confirm the second vote",
            trigger: ".modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "Both votes show",
            trigger: `${ballot(DISAGREE_ON)}:not(:has(button[name^=action_])) td[name=vote]:contains(Không đồng ý)`,
        },
        {
            content: "The first one is unchanged",
            trigger: `${ballot(AGREE_ON)} td[name=vote]:contains(/^\\s*Đồng ý\\s*$/)`,
        },
    ],
});

/**
 * 3. A council member votes on the agenda of an open session, from My
 * Ballots: opens a dossier from its ballot, reads it, votes and confirms
 * (tests/test_tour_workday.py, TestTourCouncilVotes).
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
            content: "Open the first dossier from its ballot",
            trigger: `${ballot(AGREE_ON)} td[name=exemplar_id]`,
            run: "click",
        },
        {
            content: "The ballot shows the dossier: its nominee and achievements",
            trigger: `.o_form_view:has(.o_field_widget[name=exemplar_id]:contains(${AGREE_ON})) .o_field_widget[name=achievements]`,
        },
        {
            content: "Open the dossier itself",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_dossier]",
            run: "click",
        },
        {
            content: "The dossier opens, read-only for a member",
            trigger: `.o_form_view .o_field_widget[name=name]:not(:has(input, textarea)):contains(${AGREE_ON})`,
        },
        {
            content: "Back to the ballot",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            content: "Vote agree",
            trigger: `.o_form_view:has(.o_field_widget[name=exemplar_id]:contains(${AGREE_ON})) .o_ntm_vote_buttons button.o_ntm_vote_agree`,
            run: "click",
        },
        {
            content: "The confirmation names the choice and the dossier",
            trigger: `.modal:contains(Đồng ý):contains(${AGREE_ON}):contains(không thể thay đổi) .modal-footer button.btn-primary`,
            run: "click",
        },
        {
            content: "The vote is recorded, and said so",
            trigger: ".o_notification:contains(Phiếu của bạn đã được ghi nhận)",
        },
        {
            content: "The ballot shows the vote, no button left",
            trigger: ".o_form_view .o_field_widget[name=vote]:not(:has(button)) .o_ntm_vote_cast:contains(Đồng ý)",
        },
        {
            content: "Back to My Ballots",
            trigger: ".o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            content: "Disagree on the other dossier, from the list",
            trigger: `${ballot(DISAGREE_ON)} .o_ntm_vote_buttons button.o_ntm_vote_disagree`,
            run: "click",
        },
        {
            content: "Going back cancels: nothing is cast",
            trigger: `.modal:contains(Không đồng ý):contains(${DISAGREE_ON}) .modal-footer button.btn-secondary`,
            run: "click",
        },
        {
            content: "Still to vote",
            trigger: `body:not(:has(.modal)) ${ballot(DISAGREE_ON)} .o_ntm_vote_buttons button.o_ntm_vote_disagree`,
            run: "click",
        },
        {
            content: "Confirm the second vote",
            trigger: `.modal:contains(Không đồng ý):contains(${DISAGREE_ON}) .modal-footer button.btn-primary`,
            run: "click",
        },
        {
            content: "Both votes show",
            trigger: `${ballot(DISAGREE_ON)} td[name=vote]:not(:has(button)):contains(Không đồng ý)`,
        },
        {
            content: "The first one is unchanged",
            trigger: `${ballot(AGREE_ON)} td[name=vote]:not(:has(button)):contains(/^\\s*Đồng ý\\s*$/)`,
        },
    ],
});

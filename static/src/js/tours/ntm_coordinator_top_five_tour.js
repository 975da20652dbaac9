/**
 * 5. The coordination office runs the wizard selecting the year's five
 * outstanding exemplars and introduces them to the city
 * (tests/test_tour_workday.py, TestTourCoordinatorTopFive).
 */
import { registry } from "@web/core/registry";
import { currentStage, openMenu } from "./ntm_tour_utils";

const EXEMPLAR = "Điển hình Thử Nghiệm";
const LAST = `${EXEMPLAR} 6`;

function candidate(index) {
    return `.modal .o_field_widget[name=line_ids] .o_data_row:eq(${index})`;
}

registry.category("web_tour.tours").add("ntm_exemplar_coordinator_top_five", {
    url: "/odoo/action-ntm_exemplar.ntm_exemplar_action",
    steps: () => {
        const year = String(new Date().getFullYear());
        return [
            ...openMenu(
                "ntm_exemplar_menu_dossiers",
                "Hồ sơ",
                "ntm_top_five_wizard_menu",
                "Lựa chọn 05 điển hình tiêu biểu"
            ),
            {
                content: "The wizard opens",
                trigger: ".modal .modal-title:contains(Lựa chọn 05 điển hình tiêu biểu)",
            },
            {
                content: "This year",
                trigger: ".modal .o_field_widget[name=year] input",
                run: `edit ${year} && click .modal .modal-title`,
            },
            {
                content: "Six recognised exemplars, ranked",
                trigger: `.modal .o_field_widget[name=line_ids]:has(.o_data_row:eq(5)):not(:has(.o_data_row:eq(6))) .o_data_row:eq(0) td[name=rank]:contains(/^\\s*1\\s*$/)`,
            },
            {
                content: "The best: every criterion met, all members agreed",
                trigger: `${candidate(0)}:contains(${EXEMPLAR} 1) td[name=score]:contains(100,0)`,
            },
            {
                content: "... council approval 100 %",
                trigger: `${candidate(0)} td[name=approval]:contains(100,0)`,
            },
            {
                content: "The five best are selected",
                trigger: `${candidate(4)}:contains(${EXEMPLAR} 5) td[name=is_selected] input:checked`,
            },
            {
                content: "The sixth, selected by 8 of 10 members, ranks last and is not selected",
                trigger: `${candidate(5)}:contains(${LAST}) td[name=is_selected] input:not(:checked)`,
            },
            {
                content: "... with a lower council support (8 of 10)",
                trigger: `${candidate(5)} td[name=approval]:contains(80)`,
            },
            {
                content: "Introduce the five to the city",
                trigger: ".modal .modal-footer button[name=action_confirm]:contains(Giới thiệu Thành phố)",
                run: "click",
            },
            {
                content: "The year's selection is confirmed",
                trigger: `body:not(:has(.modal)) ${currentStage("Đã xác nhận")}`,
            },
            {
                content: "... for this year",
                trigger: `.o_form_view .o_field_widget[name=year]:contains(${year})`,
            },
            {
                content: "... with the memo's number",
                trigger: ".o_form_view .o_field_widget[name=document_number]:contains(/TTr-)",
            },
            {
                content: "... and exactly the five selected",
                trigger: `.o_field_widget[name=exemplar_ids]:has(.o_data_row:eq(4)):not(:has(.o_data_row:eq(5))):not(:has(.o_data_row:contains(${LAST}))) .o_data_row:contains(${EXEMPLAR} 1)`,
            },
            {
                content: "The ranking explains each rank",
                trigger: `.o_form_view .o_field_widget[name=ranking] li:contains(Hạng 6):contains(${LAST})`,
            },
            {
                content: "The introduction can be printed",
                trigger: ".o_form_view .o_form_statusbar button:contains(In tờ trình giới thiệu)",
            },
        ];
    },
});

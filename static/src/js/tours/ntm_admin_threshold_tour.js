/**
 * 6. An admin raises a threshold of a plan and sees a dossier's
 * eligibility change (tests/test_tour_workday.py, TestTourAdminThreshold).
 * Starts on the dossier's form: no `url` here, the test gives the form's
 * (a tour's url, when set, replaces the one the test starts from).
 */
import { registry } from "@web/core/registry";
import { criterionRow, openMenu } from "./ntm_tour_utils";

const DOSSIER = "Huyện nông thôn mới nâng cao Thử Nghiệm";
const PLAN = "Kế hoạch thử 2020 – 2023";

registry.category("web_tour.tours").add("ntm_exemplar_admin_threshold", {
    steps: () => [
        {
            content: "The dossier is eligible",
            trigger: `.o_form_view:has(.o_field_widget[name=name] textarea:value(${DOSSIER})) .o_field_widget[name=eligibility]:contains(Đủ tiêu chuẩn):not(:contains(Không))`,
        },
        {
            content: "Income per person: 85 meets 80 million",
            trigger: `${criterionRow("TC.H03")} td[name=explanation]:contains(85 đạt yêu cầu ≥ 80 triệu đồng/người/năm)`,
        },
        ...openMenu("ntm_exemplar_menu_config", "Cấu hình", "ntm_plan_menu", "Kế hoạch"),
        {
            content: "Open the plan of the dossier's year",
            trigger: `.o_list_view .o_data_row:contains(${PLAN}) td[name=name]`,
            run: "click",
        },
        {
            content: "Its criteria: income per person",
            trigger: ".o_form_view .o_field_widget[name=criterion_ids] .o_data_row:contains(TC.H03) td[name=name]",
            run: "click",
        },
        {
            content: "The threshold is 80",
            trigger: ".modal .o_field_widget[name=threshold] input:value(80,00)",
        },
        {
            content: "Raise it to 90 million",
            trigger: ".modal .o_field_widget[name=threshold] input",
            run: "edit 90",
        },
        {
            content: "Keep it",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "The list shows the new requirement",
            trigger: "body:not(:has(.modal)) .o_field_widget[name=criterion_ids] .o_data_row:contains(TC.H03):contains(≥ 90)",
        },
        {
            content: "Save the plan",
            trigger: ".o_control_panel .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
        ...openMenu("ntm_exemplar_menu_dossiers", "Hồ sơ", "ntm_exemplar_menu", "Hồ sơ điển hình tiên tiến"),
        {
            content: "Open the dossier",
            trigger: `.o_kanban_record:contains(${DOSSIER})`,
            run: "click",
        },
        {
            content: "It is no longer eligible",
            trigger: ".o_form_view .o_field_widget[name=eligibility]:contains(Không đủ tiêu chuẩn)",
        },
        {
            content: "The ribbon is gone",
            trigger: ".o_form_view .o_form_sheet:not(:has(.ribbon:contains(Đủ tiêu chuẩn)))",
        },
        {
            content: "Income per person: 85 misses the new 90 by 5",
            trigger: `${criterionRow("TC.H03")} td[name=explanation]:contains(85 chưa đạt yêu cầu ≥ 90 triệu đồng/người/năm, còn thiếu 5)`,
        },
    ],
});

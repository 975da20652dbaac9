/**
 * 6. An admin raises a threshold in Settings and sees a dossier's
 * eligibility change (tests/test_tour_workday.py, TestTourAdminThreshold).
 * Starts on the dossier's form: no `url` here, the test gives the form's
 * (a tour's url, when set, replaces the one the test starts from).
 */
import { registry } from "@web/core/registry";
import { criterionRow, openMenu } from "./ntm_tour_utils";

const DOSSIER = "Huyện nông thôn mới nâng cao Thử Nghiệm";

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
        ...openMenu("ntm_exemplar_menu_config", "Cấu hình", "ntm_exemplar_settings_menu", "Thiết lập"),
        {
            content: "The plan's thresholds in Settings: income 80",
            trigger: ".o_setting_box .o_field_widget[name=ntm_district_income] input:value(80,00)",
        },
        {
            content: "Raise it to 90 million",
            trigger: ".o_setting_box .o_field_widget[name=ntm_district_income] input",
            run: "edit 90",
        },
        {
            content: "Save (the page reloads)",
            trigger: ".o_control_panel .o_form_button_save",
            run(helpers) {
                document.body.dataset.ntmBeforeSave = "1";
                return helpers.click();
            },
        },
        {
            content: "Saved: after the reload, the settings show 90",
            trigger: "body:not([data-ntm-before-save]) .o_setting_box .o_field_widget[name=ntm_district_income] input:value(90,00)",
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

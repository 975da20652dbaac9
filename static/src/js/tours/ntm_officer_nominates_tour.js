/**
 * 1. An officer of a commune files a dossier, fills its criteria and
 * nominates it (tests/test_tour_workday.py, TestTourOfficerNominates).
 */
import { registry } from "@web/core/registry";
import { answerCriterion, currentStage, kanbanColumn, saveForm } from "./ntm_tour_utils";

const DOSSIER = "Tổ hợp tác rau an toàn Thử Nghiệm";
const NOMINEE = "Tổ hợp tác rau an toàn xã A1";
const CRITERIA = ["TC.C1", "TC.C2", "TC.C3", "TC.C4", "TC.C5", "TC.D1"];

registry.category("web_tour.tours").add("ntm_exemplar_officer_nominates", {
    url: "/odoo/action-ntm_exemplar.ntm_exemplar_action",
    steps: () => [
        {
            content: "The pipeline opens on its first column",
            trigger: `${kanbanColumn("Phát hiện")}`,
        },
        {
            content: "File a new dossier",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Its title",
            trigger: ".o_form_view .o_field_widget[name=name] textarea",
            run: `edit ${DOSSIER}`,
        },
        {
            content: "Look the nominee up",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: "edit rau an toàn xã A1",
        },
        {
            content: "Pick the nominee",
            trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains(${NOMINEE})`,
            run: "click",
        },
        {
            content: "Category: a cooperative",
            trigger: ".o_form_view .o_field_widget[name=category] select",
            run: 'select "enterprise"',
        },
        {
            content: "The proposing unit is the officer's commune",
            trigger: ".o_form_view .o_field_widget[name=unit_id] input:value(Xã A1)",
        },
        {
            content: "A new dossier starts in the first stage",
            trigger: currentStage("Phát hiện"),
        },
        ...saveForm(),
        {
            content: "The dossier got its number",
            trigger: ".o_form_view .o_field_widget[name=ref]:contains(ĐHTT/)",
        },
        {
            content: "The criteria of a cooperative are listed, none evaluated",
            trigger: `.o_field_widget[name=criterion_line_ids]:has(.o_data_row:eq(${
                CRITERIA.length - 1
            })):not(:has(.o_data_row:eq(${CRITERIA.length}))) .o_data_row td[name=explanation]:contains(Chưa đánh giá)`,
        },
        {
            content: "No eligibility badge before any criterion is answered",
            trigger: ".o_form_view .o_notebook:has(.o_field_widget[name=criteria_progress]):not(:has(.o_field_widget[name=eligibility]))",
        },
        {
            content: "Nothing to nominate yet",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_nominate]))",
        },
        ...CRITERIA.flatMap((code) => answerCriterion(code, "yes")),
        ...saveForm(),
        {
            content: "Every criterion is met",
            trigger: ".o_form_view .o_field_widget[name=criteria_progress]:contains(6/6)",
        },
        {
            content: "Each line says so",
            trigger: `.o_field_widget[name=criterion_line_ids]:has(.o_data_row:eq(5)):not(:has(td[name=explanation]:not(:contains(/^\\s*Đạt\\s*$/))))`,
        },
        {
            content: "Eligible",
            trigger: ".o_form_view .o_field_widget[name=eligibility]:contains(Đủ tiêu chuẩn):not(:contains(Không))",
        },
        {
            content: "Nominate the dossier",
            trigger: ".o_form_view .o_form_statusbar button[name=action_nominate]:contains(Đề nghị xét chọn)",
            run: "click",
        },
        {
            content: "The dossier is nominated",
            trigger: currentStage("Đề nghị xét chọn"),
        },
        {
            content: "The button is gone",
            trigger: ".o_form_view .o_form_statusbar:not(:has(button[name=action_nominate]))",
        },
        {
            content: "The chatter records the move",
            trigger: ".o-mail-Message .o-mail-Message-tracking:contains(Đề nghị xét chọn)",
        },
    ],
});

/**
 * An officer files a dossier for a person nobody has recorded yet, and meets
 * the warning for a person already recorded (tests/test_tour_workday.py,
 * TestTourOfficerNewNominee).
 */
import { registry } from "@web/core/registry";
import { answerCriterion, currentStage, saveForm } from "./ntm_tour_utils";

const CRITERIA = ["TC.C1", "TC.C2", "TC.C3", "TC.C4", "TC.C5", "TC.D1"];

function newDossier(title) {
    return [
        {
            content: "File a new dossier",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Its title",
            trigger: ".o_form_view .o_field_widget[name=name] textarea",
            run: `edit ${title}`,
        },
        {
            content: "Category: an individual",
            trigger: ".o_form_view .o_field_widget[name=category] select",
            run: 'select "individual"',
        },
        {
            content: "The criteria of an individual show before the dossier is saved",
            trigger: `.o_form_view .o_field_widget[name=criterion_line_ids]:has(.o_data_row:eq(${
                CRITERIA.length - 1
            })):not(:has(.o_data_row:eq(${CRITERIA.length})))`,
        },
        {
            content: "No eligibility badge before any answer",
            trigger: ".o_form_view .o_notebook:not(:has(.o_field_widget[name=eligibility]))",
        },
    ];
}

function typeNominee(name) {
    return [
        {
            content: `Type the nominee's name: ${name}`,
            trigger: ".o_form_view .o_field_widget[name=partner_id] input",
            run: `edit ${name}`,
        },
        {
            content: "Create the nominee from the dropdown",
            trigger: ".o-autocomplete--dropdown-menu .o_m2o_dropdown_option_create a:contains(Tạo)",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("ntm_exemplar_officer_new_nominee", {
    url: "/odoo/action-ntm_exemplar.ntm_exemplar_action",
    steps: () => [
        ...newDossier("Cô giáo dạy chữ miễn phí cho người cao tuổi"),
        ...typeNominee("Đặng Thị Thu Hà"),
        {
            content: "The new nominee is the dossier's, with the officer's commune",
            trigger: ".o_form_view .o_field_widget[name=partner_id] input:value(Đặng Thị Thu Hà (Xã A1))",
        },
        ...CRITERIA.flatMap((code) => answerCriterion(code, "yes")),
        {
            content: "Eligible, once answered",
            trigger: ".o_form_view .o_field_widget[name=eligibility]:contains(Đủ tiêu chuẩn):not(:contains(Không))",
        },
        ...saveForm(),
        {
            content: "Nominate the dossier",
            trigger: ".o_form_view .o_form_statusbar button[name=action_nominate]:contains(Đề nghị xét chọn)",
            run: "click",
        },
        {
            content: "The dossier is nominated",
            trigger: currentStage("Đề nghị xét chọn"),
        },
    ],
});

registry.category("web_tour.tours").add("ntm_exemplar_officer_picks_namesake", {
    url: "/odoo/action-ntm_exemplar.ntm_exemplar_action",
    steps: () => [
        ...newDossier("Nông dân sản xuất giỏi"),
        ...typeNominee("Nguyễn Văn Hùng"),
        {
            content: "The warning names the person already recorded, with commune and years",
            trigger: ".modal .o_ntm_nominee_matches tr:has(td:contains(02/04/1975)):has(td:contains(Xã A1)):has(td:contains(2025))",
        },
        {
            content: "It is the same man: choose him",
            trigger: ".modal .o_ntm_nominee_matches tr:has(td:contains(02/04/1975)) button.o_ntm_pick_nominee",
            run: "click",
        },
        {
            content: "The dossier names the recorded person",
            trigger: "body:not(:has(.modal)) .o_form_view .o_field_widget[name=partner_id] input:value(Nguyễn Văn Hùng (Xã A1, 1975))",
        },
        ...saveForm(),
    ],
});

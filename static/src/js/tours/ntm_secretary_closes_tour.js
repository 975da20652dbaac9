/**
 * 4. The council's secretary closes the session, reads the tally and prints
 * the minutes (tests/test_tour_workday.py, TestTourSecretaryCloses).
 */
import { registry } from "@web/core/registry";
import { currentStage, printReport } from "./ntm_tour_utils";

const SESSION = "Phiên bình xét năm 2025";
const PASSED = "Hợp tác xã rau hữu cơ Thử Nghiệm";
const FAILED = "Hộ kinh doanh sinh vật cảnh Thử Nghiệm";

function resultRow(dossier) {
    return `.o_field_widget[name=result_ids] .o_data_row:has(td[name=exemplar_id]:contains(${dossier}))`;
}

/** The result row of `dossier` with these counts: {field: value}. */
function counts(dossier, values) {
    const cells = Object.entries(values).map(
        ([field, value]) => `:has(td[name=${field}]:contains(/^\\s*${value}\\s*$/))`
    );
    return `${resultRow(dossier)}${cells.join("")}`;
}

registry.category("web_tour.tours").add("ntm_exemplar_secretary_closes", {
    url: "/odoo/action-ntm_exemplar.ntm_council_session_action",
    steps: () => [
        {
            content: "The session is voting",
            trigger: `.o_list_view .o_data_row:contains(${SESSION}) td[name=state]:contains(Đang bỏ phiếu)`,
        },
        {
            content: "Open it",
            trigger: `.o_list_view .o_data_row td[name=name]:contains(${SESSION})`,
            run: "click",
        },
        {
            content: "Close and count",
            trigger: ".o_form_view .o_form_statusbar button[name=action_close]:contains(Kết thúc và kiểm phiếu)",
            run: "click",
        },
        {
            content: "Confirm: ballots can no longer be cast",
            trigger: ".modal:contains(Kết thúc bỏ phiếu?) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The session is closed",
            trigger: `body:not(:has(.modal)) ${currentStage("Đã chốt")}`,
        },
        {
            content: "The minutes got their number",
            trigger: ".o_form_view .o_field_widget[name=document_number]:contains(/BB-HĐTĐKT)",
        },
        {
            content: "Open the results",
            trigger: ".o_notebook_headers a[name=results]:contains(Kết quả và quyết định)",
            run: "click",
        },
        {
            content: "Selected dossier: 7 agree, 2 disagree, 1 abstains, base 10: passed",
            trigger: `${counts(PASSED, {
                agree_count: 7,
                disagree_count: 2,
                abstain_count: 1,
                no_vote_count: 0,
                base_count: 10,
            })} td[name=is_passed] input:checked`,
        },
        {
            content: "Other dossier: 4 agree, 5 disagree, 1 did not vote: not passed",
            trigger: `${counts(FAILED, {
                agree_count: 4,
                disagree_count: 5,
                abstain_count: 0,
                no_vote_count: 1,
                base_count: 10,
            })} td[name=is_passed] input:not(:checked)`,
        },
        {
            content: "Open the minutes",
            trigger: ".o_notebook_headers a[name=minutes]",
            run: "click",
        },
        {
            content: "The minutes list the attendance and the dossiers voted on",
            trigger: `.o_field_widget[name=minutes]:contains(${SESSION}):contains(Có mặt: 10/10 thành viên):contains(${PASSED}):contains(${FAILED})`,
        },
        ...printReport(
            ".o_form_view .o_form_statusbar button:contains(In biên bản)",
            "Print the minutes"
        ),
        {
            content: "The minutes' file arrived, named after its number",
            trigger: "body[data-ntm-download*='/report/pdf/ntm_exemplar.report_council_minutes/'][data-ntm-download-file*='BB-HĐTĐKT']",
        },
        {
            content: "No error",
            trigger: "body:not(.o_ntm_download_error):not(:has(.o_error_dialog))",
        },
    ],
});

/**
 * 2. A manager drags a card across the kanban: refused, with the guard's
 * message, while mandatory criteria are missing; once they are met in the
 * form, the same drag succeeds (tests/test_tour_workday.py,
 * TestTourManagerDrags).
 */
import { registry } from "@web/core/registry";
import { answerCriterion, currentStage, kanbanCard, kanbanColumn, saveForm } from "./ntm_tour_utils";

const DOSSIER = "Hộ gia đình hiến đất làm đường Thử Nghiệm";
const FROM = "Bồi dưỡng";
const TO = "Đề nghị xét chọn";

function dragToNominated() {
    return {
        content: `Drag the card from "${FROM}" to "${TO}"`,
        trigger: kanbanCard(FROM, DOSSIER),
        run: `drag_and_drop(${kanbanColumn(TO)})`,
    };
}

registry.category("web_tour.tours").add("ntm_exemplar_manager_drags", {
    url: "/odoo/action-ntm_exemplar.ntm_exemplar_action",
    steps: () => [
        {
            content: "The dossier is being fostered, 4 of its 6 criteria met",
            trigger: `${kanbanCard(FROM, DOSSIER)}:contains(4/6)`,
        },
        dragToNominated(),
        {
            content: "Refused: the message names the missing mandatory criteria",
            trigger: `.modal .o_error_dialog:contains(${DOSSIER}):contains(chưa thể chuyển sang giai đoạn ${TO}):contains(các tiêu chí bắt buộc sau chưa được đánh giá hoặc chưa đạt)`,
        },
        {
            content: "... the criterion answered no",
            trigger: ".modal .o_error_dialog:contains(TC.C2 Hoàn thành xuất sắc các nhiệm vụ được giao)",
        },
        {
            content: "... and the criterion not evaluated",
            trigger: ".modal .o_error_dialog:contains(TC.D1 Có thành tích tiêu biểu, xuất sắc dẫn đầu)",
        },
        {
            content: "... and no other",
            trigger: ".modal .o_error_dialog:not(:contains(TC.C1)):not(:contains(TC.C3))",
        },
        {
            content: "Close the message",
            trigger: ".modal .o_error_dialog .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The card went back to its column",
            trigger: `body:not(:has(.modal)) ${kanbanCard(FROM, DOSSIER)}`,
        },
        {
            content: `Nothing in "${TO}"`,
            trigger: `${kanbanColumn(TO)}:not(:has(.o_kanban_record))`,
        },
        {
            content: "Open the dossier",
            trigger: kanbanCard(FROM, DOSSIER),
            run: "click",
        },
        {
            content: "Still being fostered",
            trigger: currentStage(FROM),
        },
        {
            content: "Two mandatory criteria missing",
            trigger: ".o_form_view .o_field_widget[name=mandatory_missing_count]:contains(2)",
        },
        ...answerCriterion("TC.C2", "yes"),
        ...answerCriterion("TC.D1", "yes"),
        ...saveForm(),
        {
            content: "Now eligible",
            trigger: ".o_form_view .o_field_widget[name=eligibility]:contains(Đủ tiêu chuẩn):not(:contains(Không))",
        },
        {
            content: "Back to the pipeline",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Hồ sơ điển hình tiên tiến)",
            run: "click",
        },
        {
            content: "The card shows every criterion met",
            trigger: `${kanbanCard(FROM, DOSSIER)}:contains(6/6)`,
        },
        dragToNominated(),
        {
            content: `The card is in "${TO}"`,
            trigger: kanbanCard(TO, DOSSIER),
        },
        {
            content: "Open it again",
            trigger: kanbanCard(TO, DOSSIER),
            run: "click",
        },
        {
            content: "The server moved it: nominated, with no error",
            trigger: `body:not(:has(.o_error_dialog)) ${currentStage(TO)}`,
        },
        {
            content: "The move is in the chatter",
            trigger: ".o-mail-Message .o-mail-Message-tracking:contains(Bồi dưỡng):contains(Đề nghị xét chọn)",
        },
    ],
});

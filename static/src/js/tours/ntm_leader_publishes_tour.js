/**
 * 7. A unit leader publishes a recognised exemplar on the honour board, then
 * finds its page on /dien-hinh (tests/test_tour_honour_board.py).
 */
import { registry } from "@web/core/registry";
import { saveForm } from "./ntm_tour_utils";

const TITLE = "Hộ gia đình hiến đất làm đường Thử Nghiệm";
const STORY = "Câu chuyện về con đường thôn Thử Nghiệm.";

registry.category("web_tour.tours").add("ntm_exemplar_leader_publishes", {
    steps: () => [
        {
            content: "The recognised dossier offers its public page",
            trigger: ".o_form_view .o_form_statusbar button[name=action_open_publication]:contains(Trang công khai)",
            run: "click",
        },
        {
            content: "The page the officer prepared, consent recorded: ready to publish",
            trigger: ".o_form_view:not(:has(.alert-info)) .o_form_statusbar button[name=action_publish]:contains(Công bố)",
        },
        {
            content: "It is not public yet",
            trigger: ".o_form_view .o_statusbar_status .o_arrow_button_current:contains(Chưa công bố)",
        },
        {
            content: "The leader words the public title",
            trigger: ".o_form_view .o_field_widget[name=name] input",
            run: `edit ${TITLE}`,
        },
        ...saveForm(),
        {
            content: "Publish",
            trigger: ".o_form_view .o_form_statusbar button[name=action_publish]",
            run: "click",
        },
        {
            content: "Confirm: anyone can read it",
            trigger: ".modal:contains(Mọi người đều xem được) .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Published",
            trigger: "body:not(:has(.modal)) .o_form_view .o_statusbar_status .o_arrow_button_current:contains(Đã công bố)",
        },
        {
            content: "The page's address is shown",
            trigger: ".o_form_view .alert-success .o_field_widget[name=website_url] a[href*='/dien-hinh/']",
        },
        {
            content: "Go to the honour board",
            trigger: ".o_form_view .alert-success",
            run() {
                window.location.href = "/dien-hinh";
            },
        },
        {
            content: "The board shows the exemplar, in Vietnamese",
            trigger: `h1:contains(Gương điển hình tiên tiến) ~ p, .o_ntm_board_card:contains(${TITLE})`,
        },
        {
            content: "Open its story",
            trigger: `.o_ntm_board_card:contains(${TITLE}) a.stretched-link`,
            run: "click",
        },
        {
            content: "The story, for citizens",
            trigger: `h1:contains(${TITLE})`,
        },
        {
            content: "What the leader's unit wrote",
            trigger: `.o_ntm_board_story:contains(${STORY})`,
        },
        {
            content: "The photo",
            trigger: ".o_ntm_board_cover[src^='/web/image/']",
        },
    ],
});

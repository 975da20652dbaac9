/**
 * 8. A visitor on a phone (390 x 844): the honour board, a story and the
 * proposal form fit the screen, nothing to scroll sideways
 * (tests/test_tour_honour_board.py).
 */
import { registry } from "@web/core/registry";

/** A step failing when the page is wider than the screen. */
function fitsTheScreen(page) {
    return {
        content: `${page} fits a phone's width`,
        trigger: "#wrap",
        run() {
            const width = document.documentElement.clientWidth;
            const overflow = document.documentElement.scrollWidth - width;
            if (width > 400 || overflow > 1) {
                throw new Error(`${page}: ${overflow}px wider than the ${width}px screen`);
            }
        },
    };
}

registry.category("web_tour.tours").add("ntm_exemplar_board_on_a_phone", {
    url: "/dien-hinh",
    steps: () => [
        {
            content: "The board's cards, one a row",
            trigger: ".o_ntm_board_card",
            run() {
                const card = document.querySelector(".o_ntm_board_card");
                if (card.getBoundingClientRect().width < document.documentElement.clientWidth * 0.8) {
                    throw new Error("a card does not take the phone's width");
                }
            },
        },
        fitsTheScreen("The board"),
        {
            content: "The menu folds into its button",
            trigger: ".o_header_mobile_buttons_wrap button[data-bs-toggle=offcanvas]:visible",
        },
        {
            content: "Open a story",
            trigger: ".o_ntm_board_card a.stretched-link",
            run: "click",
        },
        {
            content: "The story and its photo",
            trigger: ".o_ntm_board_story:visible",
        },
        fitsTheScreen("The story"),
        {
            content: "Go to the proposal form",
            trigger: "#wrap",
            run() {
                window.location.href = "/dien-hinh/de-xuat";
            },
        },
        {
            content: "The form and its button",
            trigger: ".o_ntm_nomination_form button[type=submit]:contains(Gửi đề xuất)",
        },
        fitsTheScreen("The proposal form"),
    ],
});

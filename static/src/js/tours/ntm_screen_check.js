/**
 * The screen check of tests/test_tour_screens.py: on the screen the browser
 * shows, after the given clicks, find the labels still in English (the
 * addon's source terms whose Vietnamese differs) and the cut headers (column
 * headers, kanban columns, tabs, titles whose text is wider than their box).
 * Reports through the console, as Odoo's browser_js expects: "test
 * successful", or an error listing what was found.
 */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(selector, timeout = 20000) {
    const start = Date.now();
    while (Date.now() - start < timeout) {
        const element = document.querySelector(selector);
        if (element && element.offsetParent !== null) {
            return element;
        }
        await sleep(100);
    }
    throw new Error(`nothing shows "${selector}"`);
}

async function settle() {
    // The web client shows .o_loading_indicator while an RPC is pending.
    await sleep(300);
    const start = Date.now();
    while (document.querySelector(".o_loading_indicator") && Date.now() - start < 10000) {
        await sleep(100);
    }
    await sleep(500);
}

function isCut(element) {
    return element.offsetParent !== null && element.scrollWidth > element.clientWidth + 1;
}

const CUT = [
    [".o_list_renderer thead th span.text-truncate", "column header"],
    [".o_kanban_header .o_column_title span.text-truncate", "kanban column"],
    [".o_notebook_headers .nav-link", "tab"],
    [".o_form_view .oe_title input, .o_form_view .oe_title span", "title"],
    [".modal-title", "dialog title"],
    [".o_breadcrumb .active, .o_last_breadcrumb_item", "breadcrumb"],
];

function findProblems(terms) {
    const problems = [];
    for (const [selector, kind] of CUT) {
        for (const element of document.querySelectorAll(selector)) {
            if (isCut(element)) {
                const text = (element.value || element.textContent).trim();
                problems.push(`${kind} cut: "${text}"`);
            }
        }
    }
    const roots = document.querySelectorAll(".o_action_manager, .modal, .o_main_navbar");
    const seen = new Set();
    for (const root of roots) {
        for (const line of root.innerText.split("\n")) {
            const text = line.trim();
            if (terms.has(text) && !seen.has(text)) {
                seen.add(text);
                problems.push(`in English: "${text}"`);
            }
        }
    }
    return problems;
}

window.ntmCheckScreen = async ({ terms, clicks = [], ready = ".o_action_manager .o_view_controller, .o_action_manager .o_ntm_home .container-fluid" }) => {
    try {
        await waitFor(ready);
        await settle();
        for (const selector of clicks) {
            (await waitFor(selector)).click();
            await settle();
        }
        const problems = findProblems(new Set(terms));
        if (problems.length) {
            console.error(`Screen problems (${window.innerWidth}x${window.innerHeight}): ${problems.join(" | ")}`);
        } else {
            console.log("test successful");
        }
    } catch (error) {
        console.error(`Screen check failed: ${error.message}`);
    }
};

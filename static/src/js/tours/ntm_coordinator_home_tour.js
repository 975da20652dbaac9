/**
 * 8. The coordination office opens the app on its home: the city's figures,
 * then a click through to the dossiers behind one of them
 * (tests/test_tour_workday.py, TestTourCoordinatorHome).
 */
import { registry } from "@web/core/registry";

const TABLE = ".o_ntm_home_unit_stage";
const A1_ROW = `${TABLE} tbody tr:has(th:contains(Xã A1))`;

registry.category("web_tour.tours").add("ntm_exemplar_coordinator_home", {
    url: "/odoo/action-ntm_exemplar.ntm_propagation_action",
    steps: () => [
        {
            content: "Open the apps menu",
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            content: "Open the Exemplars app",
            trigger: ".o_app[data-menu-xmlid='ntm_exemplar.ntm_exemplar_menu_root']",
            run: "click",
        },
        {
            content: "The app opens on the city at a glance",
            trigger: ".o_ntm_home .o_ntm_home_coordinator h4:contains(Toàn cảnh thành phố)",
        },
        {
            content: "The top five of the year is not selected yet",
            trigger: ".o_ntm_home_tile_top_five .o_ntm_home_value:contains(Chưa lựa chọn)",
        },
        {
            content: "Xã A1 has its two dossiers in the table by unit and stage",
            trigger: `${A1_ROW} td:last:contains(2)`,
        },
        {
            content: "Xã A2 propagated nothing last month: flagged in the grid",
            trigger: ".o_ntm_home_propagation tr:has(th:contains(Xã A2)) td.o_ntm_home_missing",
        },
        {
            content: "Open the dossiers of Xã A1 at stage Phát hiện",
            trigger: `${A1_ROW} td.o_ntm_home_cell:first`,
            run: "click",
        },
        {
            content: "The list shows them, under the cell's title",
            trigger: ".o_breadcrumb:contains(Xã A1 – Phát hiện)",
        },
        {
            content: "Two dossiers, of Xã A1",
            trigger: ".o_list_view .o_data_row:eq(1) td[name=unit_id]:contains(Xã A1)",
        },
        {
            content: "And no third",
            trigger: ".o_list_view:not(:has(.o_data_row:eq(2)))",
        },
        {
            content: "Back to the home",
            trigger: ".o_breadcrumb .o_back_button, .o_breadcrumb li:first a",
            run: "click",
        },
        {
            content: "Open the units without propagation",
            trigger: ".o_ntm_home_tile_silent_units",
            run: "click",
        },
        {
            content: "Xã A2 is listed",
            trigger: ".o_list_view .o_data_row td:contains(Xã A2)",
        },
        {
            content: "Xã A1, which propagated, is not",
            trigger: ".o_list_view:not(:has(.o_data_row td:contains(Xã A1)))",
        },
    ],
});

/**
 * Steps shared by the tours of ntm_exemplar: menus, the criteria list of a
 * dossier, kanban columns and the report download.
 */
import { download } from "@web/core/network/download";

/** Open a menu of the Exemplars app: a top section, then one of its items. */
export function openMenu(sectionXmlid, sectionLabel, itemXmlid, itemLabel) {
    return [
        {
            content: `Open the menu "${sectionLabel}"`,
            trigger: `.o_menu_sections [data-menu-xmlid='ntm_exemplar.${sectionXmlid}']:contains(${sectionLabel})`,
            run: "click",
        },
        {
            content: `Choose "${itemLabel}"`,
            trigger: `.o-dropdown--menu [data-menu-xmlid='ntm_exemplar.${itemXmlid}']:contains(${itemLabel})`,
            run: "click",
        },
    ];
}

/** The row of criterion `code` in the criteria list of the open dossier. */
export function criterionRow(code) {
    return `.o_field_widget[name=criterion_line_ids] .o_data_row:has(td[name=code]:contains(${code}))`;
}

/** Answer the yes/no criterion `code` with `value` ("yes" or "no"). */
export function answerCriterion(code, value = "yes") {
    return [
        {
            content: `Edit criterion ${code}`,
            trigger: `${criterionRow(code)} td[name=value_bool]`,
            run: "click",
        },
        {
            content: `Criterion ${code}: ${value}`,
            trigger: `${criterionRow(code)}.o_selected_row td[name=value_bool] select`,
            run: `select "${value}"`,
        },
    ];
}

/** A kanban column, by its title. */
export function kanbanColumn(title) {
    return `.o_kanban_group:has(.o_column_title:contains(${title}))`;
}

/** The kanban card titled `name` in the column titled `column`. */
export function kanbanCard(column, name) {
    return `${kanbanColumn(column)} .o_kanban_record:contains(${name})`;
}

/** The stage the status bar shows as current. */
export function currentStage(label) {
    return `.o_statusbar_status .o_arrow_button_current:contains(${label})`;
}

/** Save the form and wait until it is saved. */
export function saveForm() {
    return [
        {
            content: "Save",
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_view .o_form_saved",
        },
    ];
}

/**
 * Click a print button and follow the report's download: the real one runs
 * (the server renders the report, the browser is told not to keep the
 * file). The body then holds the report's URL in data-ntm-download and, once
 * the file arrived, its name in data-ntm-download-file; it gets the class
 * o_ntm_download_error when the download failed.
 */
export function printReport(buttonTrigger, content) {
    return [
        {
            content,
            trigger: buttonTrigger,
            async run(helpers) {
                const original = download._download;
                download._download = async (options) => {
                    download._download = original;
                    const [url] = JSON.parse(options.data.data);
                    document.body.dataset.ntmDownload = url;
                    try {
                        const filename = await original(options);
                        document.body.dataset.ntmDownloadFile = filename;
                        return filename;
                    } catch (error) {
                        document.body.classList.add("o_ntm_download_error");
                        throw error;
                    }
                };
                await helpers.click();
            },
        },
    ];
}

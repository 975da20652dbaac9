import { Component } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { deserializeDate, formatDate, serializeDate } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { Many2OneField, many2OneField } from "@web/views/fields/many2one/many2one_field";

/**
 * The nominees already recorded that a new one may be (the server's rule,
 * res.partner._ntm_matching_nominees): the officer picks one, or creates the
 * new nominee anyway.
 */
export class NomineeMatchDialog extends Component {
    static template = "ntm_exemplar.NomineeMatchDialog";
    static components = { Dialog };
    static props = {
        name: String,
        matches: Array,
        pick: Function,
        createNew: Function,
        close: Function,
    };

    formatBirthdate(value) {
        return value ? formatDate(deserializeDate(value)) : "";
    }

    pick(match) {
        this.props.pick(match);
        this.props.close();
    }

    createNew() {
        this.props.createNew();
        this.props.close();
    }
}

/** The dossier's nominee: "Tạo" first looks for the same person. */
export class NomineeMany2OneField extends Many2OneField {
    setup() {
        super.setup();
        const quickCreate = this.quickCreate;
        if (quickCreate) {
            this.quickCreate = async (name) => {
                const data = this.props.record.data;
                const matches = await this.orm.call(
                    "res.partner",
                    "ntm_find_matching_nominees",
                    [name],
                    {
                        unit_id: data.unit_id ? data.unit_id[0] : false,
                        birthdate: data.nominee_birthdate
                            ? serializeDate(data.nominee_birthdate)
                            : false,
                        context: this.context,
                    }
                );
                if (!matches.length) {
                    return quickCreate(name);
                }
                this.dialog.add(NomineeMatchDialog, {
                    name,
                    matches,
                    pick: (match) =>
                        this.update([{ id: match.id, display_name: match.display_name }]),
                    createNew: () => quickCreate(name),
                });
            };
        }
    }
}

registry.category("fields").add("ntm_nominee_many2one", {
    ...many2OneField,
    component: NomineeMany2OneField,
});

import { Component, onWillStart, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";

/**
 * The first screen of the Exemplars app: for each role of the user, the
 * figures that say what to do today (ntm.home.get_home_data, counted under
 * the user's record rules), each opening the records behind it.
 */
export class NtmHome extends Component {
    static template = "ntm_exemplar.Home";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ data: null });
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("ntm.home", "get_home_data", []);
    }

    open(action) {
        if (action) {
            this.action.doAction(action);
        }
    }

    barStyle(bar) {
        return `width: ${Math.max(bar.percent, bar.value ? 2 : 0)}%`;
    }
}

registry.category("actions").add("ntm_exemplar.home", NtmHome);

import { Component, onWillStart, useState } from "@odoo/owl";
import { rpc } from "@web/core/network/rpc";
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
        this.actions = {};
        onWillStart(() => this.load());
    }

    async load() {
        this.state.data = await this.orm.call("ntm.home", "get_home_data", []);
    }

    /**
     * Opens a figure's records: `ref` names an action (loaded once, on its
     * first use) and narrows it to a domain, or to one record's form. Lists
     * come first, in the main area.
     */
    async open(ref) {
        if (!ref) {
            return;
        }
        this.actions[ref.xmlid] ||= rpc("/web/action/load", { action_id: ref.xmlid });
        const base = await this.actions[ref.xmlid];
        let views = [...base.views].sort((a, b) => (a[1] !== "list") - (b[1] !== "list"));
        if (ref.res_id) {
            views = views.filter(([, type]) => type === "form");
            views = views.length ? views : [[false, "form"]];
        }
        await this.action.doAction({
            ...base,
            name: ref.name,
            display_name: ref.name,
            domain: ref.domain,
            context: {},
            res_id: ref.res_id || false,
            target: "current",
            views,
        });
    }

    barStyle(bar) {
        return `width: ${Math.max(bar.percent, bar.value ? 2 : 0)}%`;
    }
}

registry.category("actions").add("ntm_exemplar.home", NtmHome);

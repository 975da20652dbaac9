import { Component } from "@odoo/owl";
import { ConfirmationDialog } from "@web/core/confirmation_dialog/confirmation_dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

/**
 * A member's vote on a ballot: three buttons, each asking to confirm the
 * choice and the dossier it is for, since a vote is secret and final. The
 * server (ntm.ballot.action_cast_vote) is the guard; this only asks first.
 */
export class BallotVoteField extends Component {
    static template = "ntm_exemplar.BallotVoteField";
    static props = { ...standardFieldProps };

    setup() {
        this.dialog = useService("dialog");
        this.orm = useService("orm");
        this.action = useService("action");
    }

    get choices() {
        const choices = [
            { vote: "agree", label: _t("Agree"), icon: "fa-thumbs-up", class: "btn-success" },
            { vote: "disagree", label: _t("Disagree"), icon: "fa-thumbs-down", class: "btn-danger" },
            { vote: "abstain", label: _t("Abstain"), icon: "fa-minus", class: "btn-secondary" },
        ];
        // In conflict of interest a member abstains (the server refuses more).
        return this.props.record.data.is_conflict
            ? choices.filter((choice) => choice.vote === "abstain")
            : choices;
    }

    get castLabel() {
        const selection = this.props.record.fields[this.props.name].selection;
        const chosen = selection.find(([key]) => key === this.props.record.data[this.props.name]);
        return chosen ? chosen[1] : "";
    }

    ask(choice, ev) {
        // A click in a list row would open the ballot as well.
        ev.stopPropagation();
        const record = this.props.record;
        const dossier = record.data.exemplar_id ? record.data.exemplar_id[1] : "";
        const nominee = record.data.partner_id ? record.data.partner_id[1] : "";
        this.dialog.add(ConfirmationDialog, {
            title: _t("Confirm your vote"),
            body: _t(
                'You vote "%(choice)s" on the dossier "%(dossier)s" (%(nominee)s). The ballot is secret and final: it cannot be changed once cast.',
                { choice: choice.label, dossier, nominee }
            ),
            confirmLabel: _t("Vote \"%(choice)s\"", { choice: choice.label }),
            cancelLabel: _t("Go back"),
            confirm: async () => {
                const action = await this.orm.call("ntm.ballot", "action_cast_vote", [
                    [record.resId],
                    choice.vote,
                ]);
                await record.load();
                if (action) {
                    await this.action.doAction(action);
                }
            },
            cancel: () => {},
        });
    }
}

registry.category("fields").add("ntm_ballot_vote", {
    component: BallotVoteField,
    supportedTypes: ["selection"],
    fieldDependencies: [
        { name: "is_conflict", type: "boolean" },
        { name: "exemplar_id", type: "many2one" },
        { name: "partner_id", type: "many2one" },
    ],
});

"""18.0.1.1.0: the pipeline's meaning moves onto the stages (flags), rewards
are marked on their lines, and the ballots of closed sessions go."""

from odoo import SUPERUSER_ID, api

STAGE_FLAGS = {
    "stage_discovered": ["is_officer_stage"],
    "stage_fostering": ["is_officer_stage"],
    "stage_nominated": ["is_officer_stage", "is_nomination", "needs_criteria"],
    "stage_council": ["is_council", "needs_criteria", "locks_dossier"],
    "stage_recognized": [
        "is_decided",
        "is_recognised",
        "needs_criteria",
        "locks_dossier",
    ],
    "stage_proposed_city": [
        "is_decided",
        "is_recognised",
        "needs_criteria",
        "locks_dossier",
    ],
    "stage_rewarded": [
        "is_decided",
        "is_recognised",
        "needs_criteria",
        "locks_dossier",
    ],
    "stage_returned": ["is_return"],
    "stage_not_selected": ["is_decided", "locks_dossier"],
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, flags in STAGE_FLAGS.items():
        stage = env.ref(f"ntm_exemplar.{xmlid}", raise_if_not_found=False)
        if stage:
            stage.write(dict.fromkeys(flags, True))
    cr.execute(
        """
        UPDATE ntm_reward_proposal_line line SET is_rewarded = TRUE
          FROM ntm_reward_proposal proposal
         WHERE proposal.id = line.proposal_id AND proposal.state = 'approved'
        """
    )
    cr.execute(
        """
        DELETE FROM ntm_ballot ballot USING ntm_council_session session
         WHERE session.id = ballot.session_id AND session.state = 'closed'
        """
    )
    cr.execute(
        "UPDATE ntm_exemplar SET council_round = 1 WHERE council_round IS NULL AND ("
        "stage_id IN (SELECT id FROM ntm_exemplar_stage WHERE locks_dossier) "
        "OR id IN (SELECT exemplar_id FROM ntm_council_result))"
    )
    cr.execute(
        "UPDATE ntm_council_result SET council_round = 1 WHERE council_round IS NULL"
    )

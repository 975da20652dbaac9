from . import ntm_exemplar_import
from . import ntm_exemplar_return_wizard
from . import ntm_top_five_wizard
from . import ntm_top_five_wizard_line
from . import ntm_reward_decision_wizard
from . import ntm_plan_wizard
from . import ntm_publication_consent_wizard
from . import ntm_reward_certificate_revoke_wizard

from . import ntm_unit
from . import ntm_exemplar
from . import ntm_exemplar_category
from . import ntm_exemplar_stage
from . import ntm_criterion
from . import ntm_exemplar_criterion_line
from . import res_users
from . import res_config_settings

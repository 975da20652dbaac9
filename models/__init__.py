from . import ntm_unit
from . import ntm_exemplar
from . import res_users

from . import test_i18n
from . import test_install
from . import test_ntm_exemplar
from . import test_ntm_unit
from . import test_performance
from . import test_record_rules
from . import test_rpc_access

from . import ntm_exemplar_return_wizard

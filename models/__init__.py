from . import ntm_exemplar

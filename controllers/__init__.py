from . import honour_board
from . import nomination
from . import certificate

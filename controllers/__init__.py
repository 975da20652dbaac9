from . import honour_board

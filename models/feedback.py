"""What a button returns once its act is done: Odoo shows the message, then
runs act_window_close, which reloads the form the button was on (or closes
the wizard it was in)."""


def done(message, title=None):
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": {
            "type": "success",
            "title": title,
            "message": message,
            "next": {"type": "ir.actions.act_window_close"},
        },
    }

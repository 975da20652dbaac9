"""What a button returns once its act is done: Odoo shows the message, then
runs the next action; act_window_close by default, which reloads the form the
button was on (or closes the wizard it was in)."""


def done(message, title=None, kind="success", next_action=None):
    """Odoo's notification `message` (of `kind`: success, warning...), then
    `next_action` (act_window_close by default)."""
    params = {
        "type": kind,
        "message": message,
        "next": next_action or {"type": "ir.actions.act_window_close"},
    }
    if title:
        params["title"] = title
    return {
        "type": "ir.actions.client",
        "tag": "display_notification",
        "params": params,
    }

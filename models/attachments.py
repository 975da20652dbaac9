"""Files uploaded through a many2many_binary field are created before the
record they document is saved: they arrive with no record (res_id 0)."""


def bind_loose_attachments(attachments, uploaded_on, record):
    """Bind the `attachments` uploaded on model `uploaded_on` and not yet tied
    to a record to `record`, so that they are read and deleted under its
    access rules. Files already tied to a record are left alone."""
    loose = attachments.filtered(
        lambda a: not a.res_id and a.res_model in (False, uploaded_on)
    )
    if loose:
        loose.write({"res_model": record._name, "res_id": record.id})

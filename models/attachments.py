"""Files uploaded through a many2many_binary field are created before the
record they document is saved: they arrive with no record (res_id 0)."""

from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

# What evidence may be: PDF, images and office documents, judged by the
# file's content (an executable renamed .pdf is refused).
ALLOWED_MIMETYPES = (
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/bmp",
    "image/tiff",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
)


def check_allowed_files(attachments):
    """Refuse files whose content is not in the allow-list."""
    for attachment in attachments.sudo():
        if attachment.type != "binary":
            continue
        mimetype = guess_mimetype(attachment.raw or b"")
        if mimetype not in ALLOWED_MIMETYPES:
            raise UserError(
                attachments.env._(
                    "%(file)s is not an accepted file: evidence is a PDF, an image "
                    "or an office document (its content says %(type)s).",
                    file=attachment.name,
                    type=mimetype,
                )
            )


def bind_loose_attachments(attachments, uploaded_on, record):
    """Bind the `attachments` uploaded on model `uploaded_on` and not yet tied
    to a record to `record`, so that they are read and deleted under its
    access rules. Files already tied to a record are left alone."""
    loose = attachments.filtered(
        lambda a: not a.res_id and a.res_model in (False, uploaded_on)
    )
    if loose:
        check_allowed_files(loose)
        loose.write({"res_model": record._name, "res_id": record.id})

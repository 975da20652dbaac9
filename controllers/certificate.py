"""The page a certificate's QR code opens: valid or revoked, and by which
decision. Nothing else of the certificate, its holder or its dossier."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .honour_board import PageMeta, use_vietnamese

VERIFY = "/dien-hinh/xac-minh"


class CertificateVerification(http.Controller):
    @http.route(
        f"{VERIFY}/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def verify(self, token, **kwargs):
        use_vietnamese()
        certificate = request.env["ntm.reward.certificate"]._find_by_token(token)
        if not certificate:
            raise NotFound()
        title = request.env._("Certificate check")
        return request.render(
            "ntm_exemplar.reward_certificate_verification",
            {
                "check": certificate._public_status(),
                "additional_title": title,
                "seo_object": PageMeta(
                    title,
                    request.env._("Whether a reward certificate is valid."),
                    request.website.get_base_url() + f"{VERIFY}/{token}",
                ),
            },
        )

"""Citizens' proposals: /dien-hinh/de-xuat and the proposer's status page.

The form writes only through ntm.citizen.nomination's `_submit` (which
checks everything first and writes nothing on a refusal); the status page
shows the receipt number and one of four states."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from .honour_board import PageMeta, use_vietnamese

FORM_URL = "/dien-hinh/de-xuat"
# The hidden field a person never fills in (it is out of sight); a robot
# filling every field gives itself away.
HONEYPOT = "homepage"
FIELDS = (
    "nominee_kind",
    "nominee_name",
    "commune_id",
    "description",
    "proposer_name",
    "proposer_phone",
    "consent",
)


class CitizenNomination(http.Controller):
    def _render_form(self, values=None, errors=None, status=200, refusal=None):
        Nomination = request.env["ntm.citizen.nomination"]
        _limit, max_kb = Nomination._settings()
        title = request.env._("Propose an exemplar")
        return request.render(
            "ntm_exemplar.citizen_nomination_form",
            {
                "communes": [(u.id, u.name) for u in Nomination._communes()],
                "values": values or {},
                "errors": errors or {},
                "refusal": refusal,
                # 5120 KB -> "5", 1536 KB -> "1,5" (Vietnamese decimals).
                "max_mb": f"{round(max_kb / 1024, 1):g}".replace(".", ","),
                "honeypot": HONEYPOT,
                "seo_object": PageMeta(
                    title,
                    request.env._(
                        "Tell your commune about a person, a household or a "
                        "collective that sets an example."
                    ),
                    request.website.get_base_url() + FORM_URL,
                ),
                "additional_title": title,
            },
            status=status,
        )

    @http.route(
        FORM_URL,
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=True,
    )
    def form(self, **kwargs):
        use_vietnamese()
        return self._render_form()

    @http.route(
        FORM_URL,
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        sitemap=False,
    )
    def submit(self, **post):
        use_vietnamese()
        values = {name: post.get(name, "") for name in FIELDS}
        if post.get(HONEYPOT):
            return self._render_form(
                values,
                status=400,
                refusal=request.env._("The proposal could not be sent."),
            )
        uploads = [
            (upload.filename or "", upload.read())
            for upload in request.httprequest.files.getlist("photos")
        ]
        nomination, errors, limited = request.env["ntm.citizen.nomination"]._submit(
            post, uploads, request.httprequest.remote_addr
        )
        if limited:
            return self._render_form(
                values,
                status=429,
                refusal=request.env._(
                    "Many proposals were sent from your connection in the past hour: "
                    "please try again later."
                ),
            )
        if errors:
            return self._render_form(values, errors, status=400)
        return request.redirect(f"{FORM_URL}/{nomination.token}?moi=1", code=303)

    @http.route(
        f"{FORM_URL}/<string:token>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def status(self, token, moi=None, **kwargs):
        use_vietnamese()
        nomination = request.env["ntm.citizen.nomination"]._find_by_token(token)
        if not nomination:
            raise NotFound()
        labels = dict(nomination._fields["status"]._description_selection(request.env))
        title = request.env._("Proposal %(number)s", number=nomination.name)
        return request.render(
            "ntm_exemplar.citizen_nomination_status",
            {
                "receipt": nomination.name,
                "status": nomination.status,
                "status_label": labels[nomination.status],
                "just_sent": bool(moi),
                "additional_title": title,
                "seo_object": PageMeta(
                    title,
                    request.env._("The state of a citizen's proposal."),
                    request.website.get_base_url() + FORM_URL,
                ),
            },
        )

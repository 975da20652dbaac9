"""The public honour board: /dien-hinh, a story per exemplar, a page per unit.

Anonymous visitors have no right on the addon's records. Every read here goes
through the publication model's `_public_card` / `_public_story` (sudo there,
on published pages only), and the templates receive those plain values, never
a record: an internal field cannot reach a public page."""

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

PER_PAGE = 12
BOARD = "/dien-hinh"


def use_vietnamese():
    """Pages for citizens are in Vietnamese, whatever the visitor's browser
    asks (as the printed documents are)."""
    if request.env["res.lang"]._lang_get("vi_VN"):
        request.update_context(lang="vi_VN")


def as_int(value):
    """A query parameter as a positive whole number, or None."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number > 0 else None


class PageMeta:
    """What the website layout reads from `seo_object` for the page's <head>:
    the Open Graph and Twitter tags a share on Zalo or Facebook shows (title,
    description, photo). Not a record, so the layout reads nothing else."""

    def __init__(self, title, description, url, image=None, kind="website"):
        self.title = title
        self.description = description
        self.url = url
        self.image = image
        self.kind = kind

    def __contains__(self, name):
        return False

    def __repr__(self):
        # The layout prints it in an attribute of <html>.
        return "PageMeta()"

    def get_website_meta(self):
        website = request.website
        image = self.image or website.image_url(website, "logo")
        if image.startswith("/"):
            image = website.get_base_url() + image
        opengraph = {
            "og:type": self.kind,
            "og:title": self.title,
            "og:description": self.description,
            "og:site_name": website.name,
            "og:url": self.url,
            "og:image": image,
            "og:locale": "vi_VN",
        }
        twitter = {
            "twitter:card": "summary_large_image",
            "twitter:title": self.title,
            "twitter:description": self.description,
            "twitter:image": image,
        }
        return {
            "opengraph_meta": opengraph,
            "twitter_meta": twitter,
            "meta_description": self.description,
        }


def sitemap_stories(env, rule, qs):
    """The published stories, in the website's sitemap. sudo: published
    pages are public; only their addresses are listed."""
    Publication = env["ntm.exemplar.publication"].sudo()
    for page in Publication.search(Publication._published_domain()):
        url = f"{BOARD}/{page.slug}"
        if not qs or qs.lower() in url:
            yield {"loc": url}


class HonourBoard(http.Controller):
    def _publications(self):
        # sudo: anonymous visitors read published pages only, each through
        # _public_card; the domain below is the only one searched.
        return request.env["ntm.exemplar.publication"].sudo()

    def _listing(self, base_url, domain, page, url_args):
        Publication = self._publications()
        domain = [*Publication._published_domain(), *domain]
        total = Publication.search_count(domain)
        pager = request.website.pager(
            url=base_url, total=total, page=page, step=PER_PAGE, url_args=url_args
        )
        pages = Publication.search(
            domain,
            limit=PER_PAGE,
            offset=pager["offset"],
            order="published_date desc, id desc",
        )
        return {
            "cards": [page._public_card() for page in pages],
            "pager": pager,
            "total": total,
        }

    def _filters(self, domain=()):
        """The units and years a visitor can filter by: those of the
        published pages."""
        Publication = self._publications()
        published = Publication.search([*Publication._published_domain(), *domain])
        units = published.unit_id.sorted("name")
        years = sorted(set(published.mapped("exemplar_id.year")), reverse=True)
        return [(unit.id, unit.name) for unit in units], years

    @http.route(
        [BOARD, f"{BOARD}/page/<int:page>"],
        type="http",
        auth="public",
        website=True,
        sitemap=True,
    )
    def board(self, page=1, don_vi=None, nam=None, **kwargs):
        use_vietnamese()
        unit_id, year = as_int(don_vi), as_int(nam)
        domain, url_args = [], {}
        if unit_id:
            domain.append(("unit_id", "child_of", unit_id))
            url_args["don_vi"] = unit_id
        if year:
            domain.append(("exemplar_id.year", "=", year))
            url_args["nam"] = year
        units, years = self._filters()
        values = self._listing(BOARD, domain, page, url_args)
        title = request.env._("Exemplars of the new rural movement")
        values.update(
            units=units,
            years=years,
            unit_id=unit_id,
            year=year,
            seo_object=PageMeta(
                title,
                request.env._(
                    "The advanced exemplars of the movement 'Toàn dân chung sức xây "
                    "dựng nông thôn mới', recognised by their communes and wards."
                ),
                request.website.get_base_url() + BOARD,
            ),
            additional_title=title,
        )
        return request.render("ntm_exemplar.honour_board", values)

    @http.route(
        [
            f"{BOARD}/don-vi/<string:unit_slug>",
            f"{BOARD}/don-vi/<string:unit_slug>/page/<int:page>",
        ],
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def unit_board(self, unit_slug, page=1, nam=None, **kwargs):
        """A unit's exemplars (and those of the units it took over): the page
        a commune links from its own portal."""
        use_vietnamese()
        _name, unit_id = request.env["ir.http"]._unslug(unit_slug)
        # sudo: administrative units are public facts (name, parent); only
        # the name is shown.
        unit = request.env["ntm.unit"].sudo().browse(unit_id or 0).exists()
        if not unit:
            raise NotFound()
        Publication = self._publications()
        canonical = Publication._unit_url(unit)
        if f"{BOARD}/don-vi/{unit_slug}" != canonical:
            return request.redirect(canonical, code=301)
        year = as_int(nam)
        domain = [("unit_id", "child_of", unit.id)]
        url_args = {}
        if year:
            domain.append(("exemplar_id.year", "=", year))
            url_args["nam"] = year
        _units, years = self._filters([("unit_id", "child_of", unit.id)])
        values = self._listing(canonical, domain, page, url_args)
        title = request.env._("Exemplars of %(unit)s", unit=unit.name)
        values.update(
            unit_name=unit.name,
            unit_url=canonical,
            years=years,
            year=year,
            seo_object=PageMeta(
                title,
                request.env._(
                    "The advanced exemplars recognised in %(unit)s.", unit=unit.name
                ),
                request.website.get_base_url() + canonical,
            ),
            additional_title=title,
        )
        return request.render("ntm_exemplar.honour_board_unit", values)

    @http.route(
        f"{BOARD}/<string:slug>",
        type="http",
        auth="public",
        website=True,
        sitemap=sitemap_stories,
    )
    def story(self, slug, **kwargs):
        use_vietnamese()
        publication = self._publications()._find_published(slug)
        if not publication:
            raise NotFound()
        story = publication._public_story()
        values = {
            "story": story,
            "seo_object": PageMeta(
                story["title"],
                story["excerpt"],
                story["full_url"],
                story["og_image"],
                kind="article",
            ),
            "additional_title": story["title"],
        }
        return request.render("ntm_exemplar.honour_board_story", values)

"""What every benchmark script shares: its command line and an Odoo
environment on the benchmark database (scripts run from bench/, so this
module is importable by name)."""

import argparse
import contextlib

import odoo
from odoo import SUPERUSER_ID, api


def parse_args(description, **options):
    """-c/--config and -d/--database, plus `options` as name=(type, default)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    for name, (kind, default) in options.items():
        parser.add_argument(f"--{name}", type=kind, default=default)
    return parser.parse_args()


@contextlib.contextmanager
def superuser_env(args):
    """A superuser environment on the database; rolled back unless the
    script commits."""
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
        cr.rollback()

"""`make test` proves the demo server answers: it serves the test database
exactly as `make demo` serves `ntm_demo` (tools/ntmctl.py serve) and asks for
/web/login. Not an Odoo test case: Odoo's own runner never imports it."""

import os
import subprocess
import sys

import pytest


def test_demo_server_answers_web_login():
    ctl, db = os.environ.get("NTM_CTL"), os.environ.get("NTM_TEST_DB")
    if not (ctl and db):
        pytest.skip("run through `make test`, which sets NTM_CTL and NTM_TEST_DB")
    res = subprocess.run(
        [sys.executable, ctl, "smoke", "--db", db],
        check=False,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    assert "/web/login answered 200" in res.stdout

"""`make lab`: Jupyter serves the notebooks. Started headless as the Makefile starts it, asked
for the student notebook through its API, stopped."""
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def lab_recipe():
    """The command `make lab` runs, from the Makefile (``$(PY)`` is the venv's python)."""
    text = open(os.path.join(ROOT, 'Makefile')).read()
    return re.search(r'^lab:.*\n\t\$\(PY\) (.*) \$\(ALLOW_ROOT\) \$\(LAB_OPTIONS\)$', text,
                     re.MULTILINE).group(1)


def get(url, deadline):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status, json.loads(response.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def test_make_lab_serves_the_student_notebook(tmp_path):
    pytest.importorskip('jupyterlab', reason='JupyterLab is not installed (make test installs it)')
    assert lab_recipe() == '-m jupyter lab --notebook-dir=notebooks'
    port, token = free_port(), secrets.token_hex(16)
    command = [sys.executable] + lab_recipe().split() + [
        '--no-browser', '--ip=127.0.0.1', '--port=%d' % port, '--ServerApp.token=%s' % token,
        '--ServerApp.port_retries=0'] + (['--allow-root'] if os.geteuid() == 0 else [])
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, env=dict(os.environ, HOME=str(tmp_path)))
    try:
        status, model = get('http://127.0.0.1:%d/api/contents/cae_student.ipynb?token=%s'
                            % (port, token), time.monotonic() + 120)
        assert status == 200 and model['type'] == 'notebook'
        assert model['name'] == 'cae_student.ipynb'
        assert any('check(1, globals())' in ''.join(c['source'])
                   for c in model['content']['cells'])
    finally:
        server.terminate()
        server.wait(timeout=30)

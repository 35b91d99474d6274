"""A student's first steps, in a real browser: JupyterLab on the release's student folder, in the
students' environment (the hand-out installed as pip installs it, its JupyterLab settings among
it), the import cell run, part (1) typed into the page's editor, run and checked."""
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

from browser import browser_page, needs_browser, screenshot
from cae_tf import release
from cae_tf.release import wheel
from cae_tf.grading.kernel import package_paths

pytestmark = [pytest.mark.slow, needs_browser]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NEWS_SETTING = '@jupyterlab/apputils-extension:notification'
PART1 = '''from cae_tf.handout import input_data
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)
train_imgs, train_labels = mnist.train.images, mnist.train.labels
test_imgs, test_labels = mnist.test.images, mnist.test.labels
n_train, n_test = train_imgs.shape[0], test_imgs.shape[0]
print("The number of training images : {}, shape : {}".format(n_train, train_imgs.shape))
'''


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def wait_for(url, deadline):
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


@pytest.fixture(scope='module')
def students_lab(tmp_path_factory):
    """JupyterLab serving a release's student folder; the hand-out's wheel installed with pip (no
    dependencies: the project's are on the kernel's path) under a prefix of its own, the kernel
    started without site hooks so that it imports the hand-out's ``cae_tf``, not the staff's."""
    base = tmp_path_factory.mktemp('lab')
    student, _ = release.release(str(base / 'release'))
    prefix = base / 'students-env'
    subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet', '--no-deps',
                    '--disable-pip-version-check', '--no-index', '--prefix', str(prefix),
                    os.path.join(student, wheel.WHEEL)], check=True, timeout=300,
                   capture_output=True)
    site = next(str(p) for p in prefix.glob('lib/python*/site-packages'))
    settings = prefix / 'share' / 'jupyter' / 'lab' / 'settings'
    # where pip put the hand-out's settings: a file of their own beside a site's overrides.json
    assert (settings / 'overrides.d' / 'cae_tf_handout.json').is_file()
    kernels = base / 'jupyter' / 'kernels' / 'python3'
    kernels.mkdir(parents=True)
    (kernels / 'kernel.json').write_text(json.dumps({
        'argv': [sys.executable, '-S', '-m', 'ipykernel_launcher', '-f', '{connection_file}'],
        'display_name': 'Python 3', 'language': 'python',
        'env': {'PYTHONPATH': os.pathsep.join([site] + package_paths())}}))
    port, token = free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST', 'TF_'))}
    env.update(HOME=str(base), JUPYTER_PATH=str(base / 'jupyter'),
               JUPYTER_CONFIG_DIR=str(base / 'config'), JUPYTER_DATA_DIR=str(base / 'data'))
    server = subprocess.Popen(
        [sys.executable, '-m', 'jupyter', 'lab', 'cae_student.ipynb', '--no-browser',
         '--ip=127.0.0.1', '--port=%d' % port, '--ServerApp.token=%s' % token,
         '--ServerApp.port_retries=0', '--LabApp.app_settings_dir=%s' % settings]
        + (['--allow-root'] if os.geteuid() == 0 else []),
        cwd=student, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = 'http://127.0.0.1:%d' % port
        wait_for('%s/api/status?token=%s' % (url, token), time.monotonic() + 120)
        yield url, token, student
    finally:
        server.terminate()
        server.wait(timeout=30)


def code_cell(page, index):
    """The notebook's ``index``-th code cell in the page."""
    return page.locator('.jp-Notebook .jp-CodeCell').nth(index)


def run_cell(page, cell, text=None, timeout=180):
    """Click into ``cell``'s editor, replace its text when ``text`` is given, run it with
    Shift+Enter and wait until its prompt shows an execution count."""
    cell.locator('.cm-content').click()
    if text is not None:
        page.keyboard.press('Control+A')
        page.keyboard.insert_text(text)
    page.keyboard.press('Shift+Enter')
    cell.locator('.jp-InputPrompt', has_text=re.compile(r'\[\d+\]')).wait_for(timeout=timeout
                                                                                * 1000)


def test_a_student_runs_the_import_cell_and_checks_part_1_in_jupyterlab(students_lab):
    url, token, _ = students_lab
    with browser_page() as page:
        page.goto('%s/lab/tree/cae_student.ipynb?token=%s' % (url, token))
        page.locator('.jp-Notebook .jp-CodeCell').first.wait_for(timeout=120000)
        page.locator('#jp-main-statusbar', has_text='Idle').wait_for(timeout=120000)
        time.sleep(3)  # JupyterLab asks about its news a moment after it has loaded
        assert page.get_by_text('official Jupyter news').count() == 0
        imports = code_cell(page, 0)
        run_cell(page, imports)
        run_cell(page, code_cell(page, 1), PART1)
        run_cell(page, code_cell(page, 2))  # check(1, globals())
        report = code_cell(page, 2).locator('.jp-OutputArea-output')
        report.first.wait_for(timeout=60000)
        shot = screenshot(page, 'jupyterlab_part1')
        assert re.match(r'Part 1: (\d+) of \1 checks passed\.', report.first.inner_text()), \
            report.first.inner_text()
        assert 'The number of training images : 55000' in code_cell(page, 1).inner_text()
        # nothing in error colours (stderr, errors) under the import cell
        assert imports.locator('.jp-OutputArea-output').count() == 0, \
            imports.locator('.jp-OutputArea').inner_text()
        # The control: with the setting back at JupyterLab's default ("ask"), the pop-up shows.
        request = urllib.request.Request(
            '%s/lab/api/settings/%s' % (url, NEWS_SETTING), method='PUT',
            data=json.dumps({'raw': json.dumps({'fetchNews': 'none'})}).encode(),
            headers={'Authorization': 'token ' + token, 'Content-Type': 'application/json'})
        urllib.request.urlopen(request, timeout=30).close()
        page.reload()
        page.get_by_text('official Jupyter news').first.wait_for(timeout=60000)
    assert os.path.getsize(shot) > 10000

"""The Gradescope autograder bundle, after Gradescope's published specification
(gradescope-autograders.readthedocs.io, "Autograder Specifications").

The zip holds ``setup.sh`` (run once on their Ubuntu image: installs Python, bubblewrap and this
project from the copy in the zip), ``run_autograder`` (run per submission: the grader's
:mod:`cae_tf.grading.gradescope`) and ``project/``.
"""
import os
import zipfile

from cae_tf.grading.gradescope import ROOT_VARIABLE
from cae_tf.grading.sandbox import KERNEL_USERS

PROJECT_FILES = ('pyproject.toml', 'README.md', 'cae_tf')

KERNEL_USER = KERNEL_USERS[0]  # the grader's first choice of user: setup.sh makes it
SETUP_SH = '''#!/usr/bin/env bash
# Gradescope runs this once, as root, on its Ubuntu image (the autograder specification).
set -euo pipefail
apt-get install -y python3 python3-pip python3-venv bubblewrap
python3 -m venv /autograder/venv
/autograder/venv/bin/pip install --quiet /autograder/source/project
# Submissions run as this unprivileged user: it may read the interpreter and its packages, never
# write them, and never read the grader's copy of the project (which holds the answer key).
id -u %(user)s >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin %(user)s
chown -R root:root /autograder/source /autograder/venv
chmod -R go-w /autograder/source /autograder/venv
chmod 0700 /autograder/source
chmod 0700 /autograder/venv/lib/python3*/site-packages/cae_tf
''' % {'user': KERNEL_USER}
RUN_AUTOGRADER = '''#!/usr/bin/env bash
# Gradescope runs this for each submission; it writes /autograder/results/results.json.
ROOT="${%s:-/autograder}"
PYTHON="${CAE_TF_PYTHON:-$ROOT/venv/bin/python}"
exec "$PYTHON" -m cae_tf.grading.gradescope run --root "$ROOT"
''' % ROOT_VARIABLE


def write_bundle(zip_path, project_root):
    """Write the autograder zip: setup.sh, run_autograder and the project (its package)."""
    with zipfile.ZipFile(zip_path, 'w', zipfile.ZIP_DEFLATED) as bundle:
        for name, text in (('setup.sh', SETUP_SH), ('run_autograder', RUN_AUTOGRADER)):
            info = zipfile.ZipInfo(name, date_time=(2020, 5, 5, 0, 0, 0))
            info.external_attr = 0o755 << 16  # executable, as the specification asks
            bundle.writestr(info, text)
        for name in PROJECT_FILES:
            _add(bundle, os.path.join(project_root, name), 'project/' + name)
    return zip_path


def _add(bundle, path, arcname):
    if os.path.isfile(path):
        bundle.write(path, arcname)
        return
    for base, folders, names in os.walk(path):
        folders[:] = [f for f in folders if f != '__pycache__' and not f.endswith('.egg-info')]
        for name in sorted(names):
            full = os.path.join(base, name)
            bundle.write(full, os.path.join(arcname, os.path.relpath(full, path)))

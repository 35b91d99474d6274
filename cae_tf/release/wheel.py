"""The hand-out as a wheel (PEP 427), written directly: installing it builds nothing and fetches
no build tool, it uploads to Colab as one file, and the same sources give the same bytes.

What students install needs only what the hand-out imports; Jupyter comes with the ``lab`` extra,
for those who have none (Colab and hubs bring their own, pinned: the wheel must not move them).
"""
import base64
import hashlib
import os
import zipfile

NAME = 'cae_tf_handout'
VERSION = '0.1.0'
WHEEL = '%s-%s-py3-none-any.whl' % (NAME, VERSION)
SUMMARY = ('Hand-out of the CAE homework (POSTECH HW06): MNIST, the tf.compat.v1 switch, helpers, '
           'public checks')
# TensorFlow has wheels for Python 3.10-3.13 (2.16: 3.9-3.12; 2.20 and 2.21: 3.9/3.10-3.13; none
# for 3.14 yet): outside the range pip says so, naming the student's Python, instead of "no
# matching distribution found for tensorflow".
REQUIRES_PYTHON = '>=3.10,<3.14'
# Floors tested (tests/test_places.py installs exactly these releases); no ceiling: a newer
# TensorFlow (Colab's next) gets a one-line notice at import (handout.environment), not a
# downgrade.
REQUIREMENTS = ('tensorflow>=2.16', 'numpy>=1.26', 'matplotlib>=3.8')
# ipykernel 6.17.1 is Colab's (pinned by google-colab); the grader's tests run the notebook on it.
EXTRAS = {'lab': ('jupyterlab>=4', 'ipykernel>=6.17')}
# JupyterLab's settings (no "official Jupyter news?" pop-up, no update check) as a file of the
# overrides.d folder, which JupyterLab reads before a site's own overrides.json: the site's file
# is never written and its choices win.
SETTINGS = ('share/jupyter/lab/settings/overrides.d/%s.json' % NAME,
            'cae_tf/handout/jupyterlab/overrides.json')
_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can hold: no build time in the bytes


def metadata():
    """The wheel's METADATA text (core metadata 2.1)."""
    lines = ['Metadata-Version: 2.1', 'Name: %s' % NAME, 'Version: %s' % VERSION,
             'Summary: %s' % SUMMARY, 'Requires-Python: %s' % REQUIRES_PYTHON]
    lines += ['Requires-Dist: %s' % r for r in REQUIREMENTS]
    for extra, requirements in EXTRAS.items():
        lines.append('Provides-Extra: %s' % extra)
        lines += ['Requires-Dist: %s; extra == "%s"' % (r, extra) for r in requirements]
    return '\n'.join(lines) + '\n'


def _package_files(package_root):
    """``(path in the wheel, file)`` for each file of ``package_root/cae_tf``, sorted."""
    found = []
    for base, folders, names in os.walk(os.path.join(package_root, 'cae_tf')):
        folders[:] = sorted(f for f in folders if f != '__pycache__')
        for name in sorted(names):
            if not name.endswith('.pyc'):
                path = os.path.join(base, name)
                found.append((os.path.relpath(path, package_root).replace(os.sep, '/'), path))
    return found


def _record_line(arcname, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()
    return '%s,sha256=%s,%d' % (arcname, digest, len(data))


def write_wheel(package_root, out_dir):
    """Write the hand-out wheel of ``package_root`` (a folder holding ``cae_tf/``, as
    :func:`cae_tf.student_package.write_student_package` writes it) into ``out_dir``; return
    its path. Refuses to write over an existing file."""
    path = os.path.join(out_dir, WHEEL)
    dist_info = '%s-%s.dist-info' % (NAME, VERSION)
    entries = [(arc, open_bytes(file)) for arc, file in _package_files(package_root)]
    entries.append(('%s-%s.data/data/%s' % (NAME, VERSION, SETTINGS[0]),
                    open_bytes(os.path.join(package_root, SETTINGS[1]))))
    entries.append((dist_info + '/METADATA', metadata().encode()))
    entries.append((dist_info + '/WHEEL', ('Wheel-Version: 1.0\nGenerator: cae_tf.release\n'
                                           'Root-Is-Purelib: true\nTag: py3-none-any\n').encode()))
    record = '\n'.join([_record_line(a, d) for a, d in entries] + [dist_info + '/RECORD,,', ''])
    entries.append((dist_info + '/RECORD', record.encode()))
    with zipfile.ZipFile(path, 'x', zipfile.ZIP_DEFLATED) as wheel:
        for arcname, data in entries:
            info = zipfile.ZipInfo(arcname, _DATE)
            info.external_attr = 0o644 << 16
            # MNIST and the public data are compressed already
            info.compress_type = (zipfile.ZIP_STORED if arcname.endswith(('.gz', '.npz'))
                                  else zipfile.ZIP_DEFLATED)
            wheel.writestr(info, data)
    return path


def open_bytes(path):
    """The content of the file ``path``."""
    with open(path, 'rb') as f:
        return f.read()

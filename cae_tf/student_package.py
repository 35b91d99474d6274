"""The hand-out package students install: ``cae_tf/handout`` under a ``cae_tf`` of its own, so the
notebook's imports are the same in the students' environment and the staff's.

A leaf: the release writes it into the hand-out, the grader once per batch as the students'
environment of every submission's kernel.
"""
import os
import shutil

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
PROJECT_ROOT = os.path.dirname(PACKAGE_DIR)
HANDOUT_DIR = os.path.join(PACKAGE_DIR, 'handout')
# The package's own __init__ (it holds ``from cae_tf import input_data``, the README's drop-in).
PACKAGE_INIT = os.path.join(PACKAGE_DIR, '__init__.py')


def write_student_package(dest):
    """Write the hand-out package into ``dest``; return ``dest``.

    ``dest`` gets ``cae_tf/`` holding only ``cae_tf/handout``: nothing of the solution, the
    grader or the evaluation. The release makes a wheel of it (:mod:`cae_tf.release.wheel`).
    """
    package = os.path.join(dest, 'cae_tf')
    if os.path.exists(package):
        shutil.rmtree(package)
    shutil.copytree(HANDOUT_DIR, os.path.join(package, 'handout'),
                    ignore=shutil.ignore_patterns('__pycache__', '*.pyc'))
    shutil.copyfile(PACKAGE_INIT, os.path.join(package, '__init__.py'))
    return dest

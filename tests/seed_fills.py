"""The seed's own solution code, cut to fit the student notebook's blanks (issue: hand-out):
``SEED_FILLS[i]`` replaces the i-th ``# your code here`` blank of ``cae_student.ipynb``, in order.

One source with the demo's class: :func:`cae_tf.demo.handins.seed_fills` cuts them from the 2020
solution's cells (its two named changes: ``batch_norm_flat`` normalises ``batch_flat``, and part
(9)'s loop keeps each image in ``fake_images``).
"""
from cae_tf.demo.handins import seed_fills
from handin_fill import fill_blanks

SEED_FILLS = seed_fills()


def filled_student_notebook(student_path):
    """Return the student notebook with each blank replaced by the seed's code for it."""
    return fill_blanks(student_path, SEED_FILLS)

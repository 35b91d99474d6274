"""The seed's own solution code, cut to fit the student notebook's blanks (issue: hand-out).

``SEED_FILLS[i]`` replaces the i-th ``# your code here`` blank of ``cae_student.ipynb``, in order.
Each is the seed's solution lines for that blank (``tests/seed_submission.SEED_CELLS``); two
changes, both named: ``batch_norm_flat`` normalises ``batch_flat`` (the seed's ``batch_image`` is
undefined), and part (9)'s loop keeps each image in ``fake_images``, which the given plot shows.
"""
from handin_fill import fill_blanks
from seed_submission import SEED_CELLS


def _after(part, marker):
    return SEED_CELLS[part].split(marker, 1)[1].strip('\n')


def _between(part, start, end):
    return SEED_CELLS[part].split(start, 1)[1].split(end, 1)[0].strip('\n')


SEED_FILLS = [
    _between(1, 'one_hot=True)\n', '\nprint'),                                      # (1)
    _after(2, '# Solution\n'),                                                      # (2)
    _after(3, '# solution\n').replace('batch_image', 'batch_flat'),                 # (3)
    _after(4, '# solution\n'),                                                      # (4)
    _between(5, '# solution\n', '\nplt.figure'),                                    # (5)
    _after(6, '# solution\n'),                                                      # (6)
    _after(7, '# solution\n'),                                                      # (7)
    _after(8, '# solution\n'),                                                      # (8)
    'new_data = np.array([[-4, 3]])',                                               # (9) point
    'fake_images = []\nfor i in range(10):\n'                                       # (9) decode
    '    feed = {latent_input: new_data, y: np.eye(10, dtype=np.float32)[i:i+1]}\n'
    '    fake_image = sess.run(reconst, feed_dict = feed)\n'
    '    fake_images.append(fake_image)',
    _between(10, '# solution\n', '\n\n    plt.imshow'),                               # (10)
]


def filled_student_notebook(student_path):
    """Return the student notebook with each blank replaced by the seed's code for it."""
    return fill_blanks(student_path, SEED_FILLS)

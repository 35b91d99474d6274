"""Where a hand-in came from: ``python -m cae_tf similarity HAND-INS --out DIR``.

Only what students wrote is compared (:mod:`.code`: the template's lines removed), as normalised
token fingerprints (:mod:`.fingerprint`). Two reports:

- **the 2020 solution**: the share of a hand-in's fingerprints found in the published solution
  (``data/solution_2020.txt``), once the template's own k-grams are taken out;
- **pairs**: the share of one hand-in's fingerprints found in the other, both ways, once
  fingerprints that most of the class shares are taken out (MOSS's ``-m``: code every answer
  has is no sign of copying).

A hand-in is flagged at :data:`SEED_THRESHOLD`, a pair at :data:`PAIR_THRESHOLD`, both from
measurements on correct hand-ins written independently (``tests/handins``; README, "Where a
hand-in came from"). A hand-in of fewer than :data:`MIN_FINGERPRINTS` fingerprints of its own is
too short to say anything about. The report never touches grades. The printed outputs of
notebooks are not compared: ``reset_graph(seed=1)`` makes honest hand-ins print the same losses.
"""
import collections
import itertools
import os

from cae_tf.grading import rows
from cae_tf.grading.submission import read_submission
from cae_tf.similarity import code, pages
from cae_tf.similarity.fingerprint import Fingerprints

SEED_THRESHOLD = 0.5
PAIR_THRESHOLD = 0.5
MIN_FINGERPRINTS = 10
COMMON_SHARE = 0.5  # a k-gram in more than this share of the hand-ins is common...
COMMON_CLASS = 10  # ...in a class of 10 or more

Handin = collections.namedtuple('Handin', 'name path lines prints')
Match = collections.namedtuple('Match', 'left right score_left score_right lines_left '
                               'lines_right')


def read_handins(paths, template_lines):
    """``([Handin], [(path, why it was not read)])``."""
    handins, unread = [], []
    for path in paths:
        try:
            lines = code.student_lines(read_submission(path), template_lines)
        except (OSError, ValueError) as e:
            unread.append((path, str(e)))
            continue
        handins.append(Handin(rows.submission_name(path), path, dict(lines),
                              Fingerprints(lines)))
    return handins, unread


def common_kgrams(handins):
    """The k-grams in more than COMMON_SHARE of the hand-ins, in a class of COMMON_CLASS or more
    (in a smaller one, a ring of three copies would be half the class: nothing is common)."""
    if len(handins) < COMMON_CLASS:
        return set()
    counts = collections.Counter(h for handin in handins for h in handin.prints.every)
    least = int(COMMON_SHARE * len(handins)) + 1
    return {h for h, count in counts.items() if count >= least}


def _share(own, other):
    """The share of ``own`` hashes in ``other.every``; None when ``own`` is too small to
    judge."""
    if len(own) < MIN_FINGERPRINTS:
        return None
    return len(own & other.every) / len(own)


def compare(left, right, ignored):
    """The Match of ``left`` and ``right`` (Handins), leaving out the ``ignored`` hashes."""
    shared = (left.prints.every & right.prints.every) - ignored
    return Match(left, right, _share(left.prints.chosen - ignored, right.prints),
                 _share(right.prints.chosen - ignored, left.prints),
                 left.prints.lines(shared), right.prints.lines(shared))


def flagged(match, threshold, both_ways=True):
    """Whether ``match`` reaches ``threshold``: the left hand-in's share, or (``both_ways``)
    either side's."""
    scores = (match.score_left, match.score_right) if both_ways else (match.score_left,)
    scores = [s for s in scores if s is not None]
    return bool(scores) and max(scores) >= threshold


def seed_handin(path=code.SOLUTION_2020):
    """The 2020 solution as a Handin."""
    lines = code.text_lines(path)
    return Handin('2020 solution', path, dict(lines), Fingerprints(lines))


def analyse(handins, template_lines, seed_path=code.SOLUTION_2020):
    """``(seed matches, pair matches)``: every hand-in against the 2020 solution, every pair."""
    template = Fingerprints(template_lines).every
    seed = seed_handin(seed_path)
    common = common_kgrams(handins) | template
    against_seed = [compare(h, seed, template) for h in handins]
    pairs = [compare(a, b, common) for a, b in itertools.combinations(handins, 2)]
    return against_seed, pairs


def report(paths, out_dir, template_path=None):
    """Compare the hand-ins ``paths``; write ``out_dir/index.html``, ``similarity.csv`` and a
    side-by-side page per flagged hand-in or pair; return a summary to print."""
    template_path = template_path or code.TEMPLATE
    if not os.path.isfile(template_path):
        raise ValueError('no student notebook at %s: give --template (the one handed out, e.g. '
                         'the release\'s student/cae_student.ipynb)' % template_path)
    template_lines = code.code_lines(read_submission(template_path))
    handins, unread = read_handins(paths, template_lines)
    against_seed, pairs = analyse(handins, template_lines)
    seed_flags = [m for m in against_seed if flagged(m, SEED_THRESHOLD, both_ways=False)]
    pair_flags = [m for m in pairs if flagged(m, PAIR_THRESHOLD)]
    index = pages.write(out_dir, paths + [template_path], against_seed, pairs, seed_flags,
                        pair_flags, unread, (SEED_THRESHOLD, PAIR_THRESHOLD))
    lines = ['%d hand-ins compared (%d not read)' % (len(handins), len(unread))]
    lines += ['like the 2020 solution: %s (%s)' % (m.left.name, pages.percent(m.score_left))
              for m in seed_flags]
    lines += ['alike: %s and %s (%s, %s)' % (m.left.name, m.right.name,
                                            pages.percent(m.score_left),
                                            pages.percent(m.score_right)) for m in pair_flags]
    lines += ['not read: %s: %s' % item for item in unread]
    return '\n'.join(lines + ['report: %s' % index]) + '\n'

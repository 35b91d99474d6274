"""Public checks: ``check(N, globals())`` after part N says what is still wrong with it.

They compare your values with expected values stored as data (``data/public.npz``, written when
the homework was released, from the fixed public inputs of
:func:`cae_tf.handout.checking.public_inputs`), with your own functions, or with what the problem
states (each part's checks: :mod:`cae_tf.handout.part_checks`). They hold none of the solution,
and they decide no grade: the grader runs hidden checks on inputs drawn afresh for each run.
"""
from cae_tf.handout.checking import Report, load_expected
from cae_tf.handout.part_checks import CHECKS


def run_checks(part, namespace, expected=None):
    """Return ``[(name, passed, message)]`` of part ``part``'s public checks on ``namespace``."""
    if part not in CHECKS:
        return []
    report = Report(namespace, expected if expected is not None else load_expected(),
                    CHECKS[part].names)
    try:
        CHECKS[part](report)
    except Exception as e:  # a value of a type or shape no check expected: say so, go on
        return report.all('could not check part %d (%s: %s)' % (
            part, type(e).__name__, str(e).splitlines()[0][:150] if str(e) else ''))
    return report.all()


def check(part, namespace):
    """Check part ``part`` of the homework in a running notebook: ``check(3, globals())``."""
    results = run_checks(part, namespace)
    if not results:
        print('Part %d is checked by its figure, when graded.' % part)
        return
    failed = [(name, message) for name, passed, message in results if not passed]
    print('Part %d: %d of %d checks passed.' % (part, len(results) - len(failed), len(results)))
    for name, message in failed:
        print('  - %s: %s' % (name, message))

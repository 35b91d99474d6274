"""The notebook regression's comparison: text exact, numbers as numbers (a pytest plugin for nbval).

nbval re-executes a notebook and compares each output with the recorded one. Printed numbers
differ in their last digits between machines, and numpy pads an array to its longest number, so
comparing text fails where nothing changed. This plugin (``-p cae_tf.regression``, see
``pyproject.toml``) replaces nbval's comparison of each output: every number in the text is
parsed and compared with a relative tolerance (``nbval_rtol``, absolute floor ``nbval_atol``);
the text around the numbers must match exactly, but for runs of white space (collapsed, and
dropped beside brackets, which is how numpy's padding shows). Image data is not compared (nbval
leaves it out); a figure's ``<Figure size ... with N Axes>`` text is.
"""
import math
import re

NUMBER = re.compile(r'[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b')


def split_numbers(text):
    """Return ``(words, numbers)``: the text between numbers (white space normalised), and the
    numbers as floats."""
    words = [re.sub(r'\s*([\[\](),])\s*', r'\1', re.sub(r'\s+', ' ', part)).strip()
             for part in NUMBER.split(text)]
    return words, [float(n) for n in NUMBER.findall(text)]


def mismatch(expected, got, rtol, atol):
    """Return why text ``got`` differs from ``expected``, or None when they agree."""
    if not isinstance(expected, str) or not isinstance(got, str):
        return None if expected == got else 'values differ'
    (words_e, numbers_e), (words_g, numbers_g) = split_numbers(expected), split_numbers(got)
    if words_e != words_g or len(numbers_e) != len(numbers_g):
        return 'the text differs'
    for index, (e, g) in enumerate(zip(numbers_e, numbers_g)):
        if not (math.isclose(e, g, rel_tol=rtol, abs_tol=atol) or
                (math.isnan(e) and math.isnan(g))):
            return 'number %d differs: %r recorded, %r now (rtol %g)' % (index + 1, e, g, rtol)
    return None


def output_texts(outputs, skip=('image/png',)):
    """Return ``{kind: [text, ...]}`` of a cell's outputs: streams joined by name, each data
    mimetype but ``skip``, error names."""
    found = {}
    for output in outputs:
        if output.get('output_type') == 'stream':
            found.setdefault('stream:' + output['name'], []).append(output['text'])
        elif output.get('output_type') == 'error':
            found.setdefault('error', []).append(output.get('ename', ''))
        for mime, value in output.get('data', {}).items():
            if mime not in skip:
                found.setdefault(mime, []).append(value)
    return {k: [''.join(v)] if k.startswith('stream:') else v for k, v in found.items()}


def output_mismatches(expected_outputs, got_outputs, rtol, atol):
    """Return the mismatches between two lists of a cell's outputs (nbformat dicts), by kind."""
    expected, got = output_texts(expected_outputs), output_texts(got_outputs)
    if sorted(expected) != sorted(got):
        return ['kinds of output differ: %s recorded, %s now' % (sorted(expected), sorted(got))]
    problems = []
    for kind in expected:
        if len(expected[kind]) != len(got[kind]):
            problems.append('%s: %d outputs recorded, %d now'
                            % (kind, len(expected[kind]), len(got[kind])))
            continue
        for e, g in zip(expected[kind], got[kind]):
            why = mismatch(e, g, rtol, atol)
            if why:
                problems.append('%s: %s\n  recorded: %s\n  now:      %s'
                                % (kind, why, str(e)[:300], str(g)[:300]))
    return problems


def pytest_addoption(parser):
    parser.addini('nbval_rtol', 'relative tolerance of numbers in compared notebook outputs',
                  default='1e-4')
    parser.addini('nbval_atol', 'absolute tolerance of numbers (for values near zero)',
                  default='1e-6')


def pytest_configure(config):
    """Give nbval's cells this comparison (nbval is a plugin of the same run)."""
    try:
        from nbval.plugin import IPyNbCell
    except ImportError:
        return
    rtol, atol = float(config.getini('nbval_rtol')), float(config.getini('nbval_atol'))

    def compare_outputs(self, test, ref, skip_compare=None):
        self.comparison_traceback = output_mismatches(ref, test, rtol, atol)
        return not self.comparison_traceback
    IPyNbCell.compare_outputs = compare_outputs

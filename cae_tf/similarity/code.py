"""What a student wrote: a hand-in's code lines that the student notebook handed out does not have.

The hand-in's code cells, line by line, are aligned with the template's (``difflib``, lines
compared without their indentation and spaces); the lines the alignment matches are the
template's given code and go, the rest are the student's. IPython's ``%`` and ``!`` lines and
blank lines never count.
"""
import difflib
import os

from cae_tf.student_package import PROJECT_ROOT

TEMPLATE = os.path.join(PROJECT_ROOT, 'notebooks', 'cae_student.ipynb')
SOLUTION_2020 = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data',
                             'solution_2020.txt')


def _key(source):
    return ''.join(source.split())


def code_lines(nb):
    """``[((cell number, line number), text)]`` of the notebook's code cells, both 1-based."""
    lines = []
    for number, cell in enumerate(nb.cells, 1):
        if cell.cell_type != 'code':
            continue
        for line_number, text in enumerate(cell.source.splitlines(), 1):
            if text.strip() and not text.lstrip().startswith(('%', '!')):
                lines.append(((number, line_number), text))
    return lines


def student_lines(nb, template_lines):
    """The lines of ``nb`` not matched to ``template_lines`` (:func:`code_lines` of the
    template), in order."""
    ours = [_key(text) for _, text in template_lines]
    theirs = code_lines(nb)
    matcher = difflib.SequenceMatcher(None, ours, [_key(text) for _, text in theirs],
                                      autojunk=False)
    kept = []
    for tag, _, _, start, end in matcher.get_opcodes():
        if tag in ('replace', 'insert'):
            kept += theirs[start:end]
    return kept


def text_lines(path):
    """``[((1, line number), text)]`` of a code file (the 2020 solution)."""
    with open(path, encoding='utf-8') as f:
        return [((1, number), text) for number, text in enumerate(f.read().splitlines(), 1)
                if text.strip() and not text.lstrip().startswith(('%', '!'))]

"""A toy eleventh part, added from outside the package as a course would add its own: one module,
named in ``CAE_TF_EXTRA_PARTS``, that the grader registers when it loads."""
import numpy as np

NUMBER, POINTS = 11, 5
STATES = {'answer': 'Set `answer` to the answer to everything.'}
SOURCES = {'answer': 'kernel: `answer`'}


def probe(ns, inputs, out):
    """Read the student's ``answer`` (runs in the student's kernel, sent there as source)."""
    out['answer'] = np.asarray(ns['answer'], dtype=np.float64)


def judge(sheet, inputs, ref):
    """Score the answer in the grader's process."""
    answer = sheet.get('answer')
    sheet.add('answer', 5, answer is not None and answer.shape == () and float(answer) == 42,
              'answer should be the answer to everything')

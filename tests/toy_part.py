"""A toy eleventh part, added from outside the package as a course would add its own:
one record (its probe and its judge) registered when the grader loads ``CAE_TF_EXTRA_PARTS``."""
import numpy as np

from cae_tf.grading import parts


def probe_answer(ns, inputs, out):
    """Read the student's ``answer`` (runs in the student's kernel, sent there as source)."""
    out['answer'] = np.asarray(ns['answer'], dtype=np.float64)


def judge_answer(j, inputs, ref):
    """Score the answer in the grader's process."""
    answer = j.get('answer')
    j.add('answer', 5, answer is not None and answer.shape == () and float(answer) == 42,
          'answer should be the answer to everything')


parts.register(parts.Part(11, 5, None, ('answer',), (), probe_answer, judge_answer, None))

"""One record per part of the homework: the one place that says how a part is graded.

A record names the part's points, the figures it must show, the names the grader reads of it in
the student's kernel, the probe that reads them (numpy only: its source is sent into the kernel),
the judge that scores them in the grader's process, its public check (what students run), and the
parts whose values its judge also reads (``needs``: the trained weights are read with part (4)).
Adding a part is adding a record, a solution cell and a seed cell; a course may add its own parts
from a module named in ``CAE_TF_EXTRA_PARTS`` that calls :func:`register`.
"""
import importlib
import os
from collections import namedtuple

from cae_tf.grading import judge, probe
from cae_tf.grading.judge import Result
from cae_tf.handout import checks as public

Part = namedtuple('Part', 'number points figures reads needs probe judge public')
# ``count`` figures, the main one with ``min_axes`` axes or more, worth ``points``.
Figures = namedtuple('Figures', 'count min_axes points')
EXTRA_PARTS_VARIABLE = 'CAE_TF_EXTRA_PARTS'

PARTS = {}


def register(part):
    """Add (or replace) the record of ``part.number``; return it."""
    PARTS[part.number] = part
    return part


for _part in (
    Part(1, 10, None, ('train_imgs', 'train_labels', 'test_imgs', 'test_labels', 'n_train',
                       'n_test'), (), probe.part1, judge.part1, public.part1),
    Part(2, 5, None, ('n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2',
                      'n_decoder1', 'n_label'), (), probe.part2, judge.part2, public.part2),
    Part(3, 20, None, ('weights', 'biases', 'encoder', 'decoder', 'batch_norm_flat'), (),
         probe.part3, judge.part3, public.part3),
    Part(4, 10, None, ('x', 'y', 'weights', 'biases', 'loss', 'optm', 'sess'), (),
         probe.part4, judge.part4, public.part4),
    Part(5, 20, Figures(1, 1, 2), ('loss_record_train', 'loss_record_test', 'n_iter', 'n_prt',
                                   'n_batch', 'sess'), (4,), probe.part5, judge.part5,
         public.part5),
    Part(6, 5, Figures(1, 20, 3), ('x_reconst',), (), probe.part6, judge.part6, public.part6),
    Part(7, 10, Figures(1, 1, 2), ('test_x', 'test_y', 'test_latent', 'test_y_arg', 'xmin',
                                   'xmax', 'ymin', 'ymax'), (4,), probe.part7, judge.part7,
         public.part7),
    Part(8, 5, Figures(1, 10, 5), (), (), None, None, None),
    Part(9, 5, Figures(2, 10, 2), ('new_data', 'fake_images', 'latent_input', 'reconst', 'y'),
         (4,), probe.part9, judge.part9, public.part9),
    Part(10, 10, Figures(10, 2, 5), ('canvas', 'x_values', 'y_values'), (4,), probe.part10,
         judge.part10, public.part10),
):
    register(_part)
for _module in filter(None, os.environ.get(EXTRA_PARTS_VARIABLE, '').split(',')):
    importlib.import_module(_module.strip())


def probes():
    """Return ``{part: probe}`` of every record that reads something."""
    return {n: p.probe for n, p in sorted(PARTS.items()) if p.probe is not None}


def _judge_figures(part, figures):
    """Results for the figures a part must show; ``figures[part]`` lists their axes counts."""
    need = PARTS[part].figures
    if need is None:
        return []
    shown = figures.get(part, [])
    ok = len(shown) >= need.count and max(shown, default=0) >= need.min_axes
    return [Result(part, 'figure', need.points, ok, '' if ok else
                   'part %d should show %d figure(s), the main one with %d axes or more; '
                   'found %s' % (part, need.count, need.min_axes, shown or 'none'))]


def _judge_part(part, values, errors, inputs, ref):
    record = PARTS[part]
    j = judge.Judge(part, values, errors, record.needs)
    if record.judge is not None:
        try:
            record.judge(j, inputs, ref)
        except Exception as e:  # values of a shape or type no check expected
            left = (record.points - (record.figures.points if record.figures else 0)
                    - sum(r.points for r in j.results))
            j.add('values', left, False, 'unexpected values (%s: %s)'
                  % (type(e).__name__, str(e)[:120]))
    if j.error:
        j.results = [r if r.passed else r._replace(
            message='%s (could not read this part: %s)' % (r.message, j.error))
            for r in j.results]
    return j.results


def judge_parts(values, errors, inputs, figures, parts=None, ref=None):
    """Judge the probed ``values``; return a list of Result whose points sum to the records'."""
    ref = ref if ref is not None else judge.mnist_reference()
    results = []
    for part in parts or sorted(PARTS):
        results += _judge_part(part, values, errors, inputs, ref)
        if figures is not None:
            results += _judge_figures(part, figures)
    return results


def part_scores(results):
    """Return ``{part: points earned}`` for every part, rounded to 0.1."""
    scores = {part: 0.0 for part in sorted(PARTS)}
    for r in results:
        scores[r.part] += r.points if r.passed else 0
    return {part: round(score, 1) for part, score in scores.items()}

"""Every part judged: the probed values and the figures shown, scored by the parts' modules."""
from cae_tf.grading.judge import Result, Sheet, mnist_reference
from cae_tf.grading.registry import PARTS


def judge_figures(part, figures):
    """Results for the figures a part must show; ``figures[part]`` lists their axes counts."""
    need = PARTS[part].figures
    if need is None:
        return []
    shown = figures.get(part, [])
    ok = len(shown) >= need.count and sum(shown) >= need.axes
    return [Result(part, 'figure', need.points, ok, '' if ok else
                   'part %d should show %d figure(s) or more, with %d axes or more in all; '
                   'found %s' % (part, need.count, need.axes, shown or 'none'))]


def judge_part(part, values, errors, inputs, ref):
    """The results of part ``part``'s hidden checks; a value no check expected fails the rest."""
    record = PARTS[part]
    sheet = Sheet(part, values, errors, record.needs)
    if record.judge is not None:
        try:
            record.judge(sheet, inputs, ref)
        except Exception as e:  # values of a shape or type no check expected
            left = (record.points - (record.figures.points if record.figures else 0)
                    - sum(r.points for r in sheet.results))
            sheet.add('values', left, False, 'unexpected values (%s: %s)'
                      % (type(e).__name__, str(e)[:120]))
    if sheet.error:
        sheet.results = [r if r.passed else r._replace(
            message='%s (could not read this part: %s)' % (r.message, sheet.error))
            for r in sheet.results]
    return sheet.results


def judge_parts(values, errors, inputs, figures, parts=None, ref=None):
    """Judge the probed ``values``; return a list of Result whose points sum to the parts'."""
    ref = ref if ref is not None else mnist_reference()
    results = []
    for part in parts or sorted(PARTS):
        results += judge_part(part, values, errors, inputs, ref)
        if figures is not None:
            results += judge_figures(part, figures)
    return results


def part_scores(results):
    """Return ``{part: points earned}`` for every part, rounded to 0.1."""
    scores = {part: 0.0 for part in sorted(PARTS)}
    for r in results:
        scores[r.part] += r.points if r.passed else 0
    return {part: round(score, 1) for part, score in scores.items()}

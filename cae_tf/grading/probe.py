"""Read what a student built out of their kernel, as plain arrays; no judging happens here.

The autograder sends this file's *source* into the student's kernel, after that of
:mod:`cae_tf.handout.tfrun` (its one import), and runs it in a fresh namespace, so a notebook that
patches ``cae_tf`` cannot replace it.
Everything it returns is judged by ``cae_tf.grading.judge`` in the grader's own process, against numpy
references computed there from inputs the student never saw.
"""
import numpy as np

from cae_tf.handout.tfrun import adam_updates, apply_function, run_fresh, tf_module  # sent along


def _session(ns):
    """The student's ``sess``; before part (5) made one, a scratch session with fresh values."""
    graph = ns['weights']['encoder1'].graph
    sess = ns.get('sess')
    if sess is not None and not getattr(sess, '_closed', False) and sess.graph is graph:
        return sess
    tf = tf_module()
    scratch = tf.Session(graph=graph)
    with graph.as_default():
        scratch.run(tf.global_variables_initializer())
    return scratch


def _feed(ns, images, labels):
    return {ns['x']: images, ns['y']: labels}


def _trained_weights(ns):
    values = _session(ns).run([ns['weights'], ns['biases']])
    return values[0], values[1]


def part1(ns, inputs, out):
    for name in ('train_imgs', 'train_labels', 'test_imgs', 'test_labels'):
        array = np.asarray(ns[name])
        out[name + '.shape'] = np.array(array.shape)
        out[name + '.rows'] = array[inputs['rows1'] % len(array)].astype(np.float64)
    out['n_train'] = np.array(ns['n_train'])
    out['n_test'] = np.array(ns['n_test'])


def part2(ns, inputs, out):
    for name in ('n_input', 'n_encoder1', 'n_encoder2', 'n_latent', 'n_decoder2', 'n_decoder1',
                 'n_label'):
        out[name] = np.array(ns[name])


def _apply(ns, name, W, B, inputs, label):
    """Evaluate the student's ``encoder`` or ``decoder`` on arrays, with weights W and B given."""
    return apply_function(ns[name], W, B, inputs, label)


def _given(inputs, prefix):
    return {k[len(prefix):]: inputs[k] for k in inputs.keys() if k.startswith(prefix)}


def part3(ns, inputs, out):
    weights, biases = ns['weights'], ns['biases']
    out['weights.keys'] = np.array(sorted(weights))
    out['biases.keys'] = np.array(sorted(biases))
    for key in weights:
        out['weights.shape.' + key] = np.array(weights[key].shape.as_list())
    for key in biases:
        out['biases.shape.' + key] = np.array(biases[key].shape.as_list())
    W0, B0 = _given(inputs, 'W0.'), _given(inputs, 'B0.')
    out['encoder'] = _apply(ns, 'encoder', W0, B0, inputs['X'], inputs['Y'])
    out['decoder'] = _apply(ns, 'decoder', W0, B0, inputs['Z'], inputs['Y'])
    out['batch_norm_flat'] = run_fresh(
        lambda tf, fed: ns['batch_norm_flat'](fed(inputs['BN'])))


def _own_reconst(ns, W, B, images, labels):
    """The student's own model (their encoder and decoder, weights W, B) applied to images."""
    return _apply(ns, 'decoder', W, B, _apply(ns, 'encoder', W, B, images, labels), labels)


def part4(ns, inputs, out):
    W, B = _trained_weights(ns)
    for k in W:
        out['W.' + k], out['B.' + k] = W[k], B[k]
    out['loss'] = np.array(_session(ns).run(ns['loss'], _feed(ns, inputs['X'], inputs['Y'])))
    adam = adam_updates(ns['optm'])  # wherever they sit among optm's dependencies
    out['optm.adam'] = np.array(len(adam))
    if adam:
        out['optm.lr'] = np.array(_session(ns).run(adam[0].inputs[5]))  # Adam's lr input
    out['own_reconst'] = _own_reconst(ns, W, B, inputs['X'], inputs['Y'])


def part5(ns, inputs, out):
    for name in ('loss_record_train', 'loss_record_test'):
        out[name] = np.asarray(ns[name], dtype=np.float64).ravel()
    for name in ('n_iter', 'n_prt', 'n_batch'):
        out[name] = np.array(ns[name])
    W, B = _trained_weights(ns)
    out['own_test_reconst'] = _own_reconst(ns, W, B, inputs['T'], inputs['TY'])


def part6(ns, inputs, out):
    out['x_reconst'] = np.asarray(ns['x_reconst'], dtype=np.float64)


def part7(ns, inputs, out):
    for name in ('test_x', 'test_y', 'test_latent', 'test_y_arg'):
        out[name] = np.asarray(ns[name])
    out['limits'] = np.array([ns['xmin'], ns['xmax'], ns['ymin'], ns['ymax']], dtype=np.float64)
    W, B = _trained_weights(ns)
    out['own_latent'] = _apply(ns, 'encoder', W, B, out['test_x'], out['test_y'])


def part9(ns, inputs, out):
    out['new_data'] = np.asarray(ns['new_data'], dtype=np.float64)
    if 'fake_images' in ns:  # the hand-out's name; the 2020 notebook drew inside its loop
        images = np.asarray(ns['fake_images'], dtype=np.float64)
        out['fake_images'] = images.reshape(len(images), -1)
    out['latent_input.shape'] = np.array([-1 if d is None else d
                                          for d in ns['latent_input'].shape.as_list()])
    n_label = int(ns['n_label'])
    points, labels = np.repeat(out['new_data'][:1], n_label, axis=0), np.eye(n_label)
    out['generated'] = _session(ns).run(ns['reconst'], {ns['latent_input']: points,
                                                        ns['y']: labels})
    W, B = _trained_weights(ns)
    out['own_generated'] = _apply(ns, 'decoder', W, B, points, labels)


def part10(ns, inputs, out):
    out['canvas'] = np.asarray(ns['canvas'], dtype=np.float64)
    xs = out['x_values'] = np.asarray(ns['x_values'], dtype=np.float64)
    ys = out['y_values'] = np.asarray(ns['y_values'], dtype=np.float64)
    # the student's own decoder over the grid, last digit, point (xs[j], ys[i]) at row i * nx + j
    points = np.stack(np.meshgrid(xs, ys), -1).reshape(-1, 2)
    W, B = _trained_weights(ns)
    out['own_grid'] = _apply(ns, 'decoder', W, B, points, np.eye(10)[[9] * len(points)])


def collect(ns, inputs, probes):
    """Return ``(values, errors)``: arrays named ``'<part>:<name>'`` and why a part could not be read.

    Args:
        probes: ``{part: probe(ns, inputs, out)}``, from the parts' records.
    """
    values, errors = {}, {}
    for part, probe in probes.items():
        out = {}
        try:
            probe(ns, inputs, out)
        except BaseException as e:  # a student's object may raise anything; report it
            errors[str(part)] = '%s: %s' % (type(e).__name__, str(e).splitlines()[0][:200]
                                            if str(e) else '')
        values.update({'%d:%s' % (part, k): np.asarray(v) for k, v in out.items()})
    return values, errors


def collect_to_files(ns, probes, inputs_path, values_path, errors_path):
    """Kernel side of the autograder: read inputs, write values (npz) and errors (json)."""
    import json
    with np.load(inputs_path, allow_pickle=False) as inputs:
        values, errors = collect(ns, inputs, probes)
    np.savez(values_path, **values)
    with open(errors_path, 'w') as f:
        json.dump(errors, f)

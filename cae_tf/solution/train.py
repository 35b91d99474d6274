"""Training of homework part (5), in the seed's loop, plus saving and restoring a model."""
from cae_tf.handout.compat import tf
from cae_tf.handout.given import full_set_loss, make_batch_maker  # noqa: F401 (re-exported)
from cae_tf.solution.settings import n_batch, n_iter, n_prt


def train(sess, x, y, loss, optm, train_batch_maker, test_batch_maker,
          n_batch=n_batch, n_iter=n_iter, n_prt=n_prt, init=True, log=print):
    """Run the seed's training loop of part (5) and return the loss records.

    One ``optm`` step per iteration on a fresh batch; every ``n_prt`` steps (from step 0, after
    its update) the loss on that batch and on a test batch is recorded and logged.

    Args:
        init: run ``tf.global_variables_initializer()`` first, as the seed's solution did.
        log: called with each ``({:4d}/{}) loss: {}`` line; ``None`` stays quiet.
    Returns:
        ``(loss_record_train, loss_record_test)``: lists of ``n_iter // n_prt + 1`` floats.
    """
    if init:
        sess.run(tf.global_variables_initializer())
    loss_record_train, loss_record_test = [], []
    for epoch in range(n_iter + 1):
        train_x, train_y = train_batch_maker(n_batch)
        sess.run(optm, feed_dict={x: train_x, y: train_y})
        if epoch % n_prt == 0:
            test_x, test_y = test_batch_maker(n_batch)
            c1 = sess.run(loss, feed_dict={x: train_x, y: train_y})
            c2 = sess.run(loss, feed_dict={x: test_x, y: test_y})
            loss_record_train.append(float(c1))
            loss_record_test.append(float(c2))
            if log:
                log("({:4d}/{}) loss: {}".format(epoch, n_iter, c1))
    return loss_record_train, loss_record_test


def model_saver(weights, biases):
    """Return a ``Saver`` of the model's variables only, named ``weights/encoder1`` … ``biases/reconst``.

    Optimizer slots and the fast trainer's data stay out, so a checkpoint written from any graph
    (the notebook's, the fast trainer's) restores into any graph built by ``build_cae``.
    """
    var_list = {'weights/' + k: v for k, v in weights.items()}
    var_list.update({'biases/' + k: v for k, v in biases.items()})
    return tf.train.Saver(var_list=var_list)


def save_model(sess, weights, biases, path):
    """Save the model's ``weights`` and ``biases`` to checkpoint ``path``; return its prefix."""
    with sess.graph.as_default():
        return model_saver(weights, biases).save(sess, path)


def restore_model(sess, weights, biases, path):
    """Load ``weights`` and ``biases`` from checkpoint ``path`` (a prefix ``save_model`` returned).

    A missing or incompatible checkpoint raises ``ValueError`` naming ``path``.
    """
    with sess.graph.as_default():
        saver = model_saver(weights, biases)
        try:
            saver.restore(sess, path)
        except (tf.errors.NotFoundError, tf.errors.InvalidArgumentError) as e:
            raise ValueError('%s: not a CAE checkpoint of this model (%s)'
                             % (path, str(e).splitlines()[0])) from e
        except ValueError as e:
            raise ValueError('%s: no checkpoint there (%s)' % (path, e)) from e

"""A faster trainer for part (5)'s model, for staff runs, the CLI and benchmarks.

Same graph style (placeholders, variables, ``Session``), same model, same Adam and learning rate,
same loss records every ``n_prt`` steps as ``cae_tf.solution.train.train``; the notebook keeps teaching that
one. Here the training set is held in graph variables, each step samples its batch in the graph
(no ``feed_dict``), and one ``sess.run`` runs ``n_prt`` steps in a ``tf.while_loop``. On a 2-core
CPU, running independent ops side by side (``inter_op`` threads = cores) beats splitting each small
matmul across cores (``fast_config``); the price is that sums may add up in a different order on
each run, so records agree to about 1e-3, not bit for bit as the seed's loop's do.
``benchmarks/bench_training.py`` measures the difference.
"""
import os
from types import SimpleNamespace

from cae_tf.handout.compat import tf
from cae_tf.solution.model import LAYERS, LR, decoder, encoder, mse_loss
from cae_tf.solution.train import n_batch, n_iter, n_prt


def fast_config(n_batch=n_batch):
    """Return the session config the fast trainer is measured with."""
    if n_batch > 500:  # big batches: each matmul is worth splitting across cores again
        return tf.ConfigProto()
    return tf.ConfigProto(inter_op_parallelism_threads=os.cpu_count() or 1,
                          intra_op_parallelism_threads=1)


def build_fast_steps(weights, biases, train_imgs, train_labels, n_batch=n_batch, LR=LR):
    """Build, in the default graph, a loop of training steps on batches sampled in the graph.

    Args:
        weights, biases: the model's variables (``make_weights``), trained in place.
        train_imgs, train_labels: arrays ``(n, 784)``, ``(n, 10)``, copied into the graph once.
    Returns:
        A namespace: ``n_steps`` (placeholder), ``run`` (runs ``n_steps`` Adam steps and returns
        the last batch's indices, shape ``(n_batch,)``), ``init`` and ``init_feed`` (load the data
        into the variables ``data``), ``optimizer``.
    """
    images_in = tf.placeholder(tf.float32, train_imgs.shape)
    labels_in = tf.placeholder(tf.float32, train_labels.shape)
    # collections=[]: not in global_variables_initializer, nor in a Saver's checkpoint
    images = tf.Variable(images_in, trainable=False, collections=[])
    labels = tf.Variable(labels_in, trainable=False, collections=[])
    var_list = [weights[k] for k in LAYERS] + [biases[k] for k in LAYERS]
    optimizer = tf.train.AdamOptimizer(LR)
    n_steps = tf.placeholder(tf.int32, [])

    def step(i, last_idx):
        idx = tf.random.uniform([n_batch], 0, len(train_imgs), dtype=tf.int32)
        x, y = tf.gather(images, idx), tf.gather(labels, idx)
        loss = mse_loss(x, decoder(encoder(x, weights, biases, y), weights, biases, y))
        update = optimizer.apply_gradients(zip(tf.gradients(loss, var_list), var_list))
        with tf.control_dependencies([update]):
            return i + 1, tf.identity(idx)

    _, last_idx = tf.while_loop(lambda i, _: i < n_steps, step,
                                [tf.constant(0), tf.zeros([n_batch], tf.int32)],
                                parallel_iterations=1)
    return SimpleNamespace(n_steps=n_steps, run=last_idx, optimizer=optimizer,
                           data=[images, labels], init=[images.initializer, labels.initializer],
                           init_feed={images_in: train_imgs, labels_in: train_labels})


def fast_train(sess, x, y, loss, steps, train_imgs, train_labels, test_batch_maker,
               n_batch=n_batch, n_iter=n_iter, n_prt=n_prt, init=True, log=print):
    """Train like part (5) with ``steps`` (``build_fast_steps``); return the same loss records.

    Step 0 runs alone, then ``n_prt`` steps per ``sess.run``; after each run the loss of its last
    batch and of a test batch are recorded and logged, as ``cae_tf.solution.train.train`` does.
    """
    if init:
        sess.run(tf.global_variables_initializer())
    sess.run(steps.init, steps.init_feed)
    loss_record_train, loss_record_test = [], []
    done = -1
    for epoch in range(0, n_iter + 1, n_prt):
        idx = sess.run(steps.run, {steps.n_steps: epoch - done})
        done = epoch
        test_x, test_y = test_batch_maker(n_batch)
        c1 = sess.run(loss, {x: train_imgs[idx], y: train_labels[idx]})
        c2 = sess.run(loss, {x: test_x, y: test_y})
        loss_record_train.append(float(c1))
        loss_record_test.append(float(c2))
        if log:
            log("({:4d}/{}) loss: {}".format(epoch, n_iter, c1))
    if done < n_iter:
        sess.run(steps.run, {steps.n_steps: n_iter - done})
    return loss_record_train, loss_record_test


"""Hand-in variant c2: a functional-style student.

Layer sizes in one table, Glorot-uniform weights drawn with numpy and wrapped in ``tf.Variable``,
one generic ``mlp(inp, names, weights, biases)`` folded with ``functools.reduce`` for both
halves, ``tf.losses.mean_squared_error`` with ``compute_gradients``/``apply_gradients``, training
driven by a batch generator with losses evaluated in a list comprehension, vectorised plotting
with ``plt.subplots``, and part (10) decoding one whole canvas row per ``sess.run``.
"""

FILLS = [
    # (1) load MNIST data
    '''train_imgs, train_labels = mnist.train.images, mnist.train.labels
test_imgs, test_labels = mnist.test.images, mnist.test.labels
n_train, n_test = len(train_imgs), len(test_imgs)''',

    # (2) structure
    '''n_input = 28 * 28                 # pixels per image
n_encoder1, n_encoder2 = 500, 300  # encoder widths
n_latent = 2                       # 2-D code, so we can look at it
n_decoder2, n_decoder1 = 300, 500  # decoder widths (mirrored)
n_label = 10                       # one-hot condition''',

    # (3) weights, biases, encoder, decoder
    '''import functools

# (fan_in, fan_out) per layer; the first layer of each half also sees the label
layer_shapes = {
    'encoder1': (n_input + n_label, n_encoder1),
    'encoder2': (n_encoder1, n_encoder2),
    'latent':   (n_encoder2, n_latent),
    'decoder2': (n_latent + n_label, n_decoder2),
    'decoder1': (n_decoder2, n_decoder1),
    'reconst':  (n_decoder1, n_input),
}
ENCODER_LAYERS = ('encoder1', 'encoder2', 'latent')
DECODER_LAYERS = ('decoder2', 'decoder1', 'reconst')


def glorot_uniform(fan_in, fan_out):
    """Xavier/Glorot uniform: U(-a, a) with a = sqrt(6 / (fan_in + fan_out))."""
    a = np.sqrt(6.0 / (fan_in + fan_out))
    return np.random.uniform(-a, a, size=(fan_in, fan_out)).astype(np.float32)


weights = {k: tf.Variable(glorot_uniform(*s), name='W_' + k) for k, s in layer_shapes.items()}
biases = {k: tf.Variable(np.zeros(s[1], np.float32), name='b_' + k) for k, s in layer_shapes.items()}


def mlp(inp, names, weights, biases):
    """Dense layers `names` in order: tanh after every layer but the last, which stays linear."""
    dense = lambda h, k: tf.nn.bias_add(tf.matmul(h, weights[k]), biases[k])
    hidden = functools.reduce(lambda h, k: tf.tanh(dense(h, k)), names[:-1], inp)
    return dense(hidden, names[-1])


def encoder(x, weights, biases, label):
    return mlp(tf.concat([x, label], 1), ENCODER_LAYERS, weights, biases)


def decoder(latent, weights, biases, label):
    return mlp(tf.concat([latent, label], 1), DECODER_LAYERS, weights, biases)


def batch_norm_flat(batch_flat, eps=1e-3):
    """Zero mean, unit variance per feature, statistics over the batch axis (axis 0)."""
    mu = tf.reduce_mean(batch_flat, axis=0, keepdims=True)
    var = tf.reduce_mean(tf.square(batch_flat - mu), axis=0, keepdims=True)
    return (batch_flat - mu) * tf.rsqrt(var + eps)''',

    # (4) loss and optimizer
    '''LR = 1e-4
loss = tf.losses.mean_squared_error(labels=x, predictions=reconst)

global_step = tf.Variable(0, trainable=False, name='global_step')
adam = tf.train.AdamOptimizer(learning_rate=LR)
grads_and_vars = adam.compute_gradients(loss, var_list=list(weights.values()) + list(biases.values()))
optm = adam.apply_gradients(grads_and_vars, global_step=global_step)''',

    # (5) training
    '''import itertools

sess.run(tf.global_variables_initializer())
loss_record_train, loss_record_test = [], []


def batches(maker, size):
    """Endless stream of (images, labels) batches."""
    while True:
        yield maker(size)


def record(train_batch):
    """Append the loss on `train_batch` and on a fresh test batch of the same size."""
    pairs = (train_batch, test_batch_maker(n_batch))
    tr, te = [sess.run(loss, {x: bx, y: by}) for bx, by in pairs]
    loss_record_train.append(tr)
    loss_record_test.append(te)
    return tr, te


stream = batches(train_batch_maker, n_batch)
record(next(stream))  # step 0: the untrained model

for step, (bx, by) in enumerate(itertools.islice(stream, n_iter), start=1):
    sess.run(optm, {x: bx, y: by})
    if step % n_prt == 0:
        tr, te = record((bx, by))
        print('step {:5d}  train {:.4f}  test {:.4f}'.format(step, tr, te))''',

    # (6) reconstruction
    '''x_reconst = sess.run(reconst, {x: test_x, y: test_y})

fig, axes = plt.subplots(2, len(test_x), figsize=(15, 3.5))
for col, (orig, rec) in enumerate(zip(test_x, x_reconst)):
    for ax, img in zip(axes[:, col], (orig, rec)):
        ax.imshow(img.reshape(28, 28), cmap='gray')
        ax.set_xticks([]); ax.set_yticks([])
axes[0, 0].set_ylabel('original')
axes[1, 0].set_ylabel('reconstructed')''',

    # (7) latent space
    '''test_latent = sess.run(latent, {x: test_x, y: test_y})
test_y_arg = test_y.argmax(axis=1)
(xmin, ymin), (xmax, ymax) = test_latent.min(axis=0), test_latent.max(axis=0)

plt.figure(figsize=(9, 8))
sc = plt.scatter(*test_latent.T, c=test_y_arg, cmap='tab10', s=15, vmin=-0.5, vmax=9.5)
plt.colorbar(sc, ticks=range(10), label='digit')
plt.xlim(xmin, xmax); plt.ylim(ymin, ymax)
plt.xlabel('Z1'); plt.ylabel('Z2'); plt.title('Latent space of 500 test images')''',

    # (8) one plot per digit
    '''fig, axes = plt.subplots(2, 5, figsize=(20, 8), sharex=True, sharey=True)
cmap = plt.get_cmap('tab10')
for digit, ax in enumerate(axes.flat):
    ax.scatter(*test_latent[test_y_arg == digit].T, s=12, color=cmap(digit))
    ax.set(title='digit {}'.format(digit), xlim=(xmin, xmax), ylim=(ymin, ymax))
for ax in axes[-1]:
    ax.set_xlabel('Z1')
for ax in axes[:, 0]:
    ax.set_ylabel('Z2')
fig.tight_layout()''',

    # (9) choose new_data
    '''new_data = np.c_[new_x, new_y]  # shape (1, 2)''',

    # (9) decode fake_images
    '''all_labels = np.eye(n_label)  # row i = one-hot of digit i
fake_images = sess.run(reconst, {latent_input: np.repeat(new_data, n_label, axis=0), y: all_labels})''',

    # (10) manifold, inside `for k in range(10):`
    '''labels_k = np.tile(np.eye(n_label)[k], (nx, 1))
    # canvas row r (from the top) holds y_values[ny - 1 - r]: Z2 grows upwards
    for r, z2 in enumerate(y_values[::-1]):
        row_codes = np.column_stack([x_values, np.full(nx, z2)])
        tiles = sess.run(reconst, {latent_input: row_codes, y: labels_k})
        canvas[28 * r:28 * (r + 1)] = tiles.reshape(nx, 28, 28).transpose(1, 0, 2).reshape(28, 28 * nx)''',
]

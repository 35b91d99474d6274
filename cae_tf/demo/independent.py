"""Hand-in variant b2: a terse, numpy-heavy student (written independently of the seed and the
solution; the demo class's correct hand-in, and one of the similarity tests' six).

One-liners and comprehensions (layer sizes zipped into the weight dicts, zero biases, the encoder/decoder as a
fold over layer names), ``compute_gradients``/``apply_gradients`` with a global step, the training
body factored into ``run_step()`` returning the losses, figures laid out by ``plt.subplot`` index
arithmetic, and part (10) decoding all 400 grid points in one ``sess.run`` over an ``np.meshgrid``,
then reshaping/transposing the tiles into ``canvas``.
"""

FILLS = [
    # (1) load MNIST data
    '''\
(train_imgs, train_labels), (test_imgs, test_labels) = [(s.images, s.labels) for s in (mnist.train, mnist.test)]
n_train, n_test = len(train_imgs), len(test_imgs)''',

    # (2) structure
    '''\
n_input, n_label, n_latent = 784, 10, 2
n_encoder1, n_encoder2 = 500, 300
n_decoder2, n_decoder1 = 300, 500''',

    # (3) weights, biases, encoder, decoder, batch_norm_flat
    '''\
ENC, DEC = ['encoder1', 'encoder2', 'latent'], ['decoder2', 'decoder1', 'reconst']
sizes = dict(zip(ENC + DEC, zip([n_input + n_label, n_encoder1, n_encoder2, n_latent + n_label, n_decoder2, n_decoder1],
                                [n_encoder1, n_encoder2, n_latent, n_decoder2, n_decoder1, n_input])))
weights = {k: tf.Variable(tf.random_normal(s, stddev=0.1)) for k, s in sizes.items()}
biases = {k: tf.Variable(tf.zeros(s[1:])) for k, s in sizes.items()}  # biases start at 0

def mlp(h, w, b, names):
    # tanh on all layers but the last one, which stays linear
    for i, n in enumerate(names):
        h = tf.matmul(h, w[n]) + b[n]
        h = tf.nn.tanh(h) if i < len(names) - 1 else h
    return h

encoder = lambda x, weights, biases, label: mlp(tf.concat([x, label], 1), weights, biases, ENC)
decoder = lambda latent, weights, biases, label: mlp(tf.concat([latent, label], 1), weights, biases, DEC)

def batch_norm_flat(batch_flat, eps=1e-5):
    mu, var = tf.nn.moments(batch_flat, [0], keep_dims=True)
    return (batch_flat - mu) / tf.sqrt(var + eps)''',

    # (4) loss and optimizer
    '''\
LR = 1e-4
loss = tf.reduce_mean((reconst - x)**2)
adam = tf.train.AdamOptimizer(LR)
global_step = tf.Variable(0, trainable=False, name='global_step')
optm = adam.apply_gradients(adam.compute_gradients(loss), global_step=global_step)''',

    # (5) training
    '''\
sess.run(tf.global_variables_initializer())
run_loss = lambda bx, by: sess.run(loss, {x: bx, y: by})

def run_step(i):
    """train on one batch (steps 0..n_iter-1); return (train, test) loss every n_prt steps, else None"""
    bx, by = train_batch_maker(n_batch)
    out = (run_loss(bx, by), run_loss(*test_batch_maker(n_batch))) if i % n_prt == 0 else None
    if i < n_iter:
        sess.run(optm, {x: bx, y: by})
    return out

records = [r for r in map(run_step, range(n_iter + 1)) if r is not None]
loss_record_train, loss_record_test = map(list, zip(*records))
print('final train/test loss: %.4f / %.4f' % (loss_record_train[-1], loss_record_test[-1]))''',

    # (6) reconstruction
    '''\
x_reconst = sess.run(reconst, {x: test_x, y: test_y})
plt.figure(figsize=(20, 4))
for i, img in enumerate(np.concatenate([test_x, x_reconst])):
    plt.subplot(2, 10, i + 1)
    plt.imshow(img.reshape(28, 28), 'gray'), plt.axis('off')
    plt.title(('input %d' if i < 10 else 'reconst %d') % test_y[i % 10].argmax())''',

    # (7) latent space
    '''\
test_latent = sess.run(latent, {x: test_x, y: test_y})
test_y_arg = test_y.argmax(axis=1)
(xmin, ymin), (xmax, ymax) = test_latent.min(0), test_latent.max(0)

plt.figure(figsize=(11, 10))
plt.scatter(*test_latent.T, c=test_y_arg, cmap='tab10', s=15)
plt.colorbar(ticks=range(10), label='digit')
plt.xlim(xmin, xmax), plt.ylim(ymin, ymax)
plt.xlabel('Z1', fontsize=15), plt.ylabel('Z2', fontsize=15), plt.title('Latent Space', fontsize=15)''',

    # (8) latent space per digit
    '''\
plt.figure(figsize=(25, 10))
for d in range(10):
    plt.subplot(2, 5, d + 1)
    plt.plot(*test_latent[test_y_arg == d].T, '.', color=plt.cm.tab10(d))
    plt.axis([xmin, xmax, ymin, ymax]), plt.title('digit %d' % d)''',

    # (9a) the new latent point
    '''\
new_data = np.c_[new_x, new_y]''',

    # (9b) decode it with every label
    '''\
fake_images = sess.run(reconst, {latent_input: np.repeat(new_data, 10, axis=0), y: np.eye(10)})''',

    # (10) manifold of digit k (inside ``for k in range(10):``)
    '''\
zx, zy = np.meshgrid(x_values, y_values[::-1])  # row 0 of the grid = largest Z2 (top)
    tiles = sess.run(reconst, {latent_input: np.c_[zx.ravel(), zy.ravel()], y: np.eye(10)[[k] * zx.size]})
    canvas[:] = tiles.reshape(ny, nx, 28, 28).transpose(0, 2, 1, 3).reshape(28 * ny, 28 * nx)''',
]

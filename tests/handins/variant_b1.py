"""Hand-in variant b1: an "object-ish" student.

A ``make_layer`` factory returns a small ``layer(inp, name)`` closure that the encoder and the
decoder share; weights and biases are one dict literal each of ``tf.Variable``s; training uses
``itertools``/``enumerate`` with a record-keeping helper; the figures of parts (6)-(8) go through
``fig, axes`` objects; part (10) fills the canvas with nested index loops over reversed rows.
"""

FILLS = [
    # (1) load MNIST data
    '''\
train_imgs = mnist.train.images
train_labels = mnist.train.labels
test_imgs = mnist.test.images
test_labels = mnist.test.labels

n_train = mnist.train.num_examples
n_test = mnist.test.num_examples''',

    # (2) structure
    '''\
# encoder
n_input = 28*28
n_encoder1 = 500
n_encoder2 = 300

# latent space
n_latent = 2

# decoder
n_decoder2 = 300
n_decoder1 = 500

# condition (one-hot label)
n_label = 10''',

    # (3) weights, biases, encoder, decoder, batch_norm_flat
    '''\
def init(*shape):
    # small random values, std 0.1
    return tf.Variable(tf.random.normal(list(shape), stddev=0.1))

weights = {
    'encoder1': init(n_input + n_label, n_encoder1),
    'encoder2': init(n_encoder1, n_encoder2),
    'latent':   init(n_encoder2, n_latent),
    'decoder2': init(n_latent + n_label, n_decoder2),
    'decoder1': init(n_decoder2, n_decoder1),
    'reconst':  init(n_decoder1, n_input),
}

biases = {
    'encoder1': init(n_encoder1),
    'encoder2': init(n_encoder2),
    'latent':   init(n_latent),
    'decoder2': init(n_decoder2),
    'decoder1': init(n_decoder1),
    'reconst':  init(n_input),
}


def make_layer(weights, biases):
    """Returns layer(inp, name, activation) using the given dicts."""
    def layer(inp, name, activation=tf.nn.tanh):
        out = tf.add(tf.matmul(inp, weights[name]), biases[name])
        if activation is None:
            return out
        return activation(out)
    return layer


def encoder(x, weights, biases, label):
    layer = make_layer(weights, biases)
    h = tf.concat([x, label], 1)
    h = layer(h, 'encoder1')
    h = layer(h, 'encoder2')
    return layer(h, 'latent', activation=None)


def decoder(latent, weights, biases, label):
    layer = make_layer(weights, biases)
    h = tf.concat([latent, label], 1)
    h = layer(h, 'decoder2')
    h = layer(h, 'decoder1')
    return layer(h, 'reconst', activation=None)


def batch_norm_flat(batch_flat):
    # zero mean and unit variance for every feature, statistics taken over the batch
    mean, variance = tf.nn.moments(batch_flat, axes=[0])
    return tf.nn.batch_normalization(batch_flat, mean, variance,
                                     offset=None, scale=None, variance_epsilon=1e-5)''',

    # (4) loss and optimizer
    '''\
LR = 0.0001

loss = tf.reduce_mean(tf.square(tf.subtract(x, reconst)))
optimizer = tf.train.AdamOptimizer(learning_rate=LR)
optm = optimizer.minimize(loss)''',

    # (5) training
    '''\
import itertools

sess.run(tf.global_variables_initializer())

loss_record_train = []
loss_record_test = []


def record_losses(batch_x, batch_y):
    """Store the loss on the current training batch and on a fresh test batch."""
    test_batch_x, test_batch_y = test_batch_maker(n_batch)
    c_train = sess.run(loss, feed_dict={x: batch_x, y: batch_y})
    c_test = sess.run(loss, feed_dict={x: test_batch_x, y: test_batch_y})
    loss_record_train.append(c_train)
    loss_record_test.append(c_test)
    return c_train, c_test


batches = (train_batch_maker(n_batch) for _ in itertools.count())

# steps 0..n_iter: record every n_prt steps, train on the first n_iter batches
for step, (batch_x, batch_y) in enumerate(itertools.islice(batches, n_iter + 1)):
    if step % n_prt == 0:
        c_train, c_test = record_losses(batch_x, batch_y)
        print("Iter : {:5d}   train loss : {:.4f}   test loss : {:.4f}".format(step, c_train, c_test))
    if step < n_iter:
        sess.run(optm, feed_dict={x: batch_x, y: batch_y})''',

    # (6) reconstruction
    '''\
x_reconst = sess.run(reconst, feed_dict={x: test_x, y: test_y})

fig, axes = plt.subplots(2, 10, figsize=(20, 4.5))
for col in range(10):
    top, bottom = axes[0, col], axes[1, col]
    top.imshow(test_x[col].reshape(28, 28), 'gray')
    bottom.imshow(x_reconst[col].reshape(28, 28), 'gray')
    top.set_title('digit {}'.format(np.argmax(test_y[col])))
    for ax in (top, bottom):
        ax.set_xticks([])
        ax.set_yticks([])
axes[0, 0].set_ylabel('input', fontsize=14)
axes[1, 0].set_ylabel('reconst', fontsize=14)
fig.tight_layout()''',

    # (7) latent space
    '''\
test_latent = sess.run(latent, feed_dict={x: test_x, y: test_y})
test_y_arg = np.argmax(test_y, axis=1)

xmin = test_latent[:, 0].min()
xmax = test_latent[:, 0].max()
ymin = test_latent[:, 1].min()
ymax = test_latent[:, 1].max()

fig, ax = plt.subplots(figsize=(10, 10))
for digit in range(10):
    mask = test_y_arg == digit
    ax.scatter(test_latent[mask, 0], test_latent[mask, 1], label=str(digit), marker='${}$'.format(digit))
ax.set_title('Latent Space', fontsize=15)
ax.set_xlabel('Z1', fontsize=15)
ax.set_ylabel('Z2', fontsize=15)
ax.set_xlim(xmin, xmax)
ax.set_ylim(ymin, ymax)
ax.legend(fontsize=12)''',

    # (8) latent space per digit
    '''\
fig, axes = plt.subplots(2, 5, figsize=(20, 8), sharex=True, sharey=True)
for digit, ax in enumerate(axes.ravel()):
    mask = test_y_arg == digit
    ax.scatter(test_latent[mask, 0], test_latent[mask, 1], s=12, color='C{}'.format(digit))
    ax.set_title('digit {}'.format(digit), fontsize=14)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.grid(alpha=0.3)
for ax in axes[1]:
    ax.set_xlabel('Z1')
for ax in axes[:, 0]:
    ax.set_ylabel('Z2')
fig.tight_layout()''',

    # (9a) the new latent point
    '''\
new_data = np.array([[new_x, new_y]])''',

    # (9b) decode it with every label
    '''\
fake_images = []
for label in range(10):
    condition = np.zeros((1, n_label))
    condition[0, label] = 1
    image = sess.run(reconst, feed_dict={latent_input: new_data, y: condition})
    fake_images.append(image[0])
fake_images = np.array(fake_images)''',

    # (10) manifold of digit k (inside ``for k in range(10):``)
    '''\
condition = np.zeros((1, n_label))
    condition[0, k] = 1
    # top row of the canvas = largest Z2, so walk y_values backwards
    for row, i in enumerate(reversed(range(ny))):
        for j in range(nx):
            point = np.array([[x_values[j], y_values[i]]])
            tile = sess.run(reconst, feed_dict={latent_input: point, y: condition})
            canvas[row*28:(row+1)*28, j*28:(j+1)*28] = tile.reshape(28, 28)''',
]

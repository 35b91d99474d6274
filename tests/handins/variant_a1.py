"""Hand-in variant a1: a compact, loop-driven student solution.

Weights and biases come from a small helper and a dict comprehension over a table of layer sizes;
encoder and decoder walk a list of layer names; training is a ``for step in range(n_iter + 1)``
loop; figures are drawn by looping over ``plt.subplots`` axes; the manifold is decoded tile by tile.
"""

FILLS = [
    # (1) load MNIST data
    '''train_imgs, train_labels = mnist.train.images, mnist.train.labels
test_imgs, test_labels = mnist.test.images, mnist.test.labels
n_train, n_test = train_imgs.shape[0], test_imgs.shape[0]''',

    # (2) structure
    '''n_input = 28 * 28          # flattened image
n_encoder1, n_encoder2 = 500, 300
n_latent = 2
n_decoder2, n_decoder1 = 300, 500
n_label = 10               # one-hot condition''',

    # (3) weights, biases, encoder, decoder
    '''# (name, fan_in, fan_out) of every layer; the first layer of each half also sees the label
layer_table = [('encoder1', n_input + n_label, n_encoder1),
               ('encoder2', n_encoder1, n_encoder2),
               ('latent', n_encoder2, n_latent),
               ('decoder2', n_latent + n_label, n_decoder2),
               ('decoder1', n_decoder2, n_decoder1),
               ('reconst', n_decoder1, n_input)]

def new_layer(fan_in, fan_out, std=0.1):
    W = tf.Variable(tf.random_normal([fan_in, fan_out], stddev=std))
    b = tf.Variable(tf.random_normal([fan_out], stddev=std))
    return W, b

params = {name: new_layer(fan_in, fan_out) for name, fan_in, fan_out in layer_table}
weights = {name: Wb[0] for name, Wb in params.items()}
biases = {name: Wb[1] for name, Wb in params.items()}

ENC_LAYERS = ['encoder1', 'encoder2', 'latent']
DEC_LAYERS = ['decoder2', 'decoder1', 'reconst']

def run_layers(h, names, weights, biases):
    """dense layers in order; tanh everywhere except after the last one"""
    for i, name in enumerate(names):
        h = tf.matmul(h, weights[name]) + biases[name]
        if i != len(names) - 1:
            h = tf.nn.tanh(h)
    return h

def encoder(x, weights, biases, label):
    return run_layers(tf.concat([x, label], 1), ENC_LAYERS, weights, biases)

def decoder(latent, weights, biases, label):
    return run_layers(tf.concat([latent, label], 1), DEC_LAYERS, weights, biases)

def batch_norm_flat(batch_flat):
    # zero mean, unit variance for every feature, statistics taken over the batch
    mu, var = tf.nn.moments(batch_flat, axes=[0])
    return (batch_flat - mu) / tf.sqrt(var + 1e-5)''',

    # (4) loss and optimizer
    '''LR = 0.0001
loss = tf.losses.mean_squared_error(labels=x, predictions=reconst)
optm = tf.train.AdamOptimizer(learning_rate=LR).minimize(loss)''',

    # (5) training
    '''sess.run(tf.global_variables_initializer())

loss_record_train = []
loss_record_test = []
for step in range(n_iter + 1):
    batch_x, batch_y = train_batch_maker(n_batch)
    if step % n_prt == 0:
        # loss of the current batch (before this step's update) and of a test batch
        tr_loss = sess.run(loss, feed_dict={x: batch_x, y: batch_y})
        tst_x, tst_y = test_batch_maker(n_batch)
        te_loss = sess.run(loss, feed_dict={x: tst_x, y: tst_y})
        loss_record_train.append(tr_loss)
        loss_record_test.append(te_loss)
        print("step {:5d}  train loss {:.4f}  test loss {:.4f}".format(step, tr_loss, te_loss))
    if step < n_iter:
        sess.run(optm, feed_dict={x: batch_x, y: batch_y})''',

    # (6) reconstruction
    '''x_reconst = sess.run(reconst, feed_dict={x: test_x, y: test_y})

fig, axes = plt.subplots(2, 10, figsize=(16, 3.8))
for col in range(10):
    axes[0, col].imshow(test_x[col].reshape(28, 28), 'gray')
    axes[1, col].imshow(x_reconst[col].reshape(28, 28), 'gray')
    axes[0, col].set_title(str(np.argmax(test_y[col])))
for ax in axes.ravel():
    ax.set_xticks([])
    ax.set_yticks([])
axes[0, 0].set_ylabel('input', fontsize=13)
axes[1, 0].set_ylabel('reconst', fontsize=13)''',

    # (7) latent space
    '''test_latent = sess.run(latent, feed_dict={x: test_x, y: test_y})
test_y_arg = test_y.argmax(axis=1)

xmin, ymin = test_latent.min(axis=0)
xmax, ymax = test_latent.max(axis=0)

fig, ax = plt.subplots(figsize=(10, 10))
for d in range(10):
    pts = test_latent[test_y_arg == d]
    ax.scatter(pts[:, 0], pts[:, 1], s=25, label=str(d))
ax.set_title('Latent Space', fontsize=15)
ax.set_xlabel('Z1', fontsize=15)
ax.set_ylabel('Z2', fontsize=15)
ax.set_xlim(xmin, xmax)
ax.set_ylim(ymin, ymax)
ax.legend(fontsize=12)''',

    # (8) one latent plot per digit
    '''fig, axes = plt.subplots(2, 5, figsize=(20, 8), sharex=True, sharey=True)
for d, ax in enumerate(axes.ravel()):
    pts = test_latent[test_y_arg == d]
    ax.scatter(pts[:, 0], pts[:, 1], s=15, color='C{}'.format(d))
    ax.set_title('digit {}'.format(d), fontsize=14)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_xlabel('Z1')
    ax.set_ylabel('Z2')
plt.tight_layout()''',

    # (9) the new latent point
    '''new_data = np.array([new_x, new_y]).reshape(1, 2)''',

    # (9) decode it with every label
    '''fake_images = []
for label in range(10):
    onehot = np.zeros((1, n_label))
    onehot[0, label] = 1
    img = sess.run(reconst, feed_dict={latent_input: new_data, y: onehot})
    fake_images.append(img[0])
fake_images = np.array(fake_images)''',

    # (10) manifold of digit k (inside ``for k in range(10):``)
    '''onehot = np.zeros((1, n_label))
    onehot[0, k] = 1
    for i, z2 in enumerate(y_values):
        row = ny - 1 - i        # biggest Z2 goes on top
        for j, z1 in enumerate(x_values):
            tile = sess.run(reconst, feed_dict={latent_input: [[z1, z2]], y: onehot})
            canvas[row*28:(row+1)*28, j*28:(j+1)*28] = tile.reshape(28, 28)''',
]

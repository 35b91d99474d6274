"""Hand-in variant a2: an explicit, spelled-out student solution.

Every weight and bias is its own ``w``/``b``-prefixed variable (Xavier-scaled truncated normal
weights, zero biases) put into the dicts by hand; the layers are written out one by one; the
optimizer goes through ``compute_gradients``/``apply_gradients`` with a global step; training is a
``while`` loop; small helper functions draw the figures; the manifold is decoded one grid row
per ``sess.run`` and tiled with numpy reshapes.
"""

FILLS = [
    # (1) load MNIST data
    '''train_imgs = mnist.train.images
train_labels = mnist.train.labels
test_imgs = mnist.test.images
test_labels = mnist.test.labels

n_train = mnist.train.num_examples
n_test = mnist.test.num_examples''',

    # (2) structure
    '''# input
n_input = 784

# encoder
n_encoder1 = 500
n_encoder2 = 300

# latent space
n_latent = 2

# decoder
n_decoder2 = 300
n_decoder1 = 500

# condition (one-hot digit)
n_label = 10''',

    # (3) weights, biases, encoder, decoder
    '''def xavier_init(n_in, n_out):
    # Glorot-scaled truncated normal
    return tf.truncated_normal([n_in, n_out], stddev=np.sqrt(2.0 / (n_in + n_out)))

wEnc1 = tf.Variable(xavier_init(n_input + n_label, n_encoder1), name='w_enc1')
wEnc2 = tf.Variable(xavier_init(n_encoder1, n_encoder2), name='w_enc2')
wLat = tf.Variable(xavier_init(n_encoder2, n_latent), name='w_lat')
wDec2 = tf.Variable(xavier_init(n_latent + n_label, n_decoder2), name='w_dec2')
wDec1 = tf.Variable(xavier_init(n_decoder2, n_decoder1), name='w_dec1')
wOut = tf.Variable(xavier_init(n_decoder1, n_input), name='w_out')

bEnc1 = tf.Variable(tf.zeros([n_encoder1]), name='b_enc1')
bEnc2 = tf.Variable(tf.zeros([n_encoder2]), name='b_enc2')
bLat = tf.Variable(tf.zeros([n_latent]), name='b_lat')
bDec2 = tf.Variable(tf.zeros([n_decoder2]), name='b_dec2')
bDec1 = tf.Variable(tf.zeros([n_decoder1]), name='b_dec1')
bOut = tf.Variable(tf.zeros([n_input]), name='b_out')

weights = {
    'encoder1': wEnc1,
    'encoder2': wEnc2,
    'latent': wLat,
    'decoder2': wDec2,
    'decoder1': wDec1,
    'reconst': wOut,
}
biases = {
    'encoder1': bEnc1,
    'encoder2': bEnc2,
    'latent': bLat,
    'decoder2': bDec2,
    'decoder1': bDec1,
    'reconst': bOut,
}

def encoder(x, weights, biases, label):
    xy = tf.concat([x, label], 1)
    enc1 = tf.nn.tanh(tf.add(tf.matmul(xy, weights['encoder1']), biases['encoder1']))
    enc2 = tf.nn.tanh(tf.add(tf.matmul(enc1, weights['encoder2']), biases['encoder2']))
    z = tf.add(tf.matmul(enc2, weights['latent']), biases['latent'])
    return z

def decoder(latent, weights, biases, label):
    zy = tf.concat([latent, label], 1)
    dec2 = tf.nn.tanh(tf.add(tf.matmul(zy, weights['decoder2']), biases['decoder2']))
    dec1 = tf.nn.tanh(tf.add(tf.matmul(dec2, weights['decoder1']), biases['decoder1']))
    out = tf.add(tf.matmul(dec1, weights['reconst']), biases['reconst'])
    return out

def batch_norm_flat(batch_flat):
    epsilon = 1e-5
    batch_mean, batch_var = tf.nn.moments(batch_flat, [0])
    return tf.nn.batch_normalization(batch_flat, batch_mean, batch_var,
                                     offset=None, scale=None, variance_epsilon=epsilon)''',

    # (4) loss and optimizer
    '''LR = 1e-4

loss = tf.reduce_mean(tf.squared_difference(x, reconst))

global_step = tf.Variable(0, trainable=False, name='global_step')
adam = tf.train.AdamOptimizer(LR)
grads_and_vars = adam.compute_gradients(loss)
optm = adam.apply_gradients(grads_and_vars, global_step=global_step)''',

    # (5) training
    '''sess.run(tf.global_variables_initializer())

loss_record_train = []
loss_record_test = []

def log_losses(it, bx, by):
    tx, ty = test_batch_maker(n_batch)
    l_train = sess.run(loss, feed_dict={x: bx, y: by})
    l_test = sess.run(loss, feed_dict={x: tx, y: ty})
    loss_record_train.append(l_train)
    loss_record_test.append(l_test)
    print('iter %4d : train %.4f / test %.4f' % (it, l_train, l_test))

# iteration 0: the untrained model
bx, by = train_batch_maker(n_batch)
log_losses(0, bx, by)

it = 0
while it < n_iter:
    bx, by = train_batch_maker(n_batch)
    sess.run(optm, feed_dict={x: bx, y: by})
    it += 1
    if it % n_prt == 0:
        log_losses(it, bx, by)''',

    # (6) reconstruction
    '''def show_pairs(originals, recons):
    """each original with its reconstruction right next to it"""
    n = len(originals)
    plt.figure(figsize=(20, 5))
    for i in range(n):
        plt.subplot(2, n, 2 * i + 1)
        plt.imshow(np.reshape(originals[i], [28, 28]), 'gray')
        plt.title('input %d' % i)
        plt.axis('off')
        plt.subplot(2, n, 2 * i + 2)
        plt.imshow(np.reshape(recons[i], [28, 28]), 'gray')
        plt.title('reconst %d' % i)
        plt.axis('off')

x_reconst = sess.run(reconst, feed_dict={x: test_x, y: test_y})
show_pairs(test_x, x_reconst)''',

    # (7) latent space
    '''test_latent = sess.run(latent, feed_dict={x: test_x, y: test_y})
test_y_arg = np.argmax(test_y, axis=1)

xmin = np.min(test_latent[:, 0])
xmax = np.max(test_latent[:, 0])
ymin = np.min(test_latent[:, 1])
ymax = np.max(test_latent[:, 1])

def plot_latent(codes, digits):
    plt.figure(figsize=(11, 10))
    sc = plt.scatter(codes[:, 0], codes[:, 1], c=digits, cmap='tab10', s=20, vmin=-0.5, vmax=9.5)
    plt.colorbar(sc, ticks=range(10), label='digit')
    plt.title('Latent Space', fontsize=15)
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    plt.xlim([xmin, xmax])
    plt.ylim([ymin, ymax])

plot_latent(test_latent, test_y_arg)''',

    # (8) one latent plot per digit
    '''def plot_digit_latent(digit):
    mask = (test_y_arg == digit)
    plt.figure(figsize=(5, 5))
    plt.scatter(test_latent[mask, 0], test_latent[mask, 1], s=15, c=plt.cm.tab10(digit))
    plt.title('Latent Space of digit %d' % digit, fontsize=13)
    plt.xlabel('Z1')
    plt.ylabel('Z2')
    plt.xlim([xmin, xmax])
    plt.ylim([ymin, ymax])

for digit in range(10):
    plot_digit_latent(digit)''',

    # (9) the new latent point
    '''new_data = np.array([[new_x, new_y]])''',

    # (9) decode it with every label, in one run
    '''same_point = np.repeat(new_data, n_label, axis=0)    # (10, 2): the point, once per label
every_label = np.eye(n_label)                          # labels 0..9 in order
fake_images = sess.run(reconst, feed_dict={latent_input: same_point, y: every_label})''',

    # (10) manifold of digit k (inside ``for k in range(10):``), one sess.run per grid row
    '''label_row = np.tile(np.eye(n_label)[k], (nx, 1))
    for i in range(ny):
        row_points = np.column_stack([x_values, np.full(nx, y_values[i])])
        row_imgs = sess.run(reconst, feed_dict={latent_input: row_points, y: label_row})
        # (nx, 784) -> one strip of 28 x (28*nx) pixels, tiles side by side
        strip = row_imgs.reshape(nx, 28, 28).transpose(1, 0, 2).reshape(28, 28 * nx)
        top = (ny - 1 - i) * 28    # largest y at the top
        canvas[top:top + 28, :] = strip''',
]

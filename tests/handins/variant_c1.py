"""Hand-in variant c1: a beginner-but-correct student.

Explicit step-by-step code, one intermediate variable per layer, ``tf.matmul(...) + b``, the
2020 hint's normal initialisation, a plain training loop with an ``if i % n_prt == 0:`` block,
each figure drawn with its own repeated plotting code, and part (10) with two nested loops over
the grid (one decoder run per tile).
"""

FILLS = [
    # (1) load MNIST data
    '''# training set
train_imgs = mnist.train.images
train_labels = mnist.train.labels

# test set
test_imgs = mnist.test.images
test_labels = mnist.test.labels

# how many pictures are in each set
n_train = train_imgs.shape[0]
n_test = test_imgs.shape[0]
''',

    # (2) structure
    '''# input: one flattened 28x28 picture
n_input = 28*28

# encoder hidden layers
n_encoder1 = 500
n_encoder2 = 300

# size of the latent space (2 so we can plot it)
n_latent = 2

# decoder hidden layers (mirror of the encoder)
n_decoder2 = 300
n_decoder1 = 500

# number of classes (digits 0 to 9)
n_label = 10
''',

    # (3) weights, biases, encoder, decoder
    '''# all weights start from a normal distribution with std 0.1 (like the hint says)
# NOTE: encoder1 and decoder2 get the one-hot label glued on, so they have 10 extra inputs
weights = {
    'encoder1': tf.Variable(tf.random_normal([n_input + n_label, n_encoder1], stddev=0.1)),
    'encoder2': tf.Variable(tf.random_normal([n_encoder1, n_encoder2], stddev=0.1)),
    'latent': tf.Variable(tf.random_normal([n_encoder2, n_latent], stddev=0.1)),
    'decoder2': tf.Variable(tf.random_normal([n_latent + n_label, n_decoder2], stddev=0.1)),
    'decoder1': tf.Variable(tf.random_normal([n_decoder2, n_decoder1], stddev=0.1)),
    'reconst': tf.Variable(tf.random_normal([n_decoder1, n_input], stddev=0.1)),
}

biases = {
    'encoder1': tf.Variable(tf.random_normal([n_encoder1], stddev=0.1)),
    'encoder2': tf.Variable(tf.random_normal([n_encoder2], stddev=0.1)),
    'latent': tf.Variable(tf.random_normal([n_latent], stddev=0.1)),
    'decoder2': tf.Variable(tf.random_normal([n_decoder2], stddev=0.1)),
    'decoder1': tf.Variable(tf.random_normal([n_decoder1], stddev=0.1)),
    'reconst': tf.Variable(tf.random_normal([n_input], stddev=0.1)),
}


def encoder(x, weights, biases, label):
    # put the label next to the image so the encoder knows which digit it is
    x_with_label = tf.concat([x, label], 1)

    # first hidden layer
    h1 = tf.matmul(x_with_label, weights['encoder1']) + biases['encoder1']
    h1 = tf.nn.tanh(h1)

    # second hidden layer
    h2 = tf.matmul(h1, weights['encoder2']) + biases['encoder2']
    h2 = tf.nn.tanh(h2)

    # latent layer, no activation here
    z = tf.matmul(h2, weights['latent']) + biases['latent']
    return z


def decoder(latent, weights, biases, label):
    # the decoder also gets the label
    z_with_label = tf.concat([latent, label], 1)

    # first hidden layer of the decoder
    h3 = tf.matmul(z_with_label, weights['decoder2']) + biases['decoder2']
    h3 = tf.nn.tanh(h3)

    # second hidden layer of the decoder
    h4 = tf.matmul(h3, weights['decoder1']) + biases['decoder1']
    h4 = tf.nn.tanh(h4)

    # output layer (the reconstructed image), no activation
    out = tf.matmul(h4, weights['reconst']) + biases['reconst']
    return out


def batch_norm_flat(batch_flat):
    # mean and variance of every feature, taken over the batch (axis 0)
    batch_mean, batch_var = tf.nn.moments(batch_flat, [0])
    # subtract the mean and divide by the std (small epsilon so we never divide by 0)
    normalized = (batch_flat - batch_mean) / tf.sqrt(batch_var + 1e-3)
    return normalized
''',

    # (4) loss and optimizer
    '''# mean squared error between the original image and the reconstruction
loss = tf.reduce_mean(tf.square(x - reconst))

# learning rate
LR = 0.0001

# Adam optimizer
optimizer = tf.train.AdamOptimizer(LR)
optm = optimizer.minimize(loss)
''',

    # (5) training
    '''# give every variable its starting value
init = tf.global_variables_initializer()
sess.run(init)

loss_record_train = []
loss_record_test = []

# i goes from 0 to n_iter so that we also get a loss value at the very end
for i in range(n_iter + 1):
    train_x, train_y = train_batch_maker(n_batch)

    if i % n_prt == 0:
        # loss on this training batch
        c_train = sess.run(loss, feed_dict={x: train_x, y: train_y})
        # loss on a test batch of the same size
        test_x, test_y = test_batch_maker(n_batch)
        c_test = sess.run(loss, feed_dict={x: test_x, y: test_y})

        loss_record_train.append(c_train)
        loss_record_test.append(c_test)
        print("Iter : {}".format(i))
        print("Cost : {}".format(c_train))

    # one training step (n_iter steps in total, so no step after the last record)
    if i < n_iter:
        sess.run(optm, feed_dict={x: train_x, y: train_y})
''',

    # (6) reconstruction
    '''# send the 10 test images (with their labels) through encoder + decoder
x_reconst = sess.run(reconst, feed_dict={x: test_x, y: test_y})

# show every image next to its reconstruction
for i in range(10):
    plt.figure(figsize=(8, 4))

    plt.subplot(1, 2, 1)
    plt.imshow(test_x[i].reshape(28, 28), 'gray')
    plt.title('Input Image', fontsize=12)
    plt.xticks([])
    plt.yticks([])

    plt.subplot(1, 2, 2)
    plt.imshow(x_reconst[i].reshape(28, 28), 'gray')
    plt.title('Reconstructed Image', fontsize=12)
    plt.xticks([])
    plt.yticks([])
''',

    # (7) latent space
    '''# only the encoder is needed to get the latent codes
test_latent = sess.run(latent, feed_dict={x: test_x, y: test_y})

# turn the one-hot labels back into digits
test_y_arg = np.argmax(test_y, axis=1)

# borders of the latent space
xmin = np.min(test_latent[:, 0])
xmax = np.max(test_latent[:, 0])
ymin = np.min(test_latent[:, 1])
ymax = np.max(test_latent[:, 1])

plt.figure(figsize=(10, 10))
for i in range(10):
    # pick only the points of digit i
    z1 = test_latent[test_y_arg == i, 0]
    z2 = test_latent[test_y_arg == i, 1]
    plt.scatter(z1, z2, label=str(i), marker=i)
plt.title('Latent Space', fontsize=15)
plt.xlabel('Z1', fontsize=15)
plt.ylabel('Z2', fontsize=15)
plt.xlim([xmin, xmax])
plt.ylim([ymin, ymax])
plt.legend(fontsize=15)
''',

    # (8) one plot per digit
    '''# a separate figure for every digit, all with the same axis limits so they can be compared
for i in range(10):
    z1 = test_latent[test_y_arg == i, 0]
    z2 = test_latent[test_y_arg == i, 1]

    plt.figure(figsize=(5, 5))
    plt.scatter(z1, z2, label=str(i), marker=i, color='C' + str(i))
    plt.title('Latent Space of digit ' + str(i), fontsize=15)
    plt.xlabel('Z1', fontsize=15)
    plt.ylabel('Z2', fontsize=15)
    plt.xlim([xmin, xmax])
    plt.ylim([ymin, ymax])
    plt.legend(fontsize=12)
''',

    # (9) choose new_data
    '''# the random point as a 1 x 2 array (one sample, two latent features)
new_data = np.array([[new_x, new_y]])
''',

    # (9) decode fake_images
    '''# decode the same latent point ten times, each time with another label
fake_images = []
for label in range(10):
    one_hot = np.zeros((1, n_label))
    one_hot[0, label] = 1
    generated = sess.run(reconst, feed_dict={latent_input: new_data, y: one_hot})
    fake_images.append(generated[0])
fake_images = np.array(fake_images)
''',

    # (10) manifold, inside `for k in range(10):`
    '''# one-hot label of the digit k
    label_k = np.zeros((1, n_label))
    label_k[0, k] = 1

    for i in range(ny):
        for j in range(nx):
            # point of the grid
            z = np.array([[x_values[j], y_values[i]]])
            generated = sess.run(reconst, feed_dict={latent_input: z, y: label_k})

            # the biggest Z2 should be on top of the picture, so row i is counted from the bottom
            row = ny - 1 - i
            canvas[row*28:(row + 1)*28, j*28:(j + 1)*28] = generated.reshape(28, 28)
''',
]

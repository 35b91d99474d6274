"""The seed's own solution as a student would hand it in, and planted faults in it.

``SEED_CELLS`` are the seed's (HW06 solution) cells, verbatim but for the imports of cell (0) and
(1) (``tensorflow.compat.v1`` and ``cae_tf.handout.input_data``). ``submission(**edits)`` returns it as a
notebook with parts replaced: each fault of the grading tests is one such edit.
"""
import nbformat

HEADINGS = {
    0: '(0) import modules',
    1: '(1) load MNIST data',
    2: '(2) Define CAE(Conditional AutoEncoder) structure',
    3: '(3) Construct CAE model. unlike AE as unsupervised learning, CAE needs label data as '
       'supervised learning.',
    4: '(4) initialize the model & optimizer.',
    5: '(5) Train the model and plot the loss',
    6: '(6) Reconstruct 10 random images and compare it with its original.',
    7: '(7) Plot the latent space.',
    8: '(8) Plot the latent space onto separate plot for each digit to see the each distribution.',
    9: '(9) Generate images of each digit by feeding a new point and different label conditions '
       'to the decoder. Discuss whether those are in a similar style.',
    10: '(10) Draw the manifold image with latent features for all digits and discuss the result '
        'based on what you found in (9).',
}

SEED_CELLS = {
    0: '''\
import warnings
warnings.filterwarnings('ignore')

import numpy as np
import matplotlib.pyplot as plt
import tensorflow.compat.v1 as tf; tf.disable_v2_behavior()
%matplotlib inline''',
    1: '''\
# Solution
from cae_tf.handout import input_data
mnist = input_data.read_data_sets("MNIST_data/", one_hot=True)

train_imgs   = mnist.train.images
train_labels = mnist.train.labels
test_imgs    = mnist.test.images
test_labels  = mnist.test.labels
n_train      = train_imgs.shape[0]
n_test       = test_imgs.shape[0]

print ("The number of training images : {}, shape : {}".format(n_train, train_imgs.shape))
print ("The number of testing images : {}, shape : {}".format(n_test, test_imgs.shape))''',
    2: '''\
# Solution
n_input = 28*28

n_encoder1 = 500
n_encoder2 = 300

n_latent = 2

n_decoder2 = 300
n_decoder1 = 500

n_label = 10''',
    3: '''\
x = tf.placeholder(tf.float32, [None, n_input])
y = tf.placeholder(tf.float32, [None, n_label])

# solution
weights = {
    'encoder1' : tf.Variable(tf.random_normal([n_input+n_label, n_encoder1], stddev = 0.1)),
    'encoder2' : tf.Variable(tf.random_normal([n_encoder1, n_encoder2], stddev = 0.1)),
    'latent' : tf.Variable(tf.random_normal([n_encoder2, n_latent], stddev = 0.1)),
    'decoder2' : tf.Variable(tf.random_normal([n_latent+n_label, n_decoder2], stddev = 0.1)),
    'decoder1' : tf.Variable(tf.random_normal([n_decoder2, n_decoder1], stddev = 0.1)),
    'reconst' : tf.Variable(tf.random_normal([n_decoder1, n_input], stddev = 0.1))
}

biases = {
    'encoder1' : tf.Variable(tf.random_normal([n_encoder1], stddev = 0.1)),
    'encoder2' : tf.Variable(tf.random_normal([n_encoder2], stddev = 0.1)),
    'latent' : tf.Variable(tf.random_normal([n_latent], stddev = 0.1)),
    'decoder2' : tf.Variable(tf.random_normal([n_decoder2], stddev = 0.1)),
    'decoder1' : tf.Variable(tf.random_normal([n_decoder1], stddev = 0.1)),
    'reconst' : tf.Variable(tf.random_normal([n_input], stddev = 0.1))
}

def batch_norm_flat(batch_flat) :
    epsilon = 1e-5
    beta = tf.Variable(tf.constant(0.0, shape=[1]), trainable=True)
    gamma = tf.Variable(tf.constant(1.0, shape=[1]), trainable=True)
    mean, variance = tf.nn.moments(batch_flat, axes=[0])
    norm_batch = tf.nn.batch_normalization(batch_image, mean, variance, beta, gamma, epsilon)
    return norm_batch

def encoder(x, weights, biases, label):
    encoder1 = tf.add(tf.matmul(tf.concat([x, label], 1), weights['encoder1']), biases['encoder1'])
    encoder1 = tf.nn.tanh(encoder1)
    
    encoder2 = tf.add(tf.matmul(encoder1, weights['encoder2']), biases['encoder2'])
    encoder2 = tf.nn.tanh(encoder2)
    
    latent = tf.add(tf.matmul(encoder2, weights['latent']), biases['latent'])

    return latent

def decoder(latent, weights, biases, label):
    decoder2 = tf.add(tf.matmul(tf.concat([latent, label], 1), weights['decoder2']), biases['decoder2'])
    decoder2 = tf.nn.tanh(decoder2)
    
    decoder1 = tf.add(tf.matmul(decoder2, weights['decoder1']), biases['decoder1'])
    decoder1 = tf.nn.tanh(decoder1)
    
    reconst = tf.add(tf.matmul(decoder1, weights['reconst']), biases['reconst'])
   
    return reconst''',
    4: '''\
latent = encoder(x, weights, biases, y)
reconst = decoder(latent, weights, biases, y)

# solution
loss = tf.reduce_mean(tf.square(tf.subtract(x, reconst)))

LR = 0.0001
optm = tf.train.AdamOptimizer(LR).minimize(loss)''',
    5: '''\
n_batch = 50
n_iter = 5000
n_prt = 250

def train_batch_maker(batch_size):
    random_idx = np.random.randint(n_train, size = batch_size)
    return train_imgs[random_idx], train_labels[random_idx]
def test_batch_maker(batch_size):
    random_idx = np.random.randint(n_test, size = batch_size)
    return test_imgs[random_idx], test_labels[random_idx]

sess = tf.Session()

# solution
init = tf.global_variables_initializer()
sess.run(init)

loss_record_train = []
loss_record_test = []
for epoch in range(n_iter+1):
    train_x, train_y = train_batch_maker(n_batch)
    sess.run(optm, feed_dict = {x : train_x, y: train_y})  
    
    if epoch % n_prt == 0:
        test_x, test_y = test_batch_maker(n_batch)
        c1 = sess.run(loss, feed_dict = {x: train_x, y: train_y})
        c2 = sess.run(loss, feed_dict = {x: test_x, y: test_y})
        loss_record_train.append(c1)
        loss_record_test.append(c2)
        print ("({:4d}/{}) loss: {}".format(epoch, n_iter, c1))
        
plt.figure(figsize=(10,8))
plt.plot(np.arange(len(loss_record_train))*n_prt, loss_record_train, label = 'training')
plt.plot(np.arange(len(loss_record_test))*n_prt, loss_record_test, label = 'testing')
plt.xlabel('iteration', fontsize = 15)
plt.ylabel('loss', fontsize = 15)
plt.legend(fontsize = 12)
plt.ylim([0,np.max(loss_record_train)])
plt.show()''',
    6: '''\
# solution

plt.figure(figsize = (10, 12))
for i in range(10):
    test_x, test_y = test_batch_maker(1)
    x_reconst = sess.run(reconst, feed_dict = {x: test_x, y:test_y})

    plt.subplot(5,4, 2*i+1)
    plt.imshow(test_x.reshape(28,28), 'gray')
    plt.title('Input Image') ;plt.axis('off')
    plt.subplot(5,4, 2*i+2)
    plt.imshow(x_reconst.reshape(28,28), 'gray')
    plt.title('Reconstructed Image'); plt.axis('off')
plt.show()''',
    7: '''\
test_x, test_y = test_batch_maker(500)

# solution
test_y_arg = np.argmax(test_y, axis = 1)
test_latent = sess.run(latent, feed_dict = {x: test_x, y: test_y})
xmin, xmax = np.min(test_latent[:,0]), np.max(test_latent[:,0])
ymin, ymax = np.min(test_latent[:,1]), np.max(test_latent[:,1])

plt.figure(figsize = (10,10))
for i in range(10):
    plt.scatter(test_latent[test_y_arg == i,0], test_latent[test_y_arg == i,1], 
                label = str(i), marker=i)
plt.title('Latent Space', fontsize=15)
plt.xlabel('Z1', fontsize=15)
plt.ylabel('Z2', fontsize=15)
plt.legend(fontsize = 15)
plt.xlim([xmin, xmax]); plt.ylim([ymin, ymax])
plt.show()''',
    8: '''\
# solution
plt.figure(figsize = (18, 24))
plt.suptitle('Latent Space (for each digit)', fontsize=20)
for i in range(10):
    plt.subplot(4, 3, i+1)
    plt.scatter(test_latent[test_y_arg == i,0], test_latent[test_y_arg == i,1], 
                label = str(i), marker=i, color=(plt.rcParams['axes.prop_cycle'].by_key()['color'])[i])

    plt.title(i, fontsize=15)
    plt.xlim([xmin, xmax]); plt.ylim([ymin, ymax])

plt.xlabel('Z1', fontsize=15)
plt.ylabel('Z2', fontsize=15)
plt.show()''',
    9: '''\
# solution
new_x, new_y = np.random.uniform(xmin, xmax), np.random.uniform(ymin, ymax)
new_data = np.array([[-4, 3]])
print('new_data:', new_data)

fig = plt.figure(figsize = (10,10))
for i in range(10):
    plt.scatter(test_latent[test_y_arg == i,0], test_latent[test_y_arg == i,1], 
                label = str(i), marker=i)
plt.axvline(x=new_data[0,0], c='r', alpha=0.2)
plt.axhline(y=new_data[0,1], c='r', alpha=0.2)
plt.scatter(new_data[0,0], new_data[0,1], marker='x', c='k', s = 100, label = 'new data')
plt.title('Latent Space', fontsize=15)
plt.xlabel('Z1', fontsize=15)
plt.ylabel('Z2', fontsize=15)
plt.legend(fontsize = 15)
plt.xlim([xmin, xmax]); plt.ylim([ymin, ymax])
plt.show()

latent_input = tf.placeholder(tf.float32, [None, n_latent])
reconst = decoder(latent_input, weights, biases, y)

plt.figure(figsize=(18, 8))
for i in range(10):
    feed = {latent_input: new_data, y: np.eye(10, dtype=np.float32)[i:i+1]}
    fake_image = sess.run(reconst, feed_dict = feed)
    
    plt.subplot(2, 5, i+1)
    plt.imshow(fake_image.reshape(28,28), 'gray')
    plt.xticks([])
    plt.yticks([])
    
plt.tight_layout()
plt.show()''',
    10: '''\
# Initialize canvas

nx = 20
ny = 20
x_values = np.linspace(xmin, xmax, nx)
y_values = np.linspace(ymin, ymax, ny)
canvas = np.empty((28*ny, 28*nx))

for k in range(10):
    plt.figure(figsize = (16, 8))
    plt.subplot(1,2,1)
    plt.scatter(test_latent[test_y_arg == k,0], test_latent[test_y_arg == k,1], 
                label = str(k), marker=k, color=(plt.rcParams['axes.prop_cycle'].by_key()['color'])[k])
    plt.title('Latent Space', fontsize = 15)
    plt.xlabel('Z1', fontsize = 15)
    plt.ylabel('Z2', fontsize = 15)
    plt.legend(fontsize = 12)
    plt.xlim([-6, 6]); plt.ylim([-6, 6])
    plt.subplot(1,2,2)
    
    # solution
    for i, yi in enumerate(y_values):
            for j, xi in enumerate(x_values):
                latent_ = np.array([[xi, yi]])
                feed = {latent_input: latent_, y: np.eye(10, dtype=np.float32)[k:k+1]}
                fake_image = sess.run(reconst, feed_dict = feed)
                canvas[(nx-i-1)*28:(nx-i)*28,j*28:(j+1)*28] = fake_image.reshape(28, 28)

    plt.imshow(canvas, 'gray')
    plt.title('Manifold', fontsize = 15)
    plt.xlabel('Z1', fontsize = 15)
    plt.ylabel('Z2', fontsize = 15)
    plt.xticks([])
    plt.yticks([])
    plt.tight_layout()
    plt.show()''',
}


def replace(part, old, new, cells=SEED_CELLS):
    """Return the source of ``part`` with ``old`` replaced by ``new``; ``old`` must occur."""
    if old not in cells[part]:
        raise ValueError('%r is not in the seed cell of part %d' % (old, part))
    return cells[part].replace(old, new)


def submission(edits=None, drop=()):
    """Return the seed submission with ``edits`` (``{part: source or [sources]}``) applied and the
    parts in ``drop`` (heading and cells) left out."""
    cells = {**SEED_CELLS, **(edits or {})}
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_markdown_cell('# Problem 1: Conditional AutoEncoder'))
    for part in sorted(HEADINGS):
        if part in drop:
            continue
        nb.cells.append(nbformat.v4.new_markdown_cell(HEADINGS[part]))
        sources = cells[part] if isinstance(cells[part], list) else [cells[part]]
        nb.cells.extend(nbformat.v4.new_code_cell(s) for s in sources)
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}
    return nb


def restored_training(trained_path):
    """Part (5) that loads trained weights and loss records from ``trained_path`` (an ``.npz`` of
    ``W.<layer>``, ``B.<layer>``, ``train``, ``test``) instead of training: the graded values are
    those of a trained model, at a fraction of the time, for tests of the parts after (5)."""
    head, plot = SEED_CELLS[5].split('# solution\n')
    plot = plot[plot.index('plt.figure'):]
    return head + '''# trained elsewhere, loaded here
sess.run(tf.global_variables_initializer())
trained = np.load(%r)
for key in weights:
    weights[key].load(trained['W.' + key], sess)
    biases[key].load(trained['B.' + key], sess)
loss_record_train = list(trained['train'])
loss_record_test = list(trained['test'])

''' % str(trained_path) + plot

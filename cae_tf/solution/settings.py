"""The seed's settings, in one place and free of TensorFlow: part (2)'s structure, part (4)'s
learning rate and part (5)'s schedule. The model, the trainers, the grader and the tests read
them from here; the solution notebook writes them out, as the homework asks students to."""
# Part (2): the CAE's structure.
n_input = 28 * 28
n_encoder1 = 500
n_encoder2 = 300
n_latent = 2
n_decoder2 = 300
n_decoder1 = 500
n_label = 10

# Part (4): Adam's learning rate.
LR = 0.0001

# Part (5): the training schedule.
n_batch = 50
n_iter = 5000
n_prt = 250

LAYERS = ('encoder1', 'encoder2', 'latent', 'decoder2', 'decoder1', 'reconst')
SIZES = {'n_input': n_input, 'n_encoder1': n_encoder1, 'n_encoder2': n_encoder2,
         'n_latent': n_latent, 'n_decoder2': n_decoder2, 'n_decoder1': n_decoder1,
         'n_label': n_label}
SCHEDULE = {'n_batch': n_batch, 'n_iter': n_iter, 'n_prt': n_prt}


def layer_shapes(n_input=n_input, n_encoder1=n_encoder1, n_encoder2=n_encoder2,
                 n_latent=n_latent, n_decoder2=n_decoder2, n_decoder1=n_decoder1,
                 n_label=n_label):
    """Return ``{layer: (fan_in, fan_out)}``; the first layer of each half takes the label too."""
    return {
        'encoder1': (n_input + n_label, n_encoder1),
        'encoder2': (n_encoder1, n_encoder2),
        'latent': (n_encoder2, n_latent),
        'decoder2': (n_latent + n_label, n_decoder2),
        'decoder1': (n_decoder2, n_decoder1),
        'reconst': (n_decoder1, n_input),
    }

"""Part (8): one scatter of the latent codes per digit; graded by its figures alone."""
from cae_tf.grading.judge import GRADER, Figures

NUMBER, POINTS, FIGURES = 8, 5, Figures(1, 10, 5)
STATES = {'figure': 'One scatter of the codes per digit, ten in all (subplots of one figure, or '
                    'ten figures).'}
SOURCES = {'figure': GRADER + ': the PNGs shown, decoded'}

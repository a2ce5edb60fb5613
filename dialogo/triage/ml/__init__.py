"""Plain-Python text classifiers for triage: no Django import anywhere in this package.

The pieces: :mod:`normalize` (social-media Spanish to plain tokens), :mod:`lexicon`
(explainable rules with Spanish reasons), :mod:`features` (fast n-gram vectoriser),
:mod:`model` (the scikit-learn-shaped estimator), :mod:`data` (JSON Lines and metrics) and
:mod:`default` (the models trained from the project's own corpus).
"""

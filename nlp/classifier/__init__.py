"""The indicator classifier: labelled data, features, training, the numpy runtime.

Nothing is imported here on purpose: the classify path imports only
``runtime``/``annotate``/``features`` (numpy and rjieba), while ``train``,
``evaluate`` and ``store.load_pipeline`` bring in scikit-learn and skops.
"""

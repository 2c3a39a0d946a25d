"""Training the extractor's learned parts from annotated papers: the span tagger (tagger.py) and
the decider, with the cross-validation that scores them (decider.py). Used by
scripts/train_decider.py and scripts/eval_extract.py from a checkout; it needs scikit-learn
(`pip install -e '.[train]'`) and the shared data, and ships in no wheel. The runtime package
`kg` never imports it, and the extractor's version does not hash it."""

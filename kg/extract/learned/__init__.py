"""The learned parts at run time, trained from annotated papers by kg_train (never imported here):
the span tagger (tagger.py, kg/data/tagger.crfsuite), and the decider (decider.py,
kg/data/decider.json) over the features of a proposal (features.py). Imports kg.extract.text,
kg.extract.lexicon and kg.extract.rules."""

"""What the rules know of words and names: every word list (words.py, from kg/data/words/), the
name lexicon (entries.py, from kg/data/lexicon/ and the user's folder) and its importer
(importer.py, `kg lexicon import`). Imports only kg.extract.text."""

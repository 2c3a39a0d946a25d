"""The text the rules read: the tokenizer (kg.tokenizer.v1), a flat view of a parsed doc with its
sentences and title, and the comparison key of a name. Imports nothing else of kg.extract."""

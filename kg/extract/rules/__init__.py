"""The rules: cheap, high-recall proposals of candidate entities and the rules' own reading of
each (type, role, why they would drop it). Every rule makes `Candidate`s (candidate.py) from the
text's view: lexicon matches, acronym definitions, title heads, head-noun phrases, name shapes,
lists, versioned names and capitalised runs, bare task words, learning settings, nested names;
roles.py marks what a paper proposes and assemble.py groups the candidates into proposals.
Imports only kg.extract.text and kg.extract.lexicon."""

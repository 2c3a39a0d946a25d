"""READ stage: turn seed pages, JSON lines, CSV and arXiv metadata into Paper records."""
from kg.read.ids import normalise_title, paper_id_for_title
from kg.read.issues import IssueSink, ReadIssue
from kg.read.merge import merge_all, merge_papers
from kg.read.reader import read_papers

__all__ = [
    "IssueSink",
    "ReadIssue",
    "merge_all",
    "merge_papers",
    "normalise_title",
    "paper_id_for_title",
    "read_papers",
]

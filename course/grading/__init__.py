"""Grading a class: submissions in, gradebook, feedback and reports out (`course grade`)."""

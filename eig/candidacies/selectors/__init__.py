"""Reads of the applications: the candidate's, the staff's."""

"""Forms of the applications' pages: the candidate's, the personal data, the staff's."""

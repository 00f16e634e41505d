"""Reads of the défis: the programme team's and agents', the public's, the results."""

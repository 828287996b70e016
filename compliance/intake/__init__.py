"""Readers: turn files into validated models, or raise InputError naming the file and the place."""

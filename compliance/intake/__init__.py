"""Readers of submissions: turn a folder, a YAML/JSON file or the Excel form into validated models, or
raise InputError naming the file and the place.

Layer: domain. May import the foundation, io, the engine and other domain modules (without circles);
never the api or the surfaces.
"""

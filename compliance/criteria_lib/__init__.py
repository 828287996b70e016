"""The criteria library: PAR INDEX editions authored from Excel, checked, compared and shown.

- :mod:`check`: the verification a decision-table tool would do on a criteria file (``criteria check``);
- :mod:`importer` / :mod:`exporter`: criteria table in a workbook ↔ criteria YAML;
- :mod:`diff`: what changed between two editions;
- :mod:`tree`: the tree with points, indented;
- :mod:`cli`: the click group ``criteria_group`` (list, show, import, export, check, diff, tree).
"""

"""The criteria library: PAR INDEX editions authored from Excel, checked, compared and shown.

- :mod:`check`: the verification a decision-table tool would do on a criteria file (``criteria check``),
  with its passes in :mod:`check_ids` and :mod:`check_scoring` and its findings in :mod:`problems`;
- :mod:`importer` / :mod:`exporter`: criteria table in a workbook ↔ criteria YAML (with
  :mod:`scoring_text`: the scoring cell's text ↔ a scoring method);
- :mod:`diff`: what changed between two editions;
- :mod:`tree` and :mod:`show`: the tree with points, the list of editions, an edition's header;
- :mod:`files`: an edition id or a path → the file.

The commands are ``compliance criteria …`` (``compliance/cli/criteria.py`` over ``compliance.api.criteria``).

Layer: domain. May import the foundation, io, the engine and other domain modules (``catalog``,
``papi.structure``) without circles; never the api or the surfaces. ``criteria_lib.check`` does not
import ``catalog`` (which uses it to refuse broken criteria files): callers pass the declared metric ids.
"""

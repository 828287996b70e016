"""PAPI (Chỉ số Hiệu quả Quản trị và Hành chính công cấp tỉnh): structure by era, scores, ranks and
groups, checks of published figures, a province's profile and its improvement-plan tasks.

For other parts: :func:`load_structure`, :func:`check_structure`, :func:`dimension_key_from_name`,
:func:`all_dimension_keys`.

Layer: domain. May import the foundation, io, the engine and other domain modules without circles;
never the api or the surfaces.
"""

from compliance.papi.structure import (
    Structure,
    all_dimension_keys,
    all_structures,
    check_structure,
    dimension_key_from_name,
    load_structure,
)

__all__ = ["Structure", "all_dimension_keys", "all_structures", "check_structure", "dimension_key_from_name",
           "load_structure"]

"""The rule engine: the condition language (``conditions``) and the hardened durable_rules runner
(``runner``)."""

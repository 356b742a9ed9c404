"""Scores: the metric registry, sacrebleu statistics, corpus/sentence scores and MQM."""

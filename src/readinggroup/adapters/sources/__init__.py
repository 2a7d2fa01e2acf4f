"""Ranking sources: each fills a list with candidates, best first (RankingSource protocol)."""

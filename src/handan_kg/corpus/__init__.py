"""The corpus build: each article built in a process pool (`article`: parse, extract, map, validate,
render), identities resolved on records in input order (`identity`) and articles with a homonym of
another era mapped again, cross-article disagreements found (`crosscheck`), the merge of rendered
bytes, the cache and coverage (`build`, `coverage`). Imports the stages below it; prints nothing
(what `handan-kg build` shows is `handan_kg.commands.build`).
"""

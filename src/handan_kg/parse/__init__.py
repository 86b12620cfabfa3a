"""Text -> `Article`: the title, infobox fields, sections, paragraphs and sentences of one article file,
every piece keeping its character span in the source text. Imports nothing of the project but `errors`.
"""

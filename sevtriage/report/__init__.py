"""Pages people look at: a batch of results, or what a policy change did, as one HTML file.

The page is self-contained (no script, no external resource: a Content
Security Policy in the page forbids any) so it opens offline, from a mail
attachment, and prints. Results are aggregated as they stream past, so the
page's size and the memory used do not grow with the batch: counts, and at
most a fixed number of example rows.
"""

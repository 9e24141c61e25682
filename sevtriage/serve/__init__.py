"""``sevtriage serve``: the classifier over HTTP, for helpdesks' webhooks and other services.

The layout, from the bottom up: ``signatures`` (webhook signature checks, pure),
``settings`` (limits and secrets fixed at start-up), ``bodies`` (a request body
classified by the CLI's own reader and chunk classifier, so the bytes are the
CLI's), ``metrics`` and ``logs``, ``app`` (the Starlette routes and limits),
``protocol`` (uvicorn's HTTP/1.1 protocol with a deadline for request headers),
``worker`` (one process: one classifier thread, one uvicorn server) and
``supervisor`` (the parent: binds the socket, forks the workers, reloads the
policy on SIGHUP by replacing them, drains them on SIGTERM).

Importing this package needs the ``serve`` extra (Starlette, uvicorn,
prometheus-client) only for the modules that use them.
"""

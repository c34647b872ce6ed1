"""The HTMX dashboard: server-rendered pages, each running a named GraphQL operation in-process."""

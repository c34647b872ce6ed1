"""The runtime read that applications call on every LLM request, its rate limits, and the
operations endpoints (/health, /ready, /metrics)."""

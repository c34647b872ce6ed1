"""The runtime read that applications call on every LLM request, the execution logs they send
back (POST /v1/executions), its rate limits, and the operations endpoints (/health, /ready,
/metrics)."""

"""Search by meaning: several embedded passages of every asset in a Chroma collection per tenant,
kept in step with the registry by index jobs, ranked per asset and blended with exact matches."""

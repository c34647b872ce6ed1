"""Who may do what, per tenant and per asset: the tenant's governance policy (changed here; its
value, a column of Tenant, is read in identity/tenant_policy.py) and asset grants.

The role table stays in app/core/permissions.py: identity and jobs, on the floor below, check
roles too."""

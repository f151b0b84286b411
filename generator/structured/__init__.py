"""Return policies as data for search engines and marketplaces (schema.org, Merchant Center)."""

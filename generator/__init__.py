"""policysite: one YAML return policy → a multilingual static site and TikTok content."""

__version__ = "0.1.0"

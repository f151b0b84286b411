"""Marketer content: TikTok captions and comment replies built from the policy facts."""

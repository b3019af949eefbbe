"""Block Kit messages built as pure functions of core results, so they can be tested without Slack."""

"""The Slack-free heart of the bot: knowledge, name resolution, comparisons and answers."""
